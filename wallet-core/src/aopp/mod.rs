//! `aopp:` links: from the text a VASP shows to a typed [`AoppRequest`].
//!
//! Implements "The link" of AOPP v0 (`shared/spec/aopp.md`).

mod callback;
mod error;
mod origin;
mod query;

use serde::Serialize;
use url::Url;

pub use callback::LoopbackHttp;
pub use error::AoppRequestError;
pub use origin::CallbackOrigin;

use crate::asset::{AddressFormat, Asset, FormatRequest};

/// The longest message AOPP v0 allows, in characters (ASCII, so also bytes).
pub const MAX_MESSAGE_LEN: usize = 1024;

/// A well-formed AOPP v0 request: what the VASP asks the wallet to prove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AoppRequest {
    /// The protocol version; always 0.
    pub version: u8,
    /// The VASP's message, exactly as it will be signed: never trimmed or altered.
    #[serde(rename = "msg")]
    pub message: String,
    /// The asset whose address is to be proven.
    pub asset: Asset,
    /// The requested address format.
    pub format: FormatRequest,
    /// Where the proof is POSTed.
    #[serde(serialize_with = "serialize_url")]
    pub callback: Url,
    /// `xpub_required=1`, an extension BitBoxApp ships: the VASP asks for the account's extended
    /// public key beside the proof, which reveals every address of the account. Sent only if
    /// the user agrees.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub xpub_required: bool,
}

fn serialize_url<S: serde::Serializer>(url: &Url, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(url.as_str())
}

const REQUIRED: [&str; 5] = ["v", "msg", "asset", "format", "callback"];

/// The optional parameter of the xpub extension.
const XPUB_REQUIRED: &str = "xpub_required";

impl AoppRequest {
    /// Parses a link under production rules: the callback must be `https`.
    pub fn parse(link: &str) -> Result<AoppRequest, AoppRequestError> {
        AoppRequest::parse_with(link, LoopbackHttp::Refuse)
    }

    /// Parses a link, allowing plain `http` callbacks on loopback hosts if `loopback_http` says so.
    pub fn parse_with(
        link: &str,
        loopback_http: LoopbackHttp,
    ) -> Result<AoppRequest, AoppRequestError> {
        let query = split_link(link)?;
        let mut values: [Option<Vec<u8>>; 5] = Default::default();
        let mut xpub_required: Option<Vec<u8>> = None;
        for pair in query::decode(query)? {
            if pair.name == XPUB_REQUIRED {
                if xpub_required.is_some() {
                    return Err(AoppRequestError::DuplicateParameter { name: pair.name });
                }
                xpub_required = Some(pair.value);
                continue;
            }
            // Unknown parameters are ignored, as the spec requires.
            let Some(slot) = REQUIRED.iter().position(|name| *name == pair.name) else {
                continue;
            };
            if values[slot].is_some() {
                return Err(AoppRequestError::DuplicateParameter { name: pair.name });
            }
            values[slot] = Some(pair.value);
        }
        let [version, message, asset, format, callback] = values;
        let take = |value: Option<Vec<u8>>, name: &'static str| {
            value.ok_or(AoppRequestError::MissingParameter { name })
        };
        let version = take(version, "v")?;
        let message = take(message, "msg")?;
        let asset = take(asset, "asset")?;
        let format = take(format, "format")?;
        let callback = take(callback, "callback")?;

        if version != b"0" {
            return Err(AoppRequestError::UnsupportedVersion(lossy(&version)));
        }
        let message = check_message(message)?;
        let asset_text = lossy(&asset);
        let asset =
            Asset::from_symbol(&asset_text).ok_or(AoppRequestError::UnknownAsset(asset_text))?;
        if asset == Asset::Eth && crate::sign_in::is_sign_in_message(&message) {
            return Err(AoppRequestError::SignInMessage);
        }
        let format = parse_format(asset, &lossy(&format))?;
        let callback =
            String::from_utf8(callback).map_err(|error| AoppRequestError::CallbackNotUrl {
                callback: lossy(error.as_bytes()),
                reason: "not UTF-8".to_owned(),
            })?;
        let callback = callback::validate(&callback, loopback_http)?;
        Ok(AoppRequest {
            version: 0,
            message,
            asset,
            format,
            callback,
            xpub_required: xpub_required.is_some_and(|value| matches!(&value[..], b"1" | b"true")),
        })
    }

    /// Who asks, as the confirmation screen shows it.
    pub fn origin(&self) -> CallbackOrigin {
        CallbackOrigin::of(&self.callback)
    }

    /// The callback's host as the user should read it (punycode for IDNs, brackets for IPv6).
    pub fn callback_host(&self) -> String {
        self.callback
            .host()
            .map(|host| host.to_string())
            .unwrap_or_default()
    }
}

/// Returns the query of `aopp:?…`, refusing anything else.
fn split_link(link: &str) -> Result<&str, AoppRequestError> {
    let (scheme, rest) = link
        .split_once(':')
        .ok_or_else(|| AoppRequestError::WrongScheme(String::new()))?;
    if !scheme.eq_ignore_ascii_case("aopp") {
        return Err(AoppRequestError::WrongScheme(scheme.to_owned()));
    }
    if let Some((_, fragment)) = rest.split_once('#') {
        // An unescaped `#` ends the query: what follows would be silently lost.
        return Err(AoppRequestError::LinkFragment(fragment.to_owned()));
    }
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !path.is_empty() {
        return Err(AoppRequestError::UnexpectedPath(path.to_owned()));
    }
    Ok(query)
}

fn check_message(message: Vec<u8>) -> Result<String, AoppRequestError> {
    // Checked on bytes, so a non-ASCII byte is reported even when it is not valid UTF-8.
    let text = lossy(&message);
    for (position, character) in text.chars().enumerate() {
        if !character.is_ascii() {
            return Err(AoppRequestError::NonAsciiMessage { position });
        }
        if character.is_ascii_control() && !matches!(character, '\n' | '\r' | '\t') {
            return Err(AoppRequestError::ControlCharacter {
                position,
                code: character as u8,
            });
        }
    }
    if message.len() > MAX_MESSAGE_LEN {
        return Err(AoppRequestError::MessageTooLong { len: message.len() });
    }
    Ok(text)
}

fn parse_format(asset: Asset, name: &str) -> Result<FormatRequest, AoppRequestError> {
    if asset == Asset::Btc && name.eq_ignore_ascii_case("any") {
        return Ok(FormatRequest::Any);
    }
    AddressFormat::from_wire_name(asset, name)
        .map(FormatRequest::Exact)
        .ok_or_else(|| AoppRequestError::UnsupportedFormat {
            asset,
            format: name.to_owned(),
        })
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
