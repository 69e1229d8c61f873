//! The wallet side of WalletConnect v2's Sign API, for AOPP Wallet.
//!
//! An exchange's page shows a pairing URI (`wc:…@2?relay-protocol=irn&symKey=…`); the wallet
//! reads it ([`pairing`]), speaks to the relay as an authenticated client ([`relay_auth`]) and
//! exchanges JSON-RPC messages with the page sealed in envelopes ([`envelope`]) under keys
//! from [`keys`]. Specs: <https://specs.walletconnect.com/2.0/specs/clients/core/>.
//!
//! The primitives are the field's crates (x25519-dalek, ed25519-dalek, chacha20poly1305, hkdf,
//! sha2); the formats are ours, written from the specs and checked byte for byte against
//! `@walletconnect/utils` and `@walletconnect/relay-auth` in `tests/vectors.rs`.

#[cfg(feature = "relay")]
pub mod connections;
pub mod envelope;
pub mod keys;
pub mod offer;
pub mod pairing;
#[cfg(feature = "relay")]
pub mod relay;
pub mod relay_auth;
pub mod session;
pub mod store;

pub use envelope::{Envelope, EnvelopeError};
pub use keys::{KeyPair, PublicKey, SymKey, Topic};
pub use pairing::{PairingUri, UriError};
pub use session::{Approval, Proposal, Refusal, Session, SessionRequest};
