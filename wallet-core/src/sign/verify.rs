//! Verification of every signature the wallet emits, and of the variants other wallets emit.
//!
//! * Core `signmessage` headers 31..34 prove p2pkh, p2sh-p2wpkh or p2wpkh alike (AOPP v0).
//! * BIP-137 headers 35..38 (p2sh-p2wpkh) and 39..42 (p2wpkh) are recognised and reported.
//! * BIP-322 simple signatures, with or without the `smp` prefix.
//! * EIP-191 for Ether, checking the EIP-55 checksum of a mixed-case address.

use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bitcoin::address::NetworkUnchecked;
use bitcoin::secp256k1::ecdsa::{RecoverableSignature, RecoveryId};
use bitcoin::secp256k1::{Message, PublicKey};
use serde::Serialize;

use super::bip322_simple::SIMPLE_PREFIX;
use super::{core_message, eip191};
use crate::asset::{AddressFormat, Asset, Network};
use crate::keys::{address_of, Address, EthAddress};
use crate::SECP;

/// Which signature scheme a verified signature used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "scheme", rename_all = "snake_case")]
pub enum SignatureKind {
    /// Bitcoin Core `signmessage` with a compressed-key header (31..34).
    CoreMessage {
        /// The header byte.
        header: u8,
    },
    /// A BIP-137 header that names the witness type (35..42).
    Bip137 {
        /// The header byte.
        header: u8,
    },
    /// BIP-322 simple.
    Bip322Simple {
        /// Whether it carried the `smp` prefix.
        prefixed: bool,
    },
    /// EIP-191 personal message.
    Eip191 {
        /// Whether it was given as `0x…` hex (as wallets show it) rather than base64 (AOPP).
        hex: bool,
    },
}

impl SignatureKind {
    /// The scheme a signature of this kind belongs to (a compressed-key header is Electrum's,
    /// which BIP-137 shares for p2pkh).
    pub fn scheme(self) -> super::SignatureScheme {
        use super::SignatureScheme;
        match self {
            SignatureKind::CoreMessage { .. } => SignatureScheme::Electrum,
            SignatureKind::Bip137 { .. } => SignatureScheme::Bip137,
            SignatureKind::Bip322Simple { prefixed: false } => SignatureScheme::Bip322,
            SignatureKind::Bip322Simple { prefixed: true } => SignatureScheme::Bip322Smp,
            SignatureKind::Eip191 { .. } => SignatureScheme::Eip191,
        }
    }
}

/// A signature that verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The asset.
    pub asset: Asset,
    /// The address, as given.
    pub address: String,
    /// The format of the address.
    pub format: AddressFormat,
    /// The scheme of the signature.
    pub kind: SignatureKind,
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The address does not parse for the asset.
    #[error("{address:?} is not a valid {asset} address: {reason}")]
    InvalidAddress {
        /// The asset.
        asset: Asset,
        /// The address as given.
        address: String,
        /// Why.
        reason: String,
    },
    /// A Bitcoin address of another network than the one verified for (`tb1…` on mainnet).
    #[error("{address:?} is not a {network} address")]
    WrongNetwork {
        /// The address as given.
        address: String,
        /// The network verified for.
        network: Network,
    },
    /// A Bitcoin address of a type no AOPP format uses (p2wsh, p2sh multisig, …).
    #[error("{address:?} is not a p2pkh, p2sh-p2wpkh, p2wpkh or p2tr address")]
    UnsupportedAddress {
        /// The address as given.
        address: String,
    },
    /// The signature is not base64 (nor, for Ether, `0x` hex).
    #[error("signature is not base64")]
    NotBase64,
    /// A recoverable signature must be 65 bytes.
    #[error("signature is {len} bytes, expected 65")]
    BadLength {
        /// Bytes found.
        len: usize,
    },
    /// A header byte outside 27..42 (Bitcoin) or a v outside 27/28 (Ether).
    #[error("unknown signature header {0}")]
    UnknownHeader(u8),
    /// Headers 27..30 are for uncompressed keys, which AOPP does not allow.
    #[error("header {0} is for an uncompressed key; AOPP requires compressed keys")]
    UncompressedKey(u8),
    /// No public key can be recovered from the signature.
    #[error("no public key can be recovered from the signature")]
    Unrecoverable,
    /// The signature is valid for a key that does not own the address.
    #[error("signature was made by another key than the one of {address}")]
    WrongSigner {
        /// The address as given.
        address: String,
    },
    /// A BIP-137 header names a witness type other than the address's.
    #[error("BIP-137 header {header} is for {header_format} addresses, not {address}")]
    HeaderMismatch {
        /// The header byte.
        header: u8,
        /// The format the header names.
        header_format: AddressFormat,
        /// The address as given.
        address: String,
    },
    /// A BIP-322 signature that is invalid (or inconclusive, which a wallet cannot accept).
    #[error("BIP-322 signature does not verify: {0}")]
    Bip322(String),
}

impl VerifyError {
    /// A stable snake_case code for the UI and the command line.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::InvalidAddress { .. } => "invalid_address",
            VerifyError::WrongNetwork { .. } => "wrong_network",
            VerifyError::UnsupportedAddress { .. } => "unsupported_address",
            VerifyError::NotBase64 => "not_base64",
            VerifyError::BadLength { .. } => "bad_length",
            VerifyError::UnknownHeader(_) => "unknown_header",
            VerifyError::UncompressedKey(_) => "uncompressed_key",
            VerifyError::Unrecoverable => "unrecoverable",
            VerifyError::WrongSigner { .. } => "wrong_signer",
            VerifyError::HeaderMismatch { .. } => "header_mismatch",
            VerifyError::Bip322(_) => "bip322_invalid",
        }
    }
}

/// Verifies that `signature` over `message` was made by the key of `address`, a Bitcoin
/// address of `network` (testnet and signet share their addresses) or an Ethereum account (the
/// same on every chain, so `network` does not apply).
pub fn verify(
    asset: Asset,
    network: Network,
    address: &str,
    message: &str,
    signature: &str,
) -> Result<Verification, VerifyError> {
    match asset {
        Asset::Btc => verify_bitcoin(network, address, message, signature),
        Asset::Eth => verify_ether(address, message, signature),
    }
}

fn verify_bitcoin(
    network: Network,
    text: &str,
    message: &str,
    signature: &str,
) -> Result<Verification, VerifyError> {
    let address = bitcoin::Address::<NetworkUnchecked>::from_str(text)
        .map_err(|error| VerifyError::InvalidAddress {
            asset: Asset::Btc,
            address: text.to_owned(),
            reason: error.to_string(),
        })?
        .require_network(network.to_bitcoin())
        .map_err(|_| VerifyError::WrongNetwork {
            address: text.to_owned(),
            network,
        })?;
    let format = bitcoin_format(&address).ok_or_else(|| VerifyError::UnsupportedAddress {
        address: text.to_owned(),
    })?;
    let verified = |kind| Verification {
        asset: Asset::Btc,
        address: text.to_owned(),
        format,
        kind,
    };

    if let Some(bytes) = recoverable_bytes(signature) {
        let header = bytes[0];
        let header_format = match header {
            27..=30 => return Err(VerifyError::UncompressedKey(header)),
            31..=34 => None,
            35..=38 => Some(AddressFormat::P2shP2wpkh),
            39..=42 => Some(AddressFormat::P2wpkh),
            _ => return Err(VerifyError::UnknownHeader(header)),
        };
        if let Some(header_format) = header_format {
            if header_format != format {
                return Err(VerifyError::HeaderMismatch {
                    header,
                    header_format,
                    address: text.to_owned(),
                });
            }
        }
        let recovery_id = (header - 27) & 3;
        let public = recover(&core_message::digest(message), recovery_id, &bytes[1..])?;
        // Headers 31..34 do not say which script: accept any of the formats of the key.
        let owns = match format {
            AddressFormat::P2pkh | AddressFormat::P2shP2wpkh | AddressFormat::P2wpkh => {
                match address_of(&public, format, Network::Mainnet) {
                    Address::Bitcoin(own) => own.script_pubkey() == address.script_pubkey(),
                    Address::Ethereum(_) => false,
                }
            }
            _ => false,
        };
        if !owns {
            return Err(VerifyError::WrongSigner {
                address: text.to_owned(),
            });
        }
        let kind = match header_format {
            None => SignatureKind::CoreMessage { header },
            Some(_) => SignatureKind::Bip137 { header },
        };
        return Ok(verified(kind));
    }

    let prefixed = signature.starts_with(SIMPLE_PREFIX);
    let body = signature.strip_prefix(SIMPLE_PREFIX).unwrap_or(signature);
    if STANDARD.decode(body).is_err() {
        return Err(VerifyError::NotBase64);
    }
    match bip322::verify_simple_encoded(text, message, signature) {
        Ok(bip322::Verification::Valid { .. }) => {
            Ok(verified(SignatureKind::Bip322Simple { prefixed }))
        }
        Ok(bip322::Verification::Inconclusive) => {
            Err(VerifyError::Bip322("inconclusive".to_owned()))
        }
        Err(error) => Err(VerifyError::Bip322(error.to_string())),
    }
}

/// The 65 bytes of a recoverable signature, if `signature` is one (base64 of 65 bytes whose
/// first byte is a header, not the item count of a BIP-322 witness).
fn recoverable_bytes(signature: &str) -> Option<Vec<u8>> {
    let bytes = STANDARD.decode(signature).ok()?;
    (bytes.len() == 65 && bytes[0] >= 27).then_some(bytes)
}

fn bitcoin_format(address: &bitcoin::Address) -> Option<AddressFormat> {
    use bitcoin::AddressType;
    match address.address_type()? {
        AddressType::P2pkh => Some(AddressFormat::P2pkh),
        // Any p2sh could be p2sh-p2wpkh; recovery decides.
        AddressType::P2sh => Some(AddressFormat::P2shP2wpkh),
        AddressType::P2wpkh => Some(AddressFormat::P2wpkh),
        AddressType::P2tr => Some(AddressFormat::P2tr),
        _ => None,
    }
}

fn verify_ether(text: &str, message: &str, signature: &str) -> Result<Verification, VerifyError> {
    let address = EthAddress::parse(text).map_err(|error| VerifyError::InvalidAddress {
        asset: Asset::Eth,
        address: text.to_owned(),
        reason: error.to_string(),
    })?;
    let hex_digits = signature
        .strip_prefix("0x")
        .or_else(|| signature.strip_prefix("0X"));
    let bytes = match hex_digits {
        Some(digits) => decode_hex(digits).ok_or(VerifyError::NotBase64)?,
        None => STANDARD
            .decode(signature)
            .map_err(|_| VerifyError::NotBase64)?,
    };
    if bytes.len() != 65 {
        return Err(VerifyError::BadLength { len: bytes.len() });
    }
    let v = bytes[64];
    if !(27..=28).contains(&v) {
        return Err(VerifyError::UnknownHeader(v));
    }
    let public = recover(&eip191::digest(message), v - 27, &bytes[..64])?;
    if EthAddress::from_public_key(&public) != address {
        return Err(VerifyError::WrongSigner {
            address: text.to_owned(),
        });
    }
    Ok(Verification {
        asset: Asset::Eth,
        address: text.to_owned(),
        format: AddressFormat::Standard,
        kind: SignatureKind::Eip191 {
            hex: hex_digits.is_some(),
        },
    })
}

/// The bytes of a signature as the wallet shows them: `0x` hex (EIP-191) or base64.
pub fn signature_bytes(signature: &str) -> Option<Vec<u8>> {
    match signature
        .strip_prefix("0x")
        .or_else(|| signature.strip_prefix("0X"))
    {
        Some(digits) => decode_hex(digits),
        None => STANDARD.decode(signature).ok(),
    }
}

/// The bytes of an even number of hex digits, either case.
fn decode_hex(digits: &str) -> Option<Vec<u8>> {
    if digits.len() % 2 != 0 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&digits[at..at + 2], 16).ok())
        .collect()
}

fn recover(digest: &Message, recovery_id: u8, compact: &[u8]) -> Result<PublicKey, VerifyError> {
    let recovery_id =
        RecoveryId::from_i32(i32::from(recovery_id)).map_err(|_| VerifyError::Unrecoverable)?;
    let signature = RecoverableSignature::from_compact(compact, recovery_id)
        .map_err(|_| VerifyError::Unrecoverable)?;
    SECP.recover_ecdsa(digest, &signature)
        .map_err(|_| VerifyError::Unrecoverable)
}
