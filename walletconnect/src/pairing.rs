//! Pairing URIs: what the exchange's page shows as a QR code, or lets the user copy.
//!
//! `wc:{topic}@2?relay-protocol=irn&symKey={key}&expiryTimestamp={unix s}` — the pairing topic
//! (`sha256(symKey)`), protocol version 2, the relay protocol, the pairing's symmetric key,
//! and when the page stops waiting. Optional: `relay-data`, and `methods` (what the pairing
//! will be used for). Spec: <https://specs.walletconnect.com/2.0/specs/clients/core/pairing/pairing-uri>.
//!
//! The parser is strict where a mistake would matter: a wrong key or topic would pair with
//! nobody, an expired pairing with a page that left. Unknown parameters are ignored, as the
//! spec's clients do; a parameter given twice is refused, since either reading could be wrong.

use std::collections::BTreeMap;

use crate::keys::{decode_hex_32, SymKey, Topic};

/// The longest URI read: codes on exchanges' pages are about 200 characters.
pub const MAX_URI_LEN: usize = 2048;

/// A pairing URI, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingUri {
    pub topic: Topic,
    pub sym_key: SymKey,
    /// `relay-data`, if any (opaque to the wallet; the spec leaves it to relay protocols).
    pub relay_data: Option<String>,
    /// When the page stops waiting for the wallet (unix seconds), if it said.
    pub expiry: Option<u64>,
    /// The methods the pairing is for, as the page listed them, if it did.
    pub methods: Option<Vec<String>>,
}

/// Why a text is not a pairing URI this wallet can use.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UriError {
    #[error("the text is {len} characters long; a pairing URI is at most {MAX_URI_LEN}")]
    TooLong { len: usize },
    #[error("not a WalletConnect link: it does not start with \"wc:\"")]
    NotWalletConnect,
    #[error("the link has no \"@\" and version after its topic")]
    NoVersion,
    #[error("the link is for WalletConnect version {0:?}; this wallet speaks version 2")]
    UnsupportedVersion(String),
    #[error("the link's topic {0:?} is not 64 hexadecimal digits")]
    BadTopic(String),
    #[error("the link has no {0:?} parameter")]
    Missing(&'static str),
    #[error("the link gives {0:?} more than once")]
    Repeated(String),
    #[error("the link's key is not 64 hexadecimal digits")]
    BadKey,
    #[error("the link's topic is not the hash of its key: it was altered or badly copied")]
    TopicNotFromKey,
    #[error("the link asks for relay protocol {0:?}; WalletConnect's relays speak \"irn\"")]
    UnsupportedRelayProtocol(String),
    #[error("the link's expiry {0:?} is not a time in seconds")]
    BadExpiry(String),
    #[error("the link expired at {expiry} (unix time); ask the page for a new code")]
    Expired { expiry: u64 },
}

impl PairingUri {
    /// Reads `text` (surrounding whitespace ignored, as pasted), checking it against `now`
    /// (unix seconds).
    pub fn parse(text: &str, now: u64) -> Result<Self, UriError> {
        let text = text.trim();
        if text.len() > MAX_URI_LEN {
            return Err(UriError::TooLong { len: text.len() });
        }
        let rest = strip_scheme(text).ok_or(UriError::NotWalletConnect)?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (topic, version) = path.split_once('@').ok_or(UriError::NoVersion)?;
        if version != "2" {
            return Err(UriError::UnsupportedVersion(version.to_owned()));
        }
        let topic = decode_hex_32(topic)
            .map(Topic)
            .ok_or_else(|| UriError::BadTopic(topic.to_owned()))?;

        let mut params = BTreeMap::new();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if params
                .insert(name.to_string(), value.into_owned())
                .is_some()
            {
                return Err(UriError::Repeated(name.into_owned()));
            }
        }
        let protocol = params
            .get("relay-protocol")
            .ok_or(UriError::Missing("relay-protocol"))?;
        if protocol != "irn" {
            return Err(UriError::UnsupportedRelayProtocol(protocol.clone()));
        }
        let key = params.get("symKey").ok_or(UriError::Missing("symKey"))?;
        let sym_key = decode_hex_32(key)
            .map(SymKey::from_bytes)
            .ok_or(UriError::BadKey)?;
        if sym_key.topic() != topic {
            return Err(UriError::TopicNotFromKey);
        }
        let expiry = params
            .get("expiryTimestamp")
            .map(|value| {
                value
                    .parse::<u64>()
                    .map_err(|_| UriError::BadExpiry(value.clone()))
            })
            .transpose()?;
        if let Some(expiry) = expiry.filter(|&expiry| expiry <= now) {
            return Err(UriError::Expired { expiry });
        }
        Ok(Self {
            topic,
            sym_key,
            relay_data: params.remove("relay-data"),
            expiry,
            methods: params
                .get("methods")
                .map(|methods| methods.split(',').map(str::to_owned).collect()),
        })
    }
}

/// The text after `wc:`, the scheme in any case (QR codes' alphanumeric mode is upper case).
fn strip_scheme(text: &str) -> Option<&str> {
    let scheme = text.get(..3)?;
    scheme.eq_ignore_ascii_case("wc:").then(|| &text[3..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303";

    fn uri(query: &str) -> String {
        let topic = SymKey::from_bytes(decode_hex_32(KEY).unwrap()).topic();
        format!("wc:{topic}@2?{query}")
    }

    #[test]
    fn a_pairing_uri_is_read_with_its_key_expiry_and_methods() {
        let text = uri(&format!(
            "expiryTimestamp=1800000000&relay-protocol=irn&symKey={KEY}&methods=wc_sessionPropose,wc_sessionRequest&future=1"
        ));
        let pairing = PairingUri::parse(&format!("  {text}\n"), 1_700_000_000).unwrap();
        assert_eq!(pairing.sym_key.to_hex(), KEY);
        assert_eq!(pairing.topic, pairing.sym_key.topic());
        assert_eq!(pairing.expiry, Some(1_800_000_000));
        assert_eq!(
            pairing.methods.unwrap(),
            ["wc_sessionPropose", "wc_sessionRequest"]
        );
        assert_eq!(pairing.relay_data, None);
    }

    #[test]
    fn each_defect_gets_its_own_error() {
        let now = 1_700_000_000;
        let key = format!("relay-protocol=irn&symKey={KEY}");
        let good_topic = SymKey::from_bytes(decode_hex_32(KEY).unwrap()).topic();
        let cases = [
            ("https://example.com".to_owned(), UriError::NotWalletConnect),
            (format!("wc:{good_topic}?{key}"), UriError::NoVersion),
            (
                format!("wc:{good_topic}@1?{key}"),
                UriError::UnsupportedVersion("1".into()),
            ),
            (format!("wc:abc@2?{key}"), UriError::BadTopic("abc".into())),
            (
                uri(&format!("symKey={KEY}")),
                UriError::Missing("relay-protocol"),
            ),
            (uri("relay-protocol=irn"), UriError::Missing("symKey")),
            (uri("relay-protocol=irn&symKey=00"), UriError::BadKey),
            (
                uri(&format!("{key}&symKey={KEY}")),
                UriError::Repeated("symKey".into()),
            ),
            (
                uri(&format!("relay-protocol=waku&symKey={KEY}")),
                UriError::UnsupportedRelayProtocol("waku".into()),
            ),
            (
                uri(&format!("{key}&expiryTimestamp=soon")),
                UriError::BadExpiry("soon".into()),
            ),
            (
                uri(&format!("{key}&expiryTimestamp={now}")),
                UriError::Expired { expiry: now },
            ),
            (
                format!("wc:{}@2?{key}", "0".repeat(64)),
                UriError::TopicNotFromKey,
            ),
            (
                format!("{}{}", uri(&key), "&x=1".repeat(600)),
                UriError::TooLong { len: 2560 },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(PairingUri::parse(&text, now), Err(expected), "{text}");
        }
    }

    #[test]
    fn the_scheme_may_be_upper_case_or_followed_by_slashes() {
        let text = uri(&format!("relay-protocol=irn&symKey={KEY}"));
        let upper = format!("WC:{}", &text[3..]);
        let slashes = format!("wc://{}", &text[3..]);
        assert!(PairingUri::parse(&upper, 0).is_ok());
        assert!(PairingUri::parse(&slashes, 0).is_ok());
    }
}
