//! EIP-191 `personal_sign`: Keccak-256 of `"\x19Ethereum Signed Message:\n" || len || msg`,
//! signed as `r || s || v` with v = 27 + recovery id appended (AOPP v0, "Signatures").

use bitcoin::secp256k1::{Message, SecretKey};
use sha3::{Digest, Keccak256};

use crate::SECP;

/// The EIP-191 digest of `message`; `len` is its byte length in decimal.
pub fn digest(message: &str) -> Message {
    let mut hasher = Keccak256::new();
    hasher.update(b"\x19Ethereum Signed Message:\n");
    hasher.update(message.len().to_string().as_bytes());
    hasher.update(message.as_bytes());
    Message::from_digest(hasher.finalize().into())
}

/// Signs with RFC 6979 nonces and no grinding, as Ethereum signers do.
pub fn sign(secret: &SecretKey, message: &str) -> [u8; 65] {
    let (recovery_id, compact) = SECP
        .sign_ecdsa_recoverable(&digest(message), secret)
        .serialize_compact();
    let mut out = [0u8; 65];
    out[..64].copy_from_slice(&compact);
    // Recovery ids are 0 or 1 for any key a wallet derives (2 and 3 need r >= n).
    out[64] = 27 + recovery_id.to_i32() as u8;
    out
}
