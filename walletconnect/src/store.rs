//! What survives a restart: the relay client's key and the settled sessions, in one private
//! file (`0600`, replaced atomically) in the app's data directory. A session is kept with its
//! symmetric key — what the relay's messages are sealed with — and never with a wallet key:
//! the accounts it shared are addresses, derived again from the seed when a request comes.
//! Also kept: the dApps' requests still waiting for the user (as the dApp sent them), and the
//! sealed answers the relay has not taken yet, so that quitting loses neither.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use wallet_core::private_files;
use zeroize::{Zeroize, Zeroizing};

use crate::keys::{decode_hex_32, PublicKey, SymKey, Topic};
use crate::relay_auth::ClientKey;
use crate::session::Session;

/// The file's format; a file of another version is not read.
const VERSION: u32 = 1;

/// Why the sessions could not be read or kept.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read or write the WalletConnect sessions ({path}): {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("the WalletConnect sessions file {path} is damaged: {why}")]
    Damaged { path: PathBuf, why: String },
}

/// A key in hex, wiped when dropped.
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
struct SecretHex(String);

impl Drop for SecretHex {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    client_seed: SecretHex,
    sessions: Vec<SavedSession>,
    #[serde(default)]
    waiting: Vec<Waiting>,
    #[serde(default)]
    outbox: Vec<Outgoing>,
}

/// A dApp's request waiting for the user: its topic and its JSON-RPC message, opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub topic: String,
    pub message: String,
    /// Unix seconds.
    pub received_at: u64,
}

/// A sealed message to publish, kept until the relay took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub topic: String,
    pub message: String,
    pub ttl: u64,
    pub tag: u64,
}

#[derive(Serialize, Deserialize)]
struct SavedSession {
    topic: String,
    key: SecretHex,
    peer: String,
    peer_metadata: Value,
    namespaces: Value,
    expiry: u64,
}

/// The relay client's key and the sessions not yet expired.
pub struct SessionStore {
    path: PathBuf,
    client: ClientKey,
    sessions: Vec<Session>,
    waiting: Vec<Waiting>,
    outbox: Vec<Outgoing>,
}

impl SessionStore {
    /// Reads `path` (a missing file: a new client key and no sessions, written only once there
    /// is something to keep), dropping the sessions expired at `now` (unix seconds).
    pub fn open(path: &Path, now: u64) -> Result<Self, StoreError> {
        let damaged = |why: String| StoreError::Damaged {
            path: path.to_owned(),
            why,
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => Zeroizing::new(bytes),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(Self {
                    path: path.to_owned(),
                    client: ClientKey::random(),
                    sessions: Vec::new(),
                    waiting: Vec::new(),
                    outbox: Vec::new(),
                });
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    source,
                })
            }
        };
        let saved: Saved = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
        if saved.version != VERSION {
            return Err(damaged(format!(
                "version {} is not {VERSION}",
                saved.version
            )));
        }
        let seed =
            decode_hex_32(&saved.client_seed.0).ok_or_else(|| damaged("client key".into()))?;
        let mut sessions = Vec::new();
        for session in saved.sessions.into_iter().filter(|s| s.expiry > now) {
            let (Some(topic), Some(key), Some(peer)) = (
                decode_hex_32(&session.topic),
                decode_hex_32(&session.key.0),
                PublicKey::from_hex(&session.peer),
            ) else {
                return Err(damaged(format!("session {}", session.topic)));
            };
            let key = SymKey::from_bytes(key);
            if key.topic() != Topic(topic) {
                return Err(damaged(format!(
                    "session {}: key and topic differ",
                    session.topic
                )));
            }
            sessions.push(Session {
                topic: Topic(topic),
                key,
                peer,
                peer_metadata: session.peer_metadata,
                namespaces: session.namespaces,
                expiry: session.expiry,
            });
        }
        let live = |topic: &str| sessions.iter().any(|s: &Session| s.topic.to_hex() == topic);
        let waiting = saved
            .waiting
            .into_iter()
            .filter(|w| live(&w.topic))
            .collect();
        Ok(Self {
            path: path.to_owned(),
            client: ClientKey::from_seed(seed),
            waiting,
            outbox: saved.outbox,
            sessions,
        })
    }

    /// The key the relay knows this wallet by.
    pub fn client(&self) -> &ClientKey {
        &self.client
    }

    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }

    /// Keeps a newly settled session.
    pub fn add(&mut self, session: Session) -> Result<(), StoreError> {
        self.sessions.retain(|kept| kept.topic != session.topic);
        self.sessions.push(session);
        self.save()
    }

    /// Forgets the session on `topic` (disconnected, or deleted by the dApp).
    pub fn remove(&mut self, topic: &Topic) -> Result<Option<Session>, StoreError> {
        let Some(at) = self.sessions.iter().position(|kept| kept.topic == *topic) else {
            return Ok(None);
        };
        let removed = self.sessions.remove(at);
        let gone = topic.to_hex();
        self.waiting.retain(|waiting| waiting.topic != gone);
        self.save()?;
        Ok(Some(removed))
    }

    /// The requests that were waiting for the user, oldest first.
    pub fn waiting(&self) -> &[Waiting] {
        &self.waiting
    }

    /// Keeps `waiting` as the requests waiting for the user.
    pub fn set_waiting(&mut self, waiting: Vec<Waiting>) -> Result<(), StoreError> {
        if waiting != self.waiting {
            self.waiting = waiting;
            self.save()?;
        }
        Ok(())
    }

    /// The sealed messages not yet taken by the relay, oldest first.
    pub fn outbox(&self) -> &[Outgoing] {
        &self.outbox
    }

    /// Keeps a sealed message to publish.
    pub fn push_outgoing(&mut self, outgoing: Outgoing) -> Result<(), StoreError> {
        self.outbox.push(outgoing);
        self.save()
    }

    /// Forgets the oldest outgoing message: the relay took it.
    pub fn pop_outgoing(&mut self) -> Result<(), StoreError> {
        if !self.outbox.is_empty() {
            self.outbox.remove(0);
            self.save()?;
        }
        Ok(())
    }

    /// Forgets the sessions expired at `now`; returns them.
    pub fn expire(&mut self, now: u64) -> Result<Vec<Session>, StoreError> {
        let (expired, kept) = std::mem::take(&mut self.sessions)
            .into_iter()
            .partition(|session| session.expiry <= now);
        self.sessions = kept;
        let sessions = &self.sessions;
        self.waiting
            .retain(|waiting| sessions.iter().any(|s| s.topic.to_hex() == waiting.topic));
        if !Vec::is_empty(&expired) {
            self.save()?;
        }
        Ok(expired)
    }

    fn save(&self) -> Result<(), StoreError> {
        let saved = Saved {
            version: VERSION,
            client_seed: SecretHex(hex::encode(self.client.seed())),
            sessions: self
                .sessions
                .iter()
                .map(|session| SavedSession {
                    topic: session.topic.to_hex(),
                    key: SecretHex(session.key.to_hex()),
                    peer: session.peer.to_hex(),
                    peer_metadata: session.peer_metadata.clone(),
                    namespaces: session.namespaces.clone(),
                    expiry: session.expiry,
                })
                .collect(),
            waiting: self.waiting.clone(),
            outbox: self.outbox.clone(),
        };
        let bytes = Zeroizing::new(serde_json::to_vec_pretty(&saved).expect("plain data"));
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            private_files::create_dir(dir).map_err(io)?;
        }
        private_files::write_atomically(&self.path, &bytes).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyPair;
    use serde_json::json;

    fn session(expiry: u64) -> Session {
        let key = SymKey::random();
        Session {
            topic: key.topic(),
            key,
            peer: KeyPair::random().public(),
            peer_metadata: json!({ "name": "exchange" }),
            namespaces: json!({ "eip155": { "accounts": ["eip155:1:0x00"] } }),
            expiry,
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wc-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("walletconnect/sessions.json")
    }

    #[test]
    fn sessions_and_the_client_key_survive_a_restart_until_they_expire() {
        let path = scratch("restart");
        let mut store = SessionStore::open(&path, 100).unwrap();
        let (lasting, ending) = (session(1_000), session(200));
        store.add(lasting.clone()).unwrap();
        store.add(ending.clone()).unwrap();
        let client = store.client().did_key();

        let reopened = SessionStore::open(&path, 150).unwrap();
        assert_eq!(reopened.client().did_key(), client);
        assert_eq!(reopened.sessions(), [lasting.clone(), ending]);
        let later = SessionStore::open(&path, 500).unwrap();
        assert_eq!(later.sessions(), std::slice::from_ref(&lasting));

        let mut store = later;
        assert_eq!(store.remove(&lasting.topic).unwrap(), Some(lasting));
        assert!(SessionStore::open(&path, 500)
            .unwrap()
            .sessions()
            .is_empty());
    }

    #[test]
    fn waiting_requests_and_unsent_answers_survive_a_restart_with_their_session() {
        let path = scratch("waiting");
        let mut store = SessionStore::open(&path, 100).unwrap();
        let kept = session(1_000);
        store.add(kept.clone()).unwrap();
        let waiting = |topic: &Topic| Waiting {
            topic: topic.to_hex(),
            message: r#"{"id":1,"method":"wc_sessionRequest"}"#.into(),
            received_at: 120,
        };
        let other = SymKey::random().topic();
        store
            .set_waiting(vec![waiting(&kept.topic), waiting(&other)])
            .unwrap();
        let answer = Outgoing {
            topic: kept.topic.to_hex(),
            message: "sealed".into(),
            ttl: 300,
            tag: 1109,
        };
        store.push_outgoing(answer.clone()).unwrap();

        // A request for a session no longer kept is not brought back.
        let mut reopened = SessionStore::open(&path, 150).unwrap();
        assert_eq!(reopened.waiting(), [waiting(&kept.topic)]);
        assert_eq!(reopened.outbox(), [answer]);
        reopened.pop_outgoing().unwrap();
        reopened.remove(&kept.topic).unwrap();
        let last = SessionStore::open(&path, 150).unwrap();
        assert!(last.outbox().is_empty() && last.waiting().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let path = scratch("private");
        let mut store = SessionStore::open(&path, 0).unwrap();
        assert!(
            !path.exists(),
            "nothing written before there is something to keep"
        );
        store.add(session(1_000)).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_damaged_file_is_refused_not_replaced() {
        let path = scratch("damaged");
        let mut store = SessionStore::open(&path, 0).unwrap();
        store.add(session(10)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let topic = store.sessions()[0].topic.to_hex();
        std::fs::write(&path, text.replace(&topic, &"0".repeat(64))).unwrap();
        assert!(matches!(
            SessionStore::open(&path, 0),
            Err(StoreError::Damaged { .. })
        ));
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains(&"0".repeat(64)));
    }
}
