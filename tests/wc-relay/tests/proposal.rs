//! The wallet's WalletConnect crate and a real dApp (`@walletconnect/sign-client` 2.21.8)
//! through the test relay: the dApp's pairing URI, its proposal (sent with
//! `wc_proposeSession`) opened with the pairing's key, and the wallet's approval, which the
//! dApp takes as a settled session with the accounts the wallet shared; then its requests,
//! one signed (EIP-191, which the dApp checks with ethers), one refused as the user would,
//! Bitcoin's signMessage in both protocols (checked with bip322-js), and a request sent while
//! the wallet was stopped, answered once it starts again from its session store.

mod support;

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bitcoin::secp256k1::{Secp256k1, SecretKey};
use serde_json::Value;
use url::Url;
use wallet_core::keys::EthAddress;
use wallet_core::sign::eip191;
use wallet_core::sign::{sign_message, SignatureScheme};
use wallet_core::{AddressFormat, MasterKey, Network};
use walletconnect::relay::RelayClient;
use walletconnect::session::{REQUEST_RESPONSE_TAG, REQUEST_RESPONSE_TTL};
use walletconnect::store::SessionStore;
use walletconnect::{Approval, Envelope, PairingUri, Proposal, Refusal, SessionRequest};

use support::{now, Dapp};
use walletconnect::offer::BITCOIN_MAINNET as MAINNET;

#[test]
fn a_real_dapp_proposes_a_session_and_takes_the_wallets_approval() {
    let (_relay, _control, relay_url) = support::relay();
    let mut dapp = Dapp::start(&relay_url);
    let uri = dapp.uri.clone();

    let pairing = PairingUri::parse(&uri, now()).unwrap_or_else(|error| panic!("{uri}: {error}"));
    assert!(pairing.expiry.is_some_and(|expiry| expiry > now()));
    let store_path = std::env::temp_dir()
        .join(format!("wc-proposal-{}", std::process::id()))
        .join("sessions.json");
    let _ = std::fs::remove_file(&store_path);
    let mut store = SessionStore::open(&store_path, now()).unwrap();
    let relay_url = Url::parse(&relay_url).unwrap();
    let mut client = RelayClient::connect(&relay_url, None, store.client(), None, now()).unwrap();
    client.subscribe(&pairing.topic).unwrap();
    let delivery = client
        .next_delivery(Duration::from_secs(20))
        .unwrap()
        .expect("the proposal, kept by the relay for the wallet");
    assert_eq!(delivery.topic, pairing.topic);
    assert_eq!(delivery.tag, 1100);

    let opened = Envelope::decode(&delivery.message)
        .unwrap()
        .open(&pairing.sym_key)
        .unwrap();
    let proposal: Value = serde_json::from_slice(&opened).unwrap();
    assert_eq!(proposal["method"], "wc_sessionPropose");
    let params = &proposal["params"];
    assert_eq!(params["proposer"]["metadata"]["name"], "exchange");
    assert_eq!(params["proposer"]["publicKey"].as_str().unwrap().len(), 64);
    assert_eq!(
        params["optionalNamespaces"]["bip122"]["methods"],
        serde_json::json!(["signMessage", "getAccountAddresses"])
    );
    assert_eq!(
        params["optionalNamespaces"]["eip155"]["chains"][0],
        "eip155:1"
    );

    let proposal = Proposal::read(pairing.topic, &opened).unwrap();
    let secret = SecretKey::from_slice(&[0x42; 32]).unwrap();
    let address = EthAddress::from_public_key(&secret.public_key(&Secp256k1::new())).to_string();
    let bitcoin_key = MasterKey::from_seed_bytes(&[7; 64], Network::Mainnet)
        .unwrap()
        .derive(AddressFormat::P2wpkh, 0)
        .unwrap();
    let bitcoin_address = bitcoin_key.address.to_string();
    let shared = serde_json::json!({
        "bip122": {
            "chains": [MAINNET], "methods": ["signMessage"], "events": [],
            "accounts": [format!("{MAINNET}:{bitcoin_address}")],
        },
        "eip155": {
            "chains": ["eip155:1"], "methods": ["personal_sign"], "events": ["accountsChanged"],
            "accounts": [format!("eip155:1:{address}")],
        },
    });
    let metadata = serde_json::json!({
        "name": "AOPP Wallet", "description": "test", "url": "https://aoppwallet.example", "icons": [],
    });
    let approval = Approval::new(
        &proposal,
        &pairing.sym_key,
        shared.clone(),
        metadata,
        now(),
        1,
    );
    client.approve_session(&pairing.topic, &approval).unwrap();

    // The dApp has its session, with what was shared.
    let settled: Value = dapp.heard();
    assert_eq!(settled["namespaces"], shared);
    assert_eq!(settled["peer"], "AOPP Wallet");
    // And it acknowledges the settlement on the session topic.
    let answer = client
        .next_delivery(Duration::from_secs(20))
        .unwrap()
        .expect("the settlement's acknowledgement");
    assert_eq!((answer.topic, answer.tag), (approval.session.topic, 1103));
    let answer = Envelope::decode(&answer.message)
        .unwrap()
        .open(&approval.session.key)
        .unwrap();
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(
        (answer["id"].as_u64(), &answer["result"]),
        (Some(1), &Value::Bool(true))
    );
    let session = approval.session;
    store.add(session.clone()).unwrap();

    // A request, signed; the same again, refused.
    let text = "I control this account: 7f3a";
    let request = serde_json::json!({
        "chainId": "eip155:1", "method": "personal_sign",
        "params": [format!("0x{}", hex::encode(text)), address],
    });
    for refuse in [false, true] {
        dapp.request(&request);
        let asked = next_request(&mut client, &session);
        assert_eq!(asked.params[1], address.as_str());
        let answer = if refuse {
            session.refuse(asked.id, Refusal::UserRejected)
        } else {
            let signature = eip191::sign(&secret, text);
            session.answer(asked.id, format!("0x{}", hex::encode(signature)).into())
        };
        send_answer(&mut client, &session, &answer);
        let outcome = dapp.heard();
        if refuse {
            assert_eq!(outcome["error"]["code"], 5000, "{outcome}");
        } else {
            assert_eq!(outcome["recovered"], address.as_str(), "{outcome}");
        }
    }

    // Bitcoin, as Reown AppKit's Bitcoin connector asks: {account, address, message, protocol};
    // the answer {address, signature} with the signature in hex (AppKit turns it into base64
    // for bip322-js): ecdsa the 65-byte signature with Electrum's header, bip322 the witness.
    let message = "Sign in to exchange.example: nonce 4f1c";
    for (protocol, scheme) in [
        ("ecdsa", SignatureScheme::Electrum),
        ("bip322", SignatureScheme::Bip322),
    ] {
        let request = serde_json::json!({
            "chainId": MAINNET, "method": "signMessage",
            "params": { "account": bitcoin_address, "address": bitcoin_address, "message": message, "protocol": protocol },
        });
        dapp.request(&request);
        let asked = next_request(&mut client, &session);
        assert_eq!(asked.params["protocol"], protocol);
        let signed = sign_message(
            &bitcoin_key,
            scheme,
            asked.params["message"].as_str().unwrap(),
        )
        .unwrap();
        let signature = hex::encode(STANDARD.decode(signed).unwrap());
        let result = serde_json::json!({ "address": bitcoin_address, "signature": signature });
        send_answer(&mut client, &session, &session.answer(asked.id, result));
        let outcome = dapp.heard();
        assert_eq!(outcome["verified"], true, "{protocol}: {outcome}");
    }

    // The wallet stops; a request comes meanwhile; the wallet starts again from its store
    // (same client key, the session and its key), and the relay hands it the request.
    drop((client, store));
    dapp.request(&request);
    let store = SessionStore::open(&store_path, now()).unwrap();
    assert_eq!(store.sessions(), std::slice::from_ref(&session));
    let mut client = RelayClient::connect(&relay_url, None, store.client(), None, now()).unwrap();
    client.subscribe(&session.topic).unwrap();
    let asked = next_request(&mut client, &session);
    let signature = eip191::sign(&secret, text);
    let answer = session.answer(asked.id, format!("0x{}", hex::encode(signature)).into());
    send_answer(&mut client, &session, &answer);
    let outcome = dapp.heard();
    assert_eq!(
        outcome["recovered"],
        address.as_str(),
        "after the restart: {outcome}"
    );
}

/// Publishes the sealed `answer` to a request on `session`.
fn send_answer(client: &mut RelayClient, session: &walletconnect::Session, answer: &str) {
    client
        .publish(
            &session.topic,
            answer,
            REQUEST_RESPONSE_TTL,
            REQUEST_RESPONSE_TAG,
        )
        .unwrap();
}

/// The dApp's next request on `session`, which must be one the session granted.
fn next_request(client: &mut RelayClient, session: &walletconnect::Session) -> SessionRequest {
    let delivery = client
        .next_delivery(Duration::from_secs(20))
        .unwrap()
        .expect("the dApp's request");
    assert_eq!((delivery.topic, delivery.tag), (session.topic, 1108));
    let opened = Envelope::decode(&delivery.message)
        .unwrap()
        .open(&session.key)
        .unwrap();
    let asked = SessionRequest::read(&opened).unwrap();
    assert!(session.grants(&asked.chain_id, &asked.method), "{asked:?}");
    asked
}
