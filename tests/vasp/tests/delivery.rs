//! `wallet_core::deliver` against the real local VASP over HTTPS with its generated CA: every
//! answer the spec names and every misbehaviour, each classified as the user must be told.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wallet_core::deliver::{Courier, DeliveryConfig, Outcome};
use wallet_core::journal::ProofStatus;
use wallet_core::{prove, AddressFormat, AoppRequest, MasterKey, Mnemonic, Network, SignOptions};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

struct Server {
    child: Child,
    url: String,
    ca: Vec<u8>,
    /// The proxy's address when the server was started with `--socks5`.
    socks5: Option<String>,
}

impl Server {
    /// An HTTP client that trusts the server's CA, for its API.
    fn client(&self) -> ureq::Agent {
        let ca = ureq::tls::Certificate::from_pem(&self.ca)
            .unwrap()
            .to_owned();
        ureq::Agent::config_builder()
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::new_with_certs(&[ca]))
                    .build(),
            )
            .build()
            .into()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server() -> Server {
    server_with(&[])
}

fn server_with(extra: &[&str]) -> Server {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    // One file per server: the tests run in parallel in one process.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let ca_path = dir.join(format!("delivery-ca-{}-{n}.pem", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_aopp-test-vasp"))
        .args(["--hang-seconds", "5", "--ca-out"])
        .arg(&ca_path)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let started: serde_json::Value = serde_json::from_str(&line).unwrap();
    Server {
        child,
        url: started["url"]
            .as_str()
            .unwrap()
            .replace("127.0.0.1", "localhost"),
        ca: std::fs::read(&ca_path).unwrap(),
        socks5: started["socks5"].as_str().map(str::to_owned),
    }
}

fn courier(server: &Server, total: Duration) -> Courier {
    Courier::new(&DeliveryConfig {
        total_timeout: total,
        extra_root_pem: Some(server.ca.clone()),
        ..DeliveryConfig::default()
    })
    .unwrap()
}

/// A JSON list the server keeps (`/received`, `/proxied`).
fn listed(server: &Server, path: &str) -> serde_json::Value {
    server
        .client()
        .get(format!("{}/{path}", server.url))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap()
}

/// Asks the VASP for a link, as a withdrawal page would.
fn link(server: &Server, body: serde_json::Value) -> (String, AoppRequest) {
    let response = server
        .client()
        .post(format!("{}/links", server.url))
        .send_json(&body)
        .unwrap()
        .body_mut()
        .read_json::<serde_json::Value>()
        .unwrap();
    let request = AoppRequest::parse(response["link"].as_str().unwrap()).unwrap();
    (response["token"].as_str().unwrap().to_owned(), request)
}

fn proof_for(request: &AoppRequest, network: Network, index: u32) -> wallet_core::Proof {
    let seed = Mnemonic::parse(ABANDON).unwrap().to_seed("");
    prove(
        &MasterKey::from_seed(&seed, network),
        request,
        index,
        AddressFormat::P2wpkh,
        SignOptions::default(),
    )
    .unwrap()
    .proof
}

#[test]
fn a_valid_proof_is_accepted_once_then_the_token_is_spent() {
    let server = server();
    let courier = courier(&server, Duration::from_secs(30));
    for format in ["p2pkh", "p2sh", "p2wpkh", "p2tr", "any"] {
        let (_, request) = link(
            &server,
            serde_json::json!({"asset": "btc", "format": format}),
        );
        let proof = proof_for(&request, Network::Mainnet, 0);
        assert_eq!(
            courier.deliver(&request.callback, &proof),
            Outcome::Accepted,
            "{format}"
        );
        assert_eq!(
            courier.deliver(&request.callback, &proof),
            Outcome::Expired,
            "single use: {format}"
        );
    }
    let (_, request) = link(
        &server,
        serde_json::json!({"asset": "eth", "format": "standard"}),
    );
    assert_eq!(
        courier.deliver(&request.callback, &proof_for(&request, Network::Mainnet, 0)),
        Outcome::Accepted
    );
}

#[test]
fn a_proof_the_vasp_refuses_shows_its_text() {
    let server = server();
    let courier = courier(&server, Duration::from_secs(30));
    let (_, request) = link(
        &server,
        serde_json::json!({"asset": "btc", "format": "any", "network": "testnet"}),
    );
    // A mainnet address where the VASP asked for testnet.
    match courier.deliver(&request.callback, &proof_for(&request, Network::Mainnet, 0)) {
        Outcome::Rejected { text } => assert_eq!(
            text,
            "signature does not verify: \"bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu\" is not a testnet address"
        ),
        other => panic!("expected a 400, got {other:?}"),
    }
}

/// What an outcome must look like.
type Expectation = fn(&Outcome) -> bool;

#[test]
fn each_misbehaviour_has_its_own_outcome_and_stays_pending() {
    let server = server();
    let courier = courier(&server, Duration::from_secs(2));
    let cases: [(&str, Expectation); 5] = [
        (
            "redirect",
            |o| matches!(o, Outcome::Redirected { status: 302, location } if location == "https://elsewhere.example/proofs"),
        ),
        (
            "error",
            |o| matches!(o, Outcome::ServerError { status: 500, text } if text == "internal error, try again later"),
        ),
        ("close", |o| matches!(o, Outcome::Network { .. })),
        (
            "huge",
            |o| matches!(o, Outcome::ServerError { status: 500, text } if text.chars().count() == 301),
        ),
        ("hang", |o| matches!(o, Outcome::Timeout)),
    ];
    for (mode, expected) in cases {
        let (_, request) = link(
            &server,
            serde_json::json!({"asset": "btc", "format": "p2wpkh", "mode": mode}),
        );
        let proof = proof_for(&request, Network::Mainnet, 1);
        let started = Instant::now();
        let outcome = courier.deliver(&request.callback, &proof);
        assert!(expected(&outcome), "{mode}: {outcome:?}");
        assert_eq!(
            outcome.status(),
            ProofStatus::Pending,
            "{mode} is worth a retry"
        );
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{mode} returned within the timeout"
        );
    }
}

#[test]
fn the_same_payload_is_accepted_once_the_server_behaves() {
    let server = server();
    let courier = courier(&server, Duration::from_secs(30));
    let (token, request) = link(
        &server,
        serde_json::json!({"asset": "btc", "format": "p2wpkh", "mode": "error"}),
    );
    let proof = proof_for(&request, Network::Mainnet, 2);
    assert!(matches!(
        courier.deliver(&request.callback, &proof),
        Outcome::ServerError { .. }
    ));
    server
        .client()
        .post(format!("{}/links/{token}/mode", server.url))
        .send("\"normal\"")
        .unwrap();
    assert_eq!(
        courier.deliver(&request.callback, &proof),
        Outcome::Accepted
    );
}

#[test]
fn an_unknown_certificate_authority_is_a_network_failure() {
    let server = server();
    // The platform's roots do not know the test CA.
    let strict = Courier::new(&DeliveryConfig::default()).unwrap();
    let (_, request) = link(
        &server,
        serde_json::json!({"asset": "btc", "format": "p2wpkh"}),
    );
    assert!(matches!(
        strict.deliver(&request.callback, &proof_for(&request, Network::Mainnet, 3)),
        Outcome::Network { .. }
    ));
}

#[test]
fn through_a_socks5_proxy_the_proof_arrives_and_never_goes_around_it() {
    let server = server_with(&["--socks5"]);
    let via = |proxy: String| {
        Courier::new(&DeliveryConfig {
            socks5_proxy: Some(proxy),
            extra_root_pem: Some(server.ca.clone()),
            ..DeliveryConfig::default()
        })
        .unwrap()
    };
    let proxy = server.socks5.clone().expect("--socks5 prints the proxy");
    let (_, request) = link(
        &server,
        serde_json::json!({"asset": "btc", "format": "p2wpkh"}),
    );
    let proof = proof_for(&request, Network::Mainnet, 0);
    assert_eq!(
        via(proxy).deliver(&request.callback, &proof),
        Outcome::Accepted
    );
    // The proxy was asked for the callback's host by name, even under `socks5://`: DNS is the
    // proxy's (with Tor, the local resolver never learns the exchange's name).
    let host = request.callback.host_str().unwrap();
    let port = request.callback.port().unwrap();
    assert_eq!(
        listed(&server, "proxied"),
        serde_json::json!([format!("{host}:{port}")])
    );

    // A proxy that is not there: a network failure, and nothing went to the VASP directly.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("socks5://{}", closed.local_addr().unwrap());
    drop(closed);
    let (token, request) = link(
        &server,
        serde_json::json!({"asset": "btc", "format": "p2wpkh"}),
    );
    let outcome = via(dead).deliver(&request.callback, &proof_for(&request, Network::Mainnet, 1));
    assert!(matches!(outcome, Outcome::Network { .. }), "{outcome:?}");
    let received = listed(&server, "received");
    let arrived = received.as_array().unwrap();
    assert!(arrived.iter().all(|entry| entry["token"] != token.as_str()));
}
