//! Where the proof goes: the rules an AOPP callback URL must meet before anything is signed.

use url::{Host, Url};

use super::AoppRequestError;

/// Whether plain `http` is accepted for a loopback callback (local test VASPs only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoopbackHttp {
    /// Production: every callback must be `https`.
    #[default]
    Refuse,
    /// Tests and developer builds: `http://127.0.0.1`, `http://[::1]`, `http://localhost`.
    Allow,
}

/// Checks `raw` and returns the parsed URL the proof will be POSTed to.
pub(super) fn validate(raw: &str, loopback_http: LoopbackHttp) -> Result<Url, AoppRequestError> {
    let not_url = |reason: &str| AoppRequestError::CallbackNotUrl {
        callback: raw.to_owned(),
        reason: reason.to_owned(),
    };
    // The URL parser silently drops tabs and newlines and trims spaces; what the user is shown
    // must be exactly where the proof goes, so refuse them instead.
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(not_url("contains spaces or control characters"));
    }
    let url = Url::parse(raw).map_err(|error| not_url(&error.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AoppRequestError::CallbackUserInfo {
            callback: raw.to_owned(),
        });
    }
    if url.fragment().is_some() {
        return Err(AoppRequestError::CallbackFragment {
            callback: raw.to_owned(),
        });
    }
    let host = match url.host() {
        Some(host) if !url.cannot_be_a_base() => host,
        _ => {
            return Err(AoppRequestError::CallbackNoHost {
                callback: raw.to_owned(),
            })
        }
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback_http == LoopbackHttp::Allow && is_loopback(&host) => Ok(url),
        "http" => Err(AoppRequestError::InsecureCallback {
            callback: raw.to_owned(),
        }),
        scheme => Err(AoppRequestError::CallbackScheme {
            scheme: scheme.to_owned(),
        }),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(address) => address.is_loopback(),
        Host::Ipv6(address) => address.is_loopback(),
    }
}
