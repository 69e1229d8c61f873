//! Non-secret preferences, kept as JSON in the app's data directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wallet_core::{AddressFormat, Network};

use crate::storage::write_atomically;

/// What the user chose in Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The Bitcoin network addresses are derived for.
    pub network: Network,
    /// The format proven when a VASP asks for `any`.
    pub preferred_format: AddressFormat,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            network: Network::Mainnet,
            preferred_format: AddressFormat::P2wpkh,
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
        let bytes =
            serde_json::to_vec_pretty(settings).map_err(|e| SettingsError::Io(e.to_string()))?;
        write_atomically(&self.path, &bytes).map_err(|e| SettingsError::Io(e.to_string()))
    }
}
