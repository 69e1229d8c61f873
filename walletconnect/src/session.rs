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
        let seal = |key: &SymKey, message: &Value| {
            Envelope::seal(key, None, message.to_string().as_bytes()).encode()
        };
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
