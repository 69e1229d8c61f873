//! Which BIP-32 path each asset, format and network uses.
//!
//! BIP-44 (p2pkh), BIP-49 (p2sh-p2wpkh), BIP-84 (p2wpkh), BIP-86 (p2tr); `m/44'/60'/0'/0/i` for
//! Ether. Bitcoin test networks use coin type 1'.

use bitcoin::bip32::{ChildNumber, DerivationPath};

use crate::asset::{AddressFormat, Network};

/// The largest index of a non-hardened child.
pub const MAX_INDEX: u32 = (1 << 31) - 1;

/// The BIP-43 purpose of a format.
pub fn purpose(format: AddressFormat) -> u32 {
    match format {
        AddressFormat::P2pkh | AddressFormat::Standard => 44,
        AddressFormat::P2shP2wpkh => 49,
        AddressFormat::P2wpkh => 84,
        AddressFormat::P2tr => 86,
    }
}

/// The coin type: 60' for Ether on every network, 0'/1' for Bitcoin.
pub fn coin_type(format: AddressFormat, network: Network) -> u32 {
    match format {
        AddressFormat::Standard => 60,
        _ => network.bitcoin_coin_type(),
    }
}

/// The two chains of a BIP-44 account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Chain {
    /// The external chain, `…/0/i`: addresses handed out to be paid (and proven).
    Receive,
    /// The internal chain, `…/1/i`: change, which spending wallets use.
    Change,
}

impl Chain {
    /// Both chains, receive first.
    pub const BOTH: [Chain; 2] = [Chain::Receive, Chain::Change];

    /// The chain's number in the path.
    pub fn number(self) -> u32 {
        match self {
            Chain::Receive => 0,
            Chain::Change => 1,
        }
    }
}

/// `m/purpose'/coin'/0'`: account 0 of `format` on `network`.
pub fn account_path(format: AddressFormat, network: Network) -> DerivationPath {
    [purpose(format), coin_type(format, network), 0]
        .into_iter()
        .filter_map(|n| ChildNumber::from_hardened_idx(n).ok())
        .collect::<Vec<_>>()
        .into()
}

/// `m/purpose'/coin'/0'/0/index`: the external chain of account 0. `index` must be at most
/// [`MAX_INDEX`].
pub fn receive_path(format: AddressFormat, network: Network, index: u32) -> Option<DerivationPath> {
    chain_path(format, network, Chain::Receive, index)
}

/// `m/purpose'/coin'/0'/chain/index`. `index` must be at most [`MAX_INDEX`].
pub fn chain_path(
    format: AddressFormat,
    network: Network,
    chain: Chain,
    index: u32,
) -> Option<DerivationPath> {
    let normal = |n| ChildNumber::from_normal_idx(n).ok();
    let tail = [normal(chain.number())?, normal(index)?];
    Some(account_path(format, network).extend(tail))
}
