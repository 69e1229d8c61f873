//! "Your addresses in other wallets": the output descriptors a spending wallet needs to find
//! every address this one handed out, the gap limit it must use, the first and last address it
//! should show after the restore, and the funded marks that move that gap. Plain functions, as
//! in `api.rs`.

use std::path::{Path, PathBuf};

use serde::Serialize;
use wallet_core::gap::{ChainGap, DEFAULT_GAP_LIMIT};
use wallet_core::keys::Chain;
use wallet_core::{AddressFormat, Asset, Network};

use crate::api::{lock, WalletApp};
use crate::error::ApiError;
use crate::proofs::{create_new_export, now};

/// One Bitcoin format's account, as the screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    /// The format.
    pub format: AddressFormat,
    /// The account's path, `m/84'/0'/0'`.
    pub account_path: String,
    /// The receive chain's descriptor, with key origin and checksum.
    pub receive: String,
    /// The change chain's.
    pub change: String,
    /// How far the handed-out addresses stretch a restoring wallet's gap limit.
    pub gap: ChainGap,
    /// The gap limit to set when restoring: at least the default.
    pub gap_limit: u32,
    /// The first receive address a restored wallet shows.
    pub first_address: String,
    /// The last address this wallet handed out, which the restored wallet must show too.
    pub last_address: Option<String>,
    /// When its first address was handed out (seconds since the Unix epoch).
    pub first_use: Option<i64>,
    /// The QR code of the receive descriptor, as an SVG data URL.
    pub qr: String,
}

/// Everything the screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct DescriptorsView {
    /// The network the descriptors are for.
    pub network: Network,
    /// The BIP-32 fingerprint of the seed's root, as key origins give it.
    pub fingerprint: String,
    /// Every Bitcoin format, those the wallet used first.
    pub accounts: Vec<AccountView>,
    /// Ether's account gap (Ether has no descriptors: its addresses are accounts).
    pub ether: ChainGap,
}

/// The files a spending wallet imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DescriptorExport {
    /// Bitcoin Core's `importdescriptors` argument: a JSON array, both chains of every used
    /// format.
    BitcoinCore,
    /// The descriptor text Sparrow's "Import Wallet → Output Descriptor" reads, one format.
    Sparrow(AddressFormat),
}

impl WalletApp {
    /// The descriptors of every Bitcoin account on the current network, with their gaps.
    pub fn descriptors(&self) -> Result<DescriptorsView, ApiError> {
        let network = self.settings().network;
        let master = self.master_key()?;
        let journal = lock(&self.journal);
        let mut accounts = Vec::new();
        for &format in Asset::Btc.formats() {
            let Some(descriptors) = master.account_descriptors(format)? else {
                continue;
            };
            let gap = journal.chain_gap(network, format)?;
            let address = |index| -> Result<String, ApiError> {
                Ok(master
                    .derive_on(format, Chain::Receive, index)?
                    .address
                    .to_string())
            };
            accounts.push(AccountView {
                format,
                account_path: descriptors.account_path,
                qr: crate::receive::qr_data_url(&descriptors.receive)?,
                receive: descriptors.receive,
                change: descriptors.change,
                gap_limit: gap.needed.max(DEFAULT_GAP_LIMIT),
                first_address: address(0)?,
                last_address: gap.highest_used.map(address).transpose()?,
                first_use: journal.first_use(network, format)?,
                gap,
            });
        }
        // The formats in use first, then as the wallet lists them.
        accounts.sort_by_key(|account| account.gap.highest_used.is_none());
        Ok(DescriptorsView {
            network,
            fingerprint: master.fingerprint().to_string(),
            ether: journal.chain_gap(network, AddressFormat::Standard)?,
            accounts,
        })
    }

    /// Writes a spending wallet's import file into `dir` (never over an existing file) and
    /// returns its path. Public data only, but every address of the accounts.
    pub fn export_descriptors(
        &self,
        export: DescriptorExport,
        dir: &Path,
    ) -> Result<PathBuf, ApiError> {
        let view = self.descriptors()?;
        let (stem, extension, text) = match export {
            DescriptorExport::BitcoinCore => (
                "aopp-wallet-descriptors-bitcoin-core".to_owned(),
                "json",
                bitcoin_core_import(&view)?,
            ),
            DescriptorExport::Sparrow(format) => {
                let account = view
                    .accounts
                    .iter()
                    .find(|account| account.format == format)
                    .ok_or_else(|| {
                        ApiError::new("no_descriptor", "ether accounts have no output descriptor")
                    })?;
                (
                    format!("aopp-wallet-descriptor-{format}"),
                    "txt",
                    format!("{}\n", account.receive),
                )
            }
        };
        create_new_export(dir, &stem, extension, &text)
    }

    /// Marks (or unmarks) the address of proof `proof_id` as having received funds, which
    /// moves the gap count; the wallet itself cannot see the chain.
    pub fn mark_funded(&self, proof_id: i64, funded: bool) -> Result<(), ApiError> {
        let mut journal = lock(&self.journal);
        let proof = journal.proof(proof_id)?;
        journal.mark_funded(proof.network, proof.format, proof.index, funded, now())?;
        Ok(())
    }
}

/// Bitcoin Core's `importdescriptors` request for every format the wallet used: both chains,
/// active, the range past the last address by the default gap, and a rescan from the first
/// address's hand-out (no coins can have reached it before).
fn bitcoin_core_import(view: &DescriptorsView) -> Result<String, ApiError> {
    let mut requests = Vec::new();
    for account in &view.accounts {
        let (Some(highest), Some(first_use)) = (account.gap.highest_used, account.first_use) else {
            continue;
        };
        let end = highest.saturating_add(account.gap_limit).max(999);
        for (descriptor, internal) in [(&account.receive, false), (&account.change, true)] {
            requests.push(serde_json::json!({
                "desc": descriptor,
                "range": [0, end],
                "timestamp": first_use,
                "active": true,
                "internal": internal,
            }));
        }
    }
    if requests.is_empty() {
        return Err(ApiError::new(
            "nothing_handed_out",
            "no bitcoin address was handed out on this network yet",
        ));
    }
    serde_json::to_string_pretty(&requests)
        .map_err(|error| ApiError::new("json", &error.to_string()))
}
