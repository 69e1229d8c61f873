//! Signing any message in a chosen scheme: every scheme a format supports signs, verifies as
//! that scheme and no other message; the schemes a format cannot use are refused.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use wallet_core::sign::{sign_message, verify, SignError, SignatureKind, SignatureScheme};
use wallet_core::{AddressFormat, MasterKey, Mnemonic, Network};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn master(network: Network) -> MasterKey {
    MasterKey::from_seed(&Mnemonic::parse(ABANDON).unwrap().to_seed(""), network)
}

const FORMATS: [AddressFormat; 5] = [
    AddressFormat::P2pkh,
    AddressFormat::P2shP2wpkh,
    AddressFormat::P2wpkh,
    AddressFormat::P2tr,
    AddressFormat::Standard,
];

#[test]
fn every_supported_scheme_signs_a_utf8_message_that_verifies_as_that_scheme() {
    let message = "Ich bestätige, dass diese Adresse mir gehört. Zürich, 1. Dezember 2026 ✓";
    for network in [Network::Mainnet, Network::Testnet, Network::Regtest] {
        for format in FORMATS {
            let key = master(network).derive(format, 3).unwrap();
            let address = key.address.to_string();
            for scheme in SignatureScheme::for_format(format) {
                let signature = sign_message(&key, scheme, message).unwrap();
                let verified = verify(format.asset(), network, &address, message, &signature)
                    .unwrap_or_else(|error| panic!("{format} {scheme} {network}: {error}"));
                assert!(
                    scheme.matches(verified.kind, format),
                    "{format} {scheme}: verified as {:?}",
                    verified.kind
                );
                let other = verify(format.asset(), network, &address, "Zurich", &signature);
                assert!(
                    other.is_err(),
                    "{format} {scheme}: another message verified"
                );
            }
        }
    }
}

#[test]
fn the_default_scheme_comes_first_and_only_supported_ones_are_offered() {
    let names = |format| -> Vec<&str> {
        SignatureScheme::for_format(format)
            .into_iter()
            .map(SignatureScheme::name)
            .collect()
    };
    assert_eq!(names(AddressFormat::P2pkh), ["electrum", "bip137"]);
    assert_eq!(names(AddressFormat::P2shP2wpkh), ["electrum", "bip137"]);
    assert_eq!(
        names(AddressFormat::P2wpkh),
        ["electrum", "bip137", "bip322", "bip322-smp"]
    );
    // Taproot can only use BIP-322.
    assert_eq!(names(AddressFormat::P2tr), ["bip322", "bip322-smp"]);
    assert_eq!(names(AddressFormat::Standard), ["eip191"]);
}

#[test]
fn a_scheme_a_format_cannot_use_is_refused() {
    let master = master(Network::Mainnet);
    for format in FORMATS {
        let key = master.derive(format, 0).unwrap();
        for scheme in SignatureScheme::ALL {
            if scheme.supports(format) {
                continue;
            }
            assert_eq!(
                sign_message(&key, scheme, "m"),
                Err(SignError::SchemeNotForFormat { scheme, format }),
            );
        }
    }
}

#[test]
fn bip137_headers_name_the_script_and_electrum_headers_do_not() {
    let master = master(Network::Mainnet);
    let header = |format, scheme| {
        let key = master.derive(format, 0).unwrap();
        STANDARD
            .decode(sign_message(&key, scheme, "m").unwrap())
            .unwrap()[0]
    };
    for (format, range) in [
        (AddressFormat::P2pkh, 31..=34),
        (AddressFormat::P2shP2wpkh, 35..=38),
        (AddressFormat::P2wpkh, 39..=42),
    ] {
        assert!(
            range.contains(&header(format, SignatureScheme::Bip137)),
            "{format}"
        );
        assert!((31..=34).contains(&header(format, SignatureScheme::Electrum)));
    }
}

#[test]
fn an_eip191_signature_is_0x_hex_and_verifies_as_hex_and_as_base64() {
    let key = master(Network::Mainnet)
        .derive(AddressFormat::Standard, 0)
        .unwrap();
    let address = key.address.to_string();
    let hex = sign_message(&key, SignatureScheme::Eip191, "hello").unwrap();
    assert!(hex.starts_with("0x") && hex.len() == 132, "{hex}");
    let bytes: Vec<u8> = (2..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap())
        .collect();
    let base64 = STANDARD.encode(&bytes);
    let as_hex = verify(
        AddressFormat::Standard.asset(),
        Network::Mainnet,
        &address,
        "hello",
        &hex,
    );
    assert_eq!(as_hex.unwrap().kind, SignatureKind::Eip191 { hex: true });
    let as_base64 = verify(
        AddressFormat::Standard.asset(),
        Network::Mainnet,
        &address,
        "hello",
        &base64,
    );
    assert_eq!(
        as_base64.unwrap().kind,
        SignatureKind::Eip191 { hex: false }
    );
    assert!(matches!(bytes[64], 27 | 28), "v is 27 or 28");
}

#[test]
fn a_typed_address_is_found_on_either_chain_of_its_format_or_said_not_ours() {
    use wallet_core::keys::Chain;
    let master = master(Network::Mainnet);
    for (format, chain, index) in [
        (AddressFormat::P2pkh, Chain::Receive, 0),
        (AddressFormat::P2shP2wpkh, Chain::Change, 999),
        (AddressFormat::P2wpkh, Chain::Receive, 7),
        (AddressFormat::P2tr, Chain::Change, 42),
        (AddressFormat::Standard, Chain::Receive, 5),
    ] {
        let key = master.derive_on(format, chain, index).unwrap();
        let typed = key.address.to_string();
        let found = master
            .find_address(&format!(" {typed}\n"), 1000)
            .unwrap()
            .unwrap_or_else(|| panic!("{format} {chain:?} {index} not found"));
        assert_eq!(found.address.to_string(), typed);
        assert_eq!(found.path, key.path);
    }
    // An Ethereum address is found in lower case too (no checksum to match).
    let eth = master
        .derive(AddressFormat::Standard, 1)
        .unwrap()
        .address
        .to_string();
    assert!(master
        .find_address(&eth.to_lowercase(), 10)
        .unwrap()
        .is_some());
    // Past the limit, on another network, or someone else's: not ours.
    let far = master
        .derive(AddressFormat::P2wpkh, 1000)
        .unwrap()
        .address
        .to_string();
    assert!(master.find_address(&far, 1000).unwrap().is_none());
    let testnet = self::master(Network::Testnet)
        .derive(AddressFormat::P2wpkh, 0)
        .unwrap()
        .address
        .to_string();
    assert!(master.find_address(&testnet, 1000).unwrap().is_none());
    // BIP-173's example address, not derived from this phrase.
    for stranger in [
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "not an address",
        "",
    ] {
        assert!(
            master.find_address(stranger, 1000).unwrap().is_none(),
            "{stranger}"
        );
    }
}
