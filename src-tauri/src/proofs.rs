//! The proof flow behind the confirmation screen: preview the fresh address, approve (derive,
//! sign, self-verify, journal, deliver), resend, history and export. Plain functions, as in
//! `api.rs`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use wallet_core::deliver::{Courier, Outcome};
use wallet_core::journal::{NewProof, ProofRecord, ProofStatus, SignedMessageRecord};
use wallet_core::{
    prove, AddressFormat, AoppRequest, Asset, CallbackOrigin, FormatRequest, MasterKey, Proof,
    SignOptions,
};

use crate::api::{lock, LinkView, WalletApp};
use crate::error::ApiError;

/// Which Ether account a proof uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EthAccount {
    /// The first account, where funds usually are.
    #[default]
    First,
    /// A new account, never proven nor shown before.
    New,
}

/// The queue as the app shows it: the waiting links, and what approving the first would prove.
#[derive(Serialize)]
pub struct QueueView {
    /// The waiting links, oldest first.
    pub links: Vec<LinkView>,
    /// The head request's preview for the default Ether account, fetched with the queue so that
    /// its confirmation opens complete, in one frame; `None` if the head is not a request to
    /// sign or its preview failed (the confirmation then asks again and shows why).
    pub head_preview: Option<Preview>,
}

/// Everything the confirmation screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// The link's queue id.
    pub link_id: u64,
    /// The request.
    pub request: AoppRequest,
    /// Who asks.
    pub origin: CallbackOrigin,
    /// The format that will be proven.
    pub format: AddressFormat,
    /// Whether the VASP let the wallet choose (`any`).
    pub format_was_any: bool,
    /// The network.
    pub network: wallet_core::Network,
    /// The address that will be proven.
    pub address: String,
    /// Its BIP-32 path, `m/…`.
    pub path: String,
    /// Its index on the receive chain.
    pub index: u32,
    /// For Ether: which account.
    pub eth_account: Option<EthAccount>,
    /// The chain's gap count, when the proof takes a fresh address: the confirmation warns
    /// when taking it needs a restoring wallet to look further than the default gap limit.
    pub gap: Option<wallet_core::gap::ChainGap>,
}

/// The index, format and network a proof takes, before any key is derived.
struct Choice {
    format: AddressFormat,
    index: u32,
    network: wallet_core::Network,
    eth_account: Option<EthAccount>,
}

/// A proof and what its last delivery did.
#[derive(Debug, Clone, Serialize)]
pub struct ProofView {
    /// The journal record.
    pub record: ProofRecord,
    /// The host it goes to.
    pub host: String,
    /// The outcome of the attempt just made, if one was.
    pub outcome: Option<Outcome>,
}

/// The copy formats of a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofText {
    /// The POST body.
    Json,
    /// `-----BEGIN BITCOIN SIGNED MESSAGE-----` (Bitcoin only).
    Armored,
}

/// Export formats of the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Comma-separated values.
    Csv,
    /// A JSON array.
    Json,
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

impl WalletApp {
    fn queued_request(&self, link_id: u64) -> Result<AoppRequest, ApiError> {
        let link = self
            .links()
            .into_iter()
            .find(|view| view.id == link_id)
            .ok_or_else(|| ApiError::new("no_such_link", "the request is no longer waiting"))?;
        match (link.request, link.error) {
            (Some(view), _) => Ok(view.request),
            (None, Some(error)) => Err(error),
            (None, None) => Err(ApiError::new(
                "no_such_link",
                "the request is no longer waiting",
            )),
        }
    }

    pub(crate) fn master_key(&self) -> Result<MasterKey, ApiError> {
        let secret = self
            .vault
            .load()?
            .ok_or_else(|| ApiError::new("no_wallet", "there is no wallet"))?;
        let seed = secret.mnemonic.to_seed(&secret.passphrase);
        Ok(MasterKey::from_seed(&seed, self.settings().network))
    }

    /// Which format, index and network a proof for `request` would use; derives nothing.
    fn choose(&self, request: &AoppRequest, eth_account: EthAccount) -> Result<Choice, ApiError> {
        let settings = self.settings();
        let format = request.format.resolve(settings.preferred_format);
        let (index, eth_account) = match request.asset {
            Asset::Btc => (
                lock(&self.journal).next_index(Asset::Btc, settings.network, format)?,
                None,
            ),
            Asset::Eth => {
                let index = match eth_account {
                    EthAccount::First => 0,
                    EthAccount::New => lock(&self.journal)
                        .next_index(Asset::Eth, settings.network, format)?
                        .max(1),
                };
                (index, Some(eth_account))
            }
        };
        Ok(Choice {
            format,
            index,
            network: settings.network,
            eth_account,
        })
    }

    /// The proof already made for `request`'s callback, if any.
    pub(crate) fn existing_proof(
        &self,
        request: &AoppRequest,
    ) -> Result<Option<ProofView>, ApiError> {
        Ok(lock(&self.journal)
            .proof_for_callback(request.callback.as_str())?
            .map(|record| view(record, None)))
    }

    /// The waiting links, with the head request's preview.
    pub fn queue(&self) -> QueueView {
        let links = self.links();
        let head_preview = links
            .first()
            .filter(|head| head.request.is_some() && head.existing_proof.is_none())
            .and_then(|head| self.preview(head.id, EthAccount::default()).ok());
        QueueView {
            links,
            head_preview,
        }
    }

    /// What approving the waiting link `link_id` would prove, without signing or reserving.
    pub fn preview(&self, link_id: u64, eth_account: EthAccount) -> Result<Preview, ApiError> {
        let request = self.queued_request(link_id)?;
        let choice = self.choose(&request, eth_account)?;
        let key = self.master_key()?.derive(choice.format, choice.index)?;
        let gap = lock(&self.journal).chain_gap(choice.network, choice.format)?;
        Ok(Preview {
            gap: (gap.next_index == choice.index).then_some(gap),
            link_id,
            origin: request.origin(),
            format: choice.format,
            format_was_any: request.format == FormatRequest::Any,
            network: choice.network,
            address: key.address.to_string(),
            path: format!("m/{}", key.path),
            index: choice.index,
            eth_account: choice.eth_account,
            request,
        })
    }

    /// The user approved `expected_address` for link `link_id`: derive, sign, self-verify,
    /// journal (before anything leaves), drop the link from the queue, deliver.
    ///
    /// `send_xpub`: the user ticked the box that sends the account's extended public key, which
    /// the link asked for (`xpub_required`); without both it is not sent.
    pub fn approve(
        &self,
        link_id: u64,
        expected_address: &str,
        eth_account: EthAccount,
        send_xpub: bool,
    ) -> Result<ProofView, ApiError> {
        let request = self.queued_request(link_id)?;
        self.check_no_damaged_files()?;
        // One link, one proof: a second approval would prove a second address to the same VASP.
        if self.existing_proof(&request)?.is_some() {
            return Err(ApiError::new(
                "already_proven",
                "this request was answered already; its proof is in History",
            ));
        }
        let choice = self.choose(&request, eth_account)?;
        let master = self.master_key()?;
        let signed = prove(
            &master,
            &request,
            choice.index,
            choice.format,
            SignOptions::default(),
        )?;
        let xpub = if send_xpub && request.xpub_required {
            Some(
                master
                    .account_xpub(choice.format, choice.index)?
                    .to_string(),
            )
        } else {
            None
        };
        // Nothing is recorded or sent for an address the user did not see.
        if signed.proof.address != expected_address {
            return Err(ApiError::new(
                "address_changed",
                "the address to prove changed since it was shown; review it again",
            ));
        }
        let record = lock(&self.journal).record_proof(
            &NewProof {
                callback: request.callback.to_string(),
                asset: request.asset,
                network: choice.network,
                format: choice.format,
                index: choice.index,
                exclusive_index: request.asset == Asset::Btc,
                address: signed.proof.address.clone(),
                path: format!("m/{}", signed.path),
                message: request.message.clone(),
                signature: signed.proof.signature.clone(),
                xpub,
            },
            now(),
        )?;
        self.dismiss_link(link_id)?;
        self.deliver(record)
    }

    /// Sends a pending proof again, with the signature it was made with.
    pub fn resend(&self, proof_id: i64) -> Result<ProofView, ApiError> {
        self.check_no_damaged_files()?;
        let record = lock(&self.journal).proof(proof_id)?;
        if record.status != ProofStatus::Pending {
            return Err(ApiError::new(
                "not_pending",
                "this proof is not waiting to be sent",
            ));
        }
        self.deliver(record)
    }

    fn deliver(&self, record: ProofRecord) -> Result<ProofView, ApiError> {
        let callback = url::Url::parse(&record.callback)
            .map_err(|error| ApiError::new("callback_not_url", &error.to_string()))?;
        let proof = Proof {
            version: 0,
            address: record.address.clone(),
            signature: record.signature.clone(),
            xpub: record.xpub.clone(),
        };
        let outcome = self.courier()?.deliver(&callback, &proof);
        let updated =
            lock(&self.journal).record_attempt(record.id, &outcome.to_attempt(), now())?;
        Ok(view(updated, Some(outcome)))
    }

    fn courier(&self) -> Result<std::sync::Arc<Courier>, ApiError> {
        let proxy = self.settings().socks5_proxy;
        let mut cached = lock(&self.courier);
        if let Some((cached_proxy, courier)) = cached.as_ref() {
            if *cached_proxy == proxy {
                return Ok(std::sync::Arc::clone(courier));
            }
        }
        let mut config = self.delivery.clone();
        config.socks5_proxy = proxy.clone();
        let courier = std::sync::Arc::new(Courier::new(&config)?);
        *cached = Some((proxy, std::sync::Arc::clone(&courier)));
        Ok(courier)
    }

    /// Every proof, newest first.
    pub fn history(&self) -> Result<Vec<ProofView>, ApiError> {
        Ok(lock(&self.journal)
            .proofs()?
            .into_iter()
            .map(|record| view(record, None))
            .collect())
    }

    /// Proofs waiting to be sent, oldest first.
    pub fn pending_proofs(&self) -> Result<Vec<ProofView>, ApiError> {
        Ok(lock(&self.journal)
            .pending()?
            .into_iter()
            .map(|record| view(record, None))
            .collect())
    }

    /// A proof as text to hand to the VASP by other means.
    pub fn proof_text(&self, proof_id: i64, kind: ProofText) -> Result<String, ApiError> {
        let record = lock(&self.journal).proof(proof_id)?;
        match kind {
            ProofText::Json => serde_json::to_string_pretty(&Proof {
                version: 0,
                address: record.address,
                signature: record.signature,
                xpub: record.xpub,
            })
            .map_err(|error| ApiError::new("json", &error.to_string())),
            ProofText::Armored if record.asset == Asset::Btc => {
                Ok(wallet_core::sign::armored::armor(
                    &record.message,
                    &record.address,
                    &record.signature,
                ))
            }
            ProofText::Armored => Err(ApiError::new(
                "armored_bitcoin_only",
                "the armored form exists for Bitcoin only",
            )),
        }
    }

    /// Writes the history to a new file in `dir` as CSV or JSON and returns its path. An
    /// existing file is never overwritten (nor followed, if it is a link): the next free name
    /// is taken, `aopp-wallet-history-2.csv` and so on. The file is private to the user.
    pub fn export_history(&self, format: ExportFormat, dir: &Path) -> Result<PathBuf, ApiError> {
        let (proofs, signed) = {
            let journal = lock(&self.journal);
            (journal.proofs()?, journal.signed_messages()?)
        };
        let (extension, text) = match format {
            ExportFormat::Json => (
                "json",
                serde_json::to_string_pretty(&serde_json::json!({
                    "proofs": proofs,
                    "signed_messages": signed,
                }))
                .map_err(|error| ApiError::new("json", &error.to_string()))?,
            ),
            ExportFormat::Csv => ("csv", to_csv(&proofs, &signed)),
        };
        create_new_export(dir, "aopp-wallet-history", extension, &text)
    }
}

/// Writes `text` to a new file `STEM.EXTENSION` in `dir` and returns its path. An existing
/// file is never overwritten (nor followed, if it is a link): the next free name is taken,
/// `STEM-2.EXTENSION` and so on. The file is private to the user.
pub(crate) fn create_new_export(
    dir: &Path,
    stem: &str,
    extension: &str,
    text: &str,
) -> Result<PathBuf, ApiError> {
    let io = |error: std::io::Error| ApiError::new("export_io", &error.to_string());
    std::fs::create_dir_all(dir).map_err(io)?;
    for number in 1..=EXPORT_NAMES {
        let name = match number {
            1 => format!("{stem}.{extension}"),
            _ => format!("{stem}-{number}.{extension}"),
        };
        let path = dir.join(name);
        match wallet_core::private_files::create_new(&path) {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(text.as_bytes()).map_err(io)?;
                file.sync_all().map_err(io)?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(io(error)),
        }
    }
    Err(ApiError::new(
        "export_exists",
        "every export name is taken; move some earlier exports away",
    ))
}

fn view(record: ProofRecord, outcome: Option<Outcome>) -> ProofView {
    let host = url::Url::parse(&record.callback)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default();
    ProofView {
        record,
        host,
        outcome,
    }
}

const CSV_HEADER: &str = "kind,id,created_at,callback,asset,network,format,address,path,scheme,message,signature,status,attempts,last_outcome,last_detail";

/// How many numbered names an export tries before it gives up.
const EXPORT_NAMES: u32 = 999;

/// RFC 4180 CSV: every field quoted, quotes doubled; messages may hold commas and newlines.
/// A field a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return: a VASP writes the message) gets a leading `'`, so it stays text. Proofs
/// sent to a VASP come first (kind `aopp`), then messages signed for pasting (kind `signed`).
/// The scheme of a proof's signature, as its own check names it (AOPP fixes the scheme by the
/// address's format, and for taproot the BIP-322 prefix is a setting of its time).
fn proof_scheme(record: &ProofRecord) -> String {
    wallet_core::sign::verify(
        record.asset,
        record.network,
        &record.address,
        &record.message,
        &record.signature,
    )
    .map(|verified| verified.kind.scheme().to_string())
    .unwrap_or_default()
}

fn to_csv(proofs: &[ProofRecord], signed: &[SignedMessageRecord]) -> String {
    let quote = |field: &str| {
        let inert = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            "'"
        } else {
            ""
        };
        format!("\"{inert}{}\"", field.replace('"', "\"\""))
    };
    let mut csv = format!("{CSV_HEADER}\r\n");
    let mut push = |fields: [String; 16]| {
        let line: Vec<String> = fields.iter().map(|field| quote(field)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    };
    for record in proofs {
        push([
            "aopp".to_owned(),
            record.id.to_string(),
            record.created_at.to_string(),
            record.callback.clone(),
            record.asset.to_string(),
            record.network.to_string(),
            record.format.to_string(),
            record.address.clone(),
            record.path.clone(),
            proof_scheme(record),
            record.message.clone(),
            record.signature.clone(),
            format!("{:?}", record.status).to_lowercase(),
            record.attempts.to_string(),
            record.last_outcome.clone().unwrap_or_default(),
            record.last_detail.clone().unwrap_or_default(),
        ]);
    }
    for record in signed {
        push([
            "signed".to_owned(),
            record.id.to_string(),
            record.created_at.to_string(),
            String::new(),
            record.asset.to_string(),
            record.network.to_string(),
            record.format.to_string(),
            record.address.clone(),
            record.path.clone(),
            record.scheme.clone(),
            record.message.clone(),
            record.signature.clone(),
            "signed".to_owned(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    csv
}
