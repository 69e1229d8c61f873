//! The protocol's keys and topics: a symmetric key per pairing or session, its topic (the
//! relay's mailbox name, `sha256(symKey)`), and the X25519 agreement that makes a session's key.

use std::fmt;

use hkdf::Hkdf;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A ChaCha20-Poly1305 key shared with the peer: a pairing's (from its URI) or a session's
/// (agreed with X25519). Wiped when dropped; shown only as a redacted `Debug`.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SymKey([u8; 32]);

impl SymKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A fresh random key (a pairing the wallet would create itself).
    pub fn random() -> Self {
        let mut bytes = [0; 32];
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Its hex form, as the protocol writes it (in URIs and in the session store).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The topic its messages are published on: `sha256(key)`.
    pub fn topic(&self) -> Topic {
        Topic(Sha256::digest(self.0).into())
    }
}

impl fmt::Debug for SymKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("SymKey(…)")
    }
}

/// A relay topic: 32 bytes, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic(pub [u8; 32]);

impl Topic {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Topic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Topic({self})")
    }
}

/// An X25519 public key, as it travels (hex in JSON, raw in type 1 envelopes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Reads 64 hex digits; `None` for anything else.
    pub fn from_hex(text: &str) -> Option<Self> {
        decode_hex_32(text).map(Self)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "PublicKey({})", self.to_hex())
    }
}

/// The wallet's X25519 key pair for one session proposal. The secret is wiped when dropped.
pub struct KeyPair {
    secret: x25519_dalek::StaticSecret,
    public: PublicKey,
}

impl KeyPair {
    pub fn random() -> Self {
        Self::from_secret(x25519_dalek::StaticSecret::random_from_rng(OsRng).to_bytes())
    }

    /// From the 32 secret bytes (kept by the session store, and the test vectors).
    pub fn from_secret(secret: [u8; 32]) -> Self {
        let secret = x25519_dalek::StaticSecret::from(secret);
        let public = PublicKey(x25519_dalek::PublicKey::from(&secret).to_bytes());
        Self { secret, public }
    }

    pub fn public(&self) -> PublicKey {
        self.public
    }

    /// The session key shared with `peer`: HKDF-SHA256 (no salt, no info) over the X25519
    /// shared secret, 32 bytes — as both sides compute it after a session proposal.
    pub fn agree(&self, peer: &PublicKey) -> SymKey {
        let shared = self
            .secret
            .diffie_hellman(&x25519_dalek::PublicKey::from(peer.0));
        let mut key = [0; 32];
        Hkdf::<Sha256>::new(None, shared.as_bytes())
            .expand(&[], &mut key)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        SymKey(key)
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "KeyPair({:?}, secret …)", self.public)
    }
}

/// 64 hex digits (either case) as 32 bytes.
pub(crate) fn decode_hex_32(text: &str) -> Option<[u8; 32]> {
    let mut bytes = [0; 32];
    (text.len() == 64 && hex::decode_to_slice(text, &mut bytes).is_ok()).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_agree_on_the_session_key() {
        let (wallet, dapp) = (KeyPair::random(), KeyPair::random());
        assert_eq!(wallet.agree(&dapp.public()), dapp.agree(&wallet.public()));
        assert_ne!(
            wallet.agree(&dapp.public()),
            KeyPair::random().agree(&dapp.public())
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let key = SymKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{key:?}"), "SymKey(…)");
        assert!(!format!("{:?}", KeyPair::from_secret([0xab; 32])).contains("abab"));
    }
}
