//! The wallet's connections thread (`walletconnect::connections`) and a real dApp
//! (`@walletconnect/sign-client` 2.21.8) through the test relay, as the app uses it: a pairing
//! URI in, the proposal laid out and approved with the accounts shared, requests waiting for
//! the user and answered, a request for an account never shared refused without asking, the
//! relay dropping every connection and the wallet back on its own (nothing lost), a request
//! still waiting when the app quits waiting again when it starts, and the user's Disconnect
//! ending the session on the dApp's side too.

mod support;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use bitcoin::secp256k1::{Secp256k1, SecretKey};
use serde_json::{json, Value};
use url::Url;
use wallet_core::keys::EthAddress;
use wallet_core::sign::eip191;
use walletconnect::connections::{Connections, RelaySettings, RelayStatus, Snapshot};
use walletconnect::offer::{Ask, Offer, BITCOIN_MAINNET};
use walletconnect::{PairingUri, Refusal};

use support::{now, Dapp};

/// Waits (up to 20 s) until the snapshot satisfies `ready`, woken by the connections' notices.
fn wait_for(
    connections: &Connections,
    changed: &mpsc::Receiver<()>,
    what: &str,
    ready: impl Fn(&Snapshot) -> bool,
) -> Snapshot {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let snapshot = connections.snapshot();
        if ready(&snapshot) {
            return snapshot;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "{what}: still {snapshot:#?}");
        let _ = changed.recv_timeout(left.min(Duration::from_millis(200)));
    }
}

#[test]
fn the_connections_thread_serves_a_real_dapp_across_a_relay_outage() {
    let (_relay, mut control, relay_url) = support::relay();
    let mut dapp = Dapp::start(&relay_url);

    let store = std::env::temp_dir()
        .join(format!("wc-connections-{}", std::process::id()))
        .join("sessions.json");
    let _ = std::fs::remove_file(&store);
    let settings = RelaySettings {
        url: Url::parse(&relay_url).unwrap(),
        project_id: None,
        proxy: None,
    };
    let open = || {
        let (notify, changed) = mpsc::channel();
        let notify = Box::new(move || {
            let _ = notify.send(());
        });
        let connections = Connections::open(&store, settings.clone(), notify).unwrap();
        (connections, changed)
    };
    let (connections, changed) = open();
    assert_eq!(connections.snapshot().relay, RelayStatus::Idle);

    connections
        .pair(PairingUri::parse(&dapp.uri, now()).unwrap())
        .unwrap();
    let snapshot = wait_for(&connections, &changed, "the proposal", |s| {
        !s.proposals.is_empty()
    });
    assert_eq!(snapshot.relay, RelayStatus::Online);
    let pending = &snapshot.proposals[0];
    assert_eq!(pending.proposal.metadata["name"], "exchange");

    let offer = Offer::for_proposal(&pending.proposal, BITCOIN_MAINNET);
    assert_eq!(offer.refusal, None);
    let secret = SecretKey::from_slice(&[0x42; 32]).unwrap();
    let ether = EthAddress::from_public_key(&secret.public_key(&Secp256k1::new())).to_string();
    let namespaces = offer.namespaces(&pending.proposal, Some("bc1qnotused"), Some(&ether));
    let metadata = json!({ "name": "AOPP Wallet", "description": "", "url": "", "icons": [] });
    let session = connections
        .approve(pending.id, namespaces.clone(), metadata)
        .unwrap();
    let settled = dapp.heard();
    assert_eq!(settled["namespaces"], namespaces);
    assert!(connections.snapshot().proposals.is_empty());

    let text = "I control this account: 7f3a";
    let personal_sign = json!({
        "chainId": "eip155:1", "method": "personal_sign",
        "params": [format!("0x{}", hex::encode(text)), ether],
    });
    let answer_next = |dapp: &mut Dapp| {
        let snapshot = wait_for(&connections, &changed, "a request", |s| {
            !s.requests.is_empty()
        });
        let pending = &snapshot.requests[0];
        assert_eq!(
            pending.ask,
            Ask::EtherMessage {
                address: ether.clone(),
                message: text.into()
            }
        );
        let signature = format!("0x{}", hex::encode(eip191::sign(&secret, text)));
        connections.answer(pending.id, signature.into()).unwrap();
        let heard = dapp.heard();
        assert_eq!(heard["recovered"], ether.as_str(), "{heard}");
        assert!(connections.snapshot().requests.is_empty());
    };
    dapp.request(&personal_sign);
    answer_next(&mut dapp);

    // Reject: the spec's user-rejected error.
    dapp.request(&personal_sign);
    let snapshot = wait_for(&connections, &changed, "a request", |s| {
        !s.requests.is_empty()
    });
    connections
        .refuse(snapshot.requests[0].id, Refusal::UserRejected)
        .unwrap();
    assert_eq!(dapp.heard()["error"]["code"], 5000);

    // An account the session never shared: refused without asking the user, and said.
    let stranger = "0x0000000000000000000000000000000000000002";
    dapp.request(&json!({
        "chainId": "eip155:1", "method": "personal_sign",
        "params": [format!("0x{}", hex::encode(text)), stranger],
    }));
    assert_eq!(dapp.heard()["error"]["code"], 5103);
    let snapshot = connections.snapshot();
    assert!(snapshot.requests.is_empty());
    assert!(
        snapshot.notices.iter().any(|n| n.text.contains("5103")),
        "{snapshot:#?}"
    );

    // The relay drops every connection; the wallet connects again by itself and the next
    // request reaches it.
    use std::io::Write as _;
    writeln!(control, "disconnect").unwrap();
    wait_for(&connections, &changed, "the relay lost", |s| {
        matches!(s.relay, RelayStatus::Offline { .. })
    });
    wait_for(&connections, &changed, "the relay back", |s| {
        s.relay == RelayStatus::Online
    });
    dapp.request(&personal_sign);
    answer_next(&mut dapp);

    // The app quits while a request waits for the user; started again, it waits again.
    dapp.request(&personal_sign);
    wait_for(&connections, &changed, "a request", |s| {
        !s.requests.is_empty()
    });
    drop(connections);
    let (connections, changed) = open();
    let snapshot = wait_for(&connections, &changed, "the request kept", |s| {
        !s.requests.is_empty() && s.relay == RelayStatus::Online
    });
    let signature = format!("0x{}", hex::encode(eip191::sign(&secret, text)));
    connections
        .answer(snapshot.requests[0].id, signature.into())
        .unwrap();
    assert_eq!(dapp.heard()["recovered"], ether.as_str());

    // A request whose dApp already stopped waiting is dropped as it comes; one that expires
    // while it waits goes away unsigned, and cannot be answered after. The dApp hears nothing
    // of either (its next line is the deletion below, not an answer).
    let expiring = |expiry: u64| {
        let mut request = personal_sign.clone();
        request["expiryTimestamp"] = expiry.into();
        request
    };
    dapp.request(&expiring(now() - 1));
    assert!(dapp.heard()["sent"].is_u64());
    let snapshot = wait_for(&connections, &changed, "the late request dropped", |s| {
        s.notices
            .iter()
            .any(|n| n.text.contains("had stopped waiting"))
    });
    assert!(snapshot.requests.is_empty(), "{snapshot:#?}");
    let expiry = now() + 3;
    dapp.request(&expiring(expiry));
    assert!(dapp.heard()["sent"].is_u64());
    let snapshot = wait_for(&connections, &changed, "a request", |s| {
        !s.requests.is_empty()
    });
    let waiting = snapshot.requests[0].clone();
    assert_eq!(waiting.expires_at, expiry);
    assert!(!waiting.expired());
    wait_for(&connections, &changed, "the request expired", |s| {
        s.requests.is_empty()
            && s.notices
                .iter()
                .any(|n| n.text.contains("expired before you answered"))
    });
    assert!(waiting.expired());
    let late = connections.answer(waiting.id, "0x00".into());
    assert!(late.is_err(), "{late:?}");

    // Disconnect: the dApp hears of it; the session is gone here and from the store.
    connections.disconnect(&session.topic).unwrap();
    assert_eq!(dapp.heard(), json!({ "event": "session_delete" }));
    assert!(connections.snapshot().sessions.is_empty());
    drop(connections);
    let kept = walletconnect::store::SessionStore::open(&store, now()).unwrap();
    assert!(kept.sessions().is_empty());
    let _: Value = settled;
}
