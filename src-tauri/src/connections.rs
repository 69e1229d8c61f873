//! WalletConnect in the app: the connections thread (`walletconnect::connections`) behind plain
//! functions, as in `api.rs`, and what answers a dApp's request — only once the user pressed
//! Sign on its confirmation. The path reads as for a pasted message: the request and the
//! address it names → derive → sign → self-verify → journal → answer.

use std::path::Path;
use std::sync::OnceLock;

use base64::Engine;
use serde::Serialize;
use serde_json::{json, Value};
use url::Url;
use wallet_core::journal::IndexUse;
use wallet_core::keys::DerivedKey;
use wallet_core::sign::SignatureScheme;
use wallet_core::sign_in::is_sign_in_message;
use wallet_core::{AddressFormat, Asset, CallbackOrigin, Network};
use walletconnect::connections::{
    ConnectionError, Connections, Notice, PendingProposal, RelaySettings, RelayStatus, Snapshot,
};
use walletconnect::offer::{
    Ask, BitcoinProtocol, Named, Offer, BITCOIN_MAINNET, BITCOIN_REGTEST, BITCOIN_SIGNET,
    BITCOIN_TESTNET,
};
use walletconnect::{PairingUri, Refusal, UriError};

use crate::api::{lock, WalletApp};
use crate::error::ApiError;
use crate::proofs::now;
use crate::settings::Settings;
use crate::signing::{view, SignedMessageView, Signing, MAX_MESSAGE_BYTES};

/// WalletConnect's public relay, unless Settings name another.
pub const DEFAULT_RELAY: &str = "wss://relay.walletconnect.org";

/// The Reown project id built in, when the build was given one.
const BUILT_IN_PROJECT_ID: Option<&str> = option_env!("AOPP_WALLET_WC_PROJECT_ID");

/// The largest icon shown (a data URL; the app fetches nothing from a dApp).
const MAX_ICON_BYTES: usize = 64 * 1024;

/// The connections, opened once the app has somewhere to tell of changes.
pub(crate) type ConnectionsCell = OnceLock<Result<Connections, ApiError>>;

/// A dApp as it describes itself: shown as what it claims (WalletConnect does not prove it).
#[derive(Debug, Clone, Serialize)]
pub struct PeerView {
    pub name: String,
    pub description: String,
    pub url: String,
    /// The URL's origin, read as a callback's is (registrable domain large).
    pub origin: Option<CallbackOrigin>,
    /// Its icon, only if it sent one as a data URL of an image.
    pub icon: Option<String>,
}

/// A proposal for the Connect screen.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub id: u64,
    pub peer: PeerView,
    pub chains: Vec<Named>,
    pub methods: Vec<Named>,
    pub shares_bitcoin: bool,
    pub shares_ether: bool,
    /// Why it cannot be accepted (a required part the wallet does not serve), if so.
    pub refusal: Option<ApiError>,
}

/// A request for its confirmation.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub id: u64,
    pub peer: PeerView,
    pub chain_id: String,
    pub method: String,
    pub asset: Asset,
    /// The address that would sign, and its path.
    pub address: String,
    pub path: Option<String>,
    /// The message exactly as it would be signed.
    pub message: String,
    pub scheme: SignatureScheme,
    /// An EIP-4361 sign-in message: shown as a login, confirmed twice.
    pub sign_in: bool,
    /// Unix seconds: when the dApp stops waiting for the answer.
    pub expires_at: u64,
    /// Why it cannot be signed (too long, not one of this wallet's addresses), if so.
    pub problem: Option<ApiError>,
}

/// A session for the Connections list.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub topic: String,
    pub peer: PeerView,
    /// `chain:address`, as shared.
    pub accounts: Vec<String>,
    pub expiry: u64,
}

/// Everything the Connections screens show.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionsView {
    /// Why WalletConnect cannot be used now (no project id, a damaged store), if so.
    pub problem: Option<ApiError>,
    pub relay_url: String,
    pub relay: RelayStatus,
    pub waiting_pairings: usize,
    pub proposals: Vec<ProposalView>,
    pub requests: Vec<RequestView>,
    pub sessions: Vec<SessionView>,
    pub notices: Vec<Notice>,
}

/// The accounts a Connect would share, before it is pressed.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectPreview {
    pub bitcoin: Option<SharedAccount>,
    pub ether: Option<SharedAccount>,
}

/// One shared account.
#[derive(Debug, Clone, Serialize)]
pub struct SharedAccount {
    pub format: AddressFormat,
    pub address: String,
    pub path: String,
}

/// A request signed, and whether its answer is on its way.
#[derive(Debug, Clone, Serialize)]
pub struct AnsweredView {
    pub signed: SignedMessageView,
    /// Why the answer could not be sent (the dApp disconnected meanwhile), if so; the
    /// signature stays in History.
    pub problem: Option<ApiError>,
}

impl From<ConnectionError> for ApiError {
    fn from(error: ConnectionError) -> ApiError {
        let code = match &error {
            ConnectionError::NoProjectId(_) => "wc_no_project_id",
            ConnectionError::NotWaiting(_) => "wc_not_waiting",
            ConnectionError::NoSession(_) => "wc_no_session",
            ConnectionError::Expired(_) => "wc_request_expired",
            ConnectionError::Offline(_) | ConnectionError::Relay(_) => "wc_offline",
            ConnectionError::Store(_) => "wc_store",
            ConnectionError::Stopped => "internal",
        };
        ApiError::new(code, &error.to_string())
    }
}

impl From<UriError> for ApiError {
    fn from(error: UriError) -> ApiError {
        let code = match error {
            UriError::Expired { .. } => "wc_uri_expired",
            _ => "wc_bad_uri",
        };
        ApiError::new(code, &error.to_string())
    }
}

/// The relay and project id from the settings, the build, and the test switch.
pub(crate) fn relay_settings(
    settings: &Settings,
    test_relay: Option<&Url>,
) -> Result<RelaySettings, ApiError> {
    let url = match (test_relay, &settings.walletconnect_relay) {
        (Some(url), _) => url.clone(),
        (None, Some(url)) => Url::parse(url)
            .map_err(|_| ApiError::new("wc_bad_relay", &format!("{url:?} is not a URL")))?,
        (None, None) => Url::parse(DEFAULT_RELAY).expect("a valid URL"),
    };
    let project_id = settings
        .walletconnect_project_id
        .clone()
        .or_else(|| BUILT_IN_PROJECT_ID.map(str::to_owned));
    // The proxy proofs go through carries the relay connection too (settings checked it is
    // socks5://).
    let proxy = match &settings.socks5_proxy {
        Some(proxy) => Some(Url::parse(proxy).map_err(|_| {
            ApiError::new("bad_proxy", &format!("{proxy:?} is not a socks5:// URL"))
        })?),
        None => None,
    };
    Ok(RelaySettings {
        url,
        project_id,
        proxy,
    })
}

/// The CAIP-2 id of `network` in the `bip122` namespace.
pub fn bitcoin_chain(network: Network) -> &'static str {
    match network {
        Network::Mainnet => BITCOIN_MAINNET,
        Network::Testnet => BITCOIN_TESTNET,
        Network::Signet => BITCOIN_SIGNET,
        Network::Regtest => BITCOIN_REGTEST,
    }
}

impl WalletApp {
    /// Opens the sessions kept in `data_dir`; `notify` is called when anything changes.
    pub fn open_connections(&self, data_dir: &Path, notify: Box<dyn Fn() + Send + Sync>) {
        let opened = relay_settings(&self.settings(), self.test_relay.as_ref()).and_then(|relay| {
            Connections::open(&data_dir.join("walletconnect.json"), relay, notify)
                .map_err(ApiError::from)
        });
        let _ = self.connections.set(opened);
    }

    fn connections(&self) -> Result<&Connections, ApiError> {
        match self.connections.get() {
            Some(Ok(connections)) => Ok(connections),
            Some(Err(error)) => Err(error.clone()),
            None => Err(ApiError::new(
                "wc_unavailable",
                "walletconnect is not available",
            )),
        }
    }

    /// The relay settings changed: the connection is made again with them.
    pub(crate) fn reconfigure_connections(&self) -> Result<(), ApiError> {
        let relay = relay_settings(&self.settings(), self.test_relay.as_ref())?;
        if let Some(Ok(connections)) = self.connections.get() {
            connections.configure(relay);
        }
        Ok(())
    }

    /// What the Connections screens show.
    pub fn connections_view(&self) -> ConnectionsView {
        let relay_url = relay_settings(&self.settings(), self.test_relay.as_ref())
            .map(|relay| relay.url.to_string())
            .unwrap_or_default();
        let (problem, snapshot) = match self.connections() {
            Ok(connections) => {
                let settings = connections.settings();
                let missing_id =
                    settings.project_id.is_none() && !walletconnect::relay::is_local(&settings.url);
                let problem = missing_id
                    .then(|| ConnectionError::NoProjectId(settings.url.to_string()).into());
                (problem, connections.snapshot())
            }
            Err(error) => (Some(error), Snapshot::default()),
        };
        let network = self.settings().network;
        ConnectionsView {
            problem,
            relay_url,
            relay: snapshot.relay,
            waiting_pairings: snapshot.waiting_pairings,
            proposals: snapshot
                .proposals
                .iter()
                .map(|pending| {
                    let offer = Offer::for_proposal(&pending.proposal, bitcoin_chain(network));
                    ProposalView {
                        id: pending.id,
                        peer: peer_view(&pending.proposal.metadata),
                        chains: offer.chains,
                        methods: offer.methods,
                        shares_bitcoin: offer.shares_bitcoin,
                        shares_ether: offer.shares_ether,
                        refusal: offer.refusal.map(refusal_error),
                    }
                })
                .collect(),
            requests: snapshot
                .requests
                .iter()
                .map(|pending| self.request_view(pending, network))
                .collect(),
            sessions: snapshot
                .sessions
                .iter()
                .map(|session| SessionView {
                    topic: session.topic.clone(),
                    peer: peer_view(&session.peer_metadata),
                    accounts: accounts(&session.namespaces),
                    expiry: session.expiry,
                })
                .collect(),
            notices: snapshot.notices,
        }
    }

    /// Pairs with the dApp whose `wc:` URI the user pasted, scanned or opened.
    pub fn pair(&self, text: &str) -> Result<(), ApiError> {
        let uri = PairingUri::parse(text.trim(), now().max(0) as u64)?;
        self.connections()?.pair(uri)?;
        Ok(())
    }

    /// The accounts Connect would share with proposal `id`, the Bitcoin one of `format`.
    pub fn connect_preview(
        &self,
        id: u64,
        format: AddressFormat,
    ) -> Result<ConnectPreview, ApiError> {
        let (_, offer) = self.proposal(id)?;
        let network = self.settings().network;
        let master = self.master_key()?;
        let bitcoin = if offer.shares_bitcoin {
            bitcoin_format(format)?;
            let index = match self.reserved_for(id, format) {
                Some(index) => index,
                None => lock(&self.journal).next_index(Asset::Btc, network, format)?,
            };
            Some(shared(&master.derive(format, index)?))
        } else {
            None
        };
        let ether = if offer.shares_ether {
            Some(shared(&master.derive(AddressFormat::Standard, 0)?))
        } else {
            None
        };
        Ok(ConnectPreview { bitcoin, ether })
    }

    /// Connect: reserves a fresh Bitcoin address of `format` (as a proof's is) and shares it
    /// and the first Ether account with proposal `id`'s dApp. `shown` is the Bitcoin address
    /// the Connect screen showed: if another took its place meanwhile, nothing is shared.
    pub fn connect(
        &self,
        id: u64,
        format: AddressFormat,
        shown: Option<&str>,
    ) -> Result<SessionView, ApiError> {
        let connections = self.connections()?;
        let (pending, offer) = self.proposal(id)?;
        let network = self.settings().network;
        if let Some(refusal) = offer.refusal {
            connections.reject_proposal(id, refusal)?;
            return Err(refusal_error(refusal));
        }
        let master = self.master_key()?;
        let bitcoin = if offer.shares_bitcoin {
            bitcoin_format(format)?;
            let mut journal = lock(&self.journal);
            let reserved = self.reserved_for(id, format);
            let index = match reserved {
                Some(index) => index,
                None => journal.next_index(Asset::Btc, network, format)?,
            };
            let address = master.derive(format, index)?.address.to_string();
            if shown != Some(address.as_str()) {
                return Err(ApiError::new(
                    "address_changed",
                    "the address to share changed since it was shown",
                ));
            }
            if reserved.is_none() {
                let taken = journal.reserve_connected(Asset::Btc, network, format, now())?;
                debug_assert_eq!(taken, index, "the journal is locked in between");
                lock(&self.connect_reserved).insert(id, (format, taken));
            }
            Some(address)
        } else {
            None
        };
        let ether = if offer.shares_ether {
            Some(
                master
                    .derive(AddressFormat::Standard, 0)?
                    .address
                    .to_string(),
            )
        } else {
            None
        };
        let namespaces = offer.namespaces(&pending.proposal, bitcoin.as_deref(), ether.as_deref());
        let metadata = json!({
            "name": "AOPP Wallet",
            "description": "Proves that an address is yours to exchanges",
            "url": "",
            "icons": [],
        });
        let session = connections.approve(id, namespaces, metadata)?;
        lock(&self.connect_reserved).remove(&id);
        Ok(SessionView {
            peer: peer_view(&session.peer_metadata),
            accounts: accounts(&session.namespaces),
            topic: session.topic,
            expiry: session.expiry,
        })
    }

    /// The index a Connect for proposal `id` already reserved for `format` and the relay did
    /// not take. The address was never shared, so the retry shares it rather than leave a gap
    /// in the chain for each try; no one else is ever given it.
    fn reserved_for(&self, id: u64, format: AddressFormat) -> Option<u32> {
        lock(&self.connect_reserved)
            .get(&id)
            .filter(|(reserved, _)| *reserved == format)
            .map(|(_, index)| *index)
    }

    /// Reject on the Connect screen: the dApp hears the user rejected, or, when it requires
    /// what the wallet does not serve, the Sign API's error for that.
    pub fn reject_proposal(&self, id: u64) -> Result<(), ApiError> {
        let refusal = self
            .proposal(id)?
            .1
            .refusal
            .unwrap_or(Refusal::UserRejected);
        self.connections()?.reject_proposal(id, refusal)?;
        // An index a failed Connect reserved for it stays reserved (the journal never gives an
        // index back); it is no longer offered again.
        lock(&self.connect_reserved).remove(&id);
        Ok(())
    }

    /// Sign on a request's confirmation: signs, self-verifies, journals, answers.
    pub fn sign_request(&self, id: u64, sign_in_confirmed: bool) -> Result<AnsweredView, ApiError> {
        let connections = self.connections()?;
        let pending = connections
            .snapshot()
            .requests
            .into_iter()
            .find(|pending| pending.id == id)
            .ok_or_else(|| ApiError::from(ConnectionError::NotWaiting(id)))?;
        let network = self.settings().network;
        let shown = self.request_view(&pending, network);
        if let Some(problem) = shown.problem {
            return Err(problem);
        }
        if pending.expired() {
            // The dApp no longer listens: a signature now would only sit in the relay.
            return Err(ConnectionError::Expired(id).into());
        }
        if shown.sign_in && !sign_in_confirmed {
            return Err(ApiError::new(
                "sign_in_unconfirmed",
                "a sign-in with ethereum message needs a second confirmation",
            ));
        }
        let key = self.key_for(shown.asset, network, &shown.address)?;
        let domain = shown
            .peer
            .origin
            .as_ref()
            .map(|origin| origin.registrable_domain.clone())
            .unwrap_or_else(|| shown.peer.name.clone());
        let record = self.sign_and_record(&Signing {
            key: &key,
            fresh_index: None,
            asset: shown.asset,
            network,
            scheme: shown.scheme,
            message: &shown.message,
            requested_by: Some(&domain),
        })?;
        let result = match pending.ask {
            Ask::BitcoinMessage { .. } => {
                // The signature's bytes in hex, which Reown AppKit's Bitcoin connector turns
                // into base64 for bip322-js.
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&record.signature)
                    .map_err(|error| ApiError::new("internal", &error.to_string()))?;
                json!({ "address": record.address, "signature": hex::encode(bytes) })
            }
            _ => Value::String(record.signature.clone()),
        };
        let problem = connections.answer(id, result).err().map(ApiError::from);
        Ok(AnsweredView {
            signed: view(record),
            problem,
        })
    }

    /// Reject on a request's confirmation.
    pub fn refuse_request(&self, id: u64) -> Result<(), ApiError> {
        Ok(self.connections()?.refuse(id, Refusal::UserRejected)?)
    }

    /// Disconnect in the Connections list: the dApp is told; the session is forgotten.
    pub fn disconnect(&self, topic: &str) -> Result<(), ApiError> {
        Ok(self.connections()?.disconnect(topic)?)
    }

    /// Proposal `id`, still waiting, and what it can be offered on the wallet's network.
    fn proposal(&self, id: u64) -> Result<(PendingProposal, Offer), ApiError> {
        let pending = self
            .connections()?
            .snapshot()
            .proposals
            .into_iter()
            .find(|pending| pending.id == id)
            .ok_or_else(|| ApiError::from(ConnectionError::NotWaiting(id)))?;
        let network = self.settings().network;
        let offer = Offer::for_proposal(&pending.proposal, bitcoin_chain(network));
        Ok((pending, offer))
    }

    fn request_view(
        &self,
        pending: &walletconnect::connections::PendingRequest,
        network: Network,
    ) -> RequestView {
        let (asset, address, message, scheme) = match &pending.ask {
            Ask::BitcoinMessage {
                address,
                message,
                protocol,
            } => {
                let scheme = match protocol {
                    BitcoinProtocol::Ecdsa => SignatureScheme::Electrum,
                    BitcoinProtocol::Bip322 => SignatureScheme::Bip322,
                };
                (Asset::Btc, address, message, scheme)
            }
            Ask::EtherMessage { address, message } => {
                (Asset::Eth, address, message, SignatureScheme::Eip191)
            }
            Ask::BitcoinAddresses => unreachable!("answered without the user"),
        };
        let key = self.key_for(asset, network, address);
        let problem = match &key {
            Err(error) => Some(error.clone()),
            Ok(_) if message.len() > MAX_MESSAGE_BYTES => Some(ApiError::new(
                "request_too_long",
                &format!(
                    "message is {} bytes, limit is {MAX_MESSAGE_BYTES}",
                    message.len()
                ),
            )),
            Ok(key) if !scheme.supports(key.format) => Some(ApiError::new(
                "scheme_not_for_format",
                &format!("{} cannot sign with {}", key.format, scheme.name()),
            )),
            Ok(_) => None,
        };
        RequestView {
            id: pending.id,
            peer: peer_view(&pending.peer_metadata),
            chain_id: pending.request.chain_id.clone(),
            method: pending.request.method.clone(),
            asset,
            address: address.clone(),
            path: key.ok().map(|key| format!("m/{}", key.path)),
            message: message.clone(),
            scheme,
            sign_in: asset == Asset::Eth && is_sign_in_message(message),
            expires_at: pending.expires_at,
            problem,
        }
    }

    /// The key of an address this wallet shared over WalletConnect: the Ether account, or a
    /// Bitcoin address reserved for a connection.
    fn key_for(
        &self,
        asset: Asset,
        network: Network,
        address: &str,
    ) -> Result<DerivedKey, ApiError> {
        let master = self.master_key()?;
        let not_ours = || {
            ApiError::new(
                "not_shared_address",
                "this address is not one this wallet shared over walletconnect",
            )
        };
        if asset == Asset::Eth {
            let key = master.derive(AddressFormat::Standard, 0)?;
            return if key.address.to_string().eq_ignore_ascii_case(address) {
                Ok(key)
            } else {
                Err(not_ours())
            };
        }
        let used = lock(&self.journal).used_indexes(Asset::Btc, network)?;
        for entry in used
            .iter()
            .filter(|entry| entry.used_for == IndexUse::Connected)
        {
            let key = master.derive(entry.format, entry.index)?;
            if key.address.to_string() == address {
                return Ok(key);
            }
        }
        Err(not_ours())
    }
}

fn bitcoin_format(format: AddressFormat) -> Result<(), ApiError> {
    if format.asset() == Asset::Btc {
        Ok(())
    } else {
        Err(ApiError::new(
            "not_bitcoin_format",
            &format!("{format} is not a bitcoin format"),
        ))
    }
}

fn shared(key: &DerivedKey) -> SharedAccount {
    SharedAccount {
        format: key.format,
        address: key.address.to_string(),
        path: format!("m/{}", key.path),
    }
}

fn refusal_error(refusal: Refusal) -> ApiError {
    let (code, message) = refusal.code_and_message();
    ApiError::new(
        "wc_cannot_serve",
        &format!("{} ({code})", message.trim_end_matches('.').to_lowercase()),
    )
}

/// `chain:address` of every account in `namespaces`.
fn accounts(namespaces: &Value) -> Vec<String> {
    namespaces
        .as_object()
        .into_iter()
        .flat_map(|namespaces| namespaces.values())
        .flat_map(|namespace| namespace["accounts"].as_array().into_iter().flatten())
        .filter_map(|account| account.as_str().map(str::to_owned))
        .collect()
}

/// What a dApp says of itself, made safe to show.
fn peer_view(metadata: &Value) -> PeerView {
    let text = |name: &str, limit: usize| -> String {
        let sanitised =
            wallet_core::deliver::sanitise(metadata[name].as_str().unwrap_or_default().as_bytes());
        sanitised.chars().take(limit).collect()
    };
    let url = metadata["url"].as_str().unwrap_or_default();
    let origin = Url::parse(url)
        .ok()
        .filter(|url| url.host().is_some())
        .map(|url| CallbackOrigin::of(&url));
    let icon = metadata["icons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|icon| is_image_data_url(icon))
        .map(str::to_owned);
    PeerView {
        name: text("name", 100),
        description: text("description", 300),
        url: text("url", 300),
        origin,
        icon,
    }
}

fn is_image_data_url(icon: &str) -> bool {
    icon.len() <= MAX_ICON_BYTES
        && ["png", "jpeg", "webp", "gif"].iter().any(|kind| {
            icon.strip_prefix("data:image/")
                .and_then(|rest| rest.strip_prefix(kind))
                .is_some_and(|rest| rest.starts_with(";base64,"))
        })
}
