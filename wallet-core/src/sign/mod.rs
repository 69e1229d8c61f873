//! Message signatures for the `signature` field of an AOPP proof, and their verification.

pub mod armored;
pub mod bip322_simple;
pub mod core_message;
pub mod eip191;
mod scheme;
mod verify;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bitcoin::secp256k1::SecretKey;

pub use scheme::{sign_message, SignatureScheme, UnknownScheme};
pub use verify::{signature_bytes, verify, SignatureKind, Verification, VerifyError};

use crate::asset::{AddressFormat, Network};
use crate::keys::DerivedKey;
use crate::SECP;

/// Choices that change the bytes of a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignOptions {
    /// Prefix BIP-322 simple signatures (p2tr) with `smp`, as BIP-322 2.0.0 does.
    pub bip322_prefix: bool,
}

/// Why signing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The BIP-322 library refused to sign.
    #[error("BIP-322 signing failed: {0}")]
    Bip322(String),
    /// The scheme cannot sign for an address of this format (BIP-322 for p2pkh, say).
    #[error("{scheme} signatures cannot be made for {format} addresses")]
    SchemeNotForFormat {
        /// The scheme asked for.
        scheme: SignatureScheme,
        /// The address's format.
        format: AddressFormat,
    },
}

/// Signs `message` with `key` in the scheme its format uses; returns the `signature` field.
pub fn sign(key: &DerivedKey, message: &str, options: SignOptions) -> Result<String, SignError> {
    sign_with_secret(key.secret(), key.format, key.network, message, options)
}

/// Signs with a bare private key: the scheme follows `format`.
///
/// p2pkh, p2sh-p2wpkh, p2wpkh: Core `signmessage`; p2tr: BIP-322 simple; Ether: EIP-191.
pub fn sign_with_secret(
    secret: &SecretKey,
    format: AddressFormat,
    network: Network,
    message: &str,
    options: SignOptions,
) -> Result<String, SignError> {
    match format {
        AddressFormat::P2pkh | AddressFormat::P2shP2wpkh | AddressFormat::P2wpkh => {
            Ok(STANDARD.encode(core_message::sign(secret, message)))
        }
        AddressFormat::P2tr => {
            let internal_key = secret.public_key(&SECP).x_only_public_key().0;
            let address = bitcoin::Address::p2tr(&SECP, internal_key, None, network.to_bitcoin());
            bip322_simple::sign(secret, network, &address, message, options.bip322_prefix)
        }
        AddressFormat::Standard => Ok(STANDARD.encode(eip191::sign(secret, message))),
    }
}
