//! BIP-322 "simple" signatures for taproot: the base64 consensus encoding of the `to_sign`
//! witness, signed on the BIP-86 key path.
//!
//! The 2026 revision of BIP-322 (2.0.0) prefixes simple signatures with `smp`; verifiers from
//! before it do not know the prefix, so it is emitted only on request and accepted either way.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bitcoin::consensus::Encodable;
use bitcoin::secp256k1::SecretKey;
use bitcoin::PrivateKey;

use super::SignError;
use crate::asset::Network;

/// The `smp` prefix of BIP-322 2.0.0 simple signatures.
pub const SIMPLE_PREFIX: &str = bip322::SIMPLE_SIGNATURE_PREFIX;

/// Signs `message` for `address` (the key's own address) as a simple signature.
pub fn sign(
    secret: &SecretKey,
    network: Network,
    address: &bitcoin::Address,
    message: &str,
    prefixed: bool,
) -> Result<String, SignError> {
    let key = PrivateKey::new(*secret, network.to_bitcoin());
    let witness = bip322::sign_simple(address, message, &[key], None)
        .map_err(|error| SignError::Bip322(error.to_string()))?;
    let mut encoded = Vec::new();
    witness
        .consensus_encode(&mut encoded)
        .map_err(|error| SignError::Bip322(error.to_string()))?;
    let prefix = if prefixed { SIMPLE_PREFIX } else { "" };
    Ok(format!("{prefix}{}", STANDARD.encode(encoded)))
}
