//! The wallet's connections to dApps, kept by one thread of their own: the relay connection
//! (made when there is something to listen for, made again after it drops, every topic
//! subscribed again and what was missed fetched), the pairings waiting for a proposal, the
//! proposals and requests waiting for the user, and the sessions (in the [`SessionStore`]).
//!
//! The app asks through [`Connections`] and reads a [`Snapshot`] when told that something
//! changed. Nothing here signs: a request waits until the app answers it with what the user
//! approved, or refuses it. Answers go through an outbox, so one made while the relay is away
//! is sent when it is back.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

use crate::envelope::{Envelope, EnvelopeError, MAX_ENCODED_LEN};
use crate::keys::{SymKey, Topic};
use crate::offer::Ask;
use crate::pairing::PairingUri;
use crate::relay::{is_local, Delivery, RelayClient, RelayError};
use crate::session::{
    acknowledge, tags, Approval, Proposal, Refusal, Session, SessionRequest, REQUEST_RESPONSE_TAG,
    REQUEST_RESPONSE_TTL,
};
use crate::store::{Outgoing, SessionStore, StoreError, Waiting};

/// How long the app waits for the connections' thread to do what it asked.
const REPLY_TIMEOUT: Duration = Duration::from_secs(20);
/// The longest wait before connecting to the relay again.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How many notices are kept.
const NOTICES: usize = 20;

/// Where the relay is and how to be let in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelaySettings {
    pub url: Url,
    /// The Reown project id its public relays require.
    pub project_id: Option<String>,
    /// The SOCKS5 proxy to reach it through, if the user set one.
    pub proxy: Option<Url>,
}

/// The relay connection, as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RelayStatus {
    /// Nothing to listen for: not connected.
    #[default]
    Idle,
    Online,
    /// Could not connect or the connection dropped; tried again in a moment.
    Offline {
        error: String,
    },
}

/// A proposal waiting for Connect or Reject.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingProposal {
    /// Its id in this app (not the dApp's JSON-RPC id).
    pub id: u64,
    pub proposal: Proposal,
    /// Unix seconds.
    pub received_at: u64,
}

/// A dApp's request waiting for Sign or Reject.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRequest {
    /// Its id in this app.
    pub id: u64,
    pub topic: Topic,
    pub request: SessionRequest,
    pub ask: Ask,
    pub peer_metadata: Value,
    pub received_at: u64,
    /// Unix seconds: when the dApp stops waiting. Its `expiryTimestamp`, else the Sign API's
    /// time to live for `wc_sessionRequest` (five minutes) from when it came.
    pub expires_at: u64,
}

impl PendingRequest {
    /// Whether the dApp has stopped waiting: such a request is never signed, only dropped
    /// (as WalletConnect's own wallet client drops it, without an answer).
    pub fn expired(&self) -> bool {
        self.expires_at <= unix_now()
    }
}

/// A settled session, without its key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionInfo {
    pub topic: String,
    pub peer_metadata: Value,
    pub namespaces: Value,
    pub expiry: u64,
}

/// Something that happened without the user: a request refused for what it asked, a dApp
/// that disconnected, a message that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub at: u64,
    /// The dApp's URL as it gives it (or empty).
    pub peer_url: String,
    /// What happened, for the screens to say in the user's language.
    pub what: NoticeKind,
    /// The same in English, for logs and tests.
    pub text: String,
}

/// What a [`Notice`] says, with what the screens put into their sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoticeKind {
    /// A request that waited for the user until the dApp stopped waiting.
    Expired { method: String },
    /// A request that came when the dApp had stopped waiting already.
    Late { method: String },
    /// A request answered with the Sign API's error without asking the user.
    Refused {
        method: String,
        code: i64,
        reason: String,
    },
    /// A message over the size limit, never read.
    TooLarge { length: usize, limit: usize },
    /// A message that did not open (`detail`: why, in English).
    Unreadable { detail: String },
    /// A message that opened but was not JSON.
    NotJson,
    /// The dApp ended the session.
    Disconnected,
    /// The session reached its expiry.
    SessionExpired,
    /// Anything else (the store, the relay), in English.
    Other { detail: String },
}

impl NoticeKind {
    /// The notice in English.
    pub fn text(&self) -> String {
        match self {
            Self::Expired { method } => {
                format!("a {method} request expired before you answered it; nothing was signed")
            }
            Self::Late { method } => format!(
                "a {method} request came after the dApp had stopped waiting for it; it was dropped"
            ),
            Self::Refused {
                method,
                code,
                reason,
            } => format!("a {method} request was refused without asking you: {reason} ({code})"),
            Self::TooLarge { length, limit } => format!(
                "a message of {length} characters was too large to read (at most {limit}); it was ignored and nothing was signed"
            ),
            Self::Unreadable { detail } => {
                format!("a message could not be read ({detail}); nothing was signed")
            }
            Self::NotJson => "a message was not JSON; nothing was signed".to_owned(),
            Self::Disconnected => "the dApp disconnected".to_owned(),
            Self::SessionExpired => "the connection expired".to_owned(),
            Self::Other { detail } => detail.clone(),
        }
    }

    fn other(error: impl std::fmt::Display) -> NoticeKind {
        NoticeKind::Other {
            detail: error.to_string(),
        }
    }
}

/// Everything the app shows of its connections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub relay: RelayStatus,
    /// Pairings read from a `wc:` URI whose proposal has not come yet.
    pub waiting_pairings: usize,
    pub proposals: Vec<PendingProposal>,
    pub requests: Vec<PendingRequest>,
    pub sessions: Vec<SessionInfo>,
    pub notices: Vec<Notice>,
}

/// Why something asked of the connections failed.
#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    #[error("a Reown project id is needed for the relay {0}: set one in Settings (WalletConnect)")]
    NoProjectId(String),
    #[error("no proposal or request {0} is waiting (it was answered or withdrawn)")]
    NotWaiting(u64),
    #[error("no session {0}")]
    NoSession(String),
    #[error("the dApp stopped waiting for request {0} (it expired); nothing was signed")]
    Expired(u64),
    #[error("the relay is not reachable: {0}")]
    Offline(String),
    #[error(transparent)]
    Relay(#[from] RelayError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the connections' thread stopped")]
    Stopped,
}

type Reply<T> = Sender<Result<T, ConnectionError>>;

enum Command {
    Pair(PairingUri, Reply<()>),
    Approve {
        id: u64,
        namespaces: Value,
        metadata: Value,
        reply: Reply<SessionInfo>,
    },
    RejectProposal(u64, Refusal, Reply<()>),
    Answer(u64, Value, Reply<()>),
    Refuse(u64, Refusal, Reply<()>),
    Disconnect(Topic, Reply<()>),
    Configure(RelaySettings),
}

struct Shared {
    snapshot: Mutex<Snapshot>,
    notify: Box<dyn Fn() + Send + Sync>,
}

/// The app's handle on its connections.
pub struct Connections {
    shared: Arc<Shared>,
    settings: Mutex<RelaySettings>,
    /// The thread, once started; with the store until then.
    worker: Mutex<WorkerState>,
}

enum WorkerState {
    NotStarted(Box<SessionStore>),
    Running(Sender<Command>),
}

impl Connections {
    /// Opens the sessions kept at `store_path`; `notify` is called (from the connections'
    /// thread) whenever the [`Snapshot`] changed. Listens at once if sessions are kept.
    pub fn open(
        store_path: &Path,
        settings: RelaySettings,
        notify: Box<dyn Fn() + Send + Sync>,
    ) -> Result<Self, ConnectionError> {
        let store = SessionStore::open(store_path, unix_now())?;
        let snapshot = Snapshot {
            sessions: store.sessions().iter().map(info).collect(),
            ..Snapshot::default()
        };
        let listen = !store.sessions().is_empty();
        let connections = Self {
            shared: Arc::new(Shared {
                snapshot: Mutex::new(snapshot),
                notify,
            }),
            settings: Mutex::new(settings),
            worker: Mutex::new(WorkerState::NotStarted(Box::new(store))),
        };
        if listen {
            // Without a project id for a public relay it waits: the sessions are still listed,
            // and the app says what is missing.
            let _ = connections.commands();
        }
        Ok(connections)
    }

    /// What there is to show.
    pub fn snapshot(&self) -> Snapshot {
        lock(&self.shared.snapshot).clone()
    }

    /// The relay's settings now.
    pub fn settings(&self) -> RelaySettings {
        lock(&self.settings).clone()
    }

    /// Pairs with the dApp of `uri`: its proposal shows up in the snapshot when it comes.
    pub fn pair(&self, uri: PairingUri) -> Result<(), ConnectionError> {
        self.ask(|reply| Command::Pair(uri, reply))
    }

    /// Approves proposal `id` with `namespaces` (the accounts shared), introducing the wallet
    /// with `metadata`.
    pub fn approve(
        &self,
        id: u64,
        namespaces: Value,
        metadata: Value,
    ) -> Result<SessionInfo, ConnectionError> {
        self.ask(|reply| Command::Approve {
            id,
            namespaces,
            metadata,
            reply,
        })
    }

    /// Refuses proposal `id`.
    pub fn reject_proposal(&self, id: u64, refusal: Refusal) -> Result<(), ConnectionError> {
        self.ask(|reply| Command::RejectProposal(id, refusal, reply))
    }

    /// Answers request `id` with `result` (sent now, or when the relay is back).
    pub fn answer(&self, id: u64, result: Value) -> Result<(), ConnectionError> {
        self.ask(|reply| Command::Answer(id, result, reply))
    }

    /// Refuses request `id`.
    pub fn refuse(&self, id: u64, refusal: Refusal) -> Result<(), ConnectionError> {
        self.ask(|reply| Command::Refuse(id, refusal, reply))
    }

    /// Ends the session on `topic` (hex), telling the dApp.
    pub fn disconnect(&self, topic: &str) -> Result<(), ConnectionError> {
        let topic = crate::keys::decode_hex_32(topic)
            .map(Topic)
            .ok_or_else(|| ConnectionError::NoSession(topic.to_owned()))?;
        self.ask(|reply| Command::Disconnect(topic, reply))
    }

    /// Changes the relay's settings; the connection is made again with them.
    pub fn configure(&self, settings: RelaySettings) {
        *lock(&self.settings) = settings.clone();
        if let WorkerState::Running(commands) = &*lock(&self.worker) {
            let _ = commands.send(Command::Configure(settings));
        }
    }

    fn ask<T>(&self, command: impl FnOnce(Reply<T>) -> Command) -> Result<T, ConnectionError> {
        let commands = self.commands()?;
        let (reply, answer) = mpsc::channel();
        commands
            .send(command(reply))
            .map_err(|_| ConnectionError::Stopped)?;
        answer
            .recv_timeout(REPLY_TIMEOUT)
            .map_err(|_| ConnectionError::Stopped)?
    }

    /// The thread's commands, starting it if needed (not before there is something to do,
    /// and not without a project id for a public relay).
    fn commands(&self) -> Result<Sender<Command>, ConnectionError> {
        let settings = self.settings();
        if settings.project_id.is_none() && !is_local(&settings.url) {
            return Err(ConnectionError::NoProjectId(settings.url.to_string()));
        }
        let mut worker = lock(&self.worker);
        if let WorkerState::Running(commands) = &*worker {
            return Ok(commands.clone());
        }
        let (commands, received) = mpsc::channel();
        let WorkerState::NotStarted(store) =
            std::mem::replace(&mut *worker, WorkerState::Running(commands.clone()))
        else {
            unreachable!("checked above");
        };
        let shared = Arc::clone(&self.shared);
        std::thread::Builder::new()
            .name("walletconnect".into())
            .spawn(move || Worker::new(*store, settings, shared).run(&received))
            .map_err(|_| ConnectionError::Stopped)?;
        Ok(commands)
    }
}

/// A pairing read from a URI, until its proposal is answered.
struct Pairing {
    key: SymKey,
    expiry: Option<u64>,
}

struct Worker {
    shared: Arc<Shared>,
    store: SessionStore,
    settings: RelaySettings,
    client: Option<RelayClient>,
    status: RelayStatus,
    retry_at: Instant,
    backoff: Duration,
    /// Subscription ids by topic, on the current connection.
    subscriptions: HashMap<Topic, String>,
    pairings: HashMap<Topic, Pairing>,
    proposals: Vec<(PendingProposal, Topic)>,
    requests: Vec<PendingRequest>,
    /// Each waiting request as the dApp sent it, by its id here: kept in the store.
    received: HashMap<u64, Waiting>,
    notices: Vec<Notice>,
    /// Hashes of the messages already handled (a fetch may hand one again).
    seen: HashSet<[u8; 32]>,
    next_local_id: u64,
    next_rpc_id: u64,
}

impl Worker {
    fn new(store: SessionStore, settings: RelaySettings, shared: Arc<Shared>) -> Self {
        let waiting = store.waiting().to_vec();
        let mut worker = Self {
            shared,
            store,
            settings,
            client: None,
            status: RelayStatus::Idle,
            retry_at: Instant::now(),
            backoff: Duration::from_secs(1),
            subscriptions: HashMap::new(),
            pairings: HashMap::new(),
            proposals: Vec::new(),
            requests: Vec::new(),
            received: HashMap::new(),
            notices: Vec::new(),
            seen: HashSet::new(),
            next_local_id: 0,
            next_rpc_id: 0,
        };
        // The requests that were waiting when the app quit wait again, unless they expired.
        let kept_count = waiting.len();
        for kept in waiting {
            let topic = crate::keys::decode_hex_32(&kept.topic).map(Topic);
            if let Some(session) = topic.and_then(|topic| worker.session(&topic)) {
                if let Ok(message) = serde_json::from_str::<Value>(&kept.message) {
                    worker.on_request(&message, &session, kept.received_at);
                }
            }
        }
        if worker.requests.len() != kept_count {
            worker.keep_waiting();
        }
        worker
    }

    fn run(mut self, commands: &Receiver<Command>) {
        let mut last_expiry_check = Instant::now();
        loop {
            if self.client.is_none() && self.has_work() && Instant::now() >= self.retry_at {
                self.connect();
            }
            let wait = if self.client.is_some() {
                Duration::from_millis(20)
            } else {
                self.retry_at
                    .saturating_duration_since(Instant::now())
                    .clamp(Duration::from_millis(20), Duration::from_secs(1))
            };
            match commands.recv_timeout(wait) {
                Ok(command) => self.handle(command),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if let Some(client) = &mut self.client {
                match client.next_delivery(Duration::from_millis(30)) {
                    Ok(Some(delivery)) => self.receive(delivery),
                    Ok(None) => {}
                    Err(error) => self.lost(&error),
                }
            }
            if last_expiry_check.elapsed() > Duration::from_secs(1) {
                last_expiry_check = Instant::now();
                self.expire();
            }
        }
    }

    /// Whether anything needs the relay: a session, a pairing, an answer to send.
    fn has_work(&self) -> bool {
        !self.store.sessions().is_empty()
            || !self.pairings.is_empty()
            || !self.store.outbox().is_empty()
    }

    fn connect(&mut self) {
        let connected = RelayClient::connect(
            &self.settings.url,
            self.settings.proxy.as_ref(),
            self.store.client(),
            self.settings.project_id.as_deref(),
            unix_now(),
        );
        match connected {
            Ok(client) => {
                self.client = Some(client);
                self.subscriptions.clear();
                self.status = RelayStatus::Online;
                if let Err(error) = self.catch_up() {
                    self.lost(&error);
                    return;
                }
                self.backoff = Duration::from_secs(1);
                self.publish_snapshot();
            }
            Err(error) => self.lost(&error),
        }
    }

    /// On a new connection: every topic subscribed, what was kept for them fetched, the
    /// outbox sent.
    fn catch_up(&mut self) -> Result<(), RelayError> {
        let topics: Vec<Topic> = self
            .store
            .sessions()
            .iter()
            .map(|session| session.topic)
            .chain(self.pairings.keys().copied())
            .collect();
        for topic in &topics {
            self.subscribe(topic)?;
        }
        if !topics.is_empty() {
            let missed = self.client()?.fetch(&topics)?;
            for delivery in missed {
                self.receive(delivery);
            }
        }
        self.flush()
    }

    fn client(&mut self) -> Result<&mut RelayClient, RelayError> {
        self.client
            .as_mut()
            .ok_or_else(|| RelayError::Connect("not connected".into()))
    }

    fn subscribe(&mut self, topic: &Topic) -> Result<(), RelayError> {
        let id = self.client()?.subscribe(topic)?;
        self.subscriptions.insert(*topic, id);
        Ok(())
    }

    fn unsubscribe(&mut self, topic: &Topic) {
        if let (Some(id), Some(client)) = (self.subscriptions.remove(topic), &mut self.client) {
            if let Err(error) = client.unsubscribe(topic, &id) {
                self.lost(&error);
            }
        }
    }

    /// Why there is no connection, as the last attempt found.
    fn status_text(&self) -> String {
        match &self.status {
            RelayStatus::Offline { error } => error.clone(),
            _ => "not connected yet".into(),
        }
    }

    /// The connection failed: try again after a pause that grows up to 30 s.
    fn lost(&mut self, error: &RelayError) {
        self.client = None;
        self.subscriptions.clear();
        self.status = RelayStatus::Offline {
            error: error.to_string(),
        };
        self.retry_at = Instant::now() + self.backoff;
        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        self.publish_snapshot();
    }

    fn send(&mut self, topic: Topic, message: String, ttl: u64, tag: u64) {
        let outgoing = Outgoing {
            topic: topic.to_hex(),
            message,
            ttl,
            tag,
        };
        if let Err(error) = self.store.push_outgoing(outgoing) {
            self.notice(&Value::Null, NoticeKind::other(error));
        }
        if self.client.is_some() {
            if let Err(error) = self.flush() {
                self.lost(&error);
            }
        }
    }

    /// Publishes the outbox, oldest first; what the relay did not take stays.
    fn flush(&mut self) -> Result<(), RelayError> {
        while let Some(next) = self.store.outbox().first().cloned() {
            if let Some(topic) = crate::keys::decode_hex_32(&next.topic).map(Topic) {
                self.client()?
                    .publish(&topic, &next.message, next.ttl, next.tag)?;
            }
            if let Err(error) = self.store.pop_outgoing() {
                self.notice(&Value::Null, NoticeKind::other(error));
                break;
            }
        }
        Ok(())
    }

    fn rpc_id(&mut self) -> u64 {
        // As WalletConnect's `payloadId`: milliseconds × 1000, plus a counter.
        self.next_rpc_id = (self.next_rpc_id + 1) % 1000;
        unix_millis() * 1000 + self.next_rpc_id
    }

    fn local_id(&mut self) -> u64 {
        self.next_local_id += 1;
        self.next_local_id
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Pair(uri, reply) => {
                // A code read again (the camera sees it in every frame) changes nothing.
                let new = !self.pairings.contains_key(&uri.topic);
                self.pairings.entry(uri.topic).or_insert(Pairing {
                    key: uri.sym_key,
                    expiry: uri.expiry,
                });
                if new && self.client.is_some() {
                    if let Err(error) = self.subscribe(&uri.topic) {
                        self.lost(&error);
                    }
                }
                let _ = reply.send(Ok(()));
            }
            Command::Approve {
                id,
                namespaces,
                metadata,
                reply,
            } => {
                let result = self.approve(id, namespaces, metadata);
                let _ = reply.send(result);
            }
            Command::RejectProposal(id, refusal, reply) => {
                let _ = reply.send(self.reject_proposal(id, refusal));
            }
            Command::Answer(id, result, reply) => {
                let _ = reply.send(self.reply(id, Ok(result)));
            }
            Command::Refuse(id, refusal, reply) => {
                let _ = reply.send(self.reply(id, Err(refusal)));
            }
            Command::Disconnect(topic, reply) => {
                let _ = reply.send(self.disconnect(&topic));
            }
            Command::Configure(settings) => {
                self.settings = settings;
                self.client = None;
                self.status = RelayStatus::Idle;
                self.retry_at = Instant::now();
                self.backoff = Duration::from_secs(1);
            }
        }
        self.publish_snapshot();
    }

    fn take_proposal(&mut self, id: u64) -> Result<(PendingProposal, Topic), ConnectionError> {
        let at = self
            .proposals
            .iter()
            .position(|(pending, _)| pending.id == id)
            .ok_or(ConnectionError::NotWaiting(id))?;
        Ok(self.proposals.remove(at))
    }

    fn approve(
        &mut self,
        id: u64,
        namespaces: Value,
        metadata: Value,
    ) -> Result<SessionInfo, ConnectionError> {
        let (pending, pairing_topic) = self.take_proposal(id)?;
        let settle_id = self.rpc_id();
        let Some(pairing) = self.pairings.get(&pairing_topic) else {
            return Err(ConnectionError::NotWaiting(id));
        };
        let approval = Approval::new(
            &pending.proposal,
            &pairing.key,
            namespaces,
            metadata,
            unix_now(),
            settle_id,
        );
        let sent = match &mut self.client {
            Some(client) => client
                .approve_session(&pairing_topic, &approval)
                .map_err(|error| {
                    let message = error.to_string();
                    self.lost(&error);
                    message
                }),
            // Not a new failure: the reconnection already waits its turn, and pressing
            // Connect again must not put it off.
            None => Err(self.status_text()),
        };
        if let Err(message) = sent {
            // Kept: the user can press Connect again once the relay is back.
            self.proposals.insert(0, (pending, pairing_topic));
            return Err(ConnectionError::Offline(message));
        }
        let session = approval.session;
        self.store.add(session.clone())?;
        if let Err(error) = self.subscribe(&session.topic) {
            self.lost(&error);
        }
        self.end_pairing(&pairing_topic);
        Ok(info(&session))
    }

    fn reject_proposal(&mut self, id: u64, refusal: Refusal) -> Result<(), ConnectionError> {
        let (pending, pairing_topic) = self.take_proposal(id)?;
        if let Some(pairing) = self.pairings.get(&pairing_topic) {
            let message = pending.proposal.refuse(&pairing.key, refusal);
            self.send(
                pairing_topic,
                message,
                tags::FIVE_MINUTES,
                tags::PROPOSAL_REJECT,
            );
        }
        self.end_pairing(&pairing_topic);
        Ok(())
    }

    fn end_pairing(&mut self, topic: &Topic) {
        self.pairings.remove(topic);
        self.unsubscribe(topic);
    }

    fn reply(&mut self, id: u64, answer: Result<Value, Refusal>) -> Result<(), ConnectionError> {
        let at = self
            .requests
            .iter()
            .position(|pending| pending.id == id)
            .ok_or(ConnectionError::NotWaiting(id))?;
        let pending = self.requests.remove(at);
        self.received.remove(&id);
        self.keep_waiting();
        if pending.expired() {
            return Err(ConnectionError::Expired(id));
        }
        let session = self
            .session(&pending.topic)
            .ok_or_else(|| ConnectionError::NoSession(pending.topic.to_hex()))?;
        let message = match answer {
            Ok(result) => session.answer(pending.request.id, result),
            Err(refusal) => session.refuse(pending.request.id, refusal),
        };
        self.send(
            pending.topic,
            message,
            REQUEST_RESPONSE_TTL,
            REQUEST_RESPONSE_TAG,
        );
        Ok(())
    }

    fn session(&self, topic: &Topic) -> Option<Session> {
        self.store
            .sessions()
            .iter()
            .find(|session| session.topic == *topic)
            .cloned()
    }

    fn disconnect(&mut self, topic: &Topic) -> Result<(), ConnectionError> {
        let session = self
            .session(topic)
            .ok_or_else(|| ConnectionError::NoSession(topic.to_hex()))?;
        let delete = session.delete(self.rpc_id());
        self.send(*topic, delete, tags::ONE_DAY, tags::SESSION_DELETE);
        self.forget_session(topic)?;
        Ok(())
    }

    /// Forgets a session and the requests waiting on it.
    fn forget_session(&mut self, topic: &Topic) -> Result<(), StoreError> {
        self.store.remove(topic)?;
        self.requests.retain(|pending| pending.topic != *topic);
        let received = &mut self.received;
        received.retain(|_, waiting| waiting.topic != topic.to_hex());
        self.unsubscribe(topic);
        Ok(())
    }

    fn expire(&mut self) {
        let now = unix_now();
        let (expired, kept) = std::mem::take(&mut self.requests)
            .into_iter()
            .partition::<Vec<_>, _>(PendingRequest::expired);
        self.requests = kept;
        if !expired.is_empty() {
            for pending in &expired {
                self.received.remove(&pending.id);
                let method = pending.request.method.clone();
                self.notice(&pending.peer_metadata, NoticeKind::Expired { method });
            }
            self.keep_waiting();
            self.publish_snapshot();
        }
        match self.store.expire(now) {
            Ok(expired) => {
                for session in &expired {
                    self.requests
                        .retain(|pending| pending.topic != session.topic);
                    self.unsubscribe(&session.topic);
                    self.notice(&session.peer_metadata, NoticeKind::SessionExpired);
                }
                if !expired.is_empty() {
                    self.publish_snapshot();
                }
            }
            Err(error) => self.notice(&Value::Null, NoticeKind::other(error)),
        }
        let before = self.pairings.len();
        self.pairings
            .retain(|_, pairing| pairing.expiry.is_none_or(|expiry| expiry > now));
        if self.pairings.len() != before {
            // A proposal whose pairing expired can no longer be answered.
            let pairings = &self.pairings;
            self.proposals
                .retain(|(_, topic)| pairings.contains_key(topic));
            self.publish_snapshot();
        }
    }

    fn receive(&mut self, delivery: Delivery) {
        if !self
            .seen
            .insert(Sha256::digest(delivery.message.as_bytes()).into())
        {
            return;
        }
        if let Some(pairing) = self.pairings.get(&delivery.topic) {
            let key = pairing.key.clone();
            self.on_pairing(delivery, &key);
        } else if let Some(session) = self.session(&delivery.topic) {
            self.on_session(&delivery, &session);
        }
        self.publish_snapshot();
    }

    fn on_pairing(&mut self, delivery: Delivery, key: &SymKey) {
        let message = match open(&delivery, key) {
            Ok(message) => message,
            Err(what) => return self.notice(&Value::Null, what),
        };
        match message["method"].as_str() {
            Some("wc_sessionPropose") => {
                let text = message.to_string();
                match Proposal::read(delivery.topic, text.as_bytes()) {
                    Ok(proposal) => {
                        let id = self.local_id();
                        let pending = PendingProposal {
                            id,
                            proposal,
                            received_at: unix_now(),
                        };
                        self.proposals.push((pending, delivery.topic));
                    }
                    Err(error) => self.notice(&Value::Null, NoticeKind::other(error)),
                }
            }
            Some("wc_pairingPing") => {
                let answer = acknowledge(key, &message["id"]);
                let (ttl, tag) = (tags::THIRTY_SECONDS, tags::PAIRING_PING_RESPONSE);
                self.send(delivery.topic, answer, ttl, tag);
            }
            Some("wc_pairingDelete") => {
                let answer = acknowledge(key, &message["id"]);
                let (ttl, tag) = (tags::ONE_DAY, tags::PAIRING_DELETE_RESPONSE);
                self.send(delivery.topic, answer, ttl, tag);
                self.proposals.retain(|(_, topic)| *topic != delivery.topic);
                self.end_pairing(&delivery.topic);
            }
            // Answers to the wallet's messages, and methods a wallet does not take.
            _ => {}
        }
    }

    fn on_session(&mut self, delivery: &Delivery, session: &Session) {
        let message = match open(delivery, &session.key) {
            Ok(message) => message,
            Err(what) => return self.notice(&session.peer_metadata, what),
        };
        match message["method"].as_str() {
            Some("wc_sessionRequest") => {
                self.on_request(&message, session, unix_now());
                self.keep_waiting();
            }
            Some("wc_sessionPing") => {
                let answer = acknowledge(&session.key, &message["id"]);
                let (ttl, tag) = (tags::ONE_DAY, tags::SESSION_PING_RESPONSE);
                self.send(session.topic, answer, ttl, tag);
            }
            Some("wc_sessionDelete") => {
                let answer = acknowledge(&session.key, &message["id"]);
                let (ttl, tag) = (tags::ONE_DAY, tags::SESSION_DELETE_RESPONSE);
                self.send(session.topic, answer, ttl, tag);
                if let Err(error) = self.forget_session(&session.topic) {
                    self.notice(&session.peer_metadata, NoticeKind::other(error));
                }
                self.notice(&session.peer_metadata, NoticeKind::Disconnected);
            }
            // Settlement and deletion answers, and what only the wallet may send (update,
            // extend, events).
            _ => {}
        }
    }

    /// The requests waiting for the user, kept in the store in the order they came.
    fn keep_waiting(&mut self) {
        let waiting = self
            .requests
            .iter()
            .filter_map(|pending| self.received.get(&pending.id).cloned())
            .collect();
        if let Err(error) = self.store.set_waiting(waiting) {
            self.notice(&Value::Null, NoticeKind::other(error));
        }
    }

    fn on_request(&mut self, message: &Value, session: &Session, received_at: u64) {
        let request = match SessionRequest::read(message.to_string().as_bytes()) {
            Ok(request) => request,
            Err(error) => {
                self.notice(&session.peer_metadata, NoticeKind::other(error));
                return;
            }
        };
        match Ask::read(&request, session) {
            Ok(Ask::BitcoinAddresses) => {
                // What the session already shared: no secret, no confirmation.
                let addresses: Vec<Value> = session
                    .accounts(&request.chain_id)
                    .into_iter()
                    .map(
                        |address| serde_json::json!({ "address": address, "intention": "payment" }),
                    )
                    .collect();
                let answer = session.answer(request.id, Value::Array(addresses));
                self.send(
                    session.topic,
                    answer,
                    REQUEST_RESPONSE_TTL,
                    REQUEST_RESPONSE_TAG,
                );
            }
            Ok(ask) => {
                let expires_at = request
                    .expiry_timestamp
                    .unwrap_or(received_at + tags::FIVE_MINUTES);
                if expires_at <= unix_now() {
                    let method = request.method.clone();
                    self.notice(&session.peer_metadata, NoticeKind::Late { method });
                    return;
                }
                let id = self.local_id();
                self.requests.push(PendingRequest {
                    id,
                    topic: session.topic,
                    request,
                    ask,
                    peer_metadata: session.peer_metadata.clone(),
                    received_at,
                    expires_at,
                });
                let waiting = Waiting {
                    topic: session.topic.to_hex(),
                    message: message.to_string(),
                    received_at,
                };
                self.received.insert(id, waiting);
            }
            Err(refusal) => {
                let answer = session.refuse(request.id, refusal);
                self.send(
                    session.topic,
                    answer,
                    REQUEST_RESPONSE_TTL,
                    REQUEST_RESPONSE_TAG,
                );
                let (code, reason) = refusal.code_and_message();
                let what = NoticeKind::Refused {
                    method: request.method.clone(),
                    code,
                    reason: reason.to_owned(),
                };
                self.notice(&session.peer_metadata, what);
            }
        }
    }

    fn notice(&mut self, peer: &Value, what: NoticeKind) {
        self.notices.push(Notice {
            at: unix_now(),
            peer_url: peer["url"].as_str().unwrap_or_default().to_owned(),
            text: what.text(),
            what,
        });
        let excess = self.notices.len().saturating_sub(NOTICES);
        self.notices.drain(..excess);
    }

    fn publish_snapshot(&self) {
        let snapshot = Snapshot {
            relay: self.status.clone(),
            waiting_pairings: self
                .pairings
                .keys()
                .filter(|topic| !self.proposals.iter().any(|(_, t)| t == *topic))
                .count(),
            proposals: self.proposals.iter().map(|(p, _)| p.clone()).collect(),
            requests: self.requests.clone(),
            sessions: self.store.sessions().iter().map(info).collect(),
            notices: self.notices.clone(),
        };
        let changed = {
            let mut kept = lock(&self.shared.snapshot);
            let changed = *kept != snapshot;
            *kept = snapshot;
            changed
        };
        if changed {
            (self.shared.notify)();
        }
    }
}

/// A delivery's message opened with its topic's key, or why it cannot be read, for a notice.
fn open(delivery: &Delivery, key: &SymKey) -> Result<Value, NoticeKind> {
    let plaintext = Envelope::decode(&delivery.message)
        .and_then(|envelope| envelope.open(key))
        .map_err(|error| match error {
            EnvelopeError::TooLarge { len } => NoticeKind::TooLarge {
                length: len,
                limit: MAX_ENCODED_LEN,
            },
            _ => NoticeKind::Unreadable {
                detail: error.to_string(),
            },
        })?;
    serde_json::from_slice(&plaintext).map_err(|_| NoticeKind::NotJson)
}

fn info(session: &Session) -> SessionInfo {
    SessionInfo {
        topic: session.topic.to_hex(),
        peer_metadata: session.peer_metadata.clone(),
        namespaces: session.namespaces.clone(),
        expiry: session.expiry,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as u64)
}

fn unix_now() -> u64 {
    unix_millis() / 1000
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_notice_says_what_happened_as_the_screens_read_it_and_in_english() {
        let refused = NoticeKind::Refused {
            method: "eth_sendTransaction".into(),
            code: 3001,
            reason: "Unauthorized method.".into(),
        };
        // The shape `NoticeKind` has in ui/src/lib/api.ts.
        assert_eq!(
            serde_json::to_value(&refused).unwrap(),
            json!({"kind": "refused", "method": "eth_sendTransaction", "code": 3001, "reason": "Unauthorized method."})
        );
        assert_eq!(
            refused.text(),
            "a eth_sendTransaction request was refused without asking you: Unauthorized method. (3001)"
        );
        assert_eq!(
            serde_json::to_value(NoticeKind::TooLarge {
                length: 10,
                limit: 5
            })
            .unwrap(),
            json!({"kind": "too_large", "length": 10, "limit": 5})
        );
        assert_eq!(
            serde_json::to_value(NoticeKind::SessionExpired).unwrap(),
            json!({"kind": "session_expired"})
        );
    }
}
