//! The journal: an embedded SQLite database of reserved address indexes and every proof, with
//! each delivery attempt and its outcome. It never holds key material.
//!
//! A proof is written, and its index reserved, in one transaction *before* it is POSTed, so a
//! crash mid-delivery leaves a pending proof that can be sent again, byte for byte.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::asset::{AddressFormat, Asset, Network};
use crate::private_files;

mod funded;
mod signed;

pub use signed::{NewSignedMessage, SignedMessageRecord, UsedIndex};

/// Why the journal could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// SQLite failed (disk full, permissions, a damaged file, …).
    #[error("journal database error: {0}")]
    Database(String),
    /// The index is already reserved: it was given to a VASP or shown as a receive address.
    #[error("index {index} of the {format} chain is already used")]
    IndexUsed {
        /// The format of the chain.
        format: AddressFormat,
        /// The index.
        index: u32,
    },
    /// No proof with this id.
    #[error("no proof {0} in the journal")]
    NoSuchProof(i64),
    /// The index was never handed out, so it cannot be marked as funded.
    #[error("index {index} of the {format} chain was never handed out")]
    NotHandedOut {
        /// The format of the chain.
        format: AddressFormat,
        /// The index.
        index: u32,
    },
}

impl JournalError {
    /// A stable snake_case code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            JournalError::Database(_) => "journal_database",
            JournalError::IndexUsed { .. } => "index_used",
            JournalError::NoSuchProof(_) => "no_such_proof",
            JournalError::NotHandedOut { .. } => "not_handed_out",
        }
    }
}

impl From<rusqlite::Error> for JournalError {
    fn from(error: rusqlite::Error) -> JournalError {
        JournalError::Database(error.to_string())
    }
}

/// Why an index was reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexUse {
    /// Proven to a VASP.
    Proof,
    /// Shown to the user as a receive address.
    Receive,
    /// Signed with for a message the user pasted elsewhere (an exchange's form).
    Signed,
    /// Shared with a dApp over WalletConnect when the user connected.
    Connected,
}

/// Where a proof stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofStatus {
    /// Not delivered yet, or the last attempt failed in a way worth retrying.
    Pending,
    /// 204: the VASP verified the address.
    Accepted,
    /// Another 2xx: delivered, verification not confirmed.
    Delivered,
    /// 400: the VASP refused it as a bad request.
    Rejected,
    /// 404: the link had expired or was already used.
    Expired,
}

impl ProofStatus {
    fn as_str(self) -> &'static str {
        match self {
            ProofStatus::Pending => "pending",
            ProofStatus::Accepted => "accepted",
            ProofStatus::Delivered => "delivered",
            ProofStatus::Rejected => "rejected",
            ProofStatus::Expired => "expired",
        }
    }

    fn parse(text: &str) -> ProofStatus {
        match text {
            "accepted" => ProofStatus::Accepted,
            "delivered" => ProofStatus::Delivered,
            "rejected" => ProofStatus::Rejected,
            "expired" => ProofStatus::Expired,
            _ => ProofStatus::Pending,
        }
    }
}

/// A proof about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProof {
    /// The callback URL.
    pub callback: String,
    /// The asset.
    pub asset: Asset,
    /// The network.
    pub network: Network,
    /// The format proven.
    pub format: AddressFormat,
    /// The index on the receive chain.
    pub index: u32,
    /// Whether the index must be fresh (Bitcoin: refused if already used) or may be shared
    /// (an Ether account the user proves again; marked used if it was not yet).
    pub exclusive_index: bool,
    /// The address.
    pub address: String,
    /// The BIP-32 path.
    pub path: String,
    /// The message signed.
    pub message: String,
    /// The signature.
    pub signature: String,
    /// The extended public key sent beside it (`xpub_required`, the user agreed).
    pub xpub: Option<String>,
}

/// A proof in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofRecord {
    /// Journal id.
    pub id: i64,
    /// When it was signed, seconds since the Unix epoch.
    pub created_at: i64,
    /// The callback URL.
    pub callback: String,
    /// The asset.
    pub asset: Asset,
    /// The network.
    pub network: Network,
    /// The format.
    pub format: AddressFormat,
    /// The index.
    pub index: u32,
    /// The address.
    pub address: String,
    /// The BIP-32 path.
    pub path: String,
    /// The message.
    pub message: String,
    /// The signature.
    pub signature: String,
    /// Where it stands.
    pub status: ProofStatus,
    /// How many delivery attempts were made.
    pub attempts: u32,
    /// The last attempt's outcome, as the delivery code and its detail.
    pub last_outcome: Option<String>,
    /// The last attempt's detail (status, server text, error).
    pub last_detail: Option<String>,
    /// When the last attempt ended.
    pub last_attempt_at: Option<i64>,
    /// The extended public key sent beside the proof, if it was.
    pub xpub: Option<String>,
    /// Whether the user marked its address as having received funds.
    pub funded: bool,
}

/// One delivery attempt's result, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    /// The status the proof has after it.
    pub status: ProofStatus,
    /// A stable code for the outcome (`accepted`, `timeout`, `server_error`, …).
    pub outcome: String,
    /// Human-readable detail.
    pub detail: String,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS reserved_index (
    asset TEXT NOT NULL,
    network TEXT NOT NULL,
    format TEXT NOT NULL,
    idx INTEGER NOT NULL,
    use TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (asset, network, format, idx)
);
CREATE TABLE IF NOT EXISTS proof (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    callback TEXT NOT NULL,
    asset TEXT NOT NULL,
    network TEXT NOT NULL,
    format TEXT NOT NULL,
    idx INTEGER NOT NULL,
    address TEXT NOT NULL,
    path TEXT NOT NULL,
    message TEXT NOT NULL,
    signature TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signed_message (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    asset TEXT NOT NULL,
    network TEXT NOT NULL,
    format TEXT NOT NULL,
    address TEXT NOT NULL,
    path TEXT NOT NULL,
    scheme TEXT NOT NULL,
    message TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proof_id INTEGER NOT NULL REFERENCES proof(id),
    at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL
);
";

/// The journal database.
pub struct Journal {
    connection: Connection,
}

impl Journal {
    /// Opens (creating if needed) the journal at `path`. The database and its `-wal` and
    /// `-shm` files are private to the user (SQLite gives the latter the database's mode).
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        let io = |error: std::io::Error| JournalError::Database(error.to_string());
        if let Some(dir) = path.parent() {
            private_files::create_dir(dir).map_err(io)?;
        }
        drop(private_files::open_or_create(path).map_err(io)?);
        let journal = Journal::setup(Connection::open(path)?)?;
        for suffix in ["-wal", "-shm"] {
            let mut side_file = path.as_os_str().to_owned();
            side_file.push(suffix);
            private_files::tighten(Path::new(&side_file)).map_err(io)?;
        }
        Ok(journal)
    }

    /// A journal in memory, for tests and tools.
    pub fn in_memory() -> Result<Journal, JournalError> {
        Journal::setup(Connection::open_in_memory()?)
    }

    fn setup(connection: Connection) -> Result<Journal, JournalError> {
        // WAL with full sync: a committed proof survives a crash or power loss.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.execute_batch(SCHEMA)?;
        add_column_if_missing(&connection, "proof", "xpub", "TEXT")?;
        add_column_if_missing(&connection, "reserved_index", "funded_at", "INTEGER")?;
        add_column_if_missing(&connection, "signed_message", "requested_by", "TEXT")?;
        Ok(Journal { connection })
    }

    /// The lowest index of the chain never used for a proof nor shown as a receive address.
    pub fn next_index(
        &self,
        asset: Asset,
        network: Network,
        format: AddressFormat,
    ) -> Result<u32, JournalError> {
        next_index(&self.connection, asset, network, format)
    }

    /// The most recent index shown as a receive address on the chain, if any.
    pub fn last_receive(
        &self,
        asset: Asset,
        network: Network,
        format: AddressFormat,
    ) -> Result<Option<u32>, JournalError> {
        Ok(self
            .connection
            .query_row(
                "SELECT MAX(idx) FROM reserved_index
                 WHERE asset = ?1 AND network = ?2 AND format = ?3 AND use = 'receive'",
                params![asset.symbol(), network.name(), format.wire_name()],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Reserves the next index of the chain as a receive address and returns it.
    pub fn reserve_receive(
        &mut self,
        asset: Asset,
        network: Network,
        format: AddressFormat,
        now: i64,
    ) -> Result<u32, JournalError> {
        self.reserve_next(asset, network, format, IndexUse::Receive, now)
    }

    /// Reserves the chain's next index for an address shared with a dApp over WalletConnect.
    pub fn reserve_connected(
        &mut self,
        asset: Asset,
        network: Network,
        format: AddressFormat,
        now: i64,
    ) -> Result<u32, JournalError> {
        self.reserve_next(asset, network, format, IndexUse::Connected, now)
    }

    fn reserve_next(
        &mut self,
        asset: Asset,
        network: Network,
        format: AddressFormat,
        used_for: IndexUse,
        now: i64,
    ) -> Result<u32, JournalError> {
        let transaction = self.write()?;
        let index = next_index(&transaction, asset, network, format)?;
        reserve(&transaction, asset, network, format, index, used_for, now)?;
        transaction.commit()?;
        Ok(index)
    }

    /// Records a signed proof as pending (reserving its index if it takes one), in one
    /// transaction. Refuses an index that is already used.
    pub fn record_proof(
        &mut self,
        proof: &NewProof,
        now: i64,
    ) -> Result<ProofRecord, JournalError> {
        let transaction = self.write()?;
        let reserved = reserve(
            &transaction,
            proof.asset,
            proof.network,
            proof.format,
            proof.index,
            IndexUse::Proof,
            now,
        );
        match reserved {
            Err(JournalError::IndexUsed { .. }) if !proof.exclusive_index => {}
            other => other?,
        }
        transaction.execute(
            "INSERT INTO proof (created_at, callback, asset, network, format, idx, address, path,
                                message, signature, status, xpub)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending', ?11)",
            params![
                now,
                proof.callback,
                proof.asset.symbol(),
                proof.network.name(),
                proof.format.wire_name(),
                proof.index,
                proof.address,
                proof.path,
                proof.message,
                proof.signature,
                proof.xpub,
            ],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        self.proof(id)
    }

    /// Records a delivery attempt and the status it leaves the proof in.
    pub fn record_attempt(
        &mut self,
        id: i64,
        attempt: &AttemptRecord,
        now: i64,
    ) -> Result<ProofRecord, JournalError> {
        let transaction = self.write()?;
        let updated = transaction.execute(
            "UPDATE proof SET status = ?2 WHERE id = ?1",
            params![id, attempt.status.as_str()],
        )?;
        if updated == 0 {
            return Err(JournalError::NoSuchProof(id));
        }
        transaction.execute(
            "INSERT INTO attempt (proof_id, at, outcome, detail) VALUES (?1, ?2, ?3, ?4)",
            params![id, now, attempt.outcome, attempt.detail],
        )?;
        transaction.commit()?;
        self.proof(id)
    }

    /// One proof.
    pub fn proof(&self, id: i64) -> Result<ProofRecord, JournalError> {
        self.query(&format!("{SELECT_PROOF} WHERE p.id = ?1"), params![id])?
            .pop()
            .ok_or(JournalError::NoSuchProof(id))
    }

    /// The latest proof made for `callback`, if one was: a link opened twice must not be
    /// answered twice with two addresses.
    pub fn proof_for_callback(&self, callback: &str) -> Result<Option<ProofRecord>, JournalError> {
        Ok(self
            .query(
                &format!("{SELECT_PROOF} WHERE p.callback = ?1 ORDER BY p.id DESC LIMIT 1"),
                params![callback],
            )?
            .pop())
    }

    /// Every proof, newest first.
    pub fn proofs(&self) -> Result<Vec<ProofRecord>, JournalError> {
        self.query(&format!("{SELECT_PROOF} ORDER BY p.id DESC"), [])
    }

    /// Proofs still waiting for a successful delivery, oldest first.
    pub fn pending(&self) -> Result<Vec<ProofRecord>, JournalError> {
        self.query(
            &format!("{SELECT_PROOF} WHERE p.status = 'pending' ORDER BY p.id"),
            [],
        )
    }

    fn write(&mut self) -> Result<Transaction<'_>, JournalError> {
        Ok(self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    fn query(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<ProofRecord>, JournalError> {
        let mut statement = self.connection.prepare(sql)?;
        let rows = statement.query_map(params, read_proof)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

const SELECT_PROOF: &str = "
SELECT p.id, p.created_at, p.callback, p.asset, p.network, p.format, p.idx, p.address, p.path,
       p.message, p.signature, p.status,
       (SELECT COUNT(*) FROM attempt a WHERE a.proof_id = p.id),
       (SELECT outcome FROM attempt a WHERE a.proof_id = p.id ORDER BY a.id DESC LIMIT 1),
       (SELECT detail FROM attempt a WHERE a.proof_id = p.id ORDER BY a.id DESC LIMIT 1),
       (SELECT at FROM attempt a WHERE a.proof_id = p.id ORDER BY a.id DESC LIMIT 1),
       p.xpub,
       (SELECT r.funded_at IS NOT NULL FROM reserved_index r
        WHERE r.asset = p.asset AND r.network = p.network AND r.format = p.format
              AND r.idx = p.idx)
FROM proof p";

fn read_proof(row: &rusqlite::Row<'_>) -> rusqlite::Result<ProofRecord> {
    let text = |index: usize| row.get::<_, String>(index);
    let asset = Asset::from_symbol(&text(3)?).unwrap_or(Asset::Btc);
    Ok(ProofRecord {
        id: row.get(0)?,
        created_at: row.get(1)?,
        callback: text(2)?,
        asset,
        network: Network::from_name(&text(4)?).unwrap_or_default(),
        format: AddressFormat::from_wire_name(asset, &text(5)?).unwrap_or(AddressFormat::P2wpkh),
        index: row.get(6)?,
        address: text(7)?,
        path: text(8)?,
        message: text(9)?,
        signature: text(10)?,
        status: ProofStatus::parse(&text(11)?),
        attempts: row.get(12)?,
        last_outcome: row.get(13)?,
        last_detail: row.get(14)?,
        last_attempt_at: row.get(15)?,
        xpub: row.get(16)?,
        funded: row.get::<_, Option<bool>>(17)?.unwrap_or(false),
    })
}

/// Adds a column that a journal written by an earlier version lacks.
fn add_column_if_missing(
    connection: &Connection,
    table: &str,
    column: &str,
    kind: &str,
) -> Result<(), JournalError> {
    let mut statement = connection.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = statement.query_map([], |row| row.get::<_, String>(1))?;
    for name in names {
        if name? == column {
            return Ok(());
        }
    }
    connection.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {kind}"))?;
    Ok(())
}

fn next_index(
    connection: &Connection,
    asset: Asset,
    network: Network,
    format: AddressFormat,
) -> Result<u32, JournalError> {
    let highest: Option<u32> = connection
        .query_row(
            "SELECT MAX(idx) FROM reserved_index WHERE asset = ?1 AND network = ?2 AND format = ?3",
            params![asset.symbol(), network.name(), format.wire_name()],
            |row| row.get(0),
        )
        .optional()?
        .flatten();
    Ok(highest.map_or(0, |index| index + 1))
}

fn reserve(
    connection: &Connection,
    asset: Asset,
    network: Network,
    format: AddressFormat,
    index: u32,
    used_for: IndexUse,
    now: i64,
) -> Result<(), JournalError> {
    let used_for = match used_for {
        IndexUse::Proof => "proof",
        IndexUse::Receive => "receive",
        IndexUse::Signed => "signed",
        IndexUse::Connected => "connected",
    };
    let inserted = connection.execute(
        "INSERT OR IGNORE INTO reserved_index (asset, network, format, idx, use, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            asset.symbol(),
            network.name(),
            format.wire_name(),
            index,
            used_for,
            now
        ],
    )?;
    if inserted == 0 {
        return Err(JournalError::IndexUsed { format, index });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proof(index: u32) -> NewProof {
        NewProof {
            callback: "https://vasp.example/p/1".into(),
            asset: Asset::Btc,
            network: Network::Mainnet,
            format: AddressFormat::P2wpkh,
            index,
            exclusive_index: true,
            address: format!("bc1q-{index}"),
            path: format!("84'/0'/0'/0/{index}"),
            message: "m".into(),
            signature: "sig".into(),
            xpub: None,
        }
    }

    #[test]
    fn next_index_skips_proven_and_shown_addresses() {
        let mut journal = Journal::in_memory().unwrap();
        let chain = (Asset::Btc, Network::Mainnet, AddressFormat::P2wpkh);
        assert_eq!(journal.next_index(chain.0, chain.1, chain.2).unwrap(), 0);
        journal.record_proof(&proof(0), 1).unwrap();
        assert_eq!(
            journal
                .reserve_receive(chain.0, chain.1, chain.2, 2)
                .unwrap(),
            1
        );
        assert_eq!(journal.next_index(chain.0, chain.1, chain.2).unwrap(), 2);
        // Other chains are independent.
        assert_eq!(
            journal
                .next_index(Asset::Btc, Network::Testnet, AddressFormat::P2wpkh)
                .unwrap(),
            0
        );
        assert_eq!(
            journal
                .next_index(Asset::Btc, Network::Mainnet, AddressFormat::P2tr)
                .unwrap(),
            0
        );
    }

    #[test]
    fn the_last_receive_index_is_remembered_per_chain() {
        let mut journal = Journal::in_memory().unwrap();
        let chain = (Asset::Btc, Network::Mainnet, AddressFormat::P2tr);
        assert_eq!(
            journal.last_receive(chain.0, chain.1, chain.2).unwrap(),
            None
        );
        journal
            .reserve_receive(chain.0, chain.1, chain.2, 1)
            .unwrap();
        journal
            .reserve_receive(chain.0, chain.1, chain.2, 2)
            .unwrap();
        assert_eq!(
            journal.last_receive(chain.0, chain.1, chain.2).unwrap(),
            Some(1)
        );
        assert_eq!(
            journal
                .last_receive(chain.0, chain.1, AddressFormat::P2wpkh)
                .unwrap(),
            None
        );
    }

    #[test]
    fn an_index_is_never_reserved_twice() {
        let mut journal = Journal::in_memory().unwrap();
        journal.record_proof(&proof(0), 1).unwrap();
        assert_eq!(
            journal.record_proof(&proof(0), 2),
            Err(JournalError::IndexUsed {
                format: AddressFormat::P2wpkh,
                index: 0
            })
        );
        assert_eq!(
            journal.proofs().unwrap().len(),
            1,
            "the refused proof left nothing behind"
        );
    }

    #[test]
    fn a_shared_ether_account_can_be_proven_again() {
        let mut journal = Journal::in_memory().unwrap();
        let ether = NewProof {
            asset: Asset::Eth,
            format: AddressFormat::Standard,
            exclusive_index: false,
            ..proof(0)
        };
        journal.record_proof(&ether, 1).unwrap();
        journal.record_proof(&ether, 2).unwrap();
        assert_eq!(
            journal
                .next_index(Asset::Eth, Network::Mainnet, AddressFormat::Standard)
                .unwrap(),
            1
        );
    }

    #[test]
    fn attempts_update_status_and_keep_the_signature() {
        let mut journal = Journal::in_memory().unwrap();
        let recorded = journal.record_proof(&proof(0), 10).unwrap();
        assert_eq!(recorded.status, ProofStatus::Pending);
        let failed = AttemptRecord {
            status: ProofStatus::Pending,
            outcome: "timeout".into(),
            detail: "30 s".into(),
        };
        let after = journal.record_attempt(recorded.id, &failed, 11).unwrap();
        assert_eq!(
            (after.attempts, after.last_outcome.as_deref()),
            (1, Some("timeout"))
        );
        assert_eq!(journal.pending().unwrap().len(), 1);
        let accepted = AttemptRecord {
            status: ProofStatus::Accepted,
            outcome: "accepted".into(),
            detail: "204".into(),
        };
        let done = journal.record_attempt(recorded.id, &accepted, 12).unwrap();
        assert_eq!(done.status, ProofStatus::Accepted);
        assert_eq!(done.signature, recorded.signature);
        assert!(journal.pending().unwrap().is_empty());
    }

    #[test]
    fn proofs_survive_reopening_the_file() {
        let path = std::env::temp_dir().join(format!("aopp-journal-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let id = Journal::open(&path)
            .unwrap()
            .record_proof(&proof(3), 1)
            .unwrap()
            .id;
        let reopened = Journal::open(&path).unwrap();
        assert_eq!(reopened.proof(id).unwrap().index, 3);
        assert_eq!(
            reopened
                .next_index(Asset::Btc, Network::Mainnet, AddressFormat::P2wpkh)
                .unwrap(),
            4
        );
    }

    #[test]
    fn the_latest_proof_of_a_callback_is_found() {
        let mut journal = Journal::in_memory().unwrap();
        assert_eq!(
            journal
                .proof_for_callback("https://vasp.example/p/1")
                .unwrap(),
            None
        );
        journal.record_proof(&proof(0), 1).unwrap();
        let second = journal.record_proof(&proof(1), 2).unwrap();
        let found = journal
            .proof_for_callback("https://vasp.example/p/1")
            .unwrap();
        assert_eq!(found.map(|record| record.id), Some(second.id));
        assert_eq!(
            journal
                .proof_for_callback("https://vasp.example/p/2")
                .unwrap(),
            None
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_database_and_its_wal_and_shm_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("aopp-journal-modes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = dir.join("journal.sqlite3");
        let mut journal = Journal::open(&path).unwrap();
        journal.record_proof(&proof(0), 1).unwrap();
        let mode = |name: &str| {
            std::fs::metadata(dir.join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("."), 0o700);
        for name in [
            "journal.sqlite3",
            "journal.sqlite3-wal",
            "journal.sqlite3-shm",
        ] {
            assert_eq!(mode(name), 0o600, "{name}");
        }
    }

    #[test]
    fn a_journal_from_before_the_xpub_column_is_opened_and_keeps_its_proofs() {
        let path =
            std::env::temp_dir().join(format!("aopp-journal-old-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        {
            // The tables as earlier versions created them: the schema, without the added column.
            let old = Connection::open(&path).unwrap();
            old.execute_batch(SCHEMA).unwrap();
            old.execute_batch(
                "INSERT INTO proof (created_at, callback, asset, network, format, idx, address,
                                    path, message, signature, status)
                 VALUES (1, 'https://vasp.example/p', 'btc', 'mainnet', 'p2wpkh', 0, 'bc1q-0',
                         'm/84h/0h/0h/0/0', 'm', 'sig', 'pending')",
            )
            .unwrap();
        }
        let mut journal = Journal::open(&path).unwrap();
        assert_eq!(journal.proofs().unwrap()[0].xpub, None);
        let mut with_xpub = proof(1);
        with_xpub.xpub = Some("xpub6C…".into());
        let recorded = journal.record_proof(&with_xpub, 2).unwrap();
        assert_eq!(recorded.xpub.as_deref(), Some("xpub6C…"));
    }
}
