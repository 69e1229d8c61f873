//! Keys: the recovery phrase, the seed, BIP-32 paths and the addresses derived from them.

mod ethereum;
mod mnemonic;
mod path;

use std::fmt;

use bitcoin::bip32::{DerivationPath, Xpriv};
use bitcoin::secp256k1::{PublicKey, SecretKey};
use bitcoin::CompressedPublicKey;

pub use ethereum::{EthAddress, EthAddressError};
pub use mnemonic::{complete_word, is_word, Mnemonic, MnemonicError, Seed, WordCount};
pub use path::{account_path, chain_path, coin_type, purpose, receive_path, Chain, MAX_INDEX};

use crate::asset::{AddressFormat, Network};
use crate::SECP;

/// Why a key could not be derived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeriveError {
    /// Indexes above 2^31 - 1 would be hardened and are not receive addresses.
    #[error("index {index} is above the largest non-hardened index 2147483647")]
    IndexOutOfRange {
        /// The index asked for.
        index: u32,
    },
    /// BIP-32 seeds are 16 to 64 bytes.
    #[error("seed is {len} bytes, BIP-32 needs 16 to 64")]
    SeedLength {
        /// Its length.
        len: usize,
    },
    /// The (astronomically unlikely) BIP-32 case of an invalid child key.
    #[error("BIP-32 derivation failed: {0}")]
    Bip32(String),
}

/// The BIP-32 root of the wallet for one network. Its private key and chain code are erased
/// when it is dropped.
pub struct MasterKey {
    root: Xpriv,
    network: Network,
}

impl MasterKey {
    /// The root key of `seed`.
    pub fn from_seed(seed: &Seed, network: Network) -> MasterKey {
        match MasterKey::from_seed_bytes(seed.as_bytes(), network) {
            Ok(master) => master,
            // A 64-byte seed is always a valid BIP-32 seed.
            Err(error) => unreachable!("64-byte seed refused: {error}"),
        }
    }

    /// The root key of raw seed bytes (16 to 64), as in the BIP-32 test vectors.
    pub fn from_seed_bytes(seed: &[u8], network: Network) -> Result<MasterKey, DeriveError> {
        if !(16..=64).contains(&seed.len()) {
            return Err(DeriveError::SeedLength { len: seed.len() });
        }
        let root = Xpriv::new_master(network.to_bitcoin(), seed)
            .map_err(|error| DeriveError::Bip32(error.to_string()))?;
        Ok(MasterKey { root, network })
    }

    /// The network addresses are derived for.
    pub fn network(&self) -> Network {
        self.network
    }

    /// The extended private key at any `path` (for BIP-32 conformance; the wallet uses
    /// [`MasterKey::derive`]).
    pub fn xpriv_at(&self, path: &DerivationPath) -> Result<Xpriv, DeriveError> {
        self.root
            .derive_priv(&SECP, path)
            .map_err(|error| DeriveError::Bip32(error.to_string()))
    }

    /// The key and address at `index` of the receive chain of `format`.
    pub fn derive(&self, format: AddressFormat, index: u32) -> Result<DerivedKey, DeriveError> {
        self.derive_on(format, Chain::Receive, index)
    }

    /// The key and address at `index` of `chain` of `format`.
    pub fn derive_on(
        &self,
        format: AddressFormat,
        chain: Chain,
        index: u32,
    ) -> Result<DerivedKey, DeriveError> {
        let path = chain_path(format, self.network, chain, index)
            .ok_or(DeriveError::IndexOutOfRange { index })?;
        let mut child = self.xpriv_at(&path)?;
        let secret = child.private_key;
        erase(&mut child);
        let public = secret.public_key(&SECP);
        let address = address_of(&public, format, self.network);
        Ok(DerivedKey {
            format,
            network: self.network,
            path,
            index,
            secret,
            public,
            address,
        })
    }
}

impl MasterKey {
    /// Which of the wallet's own keys has `address`: the first `limit` indexes of both chains
    /// of every format the address could be, searched on public keys (one derivation step an
    /// address); `None` when it is not one of them.
    pub fn find_address(
        &self,
        address: &str,
        limit: u32,
    ) -> Result<Option<DerivedKey>, DeriveError> {
        let wanted = address.trim();
        for format in candidate_formats(wanted, self.network) {
            for chain in Chain::BOTH {
                let mut chain_key = self.xpriv_at(&account_path(format, self.network).extend([
                    bitcoin::bip32::ChildNumber::Normal {
                        index: chain.number(),
                    },
                ]))?;
                let xpub = bitcoin::bip32::Xpub::from_priv(&SECP, &chain_key);
                erase(&mut chain_key);
                for index in 0..limit.min(MAX_INDEX) {
                    let child = xpub
                        .ckd_pub(&SECP, bitcoin::bip32::ChildNumber::Normal { index })
                        .map_err(|error| DeriveError::Bip32(error.to_string()))?;
                    let own = address_of(&child.public_key, format, self.network).to_string();
                    let same = match format {
                        // Ethereum addresses compare without their checksum's case.
                        AddressFormat::Standard => own.eq_ignore_ascii_case(wanted),
                        _ => own == wanted,
                    };
                    if same {
                        return self.derive_on(format, chain, index).map(Some);
                    }
                }
            }
        }
        Ok(None)
    }
}

impl MasterKey {
    /// The BIP-32 fingerprint of the root key, as key origins give it.
    pub fn fingerprint(&self) -> bitcoin::bip32::Fingerprint {
        self.root.fingerprint(&SECP)
    }

    /// The extended public key a VASP asks for with `xpub_required`, as BitBoxApp sends it:
    /// the account's for Bitcoin (`m/purpose'/coin'/0'`, in `xpub` encoding whatever the format),
    /// the address's own for Ether (`m/44'/60'/0'/0/index`, one account an address).
    pub fn account_xpub(
        &self,
        format: AddressFormat,
        index: u32,
    ) -> Result<bitcoin::bip32::Xpub, DeriveError> {
        let path = match format {
            AddressFormat::Standard => receive_path(format, self.network, index)
                .ok_or(DeriveError::IndexOutOfRange { index })?,
            _ => account_path(format, self.network),
        };
        let mut xpriv = self.xpriv_at(&path)?;
        let xpub = bitcoin::bip32::Xpub::from_priv(&SECP, &xpriv);
        erase(&mut xpriv);
        Ok(xpub)
    }
}

/// The formats whose addresses look like `address` on `network` (none if it is not one).
fn candidate_formats(address: &str, network: Network) -> Vec<AddressFormat> {
    use bitcoin::address::NetworkUnchecked;
    if EthAddress::parse(address).is_ok() {
        return vec![AddressFormat::Standard];
    }
    let Ok(parsed) = address.parse::<bitcoin::Address<NetworkUnchecked>>() else {
        return Vec::new();
    };
    let Ok(checked) = parsed.require_network(network.to_bitcoin()) else {
        return Vec::new();
    };
    match checked.address_type() {
        Some(bitcoin::AddressType::P2pkh) => vec![AddressFormat::P2pkh],
        Some(bitcoin::AddressType::P2sh) => vec![AddressFormat::P2shP2wpkh],
        Some(bitcoin::AddressType::P2wpkh) => vec![AddressFormat::P2wpkh],
        Some(bitcoin::AddressType::P2tr) => vec![AddressFormat::P2tr],
        _ => Vec::new(),
    }
}

impl Drop for MasterKey {
    fn drop(&mut self) {
        erase(&mut self.root);
    }
}

/// Overwrites the secret parts of an extended private key: its key and its chain code.
fn erase(xpriv: &mut Xpriv) {
    use zeroize::Zeroize;
    xpriv.private_key.non_secure_erase();
    let chain_code: &mut [u8; 32] = xpriv.chain_code.as_mut();
    chain_code.zeroize();
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKey")
            .field("network", &self.network)
            .finish_non_exhaustive()
    }
}

/// The address of `public` in `format`.
pub fn address_of(public: &PublicKey, format: AddressFormat, network: Network) -> Address {
    let compressed = CompressedPublicKey(*public);
    let network = network.to_bitcoin();
    match format {
        AddressFormat::P2pkh => Address::Bitcoin(bitcoin::Address::p2pkh(compressed, network)),
        AddressFormat::P2shP2wpkh => {
            Address::Bitcoin(bitcoin::Address::p2shwpkh(&compressed, network))
        }
        AddressFormat::P2wpkh => Address::Bitcoin(bitcoin::Address::p2wpkh(&compressed, network)),
        // BIP-86: key-path only, tweaked with an empty script tree.
        AddressFormat::P2tr => Address::Bitcoin(bitcoin::Address::p2tr(
            &SECP,
            public.x_only_public_key().0,
            None,
            network,
        )),
        AddressFormat::Standard => Address::Ethereum(EthAddress::from_public_key(public)),
    }
}

/// An address the wallet controls.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Address {
    /// A Bitcoin address of any format.
    Bitcoin(bitcoin::Address),
    /// An Ethereum account.
    Ethereum(EthAddress),
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Bitcoin(address) => address.fmt(f),
            Address::Ethereum(address) => address.fmt(f),
        }
    }
}

/// A derived key with its address and path. The secret is erased when it is dropped.
pub struct DerivedKey {
    /// The format of the address.
    pub format: AddressFormat,
    /// The network of the address.
    pub network: Network,
    /// Its BIP-32 path.
    pub path: DerivationPath,
    /// Its index on the receive chain.
    pub index: u32,
    secret: SecretKey,
    /// The public key.
    pub public: PublicKey,
    /// The address.
    pub address: Address,
}

impl DerivedKey {
    /// The private key, for signing inside this crate.
    pub(crate) fn secret(&self) -> &SecretKey {
        &self.secret
    }
}

impl Drop for DerivedKey {
    fn drop(&mut self) {
        self.secret.non_secure_erase();
    }
}

impl fmt::Debug for DerivedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DerivedKey")
            .field("format", &self.format)
            .field("network", &self.network)
            .field("path", &self.path)
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erasing_an_extended_key_overwrites_its_key_and_chain_code() {
        let master = MasterKey::from_seed_bytes(&[7u8; 32], Network::Mainnet).unwrap();
        let mut xpriv = master.root;
        assert_ne!(xpriv.chain_code.as_bytes(), &[0u8; 32]);
        erase(&mut xpriv);
        // secp256k1 erases to 0x01 bytes, the smallest valid key; the chain code to zeros.
        assert_eq!(xpriv.private_key.secret_bytes(), [1u8; 32]);
        assert_eq!(xpriv.chain_code.as_bytes(), &[0u8; 32]);
    }
}
