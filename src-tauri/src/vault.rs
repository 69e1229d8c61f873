//! The recovery phrase in the OS keyring (Secret Service, Keychain, Credential Manager) and
//! nowhere else.

use std::sync::Arc;

use keyring_core::CredentialStore;
use serde::{Deserialize, Serialize};
use wallet_core::keys::Mnemonic;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The keyring item's name: service and account.
const SERVICE: &str = "aopp-wallet";
const ACCOUNT: &str = "recovery-phrase";

/// What the keyring item holds: the phrase and its optional BIP-39 passphrase.
pub struct WalletSecret {
    /// The recovery phrase.
    pub mnemonic: Mnemonic,
    /// The BIP-39 passphrase, empty for none.
    pub passphrase: Zeroizing<String>,
}

/// The item's JSON form; zeroized as soon as it has been read or written.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
struct StoredSecret {
    mnemonic: String,
    passphrase: String,
}

/// Why the keyring could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// No keyring service answers (none installed or running).
    #[error("no keyring service is available: {0}")]
    Unavailable(String),
    /// The keyring is locked, or access was refused.
    #[error("the keyring is locked or refused access: {0}")]
    Locked(String),
    /// The item exists but does not hold a wallet this app wrote.
    #[error("the keyring item is not a wallet this app can read")]
    Corrupt,
    /// A wallet is stored already: it is deleted first, never replaced by another.
    #[error("a wallet is already stored; delete it before creating or importing another")]
    WalletExists,
}

impl VaultError {
    /// A stable snake_case code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            VaultError::Unavailable(_) => "keyring_unavailable",
            VaultError::Locked(_) => "keyring_locked",
            VaultError::Corrupt => "keyring_corrupt",
            VaultError::WalletExists => "wallet_exists",
        }
    }
}

/// One wallet's keyring item.
pub struct Vault {
    service: String,
}

impl Default for Vault {
    fn default() -> Vault {
        Vault::with_service(SERVICE)
    }
}

impl Vault {
    /// A vault under another service name (tests use their own).
    pub fn with_service(service: &str) -> Vault {
        Vault {
            service: service.to_owned(),
        }
    }

    fn entry(&self) -> Result<keyring_core::Entry, VaultError> {
        use_platform_store()?;
        keyring_core::Entry::new(&self.service, ACCOUNT).map_err(map_error)
    }

    /// The stored wallet, or `None` if there is none.
    pub fn load(&self) -> Result<Option<WalletSecret>, VaultError> {
        let text = match self.entry()?.get_password() {
            Ok(text) => Zeroizing::new(text),
            Err(keyring_core::Error::NoEntry) => return Ok(None),
            Err(error) => return Err(map_error(error)),
        };
        let stored: StoredSecret = serde_json::from_str(&text).map_err(|_| VaultError::Corrupt)?;
        let mnemonic = Mnemonic::parse(&stored.mnemonic).map_err(|_| VaultError::Corrupt)?;
        Ok(Some(WalletSecret {
            mnemonic,
            passphrase: Zeroizing::new(stored.passphrase.clone()),
        }))
    }

    /// Whether a wallet is stored, from the item's attributes: the secret is not read.
    pub fn exists(&self) -> Result<bool, VaultError> {
        match self.entry()?.get_attributes() {
            Ok(_) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(error) => Err(map_error(error)),
        }
    }

    /// Stores `secret` if no wallet is stored yet. Replacing a wallet would lose its coins for
    /// a user without a backup, so this refuses rather than trusting the screens to ask.
    pub fn store(&self, secret: &WalletSecret) -> Result<(), VaultError> {
        if self.exists()? {
            return Err(VaultError::WalletExists);
        }
        let stored = StoredSecret {
            mnemonic: secret.mnemonic.phrase().to_string(),
            passphrase: secret.passphrase.to_string(),
        };
        let text = Zeroizing::new(serde_json::to_string(&stored).map_err(|_| VaultError::Corrupt)?);
        self.entry()?.set_password(&text).map_err(map_error)
    }

    /// Removes the wallet; removing what is not there is not an error.
    pub fn delete(&self) -> Result<(), VaultError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(error) => Err(map_error(error)),
        }
    }
}

/// Connects to the platform's keyring ahead of the first use, reading nothing: on Linux the D-Bus
/// connection and the Secret Service's encrypted session (a Diffie-Hellman exchange) are made
/// while WebKit starts, not while the first screen waits for them. A failure is left for that
/// first use to report.
pub fn connect_ahead() {
    let _ = use_platform_store();
}

/// Makes the platform's keyring the default store once it can be reached. A failure is not
/// remembered: a keyring that starts (or is installed) after the app is found on the next call.
fn use_platform_store() -> Result<(), VaultError> {
    static SETTING_UP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = SETTING_UP
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if keyring_core::get_default_store().is_none() {
        keyring_core::set_default_store(platform_store().map_err(map_error)?);
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore(
        "no keyring is known on this platform".into(),
    ))
}

fn map_error(error: keyring_core::Error) -> VaultError {
    match error {
        keyring_core::Error::NoStorageAccess(inner) => VaultError::Locked(inner.to_string()),
        keyring_core::Error::BadEncoding(_) => VaultError::Corrupt,
        other => VaultError::Unavailable(other.to_string()),
    }
}
