//! The relay client: one websocket to a WalletConnect relay, JSON-RPC over it (`irn_subscribe`,
//! `irn_publish`, `irn_batchFetchMessages`), and the messages the relay pushes
//! (`irn_subscription`), each acknowledged as it is read. Blocking, for a thread of its own.
//!
//! `wss://` goes through rustls with the platform's certificate verifier, as the wallet's
//! proofs do; `ws://` is accepted for a relay on this machine (the test relay) only. With a
//! SOCKS5 proxy (the wallet's proxy setting, as for proofs) the connection is made through it,
//! the relay's name resolved by the proxy (as `socks5h://`), so nothing but the proxy sees
//! where the wallet connects.
//! Spec: <https://specs.walletconnect.com/2.0/specs/servers/relay/relay-server-rpc>.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};
use url::Url;

use crate::keys::{decode_hex_32, Topic};
use crate::relay_auth::{random_subject, ClientKey};
use crate::session::{Approval, SETTLE_TTL};

/// How long the relay's JWT is valid: a day, as WalletConnect's clients ask.
const JWT_TTL: u64 = 24 * 60 * 60;

/// How long a request waits for the relay's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(15);

/// A message the relay delivered on a subscribed topic (still sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub topic: Topic,
    pub message: String,
    pub tag: u64,
    /// Unix milliseconds.
    pub published_at: u64,
}

/// Why talking to the relay failed.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("the relay URL {0:?} is not ws:// on this machine or wss://")]
    BadUrl(String),
    #[error("cannot reach the relay: {0}")]
    Connect(String),
    #[error("the proxy {0:?} is not a socks5:// address")]
    BadProxy(String),
    #[error("cannot reach the relay through the proxy: {0}")]
    Proxy(String),
    #[error("the relay connection failed: {0}")]
    Socket(#[from] tungstenite::Error),
    #[error("the relay did not answer within {} s", ANSWER_TIMEOUT.as_secs())]
    NoAnswer,
    #[error("the relay refused {method}: {error}")]
    Refused { method: String, error: Value },
    #[error("the relay sent something that is not JSON-RPC: {0:.200}")]
    Garbled(String),
}

/// A byte stream the websocket runs on: plain TCP, or TLS over it.
trait Stream: Read + Write + Send {
    fn tcp(&self) -> &TcpStream;
}

impl Stream for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Stream for rustls::StreamOwned<rustls::ClientConnection, TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref()
    }
}

/// A TCP connection to `target` made by the SOCKS5 proxy at `proxy`, which is given the name,
/// not an address resolved here.
fn through(proxy: &Url, target: (&str, u16)) -> Result<TcpStream, RelayError> {
    if !matches!(proxy.scheme(), "socks5" | "socks5h") {
        return Err(RelayError::BadProxy(proxy.to_string()));
    }
    let address = (
        proxy
            .host_str()
            .unwrap_or_default()
            .trim_matches(['[', ']']),
        proxy.port().unwrap_or(1080),
    );
    let connected = match proxy.password() {
        Some(password) => {
            socks::Socks5Stream::connect_with_password(address, target, proxy.username(), password)
        }
        None => socks::Socks5Stream::connect(address, target),
    };
    connected
        .map(socks::Socks5Stream::into_inner)
        .map_err(|error| RelayError::Proxy(error.to_string()))
}

/// An open connection to a relay.
pub struct RelayClient {
    socket: WebSocket<Box<dyn Stream>>,
    next_id: u64,
    /// Deliveries read while waiting for an answer, in order.
    waiting: VecDeque<Delivery>,
}

impl RelayClient {
    /// Connects to `relay` as `key` (with WalletConnect's `projectId`, which its relays
    /// require), at unix time `now`.
    pub fn connect(
        relay: &Url,
        proxy: Option<&Url>,
        key: &ClientKey,
        project_id: Option<&str>,
        now: u64,
    ) -> Result<Self, RelayError> {
        let host = relay.host_str().unwrap_or_default().to_owned();
        let tls = match relay.scheme() {
            "wss" => true,
            "ws" if is_local(relay) => false,
            _ => return Err(RelayError::BadUrl(relay.to_string())),
        };
        let port = relay.port_or_known_default().unwrap_or(443);
        let target = (host.trim_matches(['[', ']']), port);
        let tcp = match proxy {
            Some(proxy) => through(proxy, target)?,
            None => TcpStream::connect(target)
                .map_err(|error| RelayError::Connect(error.to_string()))?,
        };
        let stream: Box<dyn Stream> = if tls {
            Box::new(tls_stream(&host, tcp)?)
        } else {
            Box::new(tcp)
        };

        let audience = relay.as_str().trim_end_matches('/');
        let jwt = key.jwt(&random_subject(), audience, now, JWT_TTL);
        let mut url = relay.clone();
        url.query_pairs_mut().append_pair("auth", &jwt);
        if let Some(project) = project_id {
            url.query_pairs_mut().append_pair("projectId", project);
        }
        let (socket, _) =
            tungstenite::client(url.as_str(), stream).map_err(|error| match error {
                tungstenite::HandshakeError::Failure(error) => RelayError::Socket(error),
                tungstenite::HandshakeError::Interrupted(_) => {
                    RelayError::Connect("the handshake was interrupted".into())
                }
            })?;
        Ok(Self {
            socket,
            next_id: 0,
            waiting: VecDeque::new(),
        })
    }

    /// Subscribes to `topic`; returns the relay's subscription id.
    pub fn subscribe(&mut self, topic: &Topic) -> Result<String, RelayError> {
        let result = self.call("irn_subscribe", json!({ "topic": topic.to_hex() }))?;
        result
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| RelayError::Garbled(result.to_string()))
    }

    /// Ends subscription `id` to `topic`.
    pub fn unsubscribe(&mut self, topic: &Topic, id: &str) -> Result<(), RelayError> {
        let params = json!({ "topic": topic.to_hex(), "id": id });
        self.call("irn_unsubscribe", params).map(drop)
    }

    /// Publishes a sealed `message` on `topic`, kept by the relay `ttl` seconds.
    pub fn publish(
        &mut self,
        topic: &Topic,
        message: &str,
        ttl: u64,
        tag: u64,
    ) -> Result<(), RelayError> {
        let params = json!({ "topic": topic.to_hex(), "message": message, "ttl": ttl, "tag": tag });
        self.call("irn_publish", params).map(drop)
    }

    /// Sends an approval: the proposal's answer on the pairing topic and the settlement on the
    /// session topic, in one `wc_approveSession` call (as sign-client 2.21 does), which also
    /// subscribes this client to the session topic.
    pub fn approve_session(
        &mut self,
        pairing: &Topic,
        approval: &Approval,
    ) -> Result<(), RelayError> {
        let params = json!({
            "pairingTopic": pairing.to_hex(),
            "sessionTopic": approval.session.topic.to_hex(),
            "sessionProposalResponse": approval.proposal_response,
            "sessionSettlementRequest": approval.settle_request,
            "ttl": SETTLE_TTL,
        });
        self.call("wc_approveSession", params).map(drop)
    }

    /// What the relay kept on `topics` that this client has not yet received.
    pub fn fetch(&mut self, topics: &[Topic]) -> Result<Vec<Delivery>, RelayError> {
        let topics: Vec<String> = topics.iter().map(Topic::to_hex).collect();
        let result = self.call("irn_batchFetchMessages", json!({ "topics": topics }))?;
        result["messages"]
            .as_array()
            .ok_or_else(|| RelayError::Garbled(result.to_string()))?
            .iter()
            .map(|message| {
                delivery(message).ok_or_else(|| RelayError::Garbled(message.to_string()))
            })
            .collect()
    }

    /// The next message pushed on a subscribed topic, waiting at most `timeout`.
    pub fn next_delivery(&mut self, timeout: Duration) -> Result<Option<Delivery>, RelayError> {
        let deadline = Instant::now() + timeout;
        while self.waiting.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            // An answer to no request of ours is dropped.
            self.read(left)?;
        }
        Ok(self.waiting.pop_front())
    }

    /// Sends a request and waits for its answer; pushes read meanwhile are kept for later.
    fn call(&mut self, method: &str, params: Value) -> Result<Value, RelayError> {
        self.next_id += 1;
        let id = self.next_id;
        let request = json!({ "id": id, "jsonrpc": "2.0", "method": method, "params": params });
        self.socket.send(Message::text(request.to_string()))?;
        let deadline = Instant::now() + ANSWER_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(RelayError::NoAnswer);
            }
            let Some(answer) = self.read(left)? else {
                continue;
            };
            if answer["id"] != id {
                continue;
            }
            if let Some(error) = answer.get("error") {
                return Err(RelayError::Refused {
                    method: method.to_owned(),
                    error: error.clone(),
                });
            }
            return Ok(answer["result"].clone());
        }
    }

    /// Reads one message within `timeout`: a push is acknowledged and queued (`None` is
    /// returned); an answer to a request is returned.
    fn read(&mut self, timeout: Duration) -> Result<Option<Value>, RelayError> {
        self.socket
            .get_ref()
            .tcp()
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
            .map_err(|error| RelayError::Connect(error.to_string()))?;
        let text = match self.socket.read() {
            Ok(Message::Text(text)) => text,
            Ok(_) => return Ok(None),
            Err(tungstenite::Error::Io(error))
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(None)
            }
            Err(error) => return Err(error.into()),
        };
        let payload: Value =
            serde_json::from_str(&text).map_err(|_| RelayError::Garbled(text.to_string()))?;
        if payload["method"] != "irn_subscription" {
            return Ok(Some(payload));
        }
        let delivered = delivery(&payload["params"]["data"])
            .ok_or_else(|| RelayError::Garbled(text.to_string()))?;
        let ack = json!({ "id": payload["id"], "jsonrpc": "2.0", "result": true });
        self.socket.send(Message::text(ack.to_string()))?;
        self.waiting.push_back(delivered);
        Ok(None)
    }
}

/// Whether `relay` is on this machine (a test relay: no TLS, no project id needed).
pub fn is_local(relay: &Url) -> bool {
    matches!(
        relay.host_str().unwrap_or_default(),
        "127.0.0.1" | "localhost" | "[::1]"
    )
}

fn delivery(data: &Value) -> Option<Delivery> {
    Some(Delivery {
        topic: Topic(decode_hex_32(data["topic"].as_str()?)?),
        message: data["message"].as_str()?.to_owned(),
        tag: data["tag"].as_u64().unwrap_or(0),
        published_at: data["publishedAt"].as_u64().unwrap_or(0),
    })
}

/// TLS to `host` with the platform's verifier (the system's roots, as for proofs).
fn tls_stream(
    host: &str,
    tcp: TcpStream,
) -> Result<rustls::StreamOwned<rustls::ClientConnection, TcpStream>, RelayError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let fail = |error: &dyn std::fmt::Display| RelayError::Connect(error.to_string());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| fail(&e))?
    .with_platform_verifier()
    .map_err(|e| fail(&e))?
    .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| fail(&e))?;
    let connection = rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| fail(&e))?;
    Ok(rustls::StreamOwned::new(connection, tcp))
}
