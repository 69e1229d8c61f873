//! The wallet's WalletConnect crate reads a real dApp's session proposal: the pairing URI that
//! `@walletconnect/sign-client` 2.21.8 makes, the relay client subscribing through the test
//! relay, the proposal the dApp sent with `wc_proposeSession` opened with the pairing's key.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use url::Url;
use walletconnect::relay::RelayClient;
use walletconnect::relay_auth::ClientKey;
use walletconnect::{Envelope, PairingUri};

/// Kills its process when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `command` and returns it with the first line it prints.
fn first_line(mut command: Command) -> (Running, String) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Running(child), line.trim().to_owned())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn a_real_dapps_session_proposal_is_read_through_the_relay() {
    let mut relay = Command::new(env!("CARGO_BIN_EXE_wc-test-relay"));
    relay.args(["--port", "0"]).stdin(Stdio::piped());
    let (_relay, listening) = first_line(relay);
    let relay_url = listening.strip_prefix("listening ").unwrap().to_owned();

    let dapp_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../walletconnect");
    assert!(
        dapp_dir
            .join("node_modules/@walletconnect/sign-client")
            .is_dir(),
        "run `npm ci` in tests/walletconnect first (scripts/test.sh does)"
    );
    let mut dapp = Command::new("node");
    dapp.args(["propose.mjs", &relay_url])
        .current_dir(&dapp_dir);
    let (_dapp, uri) = first_line(dapp);

    let pairing = PairingUri::parse(&uri, now()).unwrap_or_else(|error| panic!("{uri}: {error}"));
    assert!(pairing.expiry.is_some_and(|expiry| expiry > now()));
    let mut client = RelayClient::connect(
        &Url::parse(&relay_url).unwrap(),
        &ClientKey::random(),
        None,
        now(),
    )
    .unwrap();
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
}
