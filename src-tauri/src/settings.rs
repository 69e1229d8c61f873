//! Non-secret preferences, kept as JSON in the app's data directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wallet_core::{AddressFormat, Network};

use wallet_core::private_files::write_atomically;

use crate::damaged::{read_json, DamagedFile};

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

/// What the Settings screen changes: the fields it sends, each left as it is when absent. The
/// Travel Address is not among them: it has its own screen, and saving Settings keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsChange {
    /// A new network.
    pub network: Option<Network>,
    /// A new preferred format.
    pub preferred_format: Option<AddressFormat>,
    /// A new proxy; an empty text removes it.
    pub socks5_proxy: Option<String>,
}

impl Settings {
    /// These settings with `change` applied.
    pub fn with(&self, change: SettingsChange) -> Settings {
        let mut changed = self.clone();
        if let Some(network) = change.network {
            changed.network = network;
        }
        if let Some(format) = change.preferred_format {
            changed.preferred_format = format;
        }
        if let Some(proxy) = change.socks5_proxy {
            let proxy = proxy.trim();
            changed.socks5_proxy = (!proxy.is_empty()).then(|| proxy.to_owned());
        }
        changed
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

    /// The saved settings; the defaults when there are none, and also when the file cannot be
    /// read, then with the damaged file kept aside and reported.
    pub fn load(&self, now: i64) -> (Settings, Option<DamagedFile>) {
        read_json(&self.path, "settings", now)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_keeps_what_it_does_not_name() {
        let saved = Settings {
            network: Network::Mainnet,
            preferred_format: AddressFormat::P2tr,
            socks5_proxy: Some("socks5://127.0.0.1:9050".into()),
            travel_address: Some("ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv".into()),
        };
        let change: SettingsChange = serde_json::from_str(r#"{"network":"signet"}"#).unwrap();
        let changed = saved.with(change);
        assert_eq!(changed.network, Network::Signet);
        assert_eq!(changed.preferred_format, AddressFormat::P2tr);
        assert_eq!(changed.socks5_proxy, saved.socks5_proxy);
        assert_eq!(changed.travel_address, saved.travel_address);

        let cleared = saved.with(SettingsChange {
            socks5_proxy: Some(" ".into()),
            ..SettingsChange::default()
        });
        assert_eq!(cleared.socks5_proxy, None);
    }

    #[test]
    fn a_change_with_an_unknown_field_is_refused() {
        assert!(serde_json::from_str::<SettingsChange>(r#"{"travel_address":null}"#).is_err());
    }
}
