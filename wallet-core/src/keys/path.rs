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

/// `m/purpose'/coin'/0'/0/index`: the external chain of account 0. `index` must be at most
/// [`MAX_INDEX`].
pub fn receive_path(format: AddressFormat, network: Network, index: u32) -> Option<DerivationPath> {
    let hardened = |n| ChildNumber::from_hardened_idx(n).ok();
    let normal = |n| ChildNumber::from_normal_idx(n).ok();
    let children = [
        hardened(purpose(format))?,
        hardened(coin_type(format, network))?,
        hardened(0)?,
        normal(0)?,
        normal(index)?,
    ];
    Some(DerivationPath::from(children.to_vec()))
}
