//! Who asks: the callback's host as a user must read it before approving.
//!
//! The registrable domain (public-suffix aware) is what identifies the VASP; the full host and
//! port are shown below it. Internationalised hosts are shown in punycode, with a warning when
//! their Unicode form mixes scripts (the homograph trick), and IP literals get a warning too.

use serde::Serialize;
use url::{Host, Url};

/// The callback's origin, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallbackOrigin {
    /// What identifies the asker: the registrable domain (`vasp.co.uk`), or the IP literal.
    pub registrable_domain: String,
    /// The full host, ASCII (punycode for IDNs, brackets for IPv6).
    pub host: String,
    /// The port, when the URL names one other than 443.
    pub port: Option<u16>,
    /// The Unicode form of an internationalised host.
    pub unicode_host: Option<String>,
    /// The Unicode form mixes scripts within a label, as look-alike domains do.
    pub mixed_scripts: bool,
    /// The host is an IP address, not a name.
    pub ip_literal: bool,
}

impl CallbackOrigin {
    /// The origin of `callback`.
    pub fn of(callback: &Url) -> CallbackOrigin {
        let port = callback.port();
        match callback.host() {
            Some(Host::Domain(domain)) => {
                let host = domain.to_ascii_lowercase();
                let registrable_domain = psl::domain_str(&host).unwrap_or(&host).to_owned();
                let is_idn = host.split('.').any(|label| label.starts_with("xn--"));
                let unicode_host = is_idn.then(|| idna::domain_to_unicode(&host).0);
                let mixed_scripts = unicode_host
                    .as_deref()
                    .is_some_and(|unicode| unicode.split('.').any(mixes_scripts));
                CallbackOrigin {
                    registrable_domain,
                    host,
                    port,
                    unicode_host,
                    mixed_scripts,
                    ip_literal: false,
                }
            }
            Some(ip) => CallbackOrigin {
                registrable_domain: ip.to_string(),
                host: ip.to_string(),
                port,
                unicode_host: None,
                mixed_scripts: false,
                ip_literal: true,
            },
            None => CallbackOrigin {
                registrable_domain: String::new(),
                host: String::new(),
                port,
                unicode_host: None,
                mixed_scripts: false,
                ip_literal: false,
            },
        }
    }
}

/// Coarse Unicode scripts, enough to spot a label that mixes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Devanagari,
    Thai,
    /// Han, kana and Hangul are written together in one name; one group.
    EastAsian,
    Other(u32),
}

fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None; // digits and hyphens belong to every script
    }
    let code = c as u32;
    Some(match code {
        0x0041..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F => Script::Arabic,
        0x0900..=0x097F => Script::Devanagari,
        0x0E00..=0x0E7F => Script::Thai,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x1100..=0x11FF => {
            Script::EastAsian
        }
        _ => Script::Other(code >> 7),
    })
}

fn mixes_scripts(label: &str) -> bool {
    let mut scripts = label.chars().filter_map(script);
    let Some(first) = scripts.next() else {
        return false;
    };
    scripts.any(|other| other != first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(url: &str) -> CallbackOrigin {
        CallbackOrigin::of(&Url::parse(url).unwrap())
    }

    #[test]
    fn registrable_domain_follows_the_public_suffix_list() {
        let shown = origin("https://api.proofs.vasp.co.uk:8443/p");
        assert_eq!(shown.registrable_domain, "vasp.co.uk");
        assert_eq!(shown.host, "api.proofs.vasp.co.uk");
        assert_eq!(shown.port, Some(8443));
        assert_eq!(origin("https://vasp.example.com/p").port, None);
    }

    #[test]
    fn idn_hosts_stay_punycode_and_mixed_scripts_are_flagged() {
        // "аpple" with a Cyrillic а.
        let spoof = origin("https://xn--pple-43d.com/p");
        assert_eq!(spoof.host, "xn--pple-43d.com");
        assert_eq!(spoof.unicode_host.as_deref(), Some("аpple.com"));
        assert!(spoof.mixed_scripts);
        // A genuine single-script IDN.
        let german = origin("https://bücher.de/p");
        assert_eq!(german.host, "xn--bcher-kva.de");
        assert!(!german.mixed_scripts);
        assert!(origin("https://vasp.example/p").unicode_host.is_none());
    }

    #[test]
    fn ip_literals_are_flagged() {
        assert!(origin("https://127.0.0.1:9/p").ip_literal);
        let v6 = origin("https://[::1]/p");
        assert!(v6.ip_literal);
        assert_eq!(v6.registrable_domain, "[::1]");
    }
}
