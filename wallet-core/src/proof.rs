//! The proof an AOPP callback receives, made and checked by the wallet.
//!
//! The path of a proof: [`AoppRequest`] → the user's confirmation → [`MasterKey::derive`] →
//! [`sign`] → [`verify`] (self-check) → the proof to send.

use bitcoin::bip32::DerivationPath;
use serde::{Deserialize, Serialize};

use crate::aopp::AoppRequest;
use crate::asset::{AddressFormat, Network};
use crate::keys::{DeriveError, MasterKey};
use crate::sign::{sign, verify, SignError, SignOptions, VerifyError};

/// The body of the POST to the callback: `{"version":0,"address":…,"signature":…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    /// The AOPP version, 0.
    pub version: u8,
    /// The proven address.
    pub address: String,
    /// The base64 signature over the request's message.
    pub signature: String,
    /// The account's extended public key, only when the link asked for it (`xpub_required`)
    /// and the user agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xpub: Option<String>,
}

/// A proof with what the wallet knows about it but does not send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedProof {
    /// What is sent.
    pub proof: Proof,
    /// The format proven (what `any` resolved to).
    pub format: AddressFormat,
    /// The network of the address.
    pub network: Network,
    /// The BIP-32 path of the address.
    pub path: DerivationPath,
}

/// Why no proof was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProveError {
    /// The preferred format for `any` is not a format of the request's asset.
    #[error("preferred format {0} cannot answer this request's format any")]
    PreferredFormat(AddressFormat),
    /// The key could not be derived.
    #[error(transparent)]
    Derive(#[from] DeriveError),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The wallet's own signature did not verify: nothing must be sent.
    #[error("self-check failed, proof withheld: {0}")]
    SelfCheck(VerifyError),
}

impl ProveError {
    /// A stable snake_case code for the UI and the command line.
    pub fn code(&self) -> &'static str {
        match self {
            ProveError::PreferredFormat(_) => "preferred_format",
            ProveError::Derive(_) => "derive_failed",
            ProveError::Sign(_) => "sign_failed",
            ProveError::SelfCheck(_) => "self_check_failed",
        }
    }
}

/// Derives the address at `index`, signs the request's message and verifies the signature
/// before returning it.
pub fn prove(
    master: &MasterKey,
    request: &AoppRequest,
    index: u32,
    preferred: AddressFormat,
    options: SignOptions,
) -> Result<SignedProof, ProveError> {
    let format = request.format.resolve(preferred);
    if format.asset() != request.asset {
        return Err(ProveError::PreferredFormat(preferred));
    }
    let key = master.derive(format, index)?;
    let signature = sign(&key, &request.message, options)?;
    let address = key.address.to_string();
    verify(
        request.asset,
        key.network,
        &address,
        &request.message,
        &signature,
    )
    .map_err(ProveError::SelfCheck)?;
    Ok(SignedProof {
        proof: Proof {
            version: 0,
            address,
            signature,
            xpub: None,
        },
        format,
        network: key.network,
        path: key.path.clone(),
    })
}
