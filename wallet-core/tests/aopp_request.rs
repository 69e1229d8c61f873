//! `aopp:` link parsing: the spec's rules, good and bad, one error variant each.

use wallet_core::aopp::MAX_MESSAGE_LEN;
use wallet_core::{
    AddressFormat, AoppRequest, AoppRequestError, Asset, FormatRequest, LoopbackHttp,
};

const CALLBACK: &str = "https%3A%2F%2Fvasp.example%2Fproofs%2Ftok3n";

fn link(params: &str) -> String {
    format!("aopp:?{params}")
}

fn valid(msg: &str, asset: &str, format: &str) -> String {
    link(&format!(
        "v=0&msg={msg}&asset={asset}&format={format}&callback={CALLBACK}"
    ))
}

#[test]
fn parses_the_spec_example() {
    let request = AoppRequest::parse(&valid("hello+world", "btc", "p2wpkh")).unwrap();
    assert_eq!(request.version, 0);
    assert_eq!(request.message, "hello world");
    assert_eq!(request.asset, Asset::Btc);
    assert_eq!(request.format, FormatRequest::Exact(AddressFormat::P2wpkh));
    assert_eq!(
        request.callback.as_str(),
        "https://vasp.example/proofs/tok3n"
    );
    assert_eq!(request.callback_host(), "vasp.example");
}

#[test]
fn every_format_of_every_asset_parses() {
    let cases = [
        ("btc", "p2pkh", FormatRequest::Exact(AddressFormat::P2pkh)),
        (
            "btc",
            "p2sh",
            FormatRequest::Exact(AddressFormat::P2shP2wpkh),
        ),
        ("btc", "p2wpkh", FormatRequest::Exact(AddressFormat::P2wpkh)),
        ("btc", "p2tr", FormatRequest::Exact(AddressFormat::P2tr)),
        ("btc", "any", FormatRequest::Any),
        (
            "eth",
            "standard",
            FormatRequest::Exact(AddressFormat::Standard),
        ),
        // Asset symbols are case-insensitive.
        ("BTC", "p2wpkh", FormatRequest::Exact(AddressFormat::P2wpkh)),
        (
            "Eth",
            "standard",
            FormatRequest::Exact(AddressFormat::Standard),
        ),
    ];
    for (asset, format, expected) in cases {
        let request = AoppRequest::parse(&valid("m", asset, format)).unwrap();
        assert_eq!(request.format, expected, "{asset} {format}");
    }
}

#[test]
fn reserved_characters_in_message_and_callback_survive_one_decoding() {
    // msg = "a+b&c=d%e #f\n", callback query = "?t=1&u=a+b"
    let text = link(
        "v=0&msg=a%2Bb%26c%3Dd%25e+%23f%0A&asset=btc&format=any\
         &callback=https%3A%2F%2Fvasp.example%2Fp%3Ft%3D1%26u%3Da%2Bb",
    );
    let request = AoppRequest::parse(&text).unwrap();
    assert_eq!(request.message, "a+b&c=d%e #f\n");
    assert_eq!(
        request.callback.as_str(),
        "https://vasp.example/p?t=1&u=a+b"
    );
}

#[test]
fn message_is_never_trimmed() {
    let request = AoppRequest::parse(&valid("++padded%09%0D%0A++", "btc", "any")).unwrap();
    assert_eq!(request.message, "  padded\t\r\n  ");
}

#[test]
fn unknown_parameters_are_ignored_in_any_order() {
    let text = link(&format!(
        "callback={CALLBACK}&x=1&format=p2tr&asset=btc&msg=hi&v=0&label=Exchange"
    ));
    assert_eq!(AoppRequest::parse(&text).unwrap().message, "hi");
}

#[test]
fn message_of_exactly_1024_characters_is_accepted_1025_is_not() {
    let at_limit = "a".repeat(MAX_MESSAGE_LEN);
    assert_eq!(
        AoppRequest::parse(&valid(&at_limit, "btc", "any"))
            .unwrap()
            .message
            .len(),
        1024
    );
    let over = "a".repeat(MAX_MESSAGE_LEN + 1);
    assert_eq!(
        AoppRequest::parse(&valid(&over, "btc", "any")),
        Err(AoppRequestError::MessageTooLong { len: 1025 })
    );
}

#[test]
fn loopback_http_only_when_allowed() {
    for callback in [
        "http://127.0.0.1:8080/p",
        "http://localhost/p",
        "http://[::1]:9/p",
    ] {
        let encoded = callback.replace(':', "%3A").replace('/', "%2F");
        let text = link(&format!(
            "v=0&msg=m&asset=btc&format=any&callback={encoded}"
        ));
        assert!(
            AoppRequest::parse_with(&text, LoopbackHttp::Allow).is_ok(),
            "{callback}"
        );
        assert!(
            matches!(
                AoppRequest::parse(&text),
                Err(AoppRequestError::InsecureCallback { .. })
            ),
            "{callback} must be refused in production"
        );
    }
    let remote = link("v=0&msg=m&asset=btc&format=any&callback=http%3A%2F%2Fvasp.example%2Fp");
    assert!(matches!(
        AoppRequest::parse_with(&remote, LoopbackHttp::Allow),
        Err(AoppRequestError::InsecureCallback { .. })
    ));
}

fn error_of(text: &str) -> AoppRequestError {
    AoppRequest::parse(text).expect_err(text)
}

#[test]
fn each_bad_link_gets_its_own_error() {
    let m = "v=0&msg=m&asset=btc&format=any";
    let cases: Vec<(String, AoppRequestError)> = vec![
        (
            "bitcoin:?v=0".into(),
            AoppRequestError::WrongScheme("bitcoin".into()),
        ),
        (
            "no scheme".into(),
            AoppRequestError::WrongScheme(String::new()),
        ),
        (
            "aopp://x?v=0".into(),
            AoppRequestError::UnexpectedPath("//x".into()),
        ),
        (
            valid("a#b", "btc", "any"),
            AoppRequestError::LinkFragment(format!("b&asset=btc&format=any&callback={CALLBACK}")),
        ),
        (
            link("msg=m&asset=btc&format=any&callback=x"),
            AoppRequestError::MissingParameter { name: "v" },
        ),
        (
            link(&format!("v=0&asset=btc&format=any&callback={CALLBACK}")),
            AoppRequestError::MissingParameter { name: "msg" },
        ),
        (
            link(&format!("v=0&msg=m&format=any&callback={CALLBACK}")),
            AoppRequestError::MissingParameter { name: "asset" },
        ),
        (
            link(&format!("v=0&msg=m&asset=btc&callback={CALLBACK}")),
            AoppRequestError::MissingParameter { name: "format" },
        ),
        (
            link(m),
            AoppRequestError::MissingParameter { name: "callback" },
        ),
        (
            link(&format!("{m}&msg=other&callback={CALLBACK}")),
            AoppRequestError::DuplicateParameter { name: "msg".into() },
        ),
        (
            link(&format!(
                "v=1&msg=m&asset=btc&format=any&callback={CALLBACK}"
            )),
            AoppRequestError::UnsupportedVersion("1".into()),
        ),
        (
            link(&format!(
                "v=00&msg=m&asset=btc&format=any&callback={CALLBACK}"
            )),
            AoppRequestError::UnsupportedVersion("00".into()),
        ),
        (
            valid("caf%C3%A9", "btc", "any"),
            AoppRequestError::NonAsciiMessage { position: 3 },
        ),
        (
            valid("ab%FF", "btc", "any"),
            AoppRequestError::NonAsciiMessage { position: 2 },
        ),
        (
            valid("a%00", "btc", "any"),
            AoppRequestError::ControlCharacter {
                position: 1,
                code: 0,
            },
        ),
        (
            valid("a%7F", "btc", "any"),
            AoppRequestError::ControlCharacter {
                position: 1,
                code: 0x7f,
            },
        ),
        (
            valid("a%2", "btc", "any"),
            AoppRequestError::BadPercentEncoding {
                parameter: "msg".into(),
                offset: 1,
            },
        ),
        (
            valid("m", "ltc", "any"),
            AoppRequestError::UnknownAsset("ltc".into()),
        ),
        (
            valid("m", "eth", "p2wpkh"),
            AoppRequestError::UnsupportedFormat {
                asset: Asset::Eth,
                format: "p2wpkh".into(),
            },
        ),
        (
            valid("m", "eth", "any"),
            AoppRequestError::UnsupportedFormat {
                asset: Asset::Eth,
                format: "any".into(),
            },
        ),
        (
            valid("m", "btc", "standard"),
            AoppRequestError::UnsupportedFormat {
                asset: Asset::Btc,
                format: "standard".into(),
            },
        ),
        (
            valid("m", "btc", "p2wsh"),
            AoppRequestError::UnsupportedFormat {
                asset: Asset::Btc,
                format: "p2wsh".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(error_of(&text), expected, "{text}");
    }
}

#[test]
fn each_bad_callback_gets_its_own_error() {
    let with = |callback: &str| {
        let encoded: String = callback
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        error_of(&link(&format!(
            "v=0&msg=m&asset=btc&format=any&callback={encoded}"
        )))
    };
    assert!(matches!(
        with("/proofs/tok"),
        AoppRequestError::CallbackNotUrl { .. }
    ));
    assert!(matches!(
        with("vasp.example/p"),
        AoppRequestError::CallbackNotUrl { .. }
    ));
    assert!(matches!(
        with("https://vasp.exa\nmple/p"),
        AoppRequestError::CallbackNotUrl { .. }
    ));
    assert!(matches!(
        with(" https://vasp.example/p"),
        AoppRequestError::CallbackNotUrl { .. }
    ));
    assert!(matches!(
        with("https://user:pw@vasp.example/p"),
        AoppRequestError::CallbackUserInfo { .. }
    ));
    assert!(matches!(
        with("https://user@vasp.example/p"),
        AoppRequestError::CallbackUserInfo { .. }
    ));
    assert!(matches!(
        with("https://vasp.example/p#frag"),
        AoppRequestError::CallbackFragment { .. }
    ));
    assert!(matches!(
        with("http://vasp.example/p"),
        AoppRequestError::InsecureCallback { .. }
    ));
    assert_eq!(
        with("ftp://vasp.example/p"),
        AoppRequestError::CallbackScheme {
            scheme: "ftp".into()
        }
    );
    assert!(matches!(
        with("mailto:x@vasp.example"),
        AoppRequestError::CallbackNoHost { .. }
    ));
    assert!(matches!(
        with("file:///etc/passwd"),
        AoppRequestError::CallbackNoHost { .. }
    ));
}

#[test]
fn errors_have_stable_codes_and_lowercase_texts() {
    let error = AoppRequest::parse(&valid(&"a".repeat(1031), "btc", "any")).unwrap_err();
    assert_eq!(error.code(), "message_too_long");
    assert_eq!(
        error.to_string(),
        "message is 1031 characters, limit is 1024"
    );
}

#[test]
fn request_serializes_for_the_ui() {
    let request = AoppRequest::parse(&valid("hi", "btc", "any")).unwrap();
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"version":0,"msg":"hi","asset":"btc","format":"any","callback":"https://vasp.example/proofs/tok3n"}"#
    );
}

#[test]
fn an_ether_link_whose_message_is_a_sign_in_request_is_refused() {
    let siwe = "evil.example%20wants%20you%20to%20sign%20in%20with%20your%20Ethereum%20account%3A%0A\
        0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2%0A%0AURI%3A%20https%3A%2F%2Fevil.example%0A\
        Version%3A%201%0AChain%20ID%3A%201%0ANonce%3A%2032891756%0AIssued%20At%3A%202021-09-30T16%3A25%3A24Z";
    let error = error_of(&valid(siwe, "eth", "standard"));
    assert_eq!(error, AoppRequestError::SignInMessage);
    assert_eq!(error.code(), "sign_in_message");
    // The same words inside an ordinary ownership message are not a login.
    let ordinary = "Prove%20ownership.%20No%20one%20wants%20you%20to%20sign%20in.";
    assert!(AoppRequest::parse(&valid(ordinary, "eth", "standard")).is_ok());
}

#[test]
fn xpub_required_is_read_when_present_and_off_otherwise() {
    let with = |value: &str| {
        AoppRequest::parse(&format!(
            "{}&xpub_required={value}",
            valid("m", "btc", "any")
        ))
        .unwrap()
        .xpub_required
    };
    assert!(with("1"));
    assert!(with("true"));
    assert!(!with("0"));
    assert!(
        !AoppRequest::parse(&valid("m", "btc", "any"))
            .unwrap()
            .xpub_required
    );
    assert_eq!(
        error_of(&format!(
            "{}&xpub_required=1&xpub_required=0",
            valid("m", "btc", "any")
        )),
        AoppRequestError::DuplicateParameter {
            name: "xpub_required".into()
        }
    );
}
