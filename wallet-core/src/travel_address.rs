//! TRP Travel Addresses: `"ta" + base58check(utf8(url_without_scheme))`.
//!
//! Implements `shared/spec/travel-address.md`. Every rule is checked offline; the public-suffix
//! list is compiled in (`psl`).

use std::fmt;

use serde::Serialize;
use url::{Host, Url};

/// The prefix of every Travel Address.
pub const PREFIX: &str = "ta";

/// A valid Travel Address and the inquiry URL (without scheme) it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TravelAddress {
    #[serde(rename = "travel_address")]
    encoded: String,
    url: String,
}

/// Why a Travel Address or its URL was refused, one variant per rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TravelAddressError {
    /// A Travel Address must start with `ta`.
    #[error("missing ta prefix")]
    MissingPrefix,
    /// The text after `ta` holds characters outside the base58 alphabet.
    #[error("not base58: character {character:?} at position {position}")]
    NotBase58 {
        /// The offending character.
        character: char,
        /// Its 0-based index after the prefix.
        position: usize,
    },
    /// The base58check checksum does not match: a character was mistyped.
    #[error("bad checksum")]
    BadChecksum,
    /// Too short to hold a checksum.
    #[error("too short to hold a checksum")]
    TooShort,
    /// The decoded bytes are not UTF-8.
    #[error("decoded URL is not UTF-8")]
    NotUtf8,
    /// The URL carries a scheme, which the protocol implies (`https://`).
    #[error("URL carries a scheme {scheme:?}; https:// is implied")]
    SchemePresent {
        /// The scheme found.
        scheme: String,
    },
    /// The URL lacks the exact query pair `t=i`.
    #[error("missing query t=i")]
    MissingInquiryTag,
    /// The URL does not parse, or has no host.
    #[error("{url:?} is not a URL with a host: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
    /// The host's top-level domain is not on the public-suffix list (an IP address has none).
    #[error("host {host:?} has no known top-level domain")]
    UnknownTld {
        /// The host.
        host: String,
    },
}

impl TravelAddressError {
    /// A stable snake_case code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            TravelAddressError::MissingPrefix => "missing_prefix",
            TravelAddressError::NotBase58 { .. } => "not_base58",
            TravelAddressError::BadChecksum => "travel_checksum",
            TravelAddressError::TooShort => "too_short",
            TravelAddressError::NotUtf8 => "not_utf8",
            TravelAddressError::SchemePresent { .. } => "scheme_present",
            TravelAddressError::MissingInquiryTag => "missing_inquiry_tag",
            TravelAddressError::InvalidUrl { .. } => "invalid_url",
            TravelAddressError::UnknownTld { .. } => "unknown_tld",
        }
    }
}

impl TravelAddress {
    /// Encodes a URL without scheme, e.g. `beneficiary.com/x/12345?t=i`, checking every rule.
    pub fn encode(url: &str) -> Result<TravelAddress, TravelAddressError> {
        check_url(url)?;
        let encoded = format!(
            "{PREFIX}{}",
            bs58::encode(url.as_bytes()).with_check().into_string()
        );
        Ok(TravelAddress {
            encoded,
            url: url.to_owned(),
        })
    }

    /// Decodes `ta…`, checking the prefix, the checksum and then the URL's rules.
    pub fn decode(text: &str) -> Result<TravelAddress, TravelAddressError> {
        let body = text
            .strip_prefix(PREFIX)
            .ok_or(TravelAddressError::MissingPrefix)?;
        let bytes =
            bs58::decode(body)
                .with_check(None)
                .into_vec()
                .map_err(|error| match error {
                    bs58::decode::Error::InvalidCharacter { character, index } => {
                        TravelAddressError::NotBase58 {
                            character,
                            position: index,
                        }
                    }
                    bs58::decode::Error::NonAsciiCharacter { index } => {
                        TravelAddressError::NotBase58 {
                            character: body
                                .get(index..)
                                .and_then(|rest| rest.chars().next())
                                .unwrap_or('\u{fffd}'),
                            position: index,
                        }
                    }
                    bs58::decode::Error::NoChecksum => TravelAddressError::TooShort,
                    _ => TravelAddressError::BadChecksum,
                })?;
        let url = String::from_utf8(bytes).map_err(|_| TravelAddressError::NotUtf8)?;
        check_url(&url)?;
        Ok(TravelAddress {
            encoded: text.to_owned(),
            url,
        })
    }

    /// Accepts what a user pastes from their VASP: an optional `https://` is dropped and `t=i`
    /// added if missing; the result is then encoded strictly.
    pub fn from_inquiry_url(pasted: &str) -> Result<TravelAddress, TravelAddressError> {
        let trimmed = pasted.trim();
        let without_scheme = match trimmed.get(..8) {
            Some(head) if head.eq_ignore_ascii_case("https://") => &trimmed[8..],
            _ => trimmed,
        };
        let url = if has_inquiry_tag(without_scheme) {
            without_scheme.to_owned()
        } else {
            let (base, fragment) = match without_scheme.split_once('#') {
                Some((base, fragment)) => (base, format!("#{fragment}")),
                None => (without_scheme, String::new()),
            };
            let separator = match base.split_once('?') {
                None => "?",
                Some((_, "")) => "",
                Some((_, query)) if query.ends_with('&') => "",
                Some(_) => "&",
            };
            format!("{base}{separator}t=i{fragment}")
        };
        TravelAddress::encode(&url)
    }

    /// The `ta…` text to share.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    /// The inquiry URL without scheme.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL a sender's VASP will POST to (`https://` + the URL).
    pub fn https_url(&self) -> String {
        format!("https://{}", self.url)
    }

    /// The host that will receive travel-rule data.
    pub fn host(&self) -> String {
        parse_https(&self.url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl fmt::Display for TravelAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encoded)
    }
}

/// The rules of the spec, in its order: no scheme, `t=i`, a known TLD.
fn check_url(url: &str) -> Result<(), TravelAddressError> {
    // Detected by hand: the `url` crate reads `host.com:8000/x` as scheme `host.com`.
    if let Some(scheme) = leading_scheme(url) {
        return Err(TravelAddressError::SchemePresent {
            scheme: scheme.to_owned(),
        });
    }
    if !has_inquiry_tag(url) {
        return Err(TravelAddressError::MissingInquiryTag);
    }
    let parsed = parse_https(url)?;
    let host = match parsed.host() {
        Some(Host::Domain(domain)) => domain.to_owned(),
        Some(other) => {
            return Err(TravelAddressError::UnknownTld {
                host: other.to_string(),
            })
        }
        None => {
            return Err(TravelAddressError::InvalidUrl {
                url: url.to_owned(),
                reason: "no host".to_owned(),
            })
        }
    };
    let known =
        psl::suffix(host.trim_end_matches('.').as_bytes()).is_some_and(|suffix| suffix.is_known());
    if !known {
        return Err(TravelAddressError::UnknownTld { host });
    }
    Ok(())
}

/// `scheme://` at the start: a letter, then letters, digits, `+`, `-` or `.`, then `://`.
fn leading_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// Whether the query holds the exact pair `t=i`.
fn has_inquiry_tag(url: &str) -> bool {
    let without_fragment = url.split('#').next().unwrap_or(url);
    without_fragment
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|pair| pair == "t=i"))
}

fn parse_https(url: &str) -> Result<Url, TravelAddressError> {
    Url::parse(&format!("https://{url}")).map_err(|error| TravelAddressError::InvalidUrl {
        url: url.to_owned(),
        reason: error.to_string(),
    })
}
