//! BIP-32, BIP-39, BIP-44/49/84/86 and EIP-55 vectors, reproduced byte for byte.

use std::str::FromStr;

use bitcoin::bip32::{DerivationPath, Xpub};
use wallet_core::keys::{EthAddress, Mnemonic, MnemonicError};
use wallet_core::{AddressFormat, MasterKey, Network};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// (seed hex, path, xpub, xprv) from BIP-32 "Test Vectors" 1 and 2.
const BIP32: &[(&str, &str, &str, &str)] = &[
    ("000102030405060708090a0b0c0d0e0f", "m",
     "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
     "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"),
    ("000102030405060708090a0b0c0d0e0f", "m/0'",
     "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
     "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7"),
    ("000102030405060708090a0b0c0d0e0f", "m/0'/1",
     "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
     "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs"),
    ("000102030405060708090a0b0c0d0e0f", "m/0'/1/2'",
     "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5",
     "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM"),
    ("000102030405060708090a0b0c0d0e0f", "m/0'/1/2'/2",
     "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
     "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334"),
    ("000102030405060708090a0b0c0d0e0f", "m/0'/1/2'/2/1000000000",
     "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
     "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76"),
    ("fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542", "m",
     "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB",
     "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U"),
    ("fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542", "m/0",
     "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH",
     "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt"),
    ("fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542", "m/0/2147483647'",
     "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a",
     "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9"),
    ("fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542", "m/0/2147483647'/1",
     "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon",
     "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef"),
    ("fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542", "m/0/2147483647'/1/2147483646'",
     "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL",
     "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc"),
    ("fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542", "m/0/2147483647'/1/2147483646'/2",
     "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt",
     "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j"),
];

#[test]
fn bip32_vectors_reproduce_xprv_and_xpub() {
    let secp = bitcoin::secp256k1::Secp256k1::new();
    for (seed, path, xpub, xprv) in BIP32 {
        let master = MasterKey::from_seed_bytes(&hex(seed), Network::Mainnet).unwrap();
        let derived = master
            .xpriv_at(&DerivationPath::from_str(path).unwrap())
            .unwrap();
        assert_eq!(derived.to_string(), *xprv, "xprv at {path}");
        assert_eq!(
            Xpub::from_priv(&secp, &derived).to_string(),
            *xpub,
            "xpub at {path}"
        );
    }
}

#[test]
fn bip32_rejects_seeds_outside_16_to_64_bytes() {
    assert!(MasterKey::from_seed_bytes(&[0; 15], Network::Mainnet).is_err());
    assert!(MasterKey::from_seed_bytes(&[0; 65], Network::Mainnet).is_err());
}

#[test]
fn bip39_trezor_vectors_with_passphrase_trezor() {
    // trezor/python-mnemonic vectors.json: (entropy, phrase, seed, master xprv).
    let vectors: Vec<[String; 4]> =
        serde_json::from_str(include_str!("vectors/bip39_trezor.json")).unwrap();
    assert_eq!(vectors.len(), 24);
    for [entropy, phrase, seed, xprv] in &vectors {
        let mnemonic = Mnemonic::parse(phrase).unwrap();
        assert_eq!(*mnemonic.phrase(), *phrase);
        assert_eq!(mnemonic.words().count() * 11 * 32 / 33, entropy.len() * 4);
        let derived = mnemonic.to_seed("TREZOR");
        assert_eq!(derived.as_bytes().to_vec(), hex(seed), "{phrase}");
        let master = MasterKey::from_seed(&derived, Network::Mainnet);
        let root = master.xpriv_at(&DerivationPath::master()).unwrap();
        assert_eq!(root.to_string(), *xprv, "{phrase}");
    }
}

#[test]
fn bip39_parse_accepts_any_case_and_spacing() {
    let messy = format!("  {}\n", ABANDON.to_uppercase().replace(' ', " \t "));
    assert_eq!(
        Mnemonic::parse(&messy).unwrap(),
        Mnemonic::parse(ABANDON).unwrap()
    );
}

#[test]
fn bip39_parse_errors_name_the_rule() {
    let cases: &[(&str, MnemonicError)] = &[
        ("abandon abandon", MnemonicError::WordCount { count: 2 }),
        (
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon",
            MnemonicError::BadChecksum,
        ),
        (
            "abandon abandon abandon bitcoinz abandon abandon abandon abandon abandon abandon abandon about",
            MnemonicError::UnknownWord { position: 4 },
        ),
    ];
    for (phrase, expected) in cases {
        assert_eq!(Mnemonic::parse(phrase).unwrap_err(), *expected, "{phrase}");
    }
}

#[test]
fn completion_lists_words_by_prefix() {
    assert_eq!(wallet_core::keys::complete_word("zo"), vec!["zone", "zoo"]);
    assert_eq!(wallet_core::keys::complete_word("ABAN"), vec!["abandon"]);
    assert!(wallet_core::keys::complete_word("xyz").is_empty());
    assert!(wallet_core::keys::complete_word("").is_empty());
}

#[test]
fn generated_phrases_have_the_requested_length_and_valid_checksum() {
    use bitcoin::secp256k1::rand::rngs::OsRng;
    use wallet_core::keys::WordCount;
    let twelve = Mnemonic::generate(WordCount::Twelve, &mut OsRng);
    let twenty_four = Mnemonic::generate(WordCount::TwentyFour, &mut OsRng);
    assert_eq!(twelve.words().count(), 12);
    assert_eq!(twenty_four.words().count(), 24);
    assert_eq!(Mnemonic::parse(&twenty_four.phrase()).unwrap(), twenty_four);
    assert_ne!(
        Mnemonic::generate(WordCount::TwentyFour, &mut OsRng),
        twenty_four,
        "two draws from the OS must differ"
    );
}

#[test]
fn secrets_never_show_in_debug() {
    let mnemonic = Mnemonic::parse(ABANDON).unwrap();
    let seed = mnemonic.to_seed("");
    let master = MasterKey::from_seed(&seed, Network::Mainnet);
    let key = master.derive(AddressFormat::P2wpkh, 0).unwrap();
    for text in [
        format!("{mnemonic:?}"),
        format!("{seed:?}"),
        format!("{master:?}"),
        format!("{key:?}"),
    ] {
        assert!(!text.contains("abandon"), "{text}");
        assert!(!text.contains("5eb00bbd"), "seed hex leaked: {text}");
        assert!(!text.contains("KyZpNDKnfs94"), "private key leaked: {text}");
    }
}

/// (network, format, index, path, address) for `abandon … about` with no passphrase.
/// BIP-49, BIP-84 and BIP-86 give these in their test vectors; the BIP-44 and Ethereum ones are
/// the well-known addresses of this phrase in every major wallet.
const ADDRESSES: &[(Network, AddressFormat, u32, &str, &str)] = &[
    (
        Network::Mainnet,
        AddressFormat::P2pkh,
        0,
        "m/44'/0'/0'/0/0",
        "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA",
    ),
    (
        Network::Testnet,
        AddressFormat::P2shP2wpkh,
        0,
        "m/49'/1'/0'/0/0",
        "2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2",
    ),
    (
        Network::Mainnet,
        AddressFormat::P2wpkh,
        0,
        "m/84'/0'/0'/0/0",
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
    ),
    (
        Network::Mainnet,
        AddressFormat::P2wpkh,
        1,
        "m/84'/0'/0'/0/1",
        "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g",
    ),
    (
        Network::Mainnet,
        AddressFormat::P2tr,
        0,
        "m/86'/0'/0'/0/0",
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
    ),
    (
        Network::Mainnet,
        AddressFormat::P2tr,
        1,
        "m/86'/0'/0'/0/1",
        "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh",
    ),
    (
        Network::Mainnet,
        AddressFormat::Standard,
        0,
        "m/44'/60'/0'/0/0",
        "0x9858EfFD232B4033E47d90003D41EC34EcaEda94",
    ),
    // Ether ignores the Bitcoin network: the same account on every network.
    (
        Network::Regtest,
        AddressFormat::Standard,
        0,
        "m/44'/60'/0'/0/0",
        "0x9858EfFD232B4033E47d90003D41EC34EcaEda94",
    ),
];

#[test]
fn bip44_49_84_86_and_ethereum_addresses() {
    let seed = Mnemonic::parse(ABANDON).unwrap().to_seed("");
    for (network, format, index, path, address) in ADDRESSES {
        let key = MasterKey::from_seed(&seed, *network)
            .derive(*format, *index)
            .unwrap();
        assert_eq!(
            key.path.to_string(),
            path.trim_start_matches("m/"),
            "{format} {network}"
        );
        assert_eq!(
            key.address.to_string(),
            *address,
            "{format} {network} {index}"
        );
    }
}

#[test]
fn bip84_private_key_matches_wif_vector() {
    let seed = Mnemonic::parse(ABANDON).unwrap().to_seed("");
    let master = MasterKey::from_seed(&seed, Network::Mainnet);
    let xprv = master
        .xpriv_at(&DerivationPath::from_str("m/84'/0'/0'/0/0").unwrap())
        .unwrap();
    assert_eq!(
        xprv.to_priv().to_wif(),
        "KyZpNDKnfs94vbrwhJneDi77V6jF64PWPF8x5cdJb8ifgg2DUc9d"
    );
}

#[test]
fn test_networks_use_coin_type_one_and_their_own_prefixes() {
    let seed = Mnemonic::parse(ABANDON).unwrap().to_seed("");
    let prefixes = [
        (Network::Mainnet, "bc1q", "m/84'/0'"),
        (Network::Testnet, "tb1q", "m/84'/1'"),
        (Network::Signet, "tb1q", "m/84'/1'"),
        (Network::Regtest, "bcrt1q", "m/84'/1'"),
    ];
    for (network, prefix, path) in prefixes {
        let key = MasterKey::from_seed(&seed, network)
            .derive(AddressFormat::P2wpkh, 7)
            .unwrap();
        assert!(key.address.to_string().starts_with(prefix), "{network}");
        assert!(
            format!("m/{}", key.path).starts_with(path),
            "{network}: {}",
            key.path
        );
    }
}

#[test]
fn hardened_range_index_is_refused() {
    let seed = Mnemonic::parse(ABANDON).unwrap().to_seed("");
    let master = MasterKey::from_seed(&seed, Network::Mainnet);
    assert!(master.derive(AddressFormat::P2wpkh, 1 << 31).is_err());
    assert!(master.derive(AddressFormat::P2wpkh, (1 << 31) - 1).is_ok());
}

/// EIP-55 "Test Cases".
const EIP55: &[&str] = &[
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
];

#[test]
fn eip55_vectors_encode_and_decode() {
    for address in EIP55 {
        let parsed = EthAddress::parse(address).unwrap();
        let mixed_case = address.chars().any(|c| c.is_ascii_lowercase())
            && address[2..].chars().any(|c| c.is_ascii_uppercase());
        if mixed_case {
            assert_eq!(parsed.to_string(), *address);
        } else {
            assert_eq!(parsed.to_string().to_lowercase(), address.to_lowercase());
        }
    }
}

#[test]
fn eip55_rejects_a_flipped_case() {
    // One letter of a checksummed address in the wrong case.
    let bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
    assert!(matches!(
        EthAddress::parse(bad),
        Err(wallet_core::keys::EthAddressError::BadChecksum(_))
    ));
    assert!(EthAddress::parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA").is_err());
    assert!(EthAddress::parse("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").is_err());
    assert!(EthAddress::parse("0xzzAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").is_err());
}

/// Replays fixed bytes, so `Mnemonic::generate` can be checked against the BIP-39 vectors.
struct Replay(Vec<u8>);

impl bitcoin::secp256k1::rand::RngCore for Replay {
    fn next_u32(&mut self) -> u32 {
        unimplemented!("generate only fills bytes")
    }
    fn next_u64(&mut self) -> u64 {
        unimplemented!("generate only fills bytes")
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let taken: Vec<u8> = self.0.drain(..dest.len()).collect();
        dest.copy_from_slice(&taken);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), bitcoin::secp256k1::rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl bitcoin::secp256k1::rand::CryptoRng for Replay {}

#[test]
fn generate_turns_entropy_into_the_vector_phrase() {
    use wallet_core::keys::WordCount;
    let vectors: Vec<[String; 4]> =
        serde_json::from_str(include_str!("vectors/bip39_trezor.json")).unwrap();
    for [entropy, phrase, _, _] in &vectors {
        let words = match entropy.len() {
            32 => WordCount::Twelve,
            64 => WordCount::TwentyFour,
            _ => continue, // 18-word phrases are imported, never generated
        };
        let generated = Mnemonic::generate(words, &mut Replay(hex(entropy)));
        assert_eq!(*generated.phrase(), *phrase);
    }
}

/// BitBoxApp's AOPP `xpub_required` test (backend/aopp_test.go): the mnemonic "wisdom minute home
/// employ west tail liquid mad deal catalog narrow mistake" sends these extended public keys.
#[test]
fn the_xpub_sent_for_xpub_required_is_the_one_bitboxapp_sends() {
    let mnemonic = Mnemonic::parse(
        "wisdom minute home employ west tail liquid mad deal catalog narrow mistake",
    )
    .unwrap();
    let master = MasterKey::from_seed(&mnemonic.to_seed(""), Network::Mainnet);
    // Bitcoin: the account, m/84'/0'/0', with its first address bc1qxp6xr6….
    assert_eq!(
        master
            .derive(AddressFormat::P2wpkh, 0)
            .unwrap()
            .address
            .to_string(),
        "bc1qxp6xr63t098rl9udlynrktq00un6vqduzjgua3"
    );
    assert_eq!(
        master.account_xpub(AddressFormat::P2wpkh, 0).unwrap().to_string(),
        "xpub6Cxa67Bfe1Aw5VvLM1Ppua9x28CXH1zUYoAuBzFRjR6hWnA6aUcny84KYkeVcZWnWXxKSkxCEyMA8xic54ydBPWm5oziXpsXq6nX8FELMQn"
    );
    // Ether: the address's own key, m/44'/60'/0'/0/0, of 0xB7C853….
    assert_eq!(
        master
            .derive(AddressFormat::Standard, 0)
            .unwrap()
            .address
            .to_string(),
        "0xB7C853464BE7Ae39c366C9C2A9D4b95340a708c7"
    );
    assert_eq!(
        master.account_xpub(AddressFormat::Standard, 0).unwrap().to_string(),
        "xpub6GP83vJASH1kS7dQPWXFjVHDfYajopbG8U3j8peBH67CRCnb8QmDxZJfWpbgCQNHAzCDJ4MyVYjoh7Yv9yo7PQuZ9YyktgrtD9vmeo67Y4E"
    );
}
