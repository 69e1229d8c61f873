//! What survives a restart: the relay client's key and the settled sessions, in one private
//! file (`0600`, replaced atomically) in the app's data directory. A session is kept with its
//! symmetric key — what the relay's messages are sealed with — and never with a wallet key:
//! the accounts it shared are addresses, derived again from the seed when a request comes.

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
}

impl SessionStore {
    /// Reads `path` (a missing file: a new client key and no sessions), dropping the sessions
    /// expired at `now` (unix seconds).
    pub fn open(path: &Path, now: u64) -> Result<Self, StoreError> {
        let damaged = |why: String| StoreError::Damaged {
            path: path.to_owned(),
            why,
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => Zeroizing::new(bytes),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let store = Self {
                    path: path.to_owned(),
                    client: ClientKey::random(),
                    sessions: Vec::new(),
                };
                store.save()?;
                return Ok(store);
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
        Ok(Self {
            path: path.to_owned(),
            client: ClientKey::from_seed(seed),
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
        self.save()?;
        Ok(Some(removed))
    }

    /// Forgets the sessions expired at `now`; returns them.
    pub fn expire(&mut self, now: u64) -> Result<Vec<Session>, StoreError> {
        let (expired, kept) = std::mem::take(&mut self.sessions)
            .into_iter()
            .partition(|session| session.expiry <= now);
        self.sessions = kept;
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

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let path = scratch("private");
        SessionStore::open(&path, 0).unwrap();
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
