//! Non-secret preferences, kept as JSON in the app's data directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wallet_core::{AddressFormat, Network};

use wallet_core::private_files::write_atomically;

use crate::damaged::{read_json, DamagedFile};
use crate::language::{Language, LanguageChoice};

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
    /// The WalletConnect relay, if not WalletConnect's own (`wss://relay.walletconnect.org`).
    pub walletconnect_relay: Option<String>,
    /// The Reown project id WalletConnect's relays require, if not the one built in.
    pub walletconnect_project_id: Option<String>,
    /// The language of the screens, if not the system's.
    pub language: Option<Language>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            network: Network::Mainnet,
            preferred_format: AddressFormat::P2wpkh,
            socks5_proxy: None,
            travel_address: None,
            walletconnect_relay: None,
            walletconnect_project_id: None,
            language: None,
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
    /// A new WalletConnect relay URL; an empty text goes back to WalletConnect's.
    pub walletconnect_relay: Option<String>,
    /// A new Reown project id; an empty text removes it.
    pub walletconnect_project_id: Option<String>,
    /// A language for the screens, or the system's again.
    pub language: Option<LanguageChoice>,
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
        if let Some(relay) = change.walletconnect_relay {
            let relay = relay.trim();
            changed.walletconnect_relay = (!relay.is_empty()).then(|| relay.to_owned());
        }
        if let Some(project) = change.walletconnect_project_id {
            let project = project.trim();
            changed.walletconnect_project_id = (!project.is_empty()).then(|| project.to_owned());
        }
        match change.language {
            Some(LanguageChoice::System) => changed.language = None,
            Some(LanguageChoice::Chosen(language)) => changed.language = Some(language),
            None => {}
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
    #[error("relay {0:?} is not a wss:// address (or ws:// on this machine)")]
    BadRelay(String),
    #[error("project id {0:?} is not 32 hexadecimal digits")]
    BadProjectId(String),
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
        if let Some(relay) = &settings.walletconnect_relay {
            let parsed = url::Url::parse(relay).ok();
            let valid = parsed.as_ref().is_some_and(|url| {
                let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
                url.host().is_some() && (url.scheme() == "wss" || (url.scheme() == "ws" && local))
            });
            if !valid {
                return Err(SettingsError::BadRelay(relay.clone()));
            }
        }
        if let Some(project) = &settings.walletconnect_project_id {
            if project.len() != 32 || !project.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(SettingsError::BadProjectId(project.clone()));
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
            walletconnect_relay: None,
            walletconnect_project_id: Some("0123456789abcdef0123456789abcdef".into()),
            language: Some(Language::French),
        };
        let change: SettingsChange = serde_json::from_str(r#"{"network":"signet"}"#).unwrap();
        let changed = saved.with(change);
        assert_eq!(changed.network, Network::Signet);
        assert_eq!(changed.preferred_format, AddressFormat::P2tr);
        assert_eq!(changed.socks5_proxy, saved.socks5_proxy);
        assert_eq!(changed.travel_address, saved.travel_address);
        assert_eq!(changed.language, Some(Language::French));
        let change: SettingsChange = serde_json::from_str(r#"{"language":"de-CH"}"#).unwrap();
        assert_eq!(saved.with(change).language, Some(Language::SwissGerman));
        let change: SettingsChange = serde_json::from_str(r#"{"language":"system"}"#).unwrap();
        assert_eq!(saved.with(change).language, None);

        let cleared = saved.with(SettingsChange {
            socks5_proxy: Some(" ".into()),
            ..SettingsChange::default()
        });
        assert_eq!(cleared.socks5_proxy, None);
        assert_eq!(
            cleared.walletconnect_project_id,
            saved.walletconnect_project_id
        );
    }

    #[test]
    fn a_relay_must_be_wss_or_on_this_machine_and_a_project_id_hexadecimal() {
        let dir = std::env::temp_dir().join(format!("settings-wc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = SettingsFile::in_dir(&dir);
        let with = |relay: Option<&str>, project: Option<&str>| Settings {
            walletconnect_relay: relay.map(str::to_owned),
            walletconnect_project_id: project.map(str::to_owned),
            ..Settings::default()
        };
        for relay in ["wss://relay.example.org", "ws://127.0.0.1:9000"] {
            assert_eq!(file.save(&with(Some(relay), None)), Ok(()), "{relay}");
        }
        for relay in [
            "ws://relay.example.org",
            "https://relay.example.org",
            "relay",
        ] {
            assert_eq!(
                file.save(&with(Some(relay), None)),
                Err(SettingsError::BadRelay(relay.into()))
            );
        }
        assert!(file.save(&with(None, Some("not-an-id"))).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_change_with_an_unknown_field_is_refused() {
        assert!(serde_json::from_str::<SettingsChange>(r#"{"travel_address":null}"#).is_err());
    }
}
