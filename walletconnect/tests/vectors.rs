//! The crate against WalletConnect's own JavaScript libraries, byte for byte: topics, session
//! keys, envelopes both ways, pairing URIs and the relay's JWT. Inputs are fresh random keys and
//! messages each run, plus fixed edge cases; `tests/walletconnect/vectors.mjs` computes the
//! libraries' answers (`npm ci` there first — the test command does).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use rand_core::{OsRng, RngCore};
use serde_json::{json, Value};
use walletconnect::relay_auth::ClientKey;
use walletconnect::{Envelope, KeyPair, PairingUri, SymKey};

fn random32() -> [u8; 32] {
    let mut bytes = [0; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

fn random_iv() -> [u8; 12] {
    let mut iv = [0; 12];
    OsRng.fill_bytes(&mut iv);
    iv
}

/// Runs the JavaScript side on `input`.
fn javascript(input: &Value) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/walletconnect");
    assert!(
        dir.join("node_modules/@walletconnect/utils").is_dir(),
        "run `npm ci` in {} first (scripts/test.sh does)",
        dir.display()
    );
    let mut node = Command::new("node")
        .arg("vectors.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    node.stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = node.wait_with_output().unwrap();
    assert!(output.status.success(), "vectors.mjs failed");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Messages as dApps send them: JSON-RPC, non-ASCII, empty, long.
fn messages() -> Vec<String> {
    vec![
        r#"{"id":1733000000000000,"jsonrpc":"2.0","method":"wc_sessionPing","params":{}}"#.into(),
        "Ich bestätige, dass diese Adresse mir gehört. 我确认 ✓".into(),
        String::new(),
        "x".repeat(70_000),
    ]
}

#[test]
fn topics_keys_and_envelopes_match_walletconnect_utils() {
    let keys: Vec<SymKey> = (0..4).map(|_| SymKey::from_bytes(random32())).collect();
    let (wallet_secret, dapp_secret) = (random32(), random32());
    let (wallet, dapp) = (
        KeyPair::from_secret(wallet_secret),
        KeyPair::from_secret(dapp_secret),
    );
    let mut seals = Vec::new();
    let mut ours = Vec::new();
    for (i, message) in messages().into_iter().enumerate() {
        let key = &keys[i % keys.len()];
        let sender = (i % 2 == 1).then(|| wallet.public());
        let iv = random_iv();
        ours.push(Envelope::seal_with_iv(key, sender, iv, message.as_bytes()).encode());
        seals.push(json!({
            "symKey": key.to_hex(), "message": message, "iv": hex::encode(iv),
            "senderPublicKey": sender.map(|key| key.to_hex()),
        }));
    }
    // What the wallet seals with random IVs, the library must open.
    let opens: Vec<(String, String)> = messages()
        .into_iter()
        .enumerate()
        .map(|(i, message)| {
            let key = &keys[i % keys.len()];
            (
                key.to_hex(),
                Envelope::seal(key, None, message.as_bytes()).encode(),
            )
        })
        .collect();

    let theirs = javascript(&json!({
        "keys": keys.iter().map(SymKey::to_hex).collect::<Vec<_>>(),
        "agreements": [
            { "privateKey": hex::encode(wallet_secret), "peerPublicKey": dapp.public().to_hex() },
            { "privateKey": hex::encode(dapp_secret), "peerPublicKey": wallet.public().to_hex() },
        ],
        "seals": seals,
        "opens": opens.iter().map(|(key, encoded)| json!({ "symKey": key, "encoded": encoded })).collect::<Vec<_>>(),
        "uris": [], "parse": [], "jwts": [],
    }));

    for (key, topic) in keys.iter().zip(theirs["topics"].as_array().unwrap()) {
        assert_eq!(key.topic().to_hex(), topic.as_str().unwrap());
    }
    let agreed = wallet.agree(&dapp.public()).to_hex();
    assert_eq!(theirs["agreed"][0], agreed.as_str());
    assert_eq!(theirs["agreed"][1], agreed.as_str());
    for (i, (mine, theirs)) in ours
        .iter()
        .zip(theirs["sealed"].as_array().unwrap())
        .enumerate()
    {
        assert_eq!(mine, theirs.as_str().unwrap(), "envelope {i}");
        let decoded = Envelope::decode(theirs.as_str().unwrap()).unwrap();
        let key = &keys[i % keys.len()];
        assert_eq!(decoded.open(key).unwrap(), messages()[i].as_bytes());
        assert_eq!(decoded.sender, (i % 2 == 1).then(|| wallet.public()));
    }
    for (i, opened) in theirs["opened"].as_array().unwrap().iter().enumerate() {
        assert_eq!(opened.as_str().unwrap(), messages()[i], "opened {i}");
    }
}

#[test]
fn pairing_uris_written_by_walletconnect_utils_are_read_alike() {
    let now = 1_700_000_000;
    let keys: Vec<SymKey> = (0..3).map(|_| SymKey::from_bytes(random32())).collect();
    let uris: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let mut uri = json!({ "topic": key.topic().to_hex(), "symKey": key.to_hex() });
            if i >= 1 {
                uri["expiryTimestamp"] = json!(now + 300);
            }
            if i == 2 {
                uri["methods"] = json!(["wc_sessionPropose", "wc_sessionRequest"]);
            }
            uri
        })
        .collect();
    let written = javascript(&json!({
        "keys": [], "agreements": [], "seals": [], "opens": [], "jwts": [], "uris": uris, "parse": [],
    }));
    let written: Vec<String> = serde_json::from_value(written["uris"].clone()).unwrap();
    for (text, key) in written.iter().zip(&keys) {
        let pairing =
            PairingUri::parse(text, now).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert_eq!(&pairing.sym_key, key, "{text}");
        assert_eq!(pairing.topic, key.topic());
    }
    let last = PairingUri::parse(&written[2], now).unwrap();
    assert_eq!(last.expiry, Some(now + 300));
    assert_eq!(
        last.methods.unwrap(),
        ["wc_sessionPropose", "wc_sessionRequest"]
    );

    // And the library reads the same fields from the same text.
    let parsed = javascript(&json!({
        "keys": [], "agreements": [], "seals": [], "opens": [], "jwts": [], "uris": [], "parse": written,
    }));
    for (theirs, key) in parsed["parsed"].as_array().unwrap().iter().zip(&keys) {
        assert_eq!(theirs["symKey"], key.to_hex().as_str());
        assert_eq!(theirs["topic"], key.topic().to_hex().as_str());
        assert_eq!(theirs["version"], 2);
        assert_eq!(theirs["relay"]["protocol"], "irn");
    }
}

#[test]
fn the_relay_jwt_matches_walletconnect_relay_auth() {
    let cases: Vec<(ClientKey, String, &str, u64, u64)> = vec![
        (
            ClientKey::from_seed(random32()),
            hex::encode(random32()),
            "wss://relay.walletconnect.org",
            1_733_011_200,
            86_400,
        ),
        (
            ClientKey::from_seed(random32()),
            hex::encode(random32()),
            "ws://127.0.0.1:4711",
            1,
            1,
        ),
    ];
    let theirs = javascript(&json!({
        "keys": [], "agreements": [], "seals": [], "opens": [], "uris": [], "parse": [],
        "jwts": cases.iter().map(|(key, sub, aud, iat, ttl)| json!({
            "seed": hex::encode(key.seed()), "sub": sub, "aud": aud, "iat": iat, "ttl": ttl,
        })).collect::<Vec<_>>(),
    }));
    for ((key, sub, aud, iat, ttl), theirs) in cases.iter().zip(theirs["jwts"].as_array().unwrap())
    {
        assert_eq!(theirs["iss"], key.did_key().as_str());
        // Ed25519 signatures are deterministic: the whole token is the same, byte for byte.
        assert_eq!(theirs["jwt"], key.jwt(sub, aud, *iat, *ttl).as_str());
    }
}
