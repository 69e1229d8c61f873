//! AOPP Wallet's logic, free of any UI: AOPP requests, seeds, derivation, signing,
//! verification and TRP Travel Addresses.
//!
//! The path of a proof reads top to bottom: a link → [`AoppRequest::parse`] → the user's
//! confirmation → [`MasterKey::derive`] → [`sign::sign`] → [`sign::verify`] (self-check) →
//! [`Proof`]. [`proof::prove`] does the last four steps.

#![warn(missing_docs)]

pub mod aopp;
pub mod asset;
pub mod deliver;
pub mod descriptors;
pub mod gap;
pub mod journal;
pub mod keys;
pub mod private_files;
pub mod proof;
pub mod scan;
pub mod sign;
pub mod sign_in;
pub mod travel_address;

use std::sync::LazyLock;

use bitcoin::secp256k1::{All, Secp256k1};

pub use aopp::{AoppRequest, AoppRequestError, CallbackOrigin, LoopbackHttp};
pub use asset::{AddressFormat, Asset, FormatRequest, Network};
pub use keys::{DerivedKey, MasterKey, Mnemonic, Seed};
pub use proof::{prove, Proof, ProveError, SignedProof};
pub use sign::{SignOptions, Verification, VerifyError};
pub use travel_address::{TravelAddress, TravelAddressError};

/// One secp256k1 context for the process: building one costs more than a signature.
pub(crate) static SECP: LazyLock<Secp256k1<All>> = LazyLock::new(Secp256k1::new);
