//! What a proof is about: the asset, the address format and the network.
//!
//! Wire names follow [AOPP v0](../../../shared/spec/aopp.md): `btc`/`eth`, and `p2pkh`, `p2sh`,
//! `p2wpkh`, `p2tr`, `standard`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A SLIP-0044 asset that AOPP v0 knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Asset {
    /// Bitcoin.
    Btc,
    /// Ether.
    Eth,
}

impl Asset {
    /// Parses the `asset` parameter; AOPP symbols are accepted in any case.
    pub fn from_symbol(symbol: &str) -> Option<Asset> {
        match symbol.to_ascii_lowercase().as_str() {
            "btc" => Some(Asset::Btc),
            "eth" => Some(Asset::Eth),
            _ => None,
        }
    }

    /// The lowercase SLIP-0044 symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Asset::Btc => "btc",
            Asset::Eth => "eth",
        }
    }

    /// The formats an address of this asset can take.
    pub fn formats(self) -> &'static [AddressFormat] {
        match self {
            Asset::Btc => &[
                AddressFormat::P2pkh,
                AddressFormat::P2shP2wpkh,
                AddressFormat::P2wpkh,
                AddressFormat::P2tr,
            ],
            Asset::Eth => &[AddressFormat::Standard],
        }
    }
}

impl fmt::Display for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A concrete address format: what the wallet derives, signs with and proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AddressFormat {
    /// Legacy pay-to-pubkey-hash (`1…`), BIP-44.
    #[serde(rename = "p2pkh")]
    P2pkh,
    /// P2WPKH nested in P2SH (`3…`), BIP-49. AOPP calls it `p2sh`.
    #[serde(rename = "p2sh")]
    P2shP2wpkh,
    /// Native segwit v0 (`bc1q…`), BIP-84.
    #[serde(rename = "p2wpkh")]
    P2wpkh,
    /// Taproot key path (`bc1p…`), BIP-86.
    #[serde(rename = "p2tr")]
    P2tr,
    /// An EIP-55 Ethereum account address. AOPP calls it `standard`.
    #[serde(rename = "standard")]
    Standard,
}

impl AddressFormat {
    /// The AOPP wire name.
    pub fn wire_name(self) -> &'static str {
        match self {
            AddressFormat::P2pkh => "p2pkh",
            AddressFormat::P2shP2wpkh => "p2sh",
            AddressFormat::P2wpkh => "p2wpkh",
            AddressFormat::P2tr => "p2tr",
            AddressFormat::Standard => "standard",
        }
    }

    /// Parses an AOPP wire name (case-insensitive) into a format of `asset`.
    pub fn from_wire_name(asset: Asset, name: &str) -> Option<AddressFormat> {
        let name = name.to_ascii_lowercase();
        asset
            .formats()
            .iter()
            .copied()
            .find(|format| format.wire_name() == name)
    }

    /// The asset whose addresses take this format.
    pub fn asset(self) -> Asset {
        match self {
            AddressFormat::Standard => Asset::Eth,
            _ => Asset::Btc,
        }
    }
}

impl fmt::Display for AddressFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire_name())
    }
}

/// The `format` of a request: one format, or `any` (Bitcoin only), which the wallet resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatRequest {
    /// Exactly this format.
    Exact(AddressFormat),
    /// The wallet picks its preferred format.
    Any,
}

impl FormatRequest {
    /// The format to prove: the requested one, or `preferred` for `any`.
    ///
    /// `preferred` must belong to the request's asset; `any` exists only for Bitcoin.
    pub fn resolve(self, preferred: AddressFormat) -> AddressFormat {
        match self {
            FormatRequest::Exact(format) => format,
            FormatRequest::Any => preferred,
        }
    }

    /// The AOPP wire name.
    pub fn wire_name(self) -> &'static str {
        match self {
            FormatRequest::Exact(format) => format.wire_name(),
            FormatRequest::Any => "any",
        }
    }
}

impl Serialize for FormatRequest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire_name())
    }
}

/// The chain a Bitcoin address belongs to. Ethereum derivation does not depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// Bitcoin mainnet.
    #[default]
    Mainnet,
    /// Testnet (3 and 4 share address encodings).
    Testnet,
    /// Signet.
    Signet,
    /// Regtest, for local exchange sandboxes.
    Regtest,
}

impl Network {
    /// Every network, mainnet first.
    pub const ALL: [Network; 4] = [
        Network::Mainnet,
        Network::Testnet,
        Network::Signet,
        Network::Regtest,
    ];

    /// Parses `mainnet`, `testnet`, `signet` or `regtest`.
    pub fn from_name(name: &str) -> Option<Network> {
        Network::ALL
            .into_iter()
            .find(|network| network.name() == name)
    }

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Network::Mainnet => "mainnet",
            Network::Testnet => "testnet",
            Network::Signet => "signet",
            Network::Regtest => "regtest",
        }
    }

    /// The rust-bitcoin network with the same address encoding.
    pub fn to_bitcoin(self) -> bitcoin::Network {
        match self {
            Network::Mainnet => bitcoin::Network::Bitcoin,
            Network::Testnet => bitcoin::Network::Testnet,
            Network::Signet => bitcoin::Network::Signet,
            Network::Regtest => bitcoin::Network::Regtest,
        }
    }

    /// BIP-44 coin type for Bitcoin on this network: 0' on mainnet, 1' on every test network.
    pub fn bitcoin_coin_type(self) -> u32 {
        match self {
            Network::Mainnet => 0,
            _ => 1,
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
