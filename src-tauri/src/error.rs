//! The one error shape that crosses to the webview: a stable `code` the UI switches on and a
//! lowercase `message` for logs and details.

use serde::Serialize;

use crate::registration::RegistrationError;
use crate::settings::SettingsError;
use crate::vault::VaultError;

/// `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// Stable snake_case code.
    pub code: String,
    /// Lowercase description.
    pub message: String,
}

impl ApiError {
    /// An error with this code and message.
    pub fn new(code: &str, message: &str) -> ApiError {
        ApiError {
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

macro_rules! from_coded {
    ($($error:ty),*) => {$(
        impl From<$error> for ApiError {
            fn from(error: $error) -> ApiError {
                ApiError::new(error.code(), &error.to_string())
            }
        }
    )*};
}

from_coded!(
    wallet_core::AoppRequestError,
    wallet_core::keys::MnemonicError,
    wallet_core::journal::JournalError,
    wallet_core::ProveError,
    wallet_core::TravelAddressError,
    wallet_core::scan::ScanError,
    VaultError,
    RegistrationError
);

impl From<wallet_core::keys::DeriveError> for ApiError {
    fn from(error: wallet_core::keys::DeriveError) -> ApiError {
        ApiError::new("derive_failed", &error.to_string())
    }
}

impl From<wallet_core::deliver::DeliveryConfigError> for ApiError {
    fn from(error: wallet_core::deliver::DeliveryConfigError) -> ApiError {
        let code = match error {
            wallet_core::deliver::DeliveryConfigError::BadProxy(_) => "bad_proxy",
            _ => "bad_certificate",
        };
        ApiError::new(code, &error.to_string())
    }
}

impl From<SettingsError> for ApiError {
    fn from(error: SettingsError) -> ApiError {
        let code = match error {
            SettingsError::NotBitcoinFormat(_) => "not_bitcoin_format",
            SettingsError::BadProxy(_) => "bad_proxy",
            SettingsError::BadRelay(_) => "wc_bad_relay",
            SettingsError::BadProjectId(_) => "wc_bad_project_id",
            _ => "settings_io",
        };
        ApiError::new(code, &error.to_string())
    }
}
