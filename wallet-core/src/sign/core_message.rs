//! Bitcoin Core's `signmessage`: a 65-byte compact recoverable ECDSA signature over
//! `SHA256d("\x18Bitcoin Signed Message:\n" || varint(len) || msg)`.
//!
//! AOPP v0 uses it for p2pkh, p2sh-p2wpkh and p2wpkh alike, always with header 31..34
//! (compressed key, recovery id 0..3).

use bitcoin::hashes::Hash;
use bitcoin::secp256k1::{ecdsa::RecoverableSignature, Message, SecretKey};
use bitcoin::sign_message::signed_msg_hash;

use crate::SECP;

/// Header byte of a compressed-key signature with recovery id 0.
pub const COMPRESSED_HEADER: u8 = 31;

/// The Core message digest of `message`.
pub fn digest(message: &str) -> Message {
    Message::from_digest(signed_msg_hash(message).to_byte_array())
}

/// Signs like Core: RFC 6979 nonces, ground until R is low (its top bit clear), as Core's
/// `CKey::Sign` does with `grind`. The first attempt uses no extra entropy; attempt n uses the
/// counter n as 32 little-endian bytes of extra entropy.
pub fn sign(secret: &SecretKey, message: &str) -> [u8; 65] {
    let digest = digest(message);
    let mut signature = SECP.sign_ecdsa_recoverable(&digest, secret);
    let mut counter: u32 = 0;
    while !has_low_r(&signature) {
        counter += 1;
        let mut extra_entropy = [0u8; 32];
        extra_entropy[..4].copy_from_slice(&counter.to_le_bytes());
        signature = SECP.sign_ecdsa_recoverable_with_noncedata(&digest, secret, &extra_entropy);
    }
    let (recovery_id, compact) = signature.serialize_compact();
    let mut out = [0u8; 65];
    // Recovery ids are 0..=3, so the header stays within 31..=34.
    out[0] = COMPRESSED_HEADER + recovery_id.to_i32() as u8;
    out[1..].copy_from_slice(&compact);
    out
}

fn has_low_r(signature: &RecoverableSignature) -> bool {
    signature.serialize_compact().1[0] < 0x80
}
