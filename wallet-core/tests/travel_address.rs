//! TRP Travel Address vectors from `shared/spec/travel-address.md`, encode and decode.

use wallet_core::{TravelAddress, TravelAddressError};

const GOOD_URL: &str = "beneficiary.com/x/12345?t=i";
const GOOD_TA: &str = "ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv";

#[test]
fn encode_vectors() {
    let cases: &[(&str, Result<&str, TravelAddressError>)] = &[
        (GOOD_URL, Ok(GOOD_TA)),
        (
            "beneficiary.com/x/12345",
            Err(TravelAddressError::MissingInquiryTag),
        ),
        (
            "https://beneficiary.com/x/12345?t=i",
            Err(TravelAddressError::SchemePresent {
                scheme: "https".into(),
            }),
        ),
        (
            "beneficiary/x/12345?t=i",
            Err(TravelAddressError::UnknownTld {
                host: "beneficiary".into(),
            }),
        ),
    ];
    for (url, expected) in cases {
        let got = TravelAddress::encode(url);
        assert_eq!(
            got.as_ref()
                .map(TravelAddress::as_str)
                .map_err(Clone::clone),
            *expected,
            "{url}"
        );
    }
}

#[test]
fn decode_vectors() {
    let cases: &[(&str, Result<&str, TravelAddressError>)] = &[
        (GOOD_TA, Ok(GOOD_URL)),
        (
            "2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv",
            Err(TravelAddressError::MissingPrefix),
        ),
        (
            "taEJKtAQyrS5x6i59GBS2fcbcUxoR14dYiW9cZu",
            Err(TravelAddressError::MissingInquiryTag),
        ),
        (
            "ta2BCfkBRHmbhyZuKHmEdHpypmo7HG4RJVgaWYR4LkKGLyAtJQkDtJrK",
            Err(TravelAddressError::SchemePresent {
                scheme: "https".into(),
            }),
        ),
        (
            "taEJKtAQyrS5x6i59GKB6iMPx1iDzs8HXGNhbk1",
            Err(TravelAddressError::UnknownTld {
                host: "beneficiary".into(),
            }),
        ),
    ];
    for (text, expected) in cases {
        let got = TravelAddress::decode(text);
        assert_eq!(
            got.as_ref().map(TravelAddress::url).map_err(Clone::clone),
            *expected,
            "{text}"
        );
    }
}

#[test]
fn decode_rejects_bad_checksum() {
    // Last character changed: still base58, checksum no longer matches.
    let tampered = format!("{}x", &GOOD_TA[..GOOD_TA.len() - 1]);
    assert_eq!(
        TravelAddress::decode(&tampered),
        Err(TravelAddressError::BadChecksum)
    );
}

#[test]
fn decode_rejects_non_base58_and_short_input() {
    assert_eq!(
        TravelAddress::decode("ta0OIl"),
        Err(TravelAddressError::NotBase58 {
            character: '0',
            position: 0
        })
    );
    assert_eq!(
        TravelAddress::decode("ta1"),
        Err(TravelAddressError::TooShort)
    );
    assert!(matches!(
        TravelAddress::decode("taé"),
        Err(TravelAddressError::NotBase58 { .. })
    ));
}

#[test]
fn decode_rejects_bytes_that_are_not_utf8() {
    let encoded = format!(
        "ta{}",
        bs58::encode([0xff, 0xfe, 0x00]).with_check().into_string()
    );
    assert_eq!(
        TravelAddress::decode(&encoded),
        Err(TravelAddressError::NotUtf8)
    );
}

#[test]
fn host_with_port_is_not_mistaken_for_a_scheme() {
    // `url` would read `host.com` as the scheme of `host.com:8000/x`.
    let address = TravelAddress::encode("beneficiary.com:8443/x?t=i").unwrap();
    assert_eq!(
        TravelAddress::decode(address.as_str()).unwrap().url(),
        "beneficiary.com:8443/x?t=i"
    );
    assert_eq!(address.host(), "beneficiary.com");
}

#[test]
fn inquiry_tag_must_be_an_exact_pair() {
    for url in [
        "beneficiary.com/x?t=ii",
        "beneficiary.com/x?at=i",
        "beneficiary.com/x#t=i",
        "beneficiary.com/t=i",
    ] {
        assert_eq!(
            TravelAddress::encode(url),
            Err(TravelAddressError::MissingInquiryTag),
            "{url}"
        );
    }
    assert!(TravelAddress::encode("beneficiary.com/x?a=1&t=i&b=2").is_ok());
}

#[test]
fn ip_hosts_and_unknown_suffixes_have_no_tld() {
    for url in [
        "10.0.0.1/x?t=i",
        "beneficiary.invalidtld/x?t=i",
        "[::1]/x?t=i",
    ] {
        assert!(
            matches!(
                TravelAddress::encode(url),
                Err(TravelAddressError::UnknownTld { .. })
            ),
            "{url}"
        );
    }
    assert!(TravelAddress::encode("vasp.co.uk/inbox?t=i").is_ok());
}

#[test]
fn broken_punycode_hosts_are_refused() {
    for url in ["xn--.com/x?t=i", "xn---5f-.com/x?t=i"] {
        assert!(
            matches!(
                TravelAddress::encode(url),
                Err(TravelAddressError::InvalidUrl { .. })
            ),
            "{url}"
        );
    }
    // A valid A-label is a host like any other.
    assert!(TravelAddress::encode("xn--bcher-kva.com/x?t=i").is_ok());
}

#[test]
fn lenient_constructor_accepts_what_users_paste() {
    let cases = [
        ("beneficiary.com/x/12345", GOOD_TA),
        ("https://beneficiary.com/x/12345", GOOD_TA),
        ("  HTTPS://beneficiary.com/x/12345?t=i \n", GOOD_TA),
    ];
    for (pasted, expected) in cases {
        assert_eq!(
            TravelAddress::from_inquiry_url(pasted).unwrap().as_str(),
            expected,
            "{pasted:?}"
        );
    }
    assert_eq!(
        TravelAddress::from_inquiry_url("beneficiary.com/x?id=7")
            .unwrap()
            .url(),
        "beneficiary.com/x?id=7&t=i"
    );
    assert_eq!(
        TravelAddress::from_inquiry_url("http://beneficiary.com/x"),
        Err(TravelAddressError::SchemePresent {
            scheme: "http".into()
        }),
        "only https is implied; plain http is not silently upgraded"
    );
}

#[test]
fn https_url_and_host_for_the_receive_screen() {
    let address = TravelAddress::decode(GOOD_TA).unwrap();
    assert_eq!(address.https_url(), "https://beneficiary.com/x/12345?t=i");
    assert_eq!(address.host(), "beneficiary.com");
    assert_eq!(address.to_string(), GOOD_TA);
}
