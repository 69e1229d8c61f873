//! Non-secret preferences, kept as JSON in the app's data directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wallet_core::{AddressFormat, Network};

use crate::storage::write_atomically;

/// What the user chose in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The Bitcoin network addresses are derived for.
    pub network: Network,
    /// The format proven when a VASP asks for `any`.
    pub preferred_format: AddressFormat,
    /// A SOCKS5 proxy for delivering proofs, e.g. Tor at `socks5://127.0.0.1:9050`.
    pub socks5_proxy: Option<String>,
    /// The user's TRP Travel Address (`ta…`), once set up.
    pub travel_address: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            network: Network::Mainnet,
            preferred_format: AddressFormat::P2wpkh,
            socks5_proxy: None,
            travel_address: None,
        }
    }
}

/// Why settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// `any` can only resolve to a Bitcoin format.
    #[error("{0} is not a Bitcoin format")]
    NotBitcoinFormat(AddressFormat),
    /// The proxy is not `socks5://host:port`.
    #[error("proxy {0:?} is not a socks5://host:port address")]
    BadProxy(String),
    /// The file could not be written.
    #[error("settings could not be saved: {0}")]
    Io(String),
}

/// The settings file.
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    /// The file `settings.json` in `data_dir`.
    pub fn in_dir(data_dir: &Path) -> SettingsFile {
        SettingsFile {
            path: data_dir.join("settings.json"),
        }
    }

    /// The saved settings; defaults when there are none or the file is unreadable.
    pub fn load(&self) -> Settings {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Checks and saves `settings`.
    pub fn save(&self, settings: &Settings) -> Result<(), SettingsError> {
        if settings.preferred_format.asset() != wallet_core::Asset::Btc {
            return Err(SettingsError::NotBitcoinFormat(settings.preferred_format));
        }
        if let Some(proxy) = &settings.socks5_proxy {
            let parsed = url::Url::parse(proxy).ok();
            let valid = parsed.as_ref().is_some_and(|url| {
                matches!(url.scheme(), "socks5" | "socks5h")
                    && url.host().is_some()
                    && url.port().is_some()
            });
            if !valid {
                return Err(SettingsError::BadProxy(proxy.clone()));
            }
        }
        let bytes =
            serde_json::to_vec_pretty(settings).map_err(|e| SettingsError::Io(e.to_string()))?;
        write_atomically(&self.path, &bytes).map_err(|e| SettingsError::Io(e.to_string()))
    }
}
