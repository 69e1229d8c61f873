//! Output descriptors of the wallet's accounts against the BIP-32/49/84/86 vectors of the
//! `abandon … about` seed, and parsed back by the field's descriptor library, whose addresses
//! must be the wallet's own. (bdkpython checks them again, independently, in tests/restore.)

use std::str::FromStr;

use miniscript::descriptor::{Descriptor, DescriptorPublicKey};
use wallet_core::keys::Chain;
use wallet_core::{AddressFormat, MasterKey, Mnemonic, Network};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn master(network: Network) -> MasterKey {
    MasterKey::from_seed(&Mnemonic::parse(ABANDON).unwrap().to_seed(""), network)
}

/// An SLIP-132 `ypub`/`zpub` in plain `xpub` encoding: the same key under the version bytes
/// descriptors use.
fn as_xpub(slip132: &str) -> String {
    let mut bytes = bs58::decode(slip132).with_check(None).into_vec().unwrap();
    bytes[..4].copy_from_slice(&[0x04, 0x88, 0xb2, 0x1e]);
    bs58::encode(bytes).with_check().into_string()
}

#[test]
fn the_root_fingerprint_is_the_vectors_73c5da0a() {
    assert_eq!(
        master(Network::Mainnet).fingerprint().to_string(),
        "73c5da0a"
    );
}

#[test]
fn descriptors_carry_the_bip_vectors_account_keys_with_their_origin() {
    // (format, account path, script around the key, account key from BIP-84, 49, 86 and 44)
    let cases = [
        (AddressFormat::P2wpkh, "84'/0'/0'", "wpkh(", ")", as_xpub("zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs")),
        (AddressFormat::P2shP2wpkh, "49'/0'/0'", "sh(wpkh(", "))", as_xpub("ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP")),
        (AddressFormat::P2tr, "86'/0'/0'", "tr(", ")", "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ".to_owned()),
        (AddressFormat::P2pkh, "44'/0'/0'", "pkh(", ")", "xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj".to_owned()),
    ];
    let master = master(Network::Mainnet);
    for (format, path, open, close, xpub) in cases {
        let descriptors = master.account_descriptors(format).unwrap().unwrap();
        assert_eq!(descriptors.xpub, xpub, "{format}");
        assert_eq!(descriptors.account_path, format!("m/{path}"));
        for (text, chain) in [(&descriptors.receive, 0), (&descriptors.change, 1)] {
            let (body, checksum) = text.split_once('#').unwrap();
            assert_eq!(
                body,
                format!("{open}[73c5da0a/{path}]{xpub}/{chain}/*{close}")
            );
            assert_eq!(checksum.len(), 8, "{text}");
        }
    }
    assert_eq!(
        master.account_descriptors(AddressFormat::Standard).unwrap(),
        None
    );
}

#[test]
fn the_descriptor_library_derives_the_wallets_own_addresses_on_every_network() {
    for network in Network::ALL {
        let master = master(network);
        for &format in wallet_core::Asset::Btc.formats() {
            let descriptors = master.account_descriptors(format).unwrap().unwrap();
            for (chain, text) in [
                (Chain::Receive, &descriptors.receive),
                (Chain::Change, &descriptors.change),
            ] {
                // The parser checks the checksum: a wrong one is an error.
                let parsed = Descriptor::<DescriptorPublicKey>::from_str(text).unwrap();
                assert_eq!(
                    &parsed.to_string(),
                    text,
                    "the library writes it the same way"
                );
                for index in [0, 1, 19, 20, 999] {
                    let theirs = parsed
                        .at_derivation_index(index)
                        .unwrap()
                        .address(network.to_bitcoin())
                        .unwrap()
                        .to_string();
                    let ours = master
                        .derive_on(format, chain, index)
                        .unwrap()
                        .address
                        .to_string();
                    assert_eq!(theirs, ours, "{network} {format} {chain:?} {index}");
                }
            }
        }
    }
}

#[test]
fn a_changed_character_breaks_the_checksum() {
    let descriptor = master(Network::Mainnet)
        .account_descriptors(AddressFormat::P2wpkh)
        .unwrap()
        .unwrap()
        .receive;
    let tampered = descriptor.replacen("/0/*", "/1/*", 1);
    assert!(Descriptor::<DescriptorPublicKey>::from_str(&tampered).is_err());
}
