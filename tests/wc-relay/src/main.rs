//! A WalletConnect v2 relay **for tests only**: no public relay can be reached from the test
//! machines, and no maintained open-source v2 relay exists. It keeps everything in memory, on
//! 127.0.0.1, without TLS, and trusts every client that presents a well-formed JWT.
//!
//! It does what the real relay does for the flows the wallet's tests drive (the relay RPC spec:
//! <https://specs.walletconnect.com/2.0/specs/servers/relay/relay-server-rpc>):
//!
//! * `irn_subscribe`, `irn_batchSubscribe`, `irn_unsubscribe`, `irn_batchUnsubscribe`;
//! * `irn_publish`: the message is kept for its TTL and pushed to every subscriber of the topic
//!   other than its publisher — also to those who subscribe later — as an `irn_subscription`
//!   request, until that client acknowledges it;
//! * `irn_batchFetchMessages`: what a client has not yet acknowledged on its topics;
//! * `wc_proposeSession` and `wc_approveSession`, which `@walletconnect/sign-client` 2.21 sends
//!   instead of publishing the proposal, its answer and the settlement itself: published here
//!   with the tags of the messages they carry (1100; 1101 and 1102). Each also subscribes its
//!   sender to the topic it will hear the answer on (the pairing topic; the session topic),
//!   which the library then does not ask for (`skipSubscribe`);
//! * subscription ids as the library computes them itself: `sha256(topic ‖ client id)` in hex;
//! * a websocket ping after `--ping-seconds` of silence (the client library takes a connection
//!   that stays silent 35 s for dead).
//!
//! A client is known by its JWT's issuer (`did:key:…`), so that a client that reconnects gets
//! what it missed. Lines on stdin steer the tests: `disconnect` closes every connection (the
//! clients reconnect), `down SECONDS` also refuses new ones for that long.
//!
//! Usage: `wc-test-relay --port PORT [--ping-seconds N]` (port 0: any free one); prints
//! `listening ws://127.0.0.1:PORT` once it accepts connections. With `WC_TEST_RELAY_LOG` set,
//! every message from a client is logged on stderr.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tungstenite::http::StatusCode;
use tungstenite::{Message, WebSocket};

/// Tags the relay gives the messages it publishes for `wc_proposeSession` / `wc_approveSession`
/// (those of `wc_sessionPropose` request and response, and `wc_sessionSettle` request).
const TAG_SESSION_PROPOSE: u64 = 1100;
const TAG_SESSION_PROPOSE_RESPONSE: u64 = 1101;
const TAG_SESSION_SETTLE: u64 = 1102;

/// How long a read waits before the connection's thread looks at its outbox.
const POLL: Duration = Duration::from_millis(20);

fn main() {
    let mut port = None;
    let mut ping_seconds = 20;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| usage())
        };
        match arg.as_str() {
            "--port" => port = Some(value() as u16),
            "--ping-seconds" => ping_seconds = value(),
            _ => usage(),
        }
    }
    let listener = TcpListener::bind(("127.0.0.1", port.unwrap_or_else(|| usage())))
        .expect("the port is free");
    let relay = Arc::new(Mutex::new(Relay::default()));
    let down_until = Arc::new(Mutex::new(None::<Instant>));
    {
        let (relay, down_until) = (relay.clone(), down_until.clone());
        std::thread::spawn(move || steer(&relay, &down_until));
    }
    println!("listening ws://{}", listener.local_addr().unwrap());
    std::io::stdout().flush().unwrap();

    let ping = Duration::from_secs(ping_seconds);
    for stream in listener.incoming().flatten() {
        if down_until
            .lock()
            .unwrap()
            .is_some_and(|until| Instant::now() < until)
        {
            drop(stream);
            continue;
        }
        let relay = relay.clone();
        std::thread::spawn(move || serve(stream, &relay, ping));
    }
}

fn usage() -> ! {
    eprintln!("usage: wc-test-relay --port PORT [--ping-seconds N]");
    std::process::exit(2)
}

/// Reads the control lines on stdin.
fn steer(relay: &Mutex<Relay>, down_until: &Mutex<Option<Instant>>) {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let mut words = line.split_whitespace();
        match (
            words.next(),
            words.next().and_then(|s| s.parse::<u64>().ok()),
        ) {
            (Some("disconnect"), _) => relay.lock().unwrap().disconnect_all(),
            (Some("down"), Some(seconds)) => {
                *down_until.lock().unwrap() = Some(Instant::now() + Duration::from_secs(seconds));
                relay.lock().unwrap().disconnect_all();
            }
            _ => eprintln!("wc-test-relay: unknown command {line:?}"),
        }
    }
}

/// A message kept for its TTL.
struct Stored {
    id: u64,
    topic: String,
    message: String,
    tag: u64,
    published_at: u64,
    expires: Instant,
    publisher: String,
}

/// What a connection's thread is told to do.
enum Outgoing {
    Send(String),
    Close,
}

struct Connection {
    client: String,
    outbox: Sender<Outgoing>,
}

#[derive(Default)]
struct Relay {
    next_id: u64,
    connections: HashMap<u64, Connection>,
    /// Subscription id → (connection, topic).
    subscriptions: HashMap<String, (u64, String)>,
    messages: Vec<Stored>,
    /// (client, message id) acknowledged — or handed over by a fetch.
    acked: HashSet<(String, u64)>,
    /// (connection, push request id) → message id, until the client acknowledges.
    pushes: HashMap<(u64, u64), u64>,
}

impl Relay {
    fn next(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn disconnect_all(&mut self) {
        for connection in self.connections.values() {
            let _ = connection.outbox.send(Outgoing::Close);
        }
    }

    fn forget_expired(&mut self) {
        let now = Instant::now();
        self.messages.retain(|stored| stored.expires > now);
    }

    /// Handles one JSON-RPC request from `connection`; returns its result or error object.
    fn handle(&mut self, connection: u64, method: &str, params: &Value) -> Result<Value, Value> {
        self.forget_expired();
        match method {
            "irn_subscribe" => Ok(json!(self.subscribe(connection, topic(params, "topic")?))),
            "irn_batchSubscribe" => {
                let topics = list(params, "topics")?;
                let topics: Vec<String> = topics
                    .iter()
                    .map(|topic| checked_topic(topic.as_str()))
                    .collect::<Result<_, _>>()?;
                Ok(json!(topics
                    .into_iter()
                    .map(|topic| self.subscribe(connection, topic))
                    .collect::<Vec<_>>()))
            }
            "irn_unsubscribe" => {
                self.unsubscribe(connection, params);
                Ok(json!(true))
            }
            "irn_batchUnsubscribe" => {
                for subscription in list(params, "subscriptions")? {
                    self.unsubscribe(connection, subscription);
                }
                Ok(json!(true))
            }
            "irn_publish" => {
                let tag = params["tag"].as_u64().unwrap_or(0);
                let message = text(params, "message")?;
                self.publish(
                    connection,
                    topic(params, "topic")?,
                    message,
                    tag,
                    ttl(params)?,
                );
                Ok(json!(true))
            }
            "irn_batchFetchMessages" => {
                let client = self.connections[&connection].client.clone();
                let topics: HashSet<&str> = list(params, "topics")?
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let mut messages = Vec::new();
                for stored in &self.messages {
                    if topics.contains(stored.topic.as_str())
                        && stored.publisher != client
                        && self.acked.insert((client.clone(), stored.id))
                    {
                        messages.push(delivery(stored));
                    }
                }
                Ok(json!({ "messages": messages, "hasMore": false }))
            }
            "wc_proposeSession" => {
                let message = text(params, "sessionProposal")?;
                let pairing = topic(params, "pairingTopic")?;
                self.subscribe(connection, pairing.clone());
                self.publish(
                    connection,
                    pairing,
                    message,
                    TAG_SESSION_PROPOSE,
                    ttl(params)?,
                );
                Ok(json!(true))
            }
            "wc_approveSession" => {
                let ttl = ttl(params)?;
                let response = text(params, "sessionProposalResponse")?;
                let settlement = text(params, "sessionSettlementRequest")?;
                let pairing = topic(params, "pairingTopic")?;
                let session = topic(params, "sessionTopic")?;
                self.subscribe(connection, session.clone());
                self.publish(
                    connection,
                    pairing,
                    response,
                    TAG_SESSION_PROPOSE_RESPONSE,
                    ttl,
                );
                self.publish(connection, session, settlement, TAG_SESSION_SETTLE, ttl);
                Ok(json!(true))
            }
            other => Err(json!({ "code": -32601, "message": format!("method {other} not found") })),
        }
    }

    fn subscribe(&mut self, connection: u64, topic: String) -> String {
        let client = self.connections[&connection].client.clone();
        let id = hex(&Sha256::digest(format!("{topic}{client}")));
        self.subscriptions
            .insert(id.clone(), (connection, topic.clone()));
        let waiting: Vec<u64> = self
            .messages
            .iter()
            .filter(|stored| stored.topic == topic && stored.publisher != client)
            .filter(|stored| !self.acked.contains(&(client.clone(), stored.id)))
            .map(|stored| stored.id)
            .collect();
        for message in waiting {
            self.push(connection, &id, message);
        }
        id
    }

    fn unsubscribe(&mut self, connection: u64, params: &Value) {
        let topic = params["topic"].as_str();
        self.subscriptions.retain(|id, (owner, subscribed)| {
            let named = params["id"].as_str().is_none_or(|wanted| wanted == id);
            !(*owner == connection && Some(subscribed.as_str()) == topic && named)
        });
    }

    fn publish(&mut self, publisher: u64, topic: String, message: String, tag: u64, ttl: u64) {
        let id = self.next();
        let client = self.connections[&publisher].client.clone();
        self.messages.push(Stored {
            id,
            topic: topic.clone(),
            message,
            tag,
            published_at: unix_millis(),
            expires: Instant::now() + Duration::from_secs(ttl),
            publisher: client.clone(),
        });
        let subscribers: Vec<(String, u64)> = self
            .subscriptions
            .iter()
            .filter(|(_, (connection, subscribed))| {
                *subscribed == topic && self.connections[connection].client != client
            })
            .map(|(subscription, (connection, _))| (subscription.clone(), *connection))
            .collect();
        for (subscription, connection) in subscribers {
            self.push(connection, &subscription, id);
        }
    }

    /// Sends message `id` to `connection` as an `irn_subscription` request.
    fn push(&mut self, connection: u64, subscription: &str, id: u64) {
        let request = self.next();
        let stored = self.messages.iter().find(|stored| stored.id == id).unwrap();
        let push = json!({
            "id": request, "jsonrpc": "2.0", "method": "irn_subscription",
            "params": { "id": subscription, "data": delivery(stored) },
        });
        self.pushes.insert((connection, request), id);
        let _ = self.connections[&connection]
            .outbox
            .send(Outgoing::Send(push.to_string()));
    }

    /// A client's answer to a push: the message is then delivered to that client for good.
    fn acknowledge(&mut self, connection: u64, request: u64) {
        if let Some(message) = self.pushes.remove(&(connection, request)) {
            let client = self.connections[&connection].client.clone();
            self.acked.insert((client, message));
        }
    }

    fn close(&mut self, connection: u64) {
        self.connections.remove(&connection);
        self.subscriptions
            .retain(|_, (owner, _)| *owner != connection);
        self.pushes.retain(|(owner, _), _| *owner != connection);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn delivery(stored: &Stored) -> Value {
    json!({
        "topic": stored.topic, "message": stored.message,
        "publishedAt": stored.published_at, "tag": stored.tag,
    })
}

fn invalid(message: String) -> Value {
    json!({ "code": -32602, "message": message })
}

fn text(params: &Value, name: &str) -> Result<String, Value> {
    params[name]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| invalid(format!("{name} must be a string")))
}

fn list<'a>(params: &'a Value, name: &str) -> Result<&'a Vec<Value>, Value> {
    params[name]
        .as_array()
        .ok_or_else(|| invalid(format!("{name} must be a list")))
}

fn topic(params: &Value, name: &str) -> Result<String, Value> {
    checked_topic(params[name].as_str())
}

fn checked_topic(topic: Option<&str>) -> Result<String, Value> {
    match topic {
        Some(topic) if topic.len() == 64 && topic.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(topic.to_owned())
        }
        _ => Err(invalid(format!("a topic is 64 hex digits, not {topic:?}"))),
    }
}

fn ttl(params: &Value) -> Result<u64, Value> {
    params["ttl"]
        .as_u64()
        .filter(|&ttl| ttl > 0)
        .ok_or_else(|| invalid("ttl must be a positive number of seconds".into()))
}

fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as u64)
}

/// Serves one client: the handshake (with its JWT), then requests in and pushes out.
#[allow(clippy::result_large_err)] // The handshake callback's type is tungstenite's.
fn serve(stream: TcpStream, relay: &Mutex<Relay>, ping: Duration) {
    let mut client = None;
    let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        match request
            .uri()
            .query()
            .and_then(auth_param)
            .map(|jwt| issuer(&jwt))
        {
            Some(Ok(issuer)) => {
                client = Some(issuer);
                Ok(response)
            }
            Some(Err(why)) => Err(refusal(&format!("bad auth JWT: {why}"))),
            None => Err(refusal("no auth parameter")),
        }
    };
    let Ok(mut socket) = tungstenite::accept_hdr(stream, check) else {
        return;
    };
    let client = client.expect("set by the accepted handshake");
    socket.get_ref().set_read_timeout(Some(POLL)).unwrap();
    let (outbox, outgoing) = channel();
    let connection = {
        let mut relay = relay.lock().unwrap();
        let connection = relay.next();
        relay
            .connections
            .insert(connection, Connection { client, outbox });
        connection
    };
    converse(&mut socket, connection, relay, &outgoing, ping);
    relay.lock().unwrap().close(connection);
    let _ = socket.close(None);
    let _ = socket.flush();
}

fn converse(
    socket: &mut WebSocket<TcpStream>,
    connection: u64,
    relay: &Mutex<Relay>,
    outgoing: &Receiver<Outgoing>,
    ping: Duration,
) {
    let mut heard = Instant::now();
    loop {
        match socket.read() {
            Ok(Message::Text(text)) => {
                heard = Instant::now();
                if let Some(answer) = answer(&text, connection, relay) {
                    if socket.send(Message::text(answer)).is_err() {
                        return;
                    }
                }
            }
            Ok(Message::Close(_)) => return,
            Ok(_) => heard = Instant::now(),
            Err(tungstenite::Error::Io(error))
                if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
        while let Ok(next) = outgoing.try_recv() {
            let Outgoing::Send(text) = next else { return };
            if socket.send(Message::text(text)).is_err() {
                return;
            }
        }
        if heard.elapsed() >= ping {
            heard = Instant::now();
            if socket.send(Message::Ping(Vec::new().into())).is_err() {
                return;
            }
        }
    }
}

/// The response to a request (`None` for a client's answer to a push, which gets none).
fn answer(text: &str, connection: u64, relay: &Mutex<Relay>) -> Option<String> {
    let Ok(payload) = serde_json::from_str::<Value>(text) else {
        let error = json!({ "code": -32700, "message": "not JSON" });
        return Some(json!({ "id": null, "jsonrpc": "2.0", "error": error }).to_string());
    };
    let id = payload["id"].clone();
    if std::env::var_os("WC_TEST_RELAY_LOG").is_some() {
        eprintln!("wc-test-relay: connection {connection}: {text:.200}");
    }
    let Some(method) = payload["method"].as_str() else {
        if let Some(request) = id.as_u64() {
            relay.lock().unwrap().acknowledge(connection, request);
        }
        return None;
    };
    let outcome = relay
        .lock()
        .unwrap()
        .handle(connection, method, &payload["params"]);
    Some(
        match outcome {
            Ok(result) => json!({ "id": id, "jsonrpc": "2.0", "result": result }),
            Err(error) => json!({ "id": id, "jsonrpc": "2.0", "error": error }),
        }
        .to_string(),
    )
}

fn auth_param(query: &str) -> Option<String> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("auth="))
        .map(str::to_owned)
}

/// The JWT's issuer, if the token has the shape relay client auth gives it (the signature is
/// not checked: this relay trusts its tests).
fn issuer(jwt: &str) -> Result<String, String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("not three parts".into());
    };
    let json = |part: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| "not base64url")?;
        serde_json::from_slice(&bytes).map_err(|_| "not JSON".into())
    };
    let (header, claims) = (json(header)?, json(claims)?);
    if header != json!({ "alg": "EdDSA", "typ": "JWT" }) {
        return Err(format!("header {header}"));
    }
    if URL_SAFE_NO_PAD.decode(signature).map(|s| s.len()) != Ok(64) {
        return Err("the signature is not 64 bytes".into());
    }
    for name in ["sub", "aud"] {
        if !claims[name].is_string() {
            return Err(format!("no {name}"));
        }
    }
    let (Some(issued), Some(expires)) = (claims["iat"].as_u64(), claims["exp"].as_u64()) else {
        return Err("no iat or exp".into());
    };
    if expires <= issued || expires * 1000 < unix_millis() {
        return Err("expired".into());
    }
    let issuer = claims["iss"].as_str().unwrap_or_default();
    let key = issuer
        .strip_prefix("did:key:z")
        .and_then(|key| bs58::decode(key).into_vec().ok());
    match key {
        Some(key) if key.len() == 34 && key[..2] == [0xed, 0x01] => Ok(issuer.to_owned()),
        _ => Err(format!("iss {issuer:?} is not an Ed25519 did:key")),
    }
}

fn refusal(why: &str) -> ErrorResponse {
    let mut response = ErrorResponse::new(Some(why.to_owned()));
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response
}
