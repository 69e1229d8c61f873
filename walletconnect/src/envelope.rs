//! Envelopes: how every JSON-RPC message travels through the relay, sealed with
//! ChaCha20-Poly1305 under the topic's key and written in base64 (with padding).
//!
//! * type 0: `0x00 ‖ iv (12) ‖ sealed` — a topic whose key both sides hold;
//! * type 1: `0x01 ‖ sender's X25519 public key (32) ‖ iv (12) ‖ sealed` — the first message on
//!   a topic whose key the receiver derives from the sender's key (the dApp's answer to a
//!   session proposal, when the roles are reversed).
//!
//! `sealed` is the ciphertext followed by the 16-byte tag; there is no associated data. Type 2
//! (unencrypted, for mobile link mode) is refused: nothing reaches this wallet in the clear.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand_core::{OsRng, RngCore};

use crate::keys::{PublicKey, SymKey};

/// The longest encoded envelope the wallet reads: 256 KiB, far above any message a dApp asks
/// to sign and far below what would make decoding costly. Longer ones are refused unread.
pub const MAX_ENCODED_LEN: usize = 256 * 1024;

const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// A sealed message, decoded from its text but not yet opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The sender's public key: present in type 1 envelopes only.
    pub sender: Option<PublicKey>,
    pub iv: [u8; IV_LEN],
    /// Ciphertext and tag.
    pub sealed: Vec<u8>,
}

/// Why an envelope could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EnvelopeError {
    #[error("the envelope is {len} characters long; at most {MAX_ENCODED_LEN} are read")]
    TooLarge { len: usize },
    #[error("the envelope is not base64")]
    NotBase64,
    #[error("the envelope is {len} bytes long, too short for its type {kind}")]
    Truncated { kind: u8, len: usize },
    #[error("the envelope is empty")]
    Empty,
    #[error("the envelope's type {0} is not one this wallet reads (0 or 1)")]
    UnknownType(u8),
    #[error("the envelope does not decrypt with this topic's key (wrong key, or altered)")]
    DoesNotDecrypt,
}

impl Envelope {
    /// Seals `plaintext` under `key` with a fresh random IV; `sender` makes it a type 1.
    pub fn seal(key: &SymKey, sender: Option<PublicKey>, plaintext: &[u8]) -> Self {
        let mut iv = [0; IV_LEN];
        OsRng.fill_bytes(&mut iv);
        Self::seal_with_iv(key, sender, iv, plaintext)
    }

    /// Seals with a given IV. Only for test vectors: an IV must never be used twice with a key.
    pub fn seal_with_iv(
        key: &SymKey,
        sender: Option<PublicKey>,
        iv: [u8; IV_LEN],
        plaintext: &[u8],
    ) -> Self {
        let sealed = cipher(key)
            .encrypt(Nonce::from_slice(&iv), plaintext)
            .expect("ChaCha20-Poly1305 seals any message shorter than 256 GiB");
        Self { sender, iv, sealed }
    }

    /// Reads an envelope's text, without opening it.
    pub fn decode(encoded: &str) -> Result<Self, EnvelopeError> {
        if encoded.len() > MAX_ENCODED_LEN {
            return Err(EnvelopeError::TooLarge { len: encoded.len() });
        }
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| EnvelopeError::NotBase64)?;
        let (&kind, rest) = bytes.split_first().ok_or(EnvelopeError::Empty)?;
        let (sender, rest) = match kind {
            0 => (None, rest),
            1 if rest.len() >= 32 => {
                let (key, rest) = rest.split_at(32);
                (Some(PublicKey(key.try_into().expect("32 bytes"))), rest)
            }
            1 => {
                return Err(EnvelopeError::Truncated {
                    kind,
                    len: bytes.len(),
                })
            }
            other => return Err(EnvelopeError::UnknownType(other)),
        };
        if rest.len() < IV_LEN + TAG_LEN {
            return Err(EnvelopeError::Truncated {
                kind,
                len: bytes.len(),
            });
        }
        let (iv, sealed) = rest.split_at(IV_LEN);
        Ok(Self {
            sender,
            iv: iv.try_into().expect("12 bytes"),
            sealed: sealed.to_vec(),
        })
    }

    /// Its text, as published on the relay.
    pub fn encode(&self) -> String {
        let mut bytes = Vec::with_capacity(1 + 32 + IV_LEN + self.sealed.len());
        match &self.sender {
            None => bytes.push(0),
            Some(sender) => {
                bytes.push(1);
                bytes.extend_from_slice(&sender.0);
            }
        }
        bytes.extend_from_slice(&self.iv);
        bytes.extend_from_slice(&self.sealed);
        STANDARD.encode(bytes)
    }

    /// The plaintext, if `key` opens it (the tag is checked first: nothing altered comes out).
    pub fn open(&self, key: &SymKey) -> Result<Vec<u8>, EnvelopeError> {
        cipher(key)
            .decrypt(Nonce::from_slice(&self.iv), self.sealed.as_slice())
            .map_err(|_| EnvelopeError::DoesNotDecrypt)
    }
}

fn cipher(key: &SymKey) -> ChaCha20Poly1305 {
    ChaCha20Poly1305::new(Key::from_slice(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyPair;

    #[test]
    fn a_sealed_message_opens_with_its_key_only() {
        let key = SymKey::random();
        let text = Envelope::seal(&key, None, b"{\"id\":1}").encode();
        let envelope = Envelope::decode(&text).unwrap();
        assert_eq!(envelope.open(&key).unwrap(), b"{\"id\":1}");
        assert_eq!(
            envelope.open(&SymKey::random()),
            Err(EnvelopeError::DoesNotDecrypt)
        );
    }

    #[test]
    fn a_type_1_envelope_names_its_sender() {
        let sender = KeyPair::random().public();
        let key = SymKey::random();
        let text = Envelope::seal(&key, Some(sender), b"hi").encode();
        assert_eq!(Envelope::decode(&text).unwrap().sender, Some(sender));
    }

    #[test]
    fn an_altered_byte_anywhere_is_refused() {
        let key = SymKey::random();
        let mut bytes = STANDARD
            .decode(Envelope::seal(&key, None, b"sign this").encode())
            .unwrap();
        for at in 1..bytes.len() {
            bytes[at] ^= 1;
            let altered = Envelope::decode(&STANDARD.encode(&bytes)).unwrap();
            assert_eq!(
                altered.open(&key),
                Err(EnvelopeError::DoesNotDecrypt),
                "byte {at}"
            );
            bytes[at] ^= 1;
        }
    }

    #[test]
    fn malformed_envelopes_get_their_own_errors() {
        let decode = |bytes: &[u8]| Envelope::decode(&STANDARD.encode(bytes));
        assert_eq!(
            Envelope::decode("not base64!"),
            Err(EnvelopeError::NotBase64)
        );
        assert_eq!(decode(&[]), Err(EnvelopeError::Empty));
        assert_eq!(decode(&[2; 40]), Err(EnvelopeError::UnknownType(2)));
        assert_eq!(
            decode(&[0; 28]),
            Err(EnvelopeError::Truncated { kind: 0, len: 28 })
        );
        assert_eq!(
            decode(&[1; 31]),
            Err(EnvelopeError::Truncated { kind: 1, len: 31 })
        );
        assert_eq!(
            decode(&[1; 60]),
            Err(EnvelopeError::Truncated { kind: 1, len: 60 })
        );
    }

    #[test]
    fn a_10_mb_envelope_is_refused_unread() {
        let huge = "A".repeat(10 * 1024 * 1024);
        assert_eq!(
            Envelope::decode(&huge),
            Err(EnvelopeError::TooLarge { len: huge.len() })
        );
    }
}
