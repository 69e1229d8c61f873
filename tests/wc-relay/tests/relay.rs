//! The test relay's own rules, through its binary and a websocket client: who may connect, who
//! gets which message, for how long, and what a client that reconnects is given again.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

struct Relay {
    child: Child,
    url: String,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Relay {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wc-test-relay"))
        .args(["--port", "0"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().strip_prefix("listening ").unwrap().to_owned();
    Relay { child, url }
}

/// A JWT of the shape relay auth gives it, for the client named by `seed`.
fn jwt(seed: u8, header: Value) -> String {
    let mut key = vec![0xed, 0x01];
    key.extend([seed; 32]);
    let claims = json!({
        "iss": format!("did:key:z{}", bs58::encode(key).into_string()),
        "sub": "00", "aud": "ws://127.0.0.1", "iat": 1_700_000_000u64, "exp": 4_000_000_000u64,
    });
    let part = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
    format!(
        "{}.{}.{}",
        part(&header),
        part(&claims),
        URL_SAFE_NO_PAD.encode([0u8; 64])
    )
}

fn good_header() -> Value {
    json!({ "alg": "EdDSA", "typ": "JWT" })
}

fn connect(relay: &Relay, seed: u8) -> Socket {
    let url = format!("{}/?auth={}", relay.url, jwt(seed, good_header()));
    let (socket, _) = tungstenite::connect(url).unwrap();
    if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
    }
    socket
}

fn send(socket: &mut Socket, value: Value) {
    socket.send(Message::text(value.to_string())).unwrap();
}

/// The next JSON message, if one comes within the read timeout.
fn next(socket: &mut Socket) -> Option<Value> {
    loop {
        match socket.read() {
            Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).unwrap()),
            Ok(_) => continue,
            Err(_) => return None,
        }
    }
}

fn call(socket: &mut Socket, id: u64, method: &str, params: Value) -> Value {
    send(
        socket,
        json!({ "id": id, "jsonrpc": "2.0", "method": method, "params": params }),
    );
    loop {
        let message = next(socket).expect("an answer");
        if message["id"] == id && message.get("method").is_none() {
            return message;
        }
    }
}

/// What `irn_batchFetchMessages` hands `socket` on TOPIC.
fn fetch(socket: &mut Socket, id: u64) -> Value {
    let fetched = call(
        socket,
        id,
        "irn_batchFetchMessages",
        json!({ "topics": [TOPIC] }),
    );
    assert_eq!(fetched["result"]["hasMore"], false);
    fetched["result"]["messages"].clone()
}

const TOPIC: &str = "4963be41539609c4fc924b077b6018764e32dc6be9f4f495af9d1e70e720a5cc";

fn publish(socket: &mut Socket, message: &str, ttl: u64) {
    let params = json!({ "topic": TOPIC, "message": message, "ttl": ttl, "tag": 1108 });
    assert_eq!(call(socket, 1, "irn_publish", params)["result"], true);
}

#[test]
fn a_client_without_a_well_formed_jwt_is_refused() {
    let relay = start();
    let refused = |url: String| match tungstenite::connect(url) {
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        other => panic!("connected: {:?}", other.map(|_| ())),
    };
    assert_eq!(refused(relay.url.clone()), 401);
    let none = jwt(1, json!({ "alg": "none", "typ": "JWT" }));
    assert_eq!(refused(format!("{}/?auth={none}", relay.url)), 401);
    assert_eq!(refused(format!("{}/?auth=a.b", relay.url)), 401);
}

#[test]
fn a_message_reaches_later_subscribers_until_they_acknowledge_it() {
    let relay = start();
    let mut dapp = connect(&relay, 1);
    publish(&mut dapp, "proposal", 300);

    // A later subscriber gets it, pushed; without an acknowledgement, again after reconnecting.
    let mut wallet = connect(&relay, 2);
    let subscribed = call(&mut wallet, 2, "irn_subscribe", json!({ "topic": TOPIC }));
    let push = next(&mut wallet).expect("the message is pushed");
    assert_eq!(push["method"], "irn_subscription");
    assert_eq!(push["params"]["id"], subscribed["result"]);
    assert_eq!(push["params"]["data"]["message"], "proposal");
    assert_eq!(push["params"]["data"]["tag"], 1108);
    drop(wallet);

    let mut wallet = connect(&relay, 2);
    call(&mut wallet, 3, "irn_subscribe", json!({ "topic": TOPIC }));
    let push = next(&mut wallet).expect("pushed again: it was not acknowledged");
    send(
        &mut wallet,
        json!({ "id": push["id"], "jsonrpc": "2.0", "result": true }),
    );
    drop(wallet);

    // Acknowledged: neither pushed nor fetched again.
    let mut wallet = connect(&relay, 2);
    call(&mut wallet, 4, "irn_subscribe", json!({ "topic": TOPIC }));
    assert_eq!(next(&mut wallet), None);
    let fetched = fetch(&mut wallet, 5);
    assert_eq!(fetched, json!([]));
}

#[test]
fn a_publisher_does_not_hear_itself_and_expired_messages_are_gone() {
    let relay = start();
    let mut dapp = connect(&relay, 1);
    call(&mut dapp, 1, "irn_subscribe", json!({ "topic": TOPIC }));
    publish(&mut dapp, "short-lived", 1);
    assert_eq!(next(&mut dapp), None);
    std::thread::sleep(Duration::from_millis(1200));
    let mut wallet = connect(&relay, 2);
    let fetched = fetch(&mut wallet, 2);
    assert_eq!(fetched, json!([]));
}

#[test]
fn missed_messages_are_fetched_once() {
    let relay = start();
    let mut dapp = connect(&relay, 1);
    publish(&mut dapp, "request", 300);
    let mut wallet = connect(&relay, 2);
    let fetched = fetch(&mut wallet, 2);
    assert_eq!(fetched[0]["message"], "request");
    let again = fetch(&mut wallet, 3);
    assert_eq!(again, json!([]));
}

#[test]
fn bad_requests_get_json_rpc_errors() {
    let relay = start();
    let mut client = connect(&relay, 1);
    assert_eq!(
        call(&mut client, 1, "irn_nonsense", json!({}))["error"]["code"],
        -32601
    );
    let bad = call(
        &mut client,
        2,
        "irn_subscribe",
        json!({ "topic": "not-hex" }),
    );
    assert_eq!(bad["error"]["code"], -32602);
    let no_ttl = json!({ "topic": TOPIC, "message": "m" });
    assert_eq!(
        call(&mut client, 3, "irn_publish", no_ttl)["error"]["code"],
        -32602
    );
}
