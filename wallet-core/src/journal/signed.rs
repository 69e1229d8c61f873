//! Messages the user signed to paste into an exchange's form: recorded like proofs (what was
//! signed, with which address and scheme, when), never with key material.

use rusqlite::params;
use serde::Serialize;

use super::{reserve, IndexUse, Journal, JournalError};
use crate::asset::{AddressFormat, Asset, Network};

/// A message signature about to be shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignedMessage {
    /// The asset.
    pub asset: Asset,
    /// The network.
    pub network: Network,
    /// The address's format.
    pub format: AddressFormat,
    /// The receive index to reserve, when a fresh address was taken for it (refused if it was
    /// used meanwhile); `None` for an address the wallet had used or shown before.
    pub fresh_index: Option<u32>,
    /// The address.
    pub address: String,
    /// Its BIP-32 path, `m/…`.
    pub path: String,
    /// The scheme's name (`electrum`, `bip137`, `bip322`, `bip322-smp`, `eip191`).
    pub scheme: String,
    /// The message, exactly as signed.
    pub message: String,
    /// The signature, as shown.
    pub signature: String,
    /// Who asked for it over WalletConnect (the dApp's domain); `None` for a message the user
    /// pasted.
    pub requested_by: Option<String>,
}

/// A signed message in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedMessageRecord {
    /// Journal id.
    pub id: i64,
    /// When it was signed, seconds since the Unix epoch.
    pub created_at: i64,
    /// The asset.
    pub asset: Asset,
    /// The network.
    pub network: Network,
    /// The address's format.
    pub format: AddressFormat,
    /// The address.
    pub address: String,
    /// Its BIP-32 path.
    pub path: String,
    /// The scheme's name.
    pub scheme: String,
    /// The message.
    pub message: String,
    /// The signature.
    pub signature: String,
    /// The dApp's domain, when it asked over WalletConnect.
    pub requested_by: Option<String>,
}

/// An index of a receive chain the wallet handed out, and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsedIndex {
    /// The chain's format.
    pub format: AddressFormat,
    /// The index.
    pub index: u32,
    /// What it was used for.
    pub used_for: IndexUse,
    /// When it was first used.
    pub at: i64,
    /// The callbacks of the proofs made with it (who saw it), oldest first.
    pub proven_to: Vec<String>,
}

impl Journal {
    /// Every index of `asset` on `network` that was proven, shown or signed with, newest
    /// first.
    pub fn used_indexes(
        &self,
        asset: Asset,
        network: Network,
    ) -> Result<Vec<UsedIndex>, JournalError> {
        let mut statement = self.connection.prepare(
            "SELECT r.format, r.idx, r.use, r.at,
                    (SELECT group_concat(p.callback, char(10)) FROM
                        (SELECT callback FROM proof
                         WHERE asset = r.asset AND network = r.network AND format = r.format
                               AND idx = r.idx ORDER BY id) p)
             FROM reserved_index r WHERE r.asset = ?1 AND r.network = ?2
             ORDER BY r.at DESC, r.idx DESC",
        )?;
        let rows = statement.query_map(params![asset.symbol(), network.name()], |row| {
            let format: String = row.get(0)?;
            let used_for: String = row.get(2)?;
            let callbacks: Option<String> = row.get(4)?;
            Ok(UsedIndex {
                format: AddressFormat::from_wire_name(asset, &format)
                    .unwrap_or(AddressFormat::P2wpkh),
                index: row.get(1)?,
                used_for: match used_for.as_str() {
                    "receive" => IndexUse::Receive,
                    "signed" => IndexUse::Signed,
                    "connected" => IndexUse::Connected,
                    _ => IndexUse::Proof,
                },
                at: row.get(3)?,
                proven_to: callbacks
                    .map(|text| text.lines().map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Records a signed message, reserving its fresh index in the same transaction.
    pub fn record_signed_message(
        &mut self,
        signed: &NewSignedMessage,
        now: i64,
    ) -> Result<SignedMessageRecord, JournalError> {
        let transaction = self.write()?;
        if let Some(index) = signed.fresh_index {
            reserve(
                &transaction,
                signed.asset,
                signed.network,
                signed.format,
                index,
                IndexUse::Signed,
                now,
            )?;
        }
        transaction.execute(
            "INSERT INTO signed_message (created_at, asset, network, format, address, path, scheme,
                                         message, signature, requested_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                now,
                signed.asset.symbol(),
                signed.network.name(),
                signed.format.wire_name(),
                signed.address,
                signed.path,
                signed.scheme,
                signed.message,
                signed.signature,
                signed.requested_by,
            ],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        Ok(SignedMessageRecord {
            id,
            created_at: now,
            asset: signed.asset,
            network: signed.network,
            format: signed.format,
            address: signed.address.clone(),
            path: signed.path.clone(),
            scheme: signed.scheme.clone(),
            message: signed.message.clone(),
            signature: signed.signature.clone(),
            requested_by: signed.requested_by.clone(),
        })
    }

    /// Every signed message, newest first.
    pub fn signed_messages(&self) -> Result<Vec<SignedMessageRecord>, JournalError> {
        let mut statement = self.connection.prepare(
            "SELECT id, created_at, asset, network, format, address, path, scheme, message,
                    signature, requested_by
             FROM signed_message ORDER BY id DESC",
        )?;
        let rows = statement.query_map([], |row| {
            let text = |index: usize| row.get::<_, String>(index);
            let asset = Asset::from_symbol(&text(2)?).unwrap_or(Asset::Btc);
            Ok(SignedMessageRecord {
                id: row.get(0)?,
                created_at: row.get(1)?,
                asset,
                network: Network::from_name(&text(3)?).unwrap_or_default(),
                format: AddressFormat::from_wire_name(asset, &text(4)?)
                    .unwrap_or(AddressFormat::P2wpkh),
                address: text(5)?,
                path: text(6)?,
                scheme: text(7)?,
                message: text(8)?,
                signature: text(9)?,
                requested_by: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(fresh_index: Option<u32>) -> NewSignedMessage {
        NewSignedMessage {
            asset: Asset::Btc,
            network: Network::Mainnet,
            format: AddressFormat::P2wpkh,
            fresh_index,
            address: "bc1q-x".into(),
            path: "m/84'/0'/0'/0/0".into(),
            scheme: "bip322".into(),
            message: "Zürich".into(),
            signature: "sig".into(),
            requested_by: fresh_index.map(|_| "exchange.example".into()),
        }
    }

    #[test]
    fn a_fresh_address_signed_with_is_reserved_and_never_taken_again() {
        let mut journal = Journal::in_memory().unwrap();
        let next = |journal: &Journal| {
            journal
                .next_index(Asset::Btc, Network::Mainnet, AddressFormat::P2wpkh)
                .unwrap()
        };
        assert_eq!(next(&journal), 0);
        journal.record_signed_message(&signed(Some(0)), 5).unwrap();
        assert_eq!(
            next(&journal),
            1,
            "the next proof or message takes another address"
        );
        assert!(matches!(
            journal.record_signed_message(&signed(Some(0)), 6),
            Err(JournalError::IndexUsed { index: 0, .. })
        ));
        // An address used before is signed with again without a reservation.
        journal.record_signed_message(&signed(None), 7).unwrap();
        let used = journal.used_indexes(Asset::Btc, Network::Mainnet).unwrap();
        assert_eq!(used.len(), 1);
        assert_eq!((used[0].index, used[0].used_for), (0, IndexUse::Signed));
        let listed = journal.signed_messages().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].created_at, 7, "newest first");
        assert_eq!(listed[1].message, "Zürich");
    }

    #[test]
    fn used_indexes_say_who_saw_each_proven_address() {
        let mut journal = Journal::in_memory().unwrap();
        let proof = |index: u32, callback: &str| super::super::NewProof {
            callback: callback.into(),
            asset: Asset::Btc,
            network: Network::Mainnet,
            format: AddressFormat::P2tr,
            index,
            exclusive_index: true,
            address: format!("bc1p-{index}"),
            path: format!("m/86'/0'/0'/0/{index}"),
            message: "m".into(),
            signature: "s".into(),
            xpub: None,
        };
        journal
            .record_proof(&proof(0, "https://a.example/p"), 1)
            .unwrap();
        journal
            .reserve_receive(Asset::Btc, Network::Mainnet, AddressFormat::P2tr, 2)
            .unwrap();
        let used = journal.used_indexes(Asset::Btc, Network::Mainnet).unwrap();
        assert_eq!(used.len(), 2);
        assert_eq!((used[0].index, used[0].used_for), (1, IndexUse::Receive));
        assert!(used[0].proven_to.is_empty());
        assert_eq!(used[1].proven_to, ["https://a.example/p"]);
        assert!(journal
            .used_indexes(Asset::Eth, Network::Mainnet)
            .unwrap()
            .is_empty());
    }
}
