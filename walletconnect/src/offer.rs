//! What a wallet that only signs messages can offer a dApp, and what it is asked to sign.
//!
//! A proposal lists namespaces (`bip122`, `eip155`, …), each with chains, methods and events,
//! some required and some optional. The wallet serves Bitcoin's `signMessage` and
//! `getAccountAddresses` on the network it is set to, and Ether's `personal_sign` on any EVM
//! chain (the signature does not depend on the chain). The rest is listed for the user and
//! left out; a required part it cannot serve refuses the proposal with the Sign API's error.
//! Spec: <https://specs.walletconnect.com/2.0/specs/clients/sign/namespaces>.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::session::{Proposal, Refusal, Session, SessionRequest};

/// Bitcoin's methods the wallet answers.
pub const BITCOIN_METHODS: &[&str] = &["signMessage", "getAccountAddresses"];
/// Ether's methods the wallet answers.
pub const ETHER_METHODS: &[&str] = &["personal_sign"];

/// The CAIP-2 ids of Bitcoin's networks (`bip122:` and the genesis block hash's first 16
/// bytes), as the `bip122` namespace names them.
pub const BITCOIN_MAINNET: &str = "bip122:000000000019d6689c085ae165831e93";
pub const BITCOIN_TESTNET: &str = "bip122:000000000933ea01ad0ee984209779ba";
pub const BITCOIN_SIGNET: &str = "bip122:00000008819873e925422c1ff0f99f7c";
pub const BITCOIN_REGTEST: &str = "bip122:0f9188f13cb7b2c71f2a335e3a4fc328";

/// One chain or method a proposal names, and whether the wallet serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub name: String,
    pub served: bool,
    /// Named in the proposal's required namespaces.
    pub required: bool,
}

/// What a proposal asks for, laid out for the Connect screen, and the answer it gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub chains: Vec<Named>,
    pub methods: Vec<Named>,
    pub events: Vec<String>,
    /// Set when a required chain, method or namespace cannot be served: the proposal is then
    /// refused with it.
    #[serde(skip)]
    pub refusal: Option<Refusal>,
    /// Whether Bitcoin (on the wallet's network) and Ether accounts would be shared.
    pub shares_bitcoin: bool,
    pub shares_ether: bool,
}

/// The chains, methods and events of one namespace of a proposal.
#[derive(Default)]
struct Asked {
    chains: Vec<String>,
    methods: Vec<String>,
    events: Vec<String>,
}

impl Offer {
    /// Lays out `proposal` for a wallet on Bitcoin network `bitcoin_chain` (a CAIP-2 id).
    pub fn for_proposal(proposal: &Proposal, bitcoin_chain: &str) -> Self {
        let mut offer = Offer {
            chains: Vec::new(),
            methods: Vec::new(),
            events: Vec::new(),
            refusal: None,
            shares_bitcoin: false,
            shares_ether: false,
        };
        for (required, namespaces) in [
            (true, &proposal.required_namespaces),
            (false, &proposal.optional_namespaces),
        ] {
            for (key, asked) in read_namespaces(namespaces) {
                let known = matches!(key.as_str(), "bip122" | "eip155");
                if required && !known {
                    offer.refuse(Refusal::UnsupportedNamespaceKey);
                }
                for chain in asked.chains {
                    let served = serves_chain(&chain, bitcoin_chain);
                    if required && !served {
                        offer.refuse(Refusal::UnsupportedChains);
                    }
                    offer.shares_bitcoin |= served && key == "bip122";
                    offer.shares_ether |= served && key == "eip155";
                    add(&mut offer.chains, chain, served, required);
                }
                for method in asked.methods {
                    let served = serves_method(&key, &method);
                    if required && !served {
                        offer.refuse(Refusal::UnsupportedMethods);
                    }
                    add(&mut offer.methods, method, served, required);
                }
                for event in asked.events {
                    if !offer.events.contains(&event) {
                        offer.events.push(event);
                    }
                }
            }
        }
        if !offer.shares_bitcoin && !offer.shares_ether {
            offer.refuse(Refusal::UnsupportedChains);
        }
        offer
    }

    /// The session's namespaces: the served chains, methods and the events asked for, with
    /// the accounts shared on each chain.
    pub fn namespaces(
        &self,
        proposal: &Proposal,
        bitcoin_address: Option<&str>,
        ether_address: Option<&str>,
    ) -> Value {
        let mut settled = Map::new();
        for (key, address) in [("bip122", bitcoin_address), ("eip155", ether_address)] {
            let Some(address) = address else { continue };
            let mut asked = Asked::default();
            for namespaces in [&proposal.required_namespaces, &proposal.optional_namespaces] {
                for (name, part) in read_namespaces(namespaces) {
                    if name == key {
                        asked.chains.extend(part.chains);
                        asked.methods.extend(part.methods);
                        asked.events.extend(part.events);
                    }
                }
            }
            let chains: Vec<String> = unique(asked.chains)
                .into_iter()
                .filter(|chain| self.chains.iter().any(|c| c.served && &c.name == chain))
                .collect();
            if chains.is_empty() {
                continue;
            }
            let methods: Vec<String> = unique(asked.methods)
                .into_iter()
                .filter(|method| serves_method(key, method))
                .collect();
            let accounts: Vec<String> = chains
                .iter()
                .map(|chain| format!("{chain}:{address}"))
                .collect();
            settled.insert(
                key.to_owned(),
                json!({
                    "chains": chains, "methods": methods, "events": unique(asked.events),
                    "accounts": accounts,
                }),
            );
        }
        Value::Object(settled)
    }

    fn refuse(&mut self, refusal: Refusal) {
        self.refusal.get_or_insert(refusal);
    }
}

fn add(list: &mut Vec<Named>, name: String, served: bool, required: bool) {
    match list.iter_mut().find(|named| named.name == name) {
        Some(named) => named.required |= required,
        None => list.push(Named {
            name,
            served,
            required,
        }),
    }
}

fn unique(items: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// A proposal's namespaces by key; a key that is itself a chain (`eip155:1`, as CAIP-25
/// allows) is its namespace with that one chain.
fn read_namespaces(namespaces: &Value) -> Vec<(String, Asked)> {
    let strings = |value: &Value| -> Vec<String> {
        value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let Some(namespaces) = namespaces.as_object() else {
        return Vec::new();
    };
    namespaces
        .iter()
        .map(|(key, part)| {
            let (name, mut chains) = match key.split_once(':') {
                Some((name, _)) => (name.to_owned(), vec![key.clone()]),
                None => (key.clone(), Vec::new()),
            };
            chains.extend(strings(&part["chains"]));
            let asked = Asked {
                chains,
                methods: strings(&part["methods"]),
                events: strings(&part["events"]),
            };
            (name, asked)
        })
        .collect()
}

fn serves_chain(chain: &str, bitcoin_chain: &str) -> bool {
    match chain.split_once(':') {
        Some(("bip122", _)) => chain == bitcoin_chain,
        Some(("eip155", reference)) => {
            !reference.is_empty() && reference.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

fn serves_method(namespace: &str, method: &str) -> bool {
    match namespace {
        "bip122" => BITCOIN_METHODS.contains(&method),
        "eip155" => ETHER_METHODS.contains(&method),
        _ => false,
    }
}

/// How a Bitcoin message is to be signed, as `signMessage` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BitcoinProtocol {
    /// The 65-byte compact signature with the Electrum/Core header.
    Ecdsa,
    /// BIP-322's simple signature (the witness).
    Bip322,
}

/// What a dApp's request asks of the wallet, read and checked against its session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ask {
    /// `signMessage` on `bip122`.
    BitcoinMessage {
        address: String,
        message: String,
        protocol: BitcoinProtocol,
    },
    /// `personal_sign` on `eip155`: the message as UTF-8 text.
    EtherMessage { address: String, message: String },
    /// `getAccountAddresses` on `bip122`: the addresses already shared.
    BitcoinAddresses,
}

impl Ask {
    /// Reads `request` within `session`: a method not granted, an account not shared or
    /// malformed parameters are refused with the Sign API's errors.
    pub fn read(request: &SessionRequest, session: &Session) -> Result<Self, Refusal> {
        if !session.grants(&request.chain_id, &request.method) {
            return Err(Refusal::UnauthorizedMethod);
        }
        let shared = session.accounts(&request.chain_id);
        let params = &request.params;
        match request.method.as_str() {
            "signMessage" => {
                let address = params["address"]
                    .as_str()
                    .or(params["account"].as_str())
                    .ok_or(Refusal::InvalidParams)?;
                if !shared.contains(&address)
                    || params["account"].as_str().is_some_and(|a| a != address)
                {
                    return Err(Refusal::UnsupportedAccounts);
                }
                let message = params["message"].as_str().ok_or(Refusal::InvalidParams)?;
                let protocol = match params["protocol"].as_str() {
                    None | Some("ecdsa") => BitcoinProtocol::Ecdsa,
                    Some("bip322") => BitcoinProtocol::Bip322,
                    Some(_) => return Err(Refusal::InvalidParams),
                };
                Ok(Ask::BitcoinMessage {
                    address: address.to_owned(),
                    message: message.to_owned(),
                    protocol,
                })
            }
            "personal_sign" => {
                let [first, second] = params
                    .as_array()
                    .and_then(|items| items.get(..2))
                    .and_then(|items| <&[Value; 2]>::try_from(items).ok())
                    .ok_or(Refusal::InvalidParams)?;
                let (first, second) = (
                    first.as_str().ok_or(Refusal::InvalidParams)?,
                    second.as_str().ok_or(Refusal::InvalidParams)?,
                );
                let is_shared = |text: &str| shared.iter().any(|a| a.eq_ignore_ascii_case(text));
                // [message, address], as EIP-1474 orders it; some dApps send it the other way.
                let (data, address) = if is_shared(second) {
                    (first, second)
                } else if is_shared(first) {
                    (second, first)
                } else {
                    return Err(Refusal::UnsupportedAccounts);
                };
                let message = match data.strip_prefix("0x") {
                    Some(digits) => hex::decode(digits)
                        .ok()
                        .and_then(|bytes| String::from_utf8(bytes).ok())
                        .ok_or(Refusal::InvalidParams)?,
                    None => data.to_owned(),
                };
                Ok(Ask::EtherMessage {
                    address: address.to_owned(),
                    message,
                })
            }
            "getAccountAddresses" => Ok(Ask::BitcoinAddresses),
            _ => Err(Refusal::UnauthorizedMethod),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{KeyPair, SymKey};

    fn proposal(required: Value, optional: Value) -> Proposal {
        Proposal {
            id: json!(1),
            pairing_topic: SymKey::random().topic(),
            proposer: KeyPair::random().public(),
            metadata: json!({}),
            required_namespaces: required,
            optional_namespaces: optional,
        }
    }

    #[test]
    fn serves_what_it_can_and_lists_the_rest() {
        let asked = proposal(
            json!({}),
            json!({
                "bip122": { "chains": [BITCOIN_MAINNET, BITCOIN_TESTNET], "methods": ["signMessage", "sendTransfer"], "events": ["bip122_addressesChanged"] },
                "eip155:10": { "methods": ["personal_sign", "eth_sendTransaction"], "events": [] },
                "solana": { "chains": ["solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"], "methods": ["solana_signMessage"] },
            }),
        );
        let offer = Offer::for_proposal(&asked, BITCOIN_MAINNET);
        assert_eq!(offer.refusal, None);
        let served = |list: &[Named]| -> Vec<String> {
            list.iter()
                .filter(|n| n.served)
                .map(|n| n.name.clone())
                .collect()
        };
        assert_eq!(served(&offer.chains), [BITCOIN_MAINNET, "eip155:10"]);
        assert_eq!(served(&offer.methods), ["signMessage", "personal_sign"]);
        assert_eq!(offer.chains.len(), 4);
        let namespaces = offer.namespaces(&asked, Some("bc1qexample"), Some("0xabc"));
        assert_eq!(
            namespaces,
            json!({
                "bip122": { "chains": [BITCOIN_MAINNET], "methods": ["signMessage"], "events": ["bip122_addressesChanged"], "accounts": [format!("{BITCOIN_MAINNET}:bc1qexample")] },
                "eip155": { "chains": ["eip155:10"], "methods": ["personal_sign"], "events": [], "accounts": ["eip155:10:0xabc"] },
            })
        );
    }

    #[test]
    fn a_required_part_it_cannot_serve_refuses_the_proposal() {
        let cases = [
            (
                json!({ "solana": { "chains": ["solana:x"], "methods": [] } }),
                Refusal::UnsupportedNamespaceKey,
            ),
            (
                json!({ "bip122": { "chains": [BITCOIN_TESTNET], "methods": ["signMessage"] } }),
                Refusal::UnsupportedChains,
            ),
            (
                json!({ "eip155": { "chains": ["eip155:1"], "methods": ["eth_sendTransaction"] } }),
                Refusal::UnsupportedMethods,
            ),
        ];
        for (required, refusal) in cases {
            let offer =
                Offer::for_proposal(&proposal(required.clone(), json!({})), BITCOIN_MAINNET);
            assert_eq!(offer.refusal, Some(refusal), "{required}");
        }
        let nothing = proposal(json!({}), json!({ "cosmos": { "chains": ["cosmos:hub"] } }));
        let offer = Offer::for_proposal(&nothing, BITCOIN_MAINNET);
        assert_eq!(offer.refusal, Some(Refusal::UnsupportedChains));
    }

    fn session() -> Session {
        Session {
            topic: SymKey::random().topic(),
            key: SymKey::random(),
            peer: KeyPair::random().public(),
            peer_metadata: json!({}),
            namespaces: json!({
                "bip122": { "chains": [BITCOIN_MAINNET], "methods": ["signMessage"], "accounts": [format!("{BITCOIN_MAINNET}:bc1qours")] },
                "eip155": { "chains": ["eip155:1"], "methods": ["personal_sign"], "accounts": ["eip155:1:0xAbC0000000000000000000000000000000000001"] },
            }),
            expiry: u64::MAX,
        }
    }

    fn request(chain: &str, method: &str, params: Value) -> SessionRequest {
        SessionRequest {
            id: 1,
            chain_id: chain.into(),
            method: method.into(),
            params,
            expiry_timestamp: None,
        }
    }

    #[test]
    fn reads_what_is_asked_and_refuses_what_was_not_shared() {
        let session = session();
        let ether = "0xabc0000000000000000000000000000000000001";
        let ask = Ask::read(
            &request(
                "eip155:1",
                "personal_sign",
                json!([format!("0x{}", hex::encode("hello")), ether]),
            ),
            &session,
        );
        assert_eq!(
            ask,
            Ok(Ask::EtherMessage {
                address: ether.into(),
                message: "hello".into()
            })
        );
        let ask = Ask::read(
            &request(
                BITCOIN_MAINNET,
                "signMessage",
                json!({ "account": "bc1qours", "address": "bc1qours", "message": "m", "protocol": "bip322" }),
            ),
            &session,
        );
        assert_eq!(
            ask,
            Ok(Ask::BitcoinMessage {
                address: "bc1qours".into(),
                message: "m".into(),
                protocol: BitcoinProtocol::Bip322
            })
        );
        let refused = [
            (
                request(
                    "eip155:1",
                    "personal_sign",
                    json!(["0x68", "0x0000000000000000000000000000000000000002"]),
                ),
                Refusal::UnsupportedAccounts,
            ),
            (
                request(
                    BITCOIN_MAINNET,
                    "signMessage",
                    json!({ "address": "bc1qother", "message": "m" }),
                ),
                Refusal::UnsupportedAccounts,
            ),
            (
                request("eip155:1", "eth_sendTransaction", json!([{}])),
                Refusal::UnauthorizedMethod,
            ),
            (
                request("eip155:5", "personal_sign", json!(["0x68", ether])),
                Refusal::UnauthorizedMethod,
            ),
            (
                request("eip155:1", "personal_sign", json!(["0xff", ether])),
                Refusal::InvalidParams,
            ),
            (
                request(
                    BITCOIN_MAINNET,
                    "signMessage",
                    json!({ "address": "bc1qours", "message": "m", "protocol": "schnorr" }),
                ),
                Refusal::InvalidParams,
            ),
        ];
        for (request, refusal) in refused {
            assert_eq!(Ask::read(&request, &session), Err(refusal), "{request:?}");
        }
    }
}
