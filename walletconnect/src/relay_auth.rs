//! Relay client authentication: the wallet proves to the relay that it holds an Ed25519 key,
//! with a JWT the relay reads from the websocket URL's `auth` parameter.
//!
//! The JWT is `base64url(header) . base64url(payload) . base64url(signature)` (no padding):
//! header `{"alg":"EdDSA","typ":"JWT"}`; payload `{iss, sub, aud, iat, exp}` where `iss` is the
//! key as a `did:key` (`did:key:z` + base58btc(`0xed 0x01` ‖ public key)), `sub` a random
//! 32-byte hex string, `aud` the relay's URL, `iat`/`exp` unix seconds; the signature is
//! Ed25519 over the first two parts. Spec:
//! <https://specs.walletconnect.com/2.0/specs/clients/core/relay/relay-client-auth>.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand_core::{OsRng, RngCore};
use serde::Serialize;

/// The multicodec prefix of an Ed25519 public key (`ed25519-pub`, 0xed as a varint).
const ED25519_MULTICODEC: [u8; 2] = [0xed, 0x01];

/// The wallet's identity towards relays: one Ed25519 key, kept with the sessions.
pub struct ClientKey(SigningKey);

#[derive(Serialize)]
struct Header {
    alg: &'static str,
    typ: &'static str,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

impl ClientKey {
    pub fn random() -> Self {
        Self(SigningKey::generate(&mut OsRng))
    }

    /// From its 32-byte seed (the session store, and the test vectors).
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self(SigningKey::from_bytes(&seed))
    }

    pub fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The client id the relay knows this wallet by: its key as a `did:key`.
    pub fn did_key(&self) -> String {
        did_key(&self.0.verifying_key())
    }

    /// A JWT for the relay at `audience`, valid `ttl` seconds from `issued_at`; `subject` is
    /// a random nonce (see [`random_subject`]).
    pub fn jwt(&self, subject: &str, audience: &str, issued_at: u64, ttl: u64) -> String {
        let issuer = self.did_key();
        let header = Header {
            alg: "EdDSA",
            typ: "JWT",
        };
        let claims = Claims {
            iss: &issuer,
            sub: subject,
            aud: audience,
            iat: issued_at,
            exp: issued_at + ttl,
        };
        let signed = format!("{}.{}", part(&header), part(&claims));
        let signature = self.0.sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// 32 random bytes in hex, for a JWT's `sub`.
pub fn random_subject() -> String {
    let mut bytes = [0; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// `did:key:z…` for an Ed25519 public key.
pub fn did_key(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_MULTICODEC.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("did:key:z{}", bs58::encode(bytes).into_string())
}

fn part(value: &impl Serialize) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("plain structs serialise"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Signature;

    #[test]
    fn the_jwt_is_signed_by_the_key_its_issuer_names() {
        let key = ClientKey::random();
        let jwt = key.jwt(
            &random_subject(),
            "wss://relay.walletconnect.org",
            1_700_000_000,
            86_400,
        );
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["iss"], key.did_key());
        assert_eq!(claims["exp"], 1_700_086_400);
        let issuer = bs58::decode(&key.did_key()["did:key:z".len()..])
            .into_vec()
            .unwrap();
        assert_eq!(issuer[..2], ED25519_MULTICODEC);
        let public = VerifyingKey::from_bytes(issuer[2..].try_into().unwrap()).unwrap();
        let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap()).unwrap();
        let signed = format!("{}.{}", parts[0], parts[1]);
        public.verify_strict(signed.as_bytes(), &signature).unwrap();
    }
}
