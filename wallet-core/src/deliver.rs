//! Delivery of a proof to the VASP's callback, and what the answer means for the user.
//!
//! `POST` with `Content-Type: application/json; charset=utf-8`, rustls with the platform's
//! roots, connect timeout 10 s, total 30 s, no redirects, response bodies read up to 64 KiB.
//! AOPP v0 "The proof": 204 verified · 400 bad request · 404 unknown token; anything else is an
//! error to show, and worth retrying with the same signed payload.

use std::io::Read;
use std::time::Duration;

use serde::Serialize;
use ureq::tls::{Certificate, RootCerts, TlsConfig};
use url::Url;

use crate::journal::{AttemptRecord, ProofStatus};
use crate::proof::Proof;

/// The most of a response body that is read.
pub const BODY_LIMIT: u64 = 64 * 1024;
/// The most of a server's text shown to the user.
const SHOWN_TEXT: usize = 300;

/// How to reach VASPs.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// Limit for establishing the connection.
    pub connect_timeout: Duration,
    /// Limit for the whole exchange.
    pub total_timeout: Duration,
    /// A SOCKS5 proxy such as Tor, `socks5://127.0.0.1:9050`. The proxy resolves the callback's
    /// host name either way (`socks5h` behaviour): the local DNS never learns which exchange the
    /// wallet talks to.
    pub socks5_proxy: Option<String>,
    /// A PEM CA to trust *instead of* the platform's roots: tests and developers only.
    pub extra_root_pem: Option<Vec<u8>>,
}

impl Default for DeliveryConfig {
    fn default() -> DeliveryConfig {
        DeliveryConfig {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            socks5_proxy: None,
            extra_root_pem: None,
        }
    }
}

/// Why delivery could not even be attempted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeliveryConfigError {
    /// The proxy setting is not a `socks5://host:port` URL.
    #[error("proxy {0:?} is not a socks5://host:port address")]
    BadProxy(String),
    /// The extra CA is not a PEM certificate.
    #[error("the developer CA file is not a PEM certificate")]
    BadCertificate,
}

/// What happened to one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// 204: the VASP verified the address.
    Accepted,
    /// Another 2xx: delivered, but verification was not confirmed.
    Delivered {
        /// The status.
        status: u16,
    },
    /// 400: refused as a bad request.
    Rejected {
        /// The server's text, sanitised and truncated.
        text: String,
    },
    /// 404: the link expired or was already used.
    Expired,
    /// A 3xx: the VASP pointed elsewhere, which a proof must not follow.
    Redirected {
        /// The status.
        status: u16,
        /// Where it pointed.
        location: String,
    },
    /// Any other status.
    ServerError {
        /// The status.
        status: u16,
        /// The server's text, sanitised and truncated.
        text: String,
    },
    /// No answer in time.
    Timeout,
    /// The connection could not be made or broke (DNS, refused, reset, closed, TLS, proxy).
    Network {
        /// What failed, for the details.
        detail: String,
    },
}

impl Outcome {
    /// The stable code of the outcome.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Delivered { .. } => "delivered",
            Outcome::Rejected { .. } => "rejected",
            Outcome::Expired => "expired",
            Outcome::Redirected { .. } => "redirected",
            Outcome::ServerError { .. } => "server_error",
            Outcome::Timeout => "timeout",
            Outcome::Network { .. } => "network",
        }
    }

    /// The proof's status after this outcome: failures that a retry may cure stay pending.
    pub fn status(&self) -> ProofStatus {
        match self {
            Outcome::Accepted => ProofStatus::Accepted,
            Outcome::Delivered { .. } => ProofStatus::Delivered,
            Outcome::Rejected { .. } => ProofStatus::Rejected,
            Outcome::Expired => ProofStatus::Expired,
            Outcome::Redirected { .. }
            | Outcome::ServerError { .. }
            | Outcome::Timeout
            | Outcome::Network { .. } => ProofStatus::Pending,
        }
    }

    /// What the journal keeps of it.
    pub fn to_attempt(&self) -> AttemptRecord {
        let detail = match self {
            Outcome::Accepted => "204".to_owned(),
            Outcome::Delivered { status } => status.to_string(),
            Outcome::Rejected { text } => format!("400 {text}"),
            Outcome::Expired => "404".to_owned(),
            Outcome::Redirected { status, location } => format!("{status} to {location}"),
            Outcome::ServerError { status, text } => format!("{status} {text}"),
            Outcome::Timeout => "no answer in time".to_owned(),
            Outcome::Network { detail } => detail.clone(),
        };
        AttemptRecord {
            status: self.status(),
            outcome: self.code().to_owned(),
            detail,
        }
    }
}

/// A configured HTTP agent; build it once and deliver many proofs.
pub struct Courier {
    agent: ureq::Agent,
}

impl Courier {
    /// An agent for `config`.
    pub fn new(config: &DeliveryConfig) -> Result<Courier, DeliveryConfigError> {
        let roots = match &config.extra_root_pem {
            Some(pem) => {
                let certificate =
                    Certificate::from_pem(pem).map_err(|_| DeliveryConfigError::BadCertificate)?;
                RootCerts::new_with_certs(&[certificate])
            }
            None => RootCerts::PlatformVerifier,
        };
        let proxy = match &config.socks5_proxy {
            Some(address)
                if address.starts_with("socks5://") || address.starts_with("socks5h://") =>
            {
                let remote_dns = address.replacen("socks5://", "socks5h://", 1);
                Some(
                    ureq::Proxy::new(&remote_dns)
                        .map_err(|_| DeliveryConfigError::BadProxy(address.clone()))?,
                )
            }
            Some(address) => return Err(DeliveryConfigError::BadProxy(address.clone())),
            None => None,
        };
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.total_timeout))
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .https_only(false)
            .user_agent("AOPP Wallet")
            .proxy(proxy)
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .build()
            .into();
        Ok(Courier { agent })
    }

    /// POSTs `proof` to `callback` once and classifies the answer.
    pub fn deliver(&self, callback: &Url, proof: &Proof) -> Outcome {
        let body = match serde_json::to_vec(proof) {
            Ok(body) => body,
            Err(error) => {
                return Outcome::Network {
                    detail: error.to_string(),
                }
            }
        };
        let response = self
            .agent
            .post(callback.as_str())
            .header("Content-Type", "application/json; charset=utf-8")
            .send(&body[..]);
        let mut response = match response {
            Ok(response) => response,
            Err(ureq::Error::Timeout(_)) => return Outcome::Timeout,
            Err(error) => {
                return Outcome::Network {
                    detail: error.to_string(),
                }
            }
        };
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let mut bytes = Vec::new();
        let read = response
            .body_mut()
            .as_reader()
            .take(BODY_LIMIT)
            .read_to_end(&mut bytes);
        if let Err(error) = read {
            // The status has arrived; only a success needs its body to count.
            if !(200..300).contains(&status) {
                return classify(status, location, String::new());
            }
            if error.kind() == std::io::ErrorKind::TimedOut {
                return Outcome::Timeout;
            }
        }
        classify(status, location, sanitise(&bytes))
    }
}

/// What an answer with `status`, a `Location` header and `body` means for the proof.
pub fn classify_response(status: u16, location: &str, body: &[u8]) -> Outcome {
    classify(status, location.to_owned(), sanitise(body))
}

fn classify(status: u16, location: String, text: String) -> Outcome {
    match status {
        204 => Outcome::Accepted,
        200..=299 => Outcome::Delivered { status },
        300..=399 => Outcome::Redirected {
            status,
            location: sanitise(location.as_bytes()),
        },
        400 => Outcome::Rejected { text },
        404 => Outcome::Expired,
        _ => Outcome::ServerError { status, text },
    }
}

/// A server's text made safe to show: printable, whitespace collapsed, at most 300 characters.
/// Control characters and Unicode format characters (bidi overrides and isolates, zero-width
/// characters) are dropped: they could make the text read otherwise than it is.
pub fn sanitise(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut shown = String::new();
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        let word: String = word.chars().filter(|c| !is_format_character(*c)).collect();
        if word.is_empty() {
            continue;
        }
        if !shown.is_empty() {
            shown.push(' ');
        }
        shown.push_str(&word);
        if shown.chars().count() > SHOWN_TEXT {
            let cut: String = shown.chars().take(SHOWN_TEXT).collect();
            return format!("{cut}…");
        }
    }
    shown
}

/// Whether `c` is in Unicode's general category Cf (format), as of Unicode 16.
fn is_format_character(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_the_spec_outcomes() {
        assert_eq!(
            classify(204, String::new(), String::new()),
            Outcome::Accepted
        );
        assert_eq!(
            classify(200, String::new(), String::new()),
            Outcome::Delivered { status: 200 }
        );
        assert_eq!(
            classify(404, String::new(), String::new()),
            Outcome::Expired
        );
        assert_eq!(
            classify(400, String::new(), "bad sig".into()),
            Outcome::Rejected {
                text: "bad sig".into()
            }
        );
        assert_eq!(
            classify(302, "https://elsewhere.example/".into(), String::new()),
            Outcome::Redirected {
                status: 302,
                location: "https://elsewhere.example/".into()
            }
        );
        assert_eq!(
            classify(500, String::new(), "x".into()).status(),
            ProofStatus::Pending
        );
    }

    #[test]
    fn server_text_is_sanitised_and_truncated() {
        assert_eq!(
            sanitise(b"  bad\r\n\tsignature\x1b[31m "),
            "bad signature [31m"
        );
        // A right-to-left override would make "bad sig\u{202E}txt.exe" read backwards.
        assert_eq!(
            sanitise("bad\u{202E} sig\u{2066}na\u{200B}ture\u{2069}\u{FEFF}".as_bytes()),
            "bad signature"
        );
        assert_eq!(sanitise("\u{200B}\u{200D}".as_bytes()), "");
        let long = "a".repeat(1000);
        let shown = sanitise(long.as_bytes());
        assert_eq!(shown.chars().count(), 301);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn only_socks5_proxies_are_accepted() {
        let config = |proxy: &str| DeliveryConfig {
            socks5_proxy: Some(proxy.into()),
            ..DeliveryConfig::default()
        };
        assert!(Courier::new(&config("socks5://127.0.0.1:9050")).is_ok());
        assert!(matches!(
            Courier::new(&config("http://127.0.0.1:8080")),
            Err(DeliveryConfigError::BadProxy(_))
        ));
    }
}
