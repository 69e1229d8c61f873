//! Sessions, the wallet's side of the Sign API: a dApp's proposal read from the pairing topic,
//! and its approval — the answer on the pairing topic (the wallet's public key) and the
//! settlement on the new session topic (the accounts the user shares).
//! Spec: <https://specs.walletconnect.com/2.0/specs/clients/sign/session-proposal>.

use serde_json::{json, Value};

use crate::envelope::Envelope;
use crate::keys::{KeyPair, PublicKey, SymKey, Topic};

/// How long a session lasts unless extended: 7 days, as the Sign API sets it.
pub const SESSION_SECONDS: u64 = 7 * 24 * 60 * 60;

/// How long the relay keeps the proposal's answer and the settlement: 5 minutes.
pub const SETTLE_TTL: u64 = 5 * 60;

/// The tag and TTL of an answer to a `wc_sessionRequest`.
pub const REQUEST_RESPONSE_TAG: u64 = 1109;
pub const REQUEST_RESPONSE_TTL: u64 = 5 * 60;

/// A dApp asking to connect, as read from its `wc_sessionPropose` request.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The JSON-RPC id, which the answer repeats.
    pub id: Value,
    pub pairing_topic: Topic,
    pub proposer: PublicKey,
    /// The dApp's own description of itself (name, url, icons, description): shown as what
    /// it claims, never trusted.
    pub metadata: Value,
    pub required_namespaces: Value,
    pub optional_namespaces: Value,
}

/// Why a message on the pairing topic is not a proposal the wallet can answer.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProposalError {
    #[error("the message is not JSON")]
    NotJson,
    #[error("the message is a {0:?} request, not a session proposal")]
    NotAProposal(String),
    #[error("the proposal's {0} is missing or malformed")]
    Malformed(&'static str),
}

impl Proposal {
    /// Reads an opened message from the pairing topic.
    pub fn read(pairing_topic: Topic, plaintext: &[u8]) -> Result<Self, ProposalError> {
        let request: Value =
            serde_json::from_slice(plaintext).map_err(|_| ProposalError::NotJson)?;
        let method = request["method"].as_str().unwrap_or_default();
        if method != "wc_sessionPropose" {
            return Err(ProposalError::NotAProposal(method.to_owned()));
        }
        let id = request["id"].clone();
        if !id.is_u64() {
            return Err(ProposalError::Malformed("id"));
        }
        let params = &request["params"];
        let proposer = params["proposer"]["publicKey"]
            .as_str()
            .and_then(PublicKey::from_hex)
            .ok_or(ProposalError::Malformed("proposer's public key"))?;
        let protocols = params["relays"].as_array();
        if !protocols.is_some_and(|relays| relays.iter().any(|relay| relay["protocol"] == "irn")) {
            return Err(ProposalError::Malformed("relay protocol"));
        }
        let namespaces = |name: &str| match &params[name] {
            Value::Null => Ok(json!({})),
            object @ Value::Object(_) => Ok(object.clone()),
            _ => Err(ProposalError::Malformed("namespaces")),
        };
        Ok(Self {
            id,
            pairing_topic,
            proposer,
            metadata: params["proposer"]["metadata"].clone(),
            required_namespaces: namespaces("requiredNamespaces")?,
            optional_namespaces: namespaces("optionalNamespaces")?,
        })
    }
}

/// A settled session: its topic and key, and what was shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub topic: Topic,
    pub key: SymKey,
    pub peer: PublicKey,
    pub peer_metadata: Value,
    /// The namespaces settled: chains, methods, events and accounts, per namespace.
    pub namespaces: Value,
    /// Unix seconds.
    pub expiry: u64,
}

/// A dApp's request within a session, as read from its `wc_sessionRequest`.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRequest {
    /// The JSON-RPC id, which the answer repeats.
    pub id: u64,
    /// The CAIP-2 chain it is for (`eip155:1`, `bip122:000000000019d6689c085ae165831e93`).
    pub chain_id: String,
    pub method: String,
    pub params: Value,
    /// Unix seconds after which the dApp no longer waits for the answer, if it says
    /// (`expiryTimestamp`).
    pub expiry_timestamp: Option<u64>,
}

/// Why a message on a session topic is not a request the wallet can answer.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RequestError {
    #[error("the message is not JSON")]
    NotJson,
    #[error("the message is a {0:?} message, not a session request")]
    NotARequest(String),
    #[error("the request's {0} is missing or malformed")]
    Malformed(&'static str),
}

impl SessionRequest {
    /// Reads an opened message from a session topic.
    pub fn read(plaintext: &[u8]) -> Result<Self, RequestError> {
        let message: Value =
            serde_json::from_slice(plaintext).map_err(|_| RequestError::NotJson)?;
        let method = message["method"].as_str().unwrap_or_default();
        if method != "wc_sessionRequest" {
            return Err(RequestError::NotARequest(method.to_owned()));
        }
        let params = &message["params"];
        let text = |value: &Value, what| {
            value
                .as_str()
                .map(str::to_owned)
                .ok_or(RequestError::Malformed(what))
        };
        Ok(Self {
            id: message["id"]
                .as_u64()
                .ok_or(RequestError::Malformed("id"))?,
            chain_id: text(&params["chainId"], "chain")?,
            method: text(&params["request"]["method"], "method")?,
            params: params["request"]["params"].clone(),
            expiry_timestamp: params["request"]["expiryTimestamp"].as_u64(),
        })
    }
}

/// The Sign API's errors a wallet answers with (`getSdkError` in WalletConnect's utils).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The user pressed Reject.
    UserRejected,
    /// The method or chain was not granted in this session.
    UnauthorizedMethod,
    /// The request names an account this session did not share.
    UnsupportedAccounts,
    /// A required chain the wallet does not serve.
    UnsupportedChains,
    /// A required method the wallet does not serve.
    UnsupportedMethods,
    /// A required namespace the wallet does not know.
    UnsupportedNamespaceKey,
    /// The request's parameters are malformed (JSON-RPC's own error).
    InvalidParams,
}

impl Refusal {
    /// The error's code and message, as `getSdkError` spells them.
    pub fn code_and_message(self) -> (i64, &'static str) {
        match self {
            Self::UserRejected => (5000, "User rejected."),
            Self::UnauthorizedMethod => (3001, "Unauthorized method."),
            Self::UnsupportedAccounts => (5103, "Unsupported accounts."),
            Self::UnsupportedChains => (5100, "Unsupported chains."),
            Self::UnsupportedMethods => (5101, "Unsupported methods."),
            Self::UnsupportedNamespaceKey => (5104, "Unsupported namespace key."),
            Self::InvalidParams => (-32602, "Invalid params."),
        }
    }

    fn error(self) -> Value {
        let (code, message) = self.code_and_message();
        json!({ "code": code, "message": message })
    }
}

/// The tags and TTLs of the Sign API's messages the wallet sends (`ENGINE_RPC_OPTS` in
/// `@walletconnect/sign-client`, `RELAYER_*` in `@walletconnect/core`).
pub mod tags {
    /// A refused proposal.
    pub const PROPOSAL_REJECT: u64 = 1120;
    pub const SESSION_DELETE: u64 = 1112;
    pub const SESSION_DELETE_RESPONSE: u64 = 1113;
    pub const SESSION_PING_RESPONSE: u64 = 1115;
    pub const PAIRING_PING_RESPONSE: u64 = 1003;
    pub const PAIRING_DELETE_RESPONSE: u64 = 1001;
    /// Five minutes: proposals, settlements, requests and their answers.
    pub const FIVE_MINUTES: u64 = 5 * 60;
    /// A day: deletions, pings, updates.
    pub const ONE_DAY: u64 = 24 * 60 * 60;
    /// Thirty seconds: pairing pings.
    pub const THIRTY_SECONDS: u64 = 30;
}

/// A sealed JSON-RPC answer `true` to request `id` (a ping, a deletion).
pub fn acknowledge(key: &SymKey, id: &Value) -> String {
    seal(key, &json!({ "id": id, "jsonrpc": "2.0", "result": true }))
}

fn seal(key: &SymKey, message: &Value) -> String {
    Envelope::seal(key, None, message.to_string().as_bytes()).encode()
}

impl Proposal {
    /// The sealed refusal of this proposal, on its pairing topic.
    pub fn refuse(&self, pairing_key: &SymKey, refusal: Refusal) -> String {
        seal(
            pairing_key,
            &json!({ "id": self.id, "jsonrpc": "2.0", "error": refusal.error() }),
        )
    }
}

impl Session {
    /// Whether the session granted `method` on `chain`: listed in the chain's namespace,
    /// whose chains include it.
    pub fn grants(&self, chain: &str, method: &str) -> bool {
        let Some((namespace, _)) = chain.split_once(':') else {
            return false;
        };
        let granted = &self.namespaces[namespace];
        let listed = |list: &Value, wanted: &str| {
            list.as_array()
                .is_some_and(|items| items.iter().any(|item| item == wanted))
        };
        listed(&granted["chains"], chain) && listed(&granted["methods"], method)
    }

    /// The addresses shared on `chain` (its accounts, `chain:address`).
    pub fn accounts(&self, chain: &str) -> Vec<&str> {
        let Some((namespace, _)) = chain.split_once(':') else {
            return Vec::new();
        };
        self.namespaces[namespace]["accounts"]
            .as_array()
            .map(|accounts| {
                accounts
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(|account| account.strip_prefix(chain)?.strip_prefix(':'))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The sealed answer to request `id`.
    pub fn answer(&self, id: u64, result: Value) -> String {
        seal(
            &self.key,
            &json!({ "id": id, "jsonrpc": "2.0", "result": result }),
        )
    }

    /// The sealed refusal of request `id`.
    pub fn refuse(&self, id: u64, refusal: Refusal) -> String {
        seal(
            &self.key,
            &json!({ "id": id, "jsonrpc": "2.0", "error": refusal.error() }),
        )
    }

    /// The sealed `wc_sessionDelete` the wallet sends when the user disconnects.
    pub fn delete(&self, id: u64) -> String {
        let reason = json!({ "code": 6000, "message": "User disconnected." });
        seal(
            &self.key,
            &json!({ "id": id, "jsonrpc": "2.0", "method": "wc_sessionDelete", "params": reason }),
        )
    }
}

/// What approving a proposal sends: the answer on the pairing topic and the settlement on
/// the session topic (the `wc_approveSession` relay call's parameters), and the session.
#[derive(Debug)]
pub struct Approval {
    pub session: Session,
    pub proposal_response: String,
    pub settle_request: String,
    /// The settlement's JSON-RPC id, which the dApp's answer repeats.
    pub settle_id: u64,
}

impl Approval {
    /// Approves `proposal` with `namespaces` (accounts included) for a wallet described by
    /// `metadata`, at unix time `now`; `settle_id` is a fresh JSON-RPC id.
    pub fn new(
        proposal: &Proposal,
        pairing_key: &SymKey,
        namespaces: Value,
        metadata: Value,
        now: u64,
        settle_id: u64,
    ) -> Self {
        let own = KeyPair::random();
        let key = own.agree(&proposal.proposer);
        let expiry = now + SESSION_SECONDS;
        let answer = json!({
            "id": proposal.id, "jsonrpc": "2.0",
            "result": { "relay": { "protocol": "irn" }, "responderPublicKey": own.public().to_hex() },
        });
        let settle = json!({
            "id": settle_id, "jsonrpc": "2.0", "method": "wc_sessionSettle",
            "params": {
                "relay": { "protocol": "irn" },
                "namespaces": namespaces,
                "controller": { "publicKey": own.public().to_hex(), "metadata": metadata },
                "expiry": expiry,
            },
        });
        Self {
            proposal_response: seal(pairing_key, &answer),
            settle_request: seal(&key, &settle),
            settle_id,
            session: Session {
                topic: key.topic(),
                key,
                peer: proposal.proposer,
                peer_metadata: proposal.metadata.clone(),
                namespaces,
                expiry,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposal_text(proposer: &PublicKey) -> String {
        json!({
            "id": 1733000000000001u64, "jsonrpc": "2.0", "method": "wc_sessionPropose",
            "params": {
                "relays": [{ "protocol": "irn" }],
                "proposer": { "publicKey": proposer.to_hex(), "metadata": { "name": "exchange" } },
                "optionalNamespaces": { "eip155": { "chains": ["eip155:1"], "methods": ["personal_sign"], "events": [] } },
            },
        })
        .to_string()
    }

    #[test]
    fn the_settlement_is_sealed_with_the_key_both_sides_derive() {
        let dapp = KeyPair::random();
        let pairing = SymKey::random();
        let proposal =
            Proposal::read(pairing.topic(), proposal_text(&dapp.public()).as_bytes()).unwrap();
        assert_eq!(proposal.required_namespaces, json!({}));
        let accounts = json!({ "eip155": { "accounts": ["eip155:1:0x00"] } });
        let approval = Approval::new(&proposal, &pairing, accounts.clone(), json!({}), 100, 7);

        // The dApp reads the wallet's key from the answer and derives the same session key.
        let answer = Envelope::decode(&approval.proposal_response)
            .unwrap()
            .open(&pairing)
            .unwrap();
        let answer: Value = serde_json::from_slice(&answer).unwrap();
        assert_eq!(answer["id"], 1733000000000001u64);
        let wallet = PublicKey::from_hex(answer["result"]["responderPublicKey"].as_str().unwrap());
        let key = dapp.agree(&wallet.unwrap());
        assert_eq!(key.topic(), approval.session.topic);
        let settle = Envelope::decode(&approval.settle_request)
            .unwrap()
            .open(&key)
            .unwrap();
        let settle: Value = serde_json::from_slice(&settle).unwrap();
        assert_eq!(settle["method"], "wc_sessionSettle");
        assert_eq!(settle["params"]["namespaces"], accounts);
        assert_eq!(settle["params"]["expiry"], 100 + SESSION_SECONDS);
    }

    #[test]
    fn a_session_grants_only_its_methods_on_its_chains() {
        let session = Session {
            topic: SymKey::random().topic(),
            key: SymKey::random(),
            peer: KeyPair::random().public(),
            peer_metadata: json!({}),
            namespaces: json!({ "eip155": { "chains": ["eip155:1"], "methods": ["personal_sign"] } }),
            expiry: 0,
        };
        assert!(session.grants("eip155:1", "personal_sign"));
        assert!(!session.grants("eip155:1", "eth_sendTransaction"));
        assert!(!session.grants("eip155:10", "personal_sign"));
        assert!(!session.grants("bip122:000000000019d6689c085ae165831e93", "signMessage"));
        assert!(!session.grants("eip155", "personal_sign"));
        let refusal = Envelope::decode(&session.refuse(9, Refusal::UserRejected)).unwrap();
        let refusal: Value = serde_json::from_slice(&refusal.open(&session.key).unwrap()).unwrap();
        assert_eq!(
            refusal["error"],
            json!({ "code": 5000, "message": "User rejected." })
        );
    }

    #[test]
    fn other_messages_are_not_taken_for_proposals() {
        let topic = SymKey::random().topic();
        assert_eq!(Proposal::read(topic, b"{"), Err(ProposalError::NotJson));
        let ping = br#"{"id":1,"jsonrpc":"2.0","method":"wc_pairingPing","params":{}}"#;
        assert_eq!(
            Proposal::read(topic, ping),
            Err(ProposalError::NotAProposal("wc_pairingPing".into()))
        );
        let text = proposal_text(&KeyPair::random().public()).replace("\"irn\"", "\"waku\"");
        assert_eq!(
            Proposal::read(topic, text.as_bytes()),
            Err(ProposalError::Malformed("relay protocol"))
        );
    }
}
