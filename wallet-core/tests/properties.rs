//! Property tests: link round trips, sign-then-verify everywhere, a parser that never panics.

use proptest::prelude::*;
use url::form_urlencoded;
use wallet_core::sign::{sign, sign_message, verify, SignatureScheme};
use wallet_core::travel_address::TravelAddress;
use wallet_core::{
    prove, AddressFormat, AoppRequest, FormatRequest, MasterKey, Mnemonic, Network, SignOptions,
};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn master(network: Network) -> MasterKey {
    MasterKey::from_seed(&Mnemonic::parse(ABANDON).unwrap().to_seed(""), network)
}

/// Printable ASCII (0x20..=0x7e) plus the three allowed whitespace controls.
fn message() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![8 => 0x20u8..=0x7e, 1 => Just(b'\n'), 1 => Just(b'\r'), 1 => Just(b'\t')],
        0..=1024,
    )
    .prop_map(|bytes| String::from_utf8(bytes).unwrap())
}

fn format() -> impl Strategy<Value = AddressFormat> {
    prop_oneof![
        Just(AddressFormat::P2pkh),
        Just(AddressFormat::P2shP2wpkh),
        Just(AddressFormat::P2wpkh),
        Just(AddressFormat::P2tr),
        Just(AddressFormat::Standard),
    ]
}

fn network() -> impl Strategy<Value = Network> {
    prop_oneof![
        Just(Network::Mainnet),
        Just(Network::Testnet),
        Just(Network::Signet),
        Just(Network::Regtest),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_message_survives_a_link_built_by_a_standard_encoder(
        msg in message(),
        callback_query in "[ -~]{0,40}",
    ) {
        let callback = format!(
            "https://vasp.example/p?{}",
            form_urlencoded::Serializer::new(String::new()).append_pair("q", &callback_query).finish()
        );
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("v", "0")
            .append_pair("msg", &msg)
            .append_pair("asset", "btc")
            .append_pair("format", "any")
            .append_pair("callback", &callback)
            .finish();
        let request = AoppRequest::parse(&format!("aopp:?{query}")).unwrap();
        prop_assert_eq!(&request.message, &msg);
        prop_assert_eq!(request.callback.as_str(), callback.as_str());
        prop_assert_eq!(request.format, FormatRequest::Any);
    }

    #[test]
    fn parser_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        let _ = AoppRequest::parse(&text);
        let _ = AoppRequest::parse(&format!("aopp:?{text}"));
    }

    #[test]
    fn parser_never_panics_on_arbitrary_parameter_soup(
        pieces in proptest::collection::vec("(v|msg|asset|format|callback|x)=[%+&=a-zA-Z0-9:/._#-]{0,20}", 0..8)
    ) {
        let _ = AoppRequest::parse(&format!("aopp:?{}", pieces.join("&")));
    }

    #[test]
    fn travel_address_decoder_never_panics(text in "\\PC{0,80}") {
        let _ = TravelAddress::decode(&text);
        let _ = TravelAddress::decode(&format!("ta{text}"));
        let _ = TravelAddress::from_inquiry_url(&text);
    }

    #[test]
    fn verify_never_panics(address in "\\PC{0,64}", signature in "[A-Za-z0-9+/=]{0,120}") {
        let _ = verify(wallet_core::Asset::Btc, Network::Mainnet, &address, "m", &signature);
        let _ = verify(wallet_core::Asset::Eth, Network::Mainnet, &address, "m", &signature);
    }
}

proptest! {
    // Each case derives a key (two BIP-32 hardened steps and three more): fewer cases suffice.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn sign_then_verify_holds_for_every_format_and_network(
        msg in message(),
        format in format(),
        network in network(),
        index in 0u32..1000,
        prefixed in any::<bool>(),
    ) {
        let key = master(network).derive(format, index).unwrap();
        let signature = sign(&key, &msg, SignOptions { bip322_prefix: prefixed }).unwrap();
        let verified = verify(format.asset(), network, &key.address.to_string(), &msg, &signature).unwrap();
        prop_assert_eq!(verified.format, format);
        // And a different message must not verify with it.
        let other = format!("{msg}.");
        prop_assert!(verify(format.asset(), network, &key.address.to_string(), &other, &signature).is_err());
    }

    #[test]
    // Plain LDH labels: a hyphen never doubles, so no label reads as an IDNA `xn--` form (an
    // invalid one such as `xn--` alone is refused, see tests/travel_address.rs).
    fn travel_addresses_round_trip(
        label in "[a-z][a-z0-9]{0,9}(-[a-z0-9]{1,9}){0,2}",
        path in "[a-zA-Z0-9/_-]{0,30}",
    ) {
        let url = format!("{label}.com/{path}?t=i");
        let encoded = TravelAddress::encode(&url).unwrap();
        let decoded = TravelAddress::decode(encoded.as_str()).unwrap();
        prop_assert_eq!(decoded.url(), url.as_str());
    }
}

#[test]
fn prove_resolves_any_and_self_verifies() {
    let request = AoppRequest::parse(
        "aopp:?v=0&msg=I+confirm&asset=btc&format=any&callback=https%3A%2F%2Fvasp.example%2Fp",
    )
    .unwrap();
    let proof = prove(
        &master(Network::Mainnet),
        &request,
        3,
        AddressFormat::P2tr,
        SignOptions::default(),
    )
    .unwrap();
    assert_eq!(proof.format, AddressFormat::P2tr);
    assert_eq!(proof.path.to_string(), "86'/0'/0'/0/3");
    assert!(proof.proof.address.starts_with("bc1p"));
    assert_eq!(
        serde_json::to_value(&proof.proof).unwrap(),
        serde_json::json!({"version": 0, "address": proof.proof.address, "signature": proof.proof.signature})
    );
    verify(
        wallet_core::Asset::Btc,
        Network::Mainnet,
        &proof.proof.address,
        "I confirm",
        &proof.proof.signature,
    )
    .unwrap();
}

#[test]
fn prove_refuses_a_preferred_format_of_another_asset() {
    let request = AoppRequest::parse(
        "aopp:?v=0&msg=m&asset=btc&format=any&callback=https%3A%2F%2Fvasp.example%2Fp",
    )
    .unwrap();
    assert_eq!(
        prove(
            &master(Network::Mainnet),
            &request,
            0,
            AddressFormat::Standard,
            SignOptions::default()
        ),
        Err(wallet_core::ProveError::PreferredFormat(
            AddressFormat::Standard
        ))
    );
}

#[test]
fn prove_for_ether_ignores_the_bitcoin_preference() {
    let request = AoppRequest::parse(
        "aopp:?v=0&msg=m&asset=eth&format=standard&callback=https%3A%2F%2Fvasp.example%2Fp",
    )
    .unwrap();
    let proof = prove(
        &master(Network::Mainnet),
        &request,
        0,
        AddressFormat::P2wpkh,
        SignOptions::default(),
    )
    .unwrap();
    assert_eq!(
        proof.proof.address,
        "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
    );
}

/// Any UTF-8 text up to 64 KiB: what an exchange may ask to have signed for pasting.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::collection::vec(any::<char>(), 0..200).prop_map(String::from_iter),
        1 => (any::<char>(), 1usize..=(64 * 1024 / 4)).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_text_signs_and_verifies_in_every_scheme_of_every_format_and_network(
        text in any_text(),
        format in format(),
        network in network(),
        index in 0u32..1000,
    ) {
        let key = master(network).derive(format, index).unwrap();
        let address = key.address.to_string();
        for scheme in SignatureScheme::for_format(format) {
            let signature = sign_message(&key, scheme, &text).unwrap();
            let verified = verify(format.asset(), network, &address, &text, &signature).unwrap();
            prop_assert!(scheme.matches(verified.kind, format), "{} {}", format, scheme);
            let other = format!("{text}.");
            prop_assert!(verify(format.asset(), network, &address, &other, &signature).is_err());
            let someone_else = master(network).derive(format, index + 1).unwrap().address.to_string();
            prop_assert!(verify(format.asset(), network, &someone_else, &text, &signature).is_err());
        }
    }
}
