//! Messages an exchange asks to have signed and pasted back (most do, instead of an `aopp:`
//! link), and signatures the user wants checked. Plain functions, as in `api.rs`.
//!
//! The path reads as for a proof: the text and the address the user picked → derive → sign
//! in the chosen scheme → self-verify → journal → shown. Nothing is sent anywhere.

use base64::Engine;
use serde::{Deserialize, Serialize};
use wallet_core::journal::{IndexUse, NewSignedMessage, SignedMessageRecord};
use wallet_core::keys::DerivedKey;
use wallet_core::sign::armored::{armor, parse_armored};
use wallet_core::sign::{sign_message, signature_bytes, verify, SignatureKind, SignatureScheme};
use wallet_core::sign_in::is_sign_in_message;
use wallet_core::{AddressFormat, Asset, Network};

use crate::api::{lock, WalletApp};
use crate::error::ApiError;
use crate::proofs::now;

/// The longest message signed, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// How many indexes of each chain a typed address is searched among.
pub const ADDRESS_SEARCH: u32 = 1000;

/// Which address signs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AddressPick {
    /// A fresh address of `format`, reserved as a proof's is.
    Fresh {
        /// Its format.
        format: AddressFormat,
    },
    /// One the wallet proved, showed or signed with before: index `index` of `format`'s
    /// receive chain.
    Used {
        /// Its format.
        format: AddressFormat,
        /// Its index.
        index: u32,
    },
    /// One the user typed: searched among the wallet's own.
    Typed {
        /// The address as typed.
        address: String,
    },
}

/// An address the wallet used before, for the chooser.
#[derive(Debug, Clone, Serialize)]
pub struct UsedAddress {
    /// Its format.
    pub format: AddressFormat,
    /// The address.
    pub address: String,
    /// Its path.
    pub path: String,
    /// Its receive index.
    pub index: u32,
    /// What it was used for first.
    pub used_for: IndexUse,
    /// When.
    pub at: i64,
    /// The hosts it was proven to.
    pub proven_to: Vec<String>,
}

/// What the sign screen sends.
#[derive(Debug, Clone, Deserialize)]
pub struct SignRequest {
    /// The message, exactly as it will be signed.
    pub message: String,
    /// The asset.
    pub asset: Asset,
    /// Which address.
    pub address: AddressPick,
    /// The scheme; the format's default if absent.
    pub scheme: Option<SignatureScheme>,
    /// The user confirmed, a second time, signing a Sign-In with Ethereum message.
    #[serde(default)]
    pub sign_in_confirmed: bool,
}

/// What [`WalletApp::sign_and_record`] signs.
pub(crate) struct Signing<'a> {
    pub key: &'a DerivedKey,
    pub fresh_index: Option<u32>,
    pub asset: Asset,
    pub network: Network,
    pub scheme: SignatureScheme,
    pub message: &'a str,
    /// The dApp's domain, for a request over WalletConnect.
    pub requested_by: Option<&'a str>,
}

/// A signed message with the forms the user can copy.
#[derive(Debug, Clone, Serialize)]
pub struct SignedMessageView {
    /// The journal record.
    pub record: SignedMessageRecord,
    /// The signature as base64 too (an EIP-191 signature is shown as `0x…` hex).
    pub signature_base64: String,
    /// The `-----BEGIN BITCOIN SIGNED MESSAGE-----` block (Bitcoin only).
    pub armored: Option<String>,
    /// `{"address","message","signature","scheme"}`.
    pub json: String,
    /// The QR code of the signature, as an SVG data URL (empty if it could not be drawn).
    pub qr: String,
}

/// The result of checking a pasted signature.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyView {
    /// Whether it is valid.
    pub valid: bool,
    /// The scheme, when valid.
    pub scheme: Option<SignatureScheme>,
    /// Its details (header, prefix, hex), when valid.
    pub kind: Option<SignatureKind>,
    /// The address's format, when valid.
    pub format: Option<AddressFormat>,
    /// The network the address was checked for (Bitcoin only).
    pub network: Option<Network>,
    /// Why not, when invalid.
    pub error: Option<ApiError>,
}

impl WalletApp {
    /// The addresses of `asset` the wallet proved, showed or signed with on the current
    /// network, newest first.
    pub fn used_addresses(&self, asset: Asset) -> Result<Vec<UsedAddress>, ApiError> {
        let network = self.settings().network;
        let used = lock(&self.journal).used_indexes(asset, network)?;
        let master = self.master_key()?;
        used.into_iter()
            .map(|entry| {
                let key = master.derive(entry.format, entry.index)?;
                Ok(UsedAddress {
                    format: entry.format,
                    address: key.address.to_string(),
                    path: format!("m/{}", key.path),
                    index: entry.index,
                    used_for: entry.used_for,
                    at: entry.at,
                    proven_to: entry
                        .proven_to
                        .iter()
                        .map(|callback| host_of(callback))
                        .collect(),
                })
            })
            .collect()
    }

    /// Signs `request.message`, verifies the signature, records it and returns its forms.
    pub fn sign_text(&self, request: &SignRequest) -> Result<SignedMessageView, ApiError> {
        if request.message.len() > MAX_MESSAGE_BYTES {
            return Err(ApiError::new(
                "message_too_long",
                &format!(
                    "message is {} bytes, limit is {MAX_MESSAGE_BYTES}",
                    request.message.len()
                ),
            ));
        }
        if request.asset == Asset::Eth
            && is_sign_in_message(&request.message)
            && !request.sign_in_confirmed
        {
            return Err(ApiError::new(
                "sign_in_unconfirmed",
                "a sign-in with ethereum message needs a second confirmation",
            ));
        }
        let network = self.settings().network;
        let (key, fresh_index) = self.pick(request.asset, network, &request.address)?;
        let scheme = request
            .scheme
            .unwrap_or_else(|| SignatureScheme::default_for(key.format));
        let signed = Signing {
            key: &key,
            fresh_index,
            asset: request.asset,
            network,
            scheme,
            message: &request.message,
            requested_by: None,
        };
        Ok(view(self.sign_and_record(&signed)?))
    }

    /// Signs, verifies the signature as a recipient would (or fails without showing it), and
    /// records it, reserving a fresh index in the same transaction.
    pub(crate) fn sign_and_record(
        &self,
        signing: &Signing<'_>,
    ) -> Result<SignedMessageRecord, ApiError> {
        let Signing { key, scheme, .. } = *signing;
        let signature = sign_message(key, scheme, signing.message)
            .map_err(|error| ApiError::new("scheme_not_for_format", &error.to_string()))?;
        let address = key.address.to_string();
        let verified = verify(
            signing.asset,
            signing.network,
            &address,
            signing.message,
            &signature,
        )
        .ok()
        .filter(|verified| scheme.matches(verified.kind, key.format));
        if verified.is_none() {
            return Err(ApiError::new(
                "self_check_failed",
                "the signature did not verify; it is not shown",
            ));
        }
        let record = lock(&self.journal).record_signed_message(
            &NewSignedMessage {
                asset: signing.asset,
                network: signing.network,
                format: key.format,
                fresh_index: signing.fresh_index,
                address,
                path: format!("m/{}", key.path),
                scheme: scheme.name().to_owned(),
                message: signing.message.to_owned(),
                signature,
                requested_by: signing.requested_by.map(str::to_owned),
            },
            now(),
        )?;
        Ok(record)
    }

    /// Every message signed for pasting, newest first.
    pub fn signed_messages(&self) -> Result<Vec<SignedMessageView>, ApiError> {
        Ok(lock(&self.journal)
            .signed_messages()?
            .into_iter()
            .map(view)
            .collect())
    }

    /// Checks a pasted signature (an armored block is taken apart first).
    pub fn verify_text(
        &self,
        asset: Asset,
        address: &str,
        message: &str,
        signature: &str,
    ) -> VerifyView {
        let network = self.settings().network;
        let (address, message, signature) = match parse_armored(message) {
            Some(armored) => (armored.address, armored.message, armored.signature),
            None => (
                address.trim().to_owned(),
                message.to_owned(),
                signature.trim().to_owned(),
            ),
        };
        match verify(asset, network, &address, &message, &signature) {
            Ok(verified) => VerifyView {
                valid: true,
                scheme: Some(verified.kind.scheme()),
                kind: Some(verified.kind),
                format: Some(verified.format),
                network: (asset == Asset::Btc).then_some(network),
                error: None,
            },
            Err(error) => VerifyView {
                valid: false,
                scheme: None,
                kind: None,
                format: None,
                network: (asset == Asset::Btc).then_some(network),
                error: Some(ApiError::new(error.code(), &error.to_string())),
            },
        }
    }

    /// The key of the picked address, and the fresh index to reserve if it is a fresh one.
    fn pick(
        &self,
        asset: Asset,
        network: Network,
        pick: &AddressPick,
    ) -> Result<(DerivedKey, Option<u32>), ApiError> {
        let master = self.master_key()?;
        let of_asset = |format: AddressFormat| {
            if format.asset() == asset {
                Ok(format)
            } else {
                Err(ApiError::new(
                    "format_not_of_asset",
                    &format!("{format} is not a format of {asset}"),
                ))
            }
        };
        match pick {
            AddressPick::Fresh { format } => {
                let format = of_asset(*format)?;
                let index = lock(&self.journal).next_index(asset, network, format)?;
                Ok((master.derive(format, index)?, Some(index)))
            }
            AddressPick::Used { format, index } => {
                let format = of_asset(*format)?;
                let used = lock(&self.journal).used_indexes(asset, network)?;
                if !used
                    .iter()
                    .any(|entry| entry.format == format && entry.index == *index)
                {
                    return Err(ApiError::new(
                        "not_used_before",
                        "that address was never proven, shown or signed with",
                    ));
                }
                Ok((master.derive(format, *index)?, None))
            }
            AddressPick::Typed { address } => {
                let key = master
                    .find_address(address, ADDRESS_SEARCH)?
                    .filter(|key| key.format.asset() == asset)
                    .ok_or_else(|| {
                        ApiError::new(
                            "not_our_address",
                            "this address is not one of this wallet's (first 1000 of each chain)",
                        )
                    })?;
                Ok((key, None))
            }
        }
    }
}

pub(crate) fn view(record: SignedMessageRecord) -> SignedMessageView {
    let raw = signature_bytes(&record.signature).unwrap_or_default();
    let armored = (record.asset == Asset::Btc)
        .then(|| armor(&record.message, &record.address, &record.signature));
    let json = serde_json::json!({
        "address": record.address,
        "message": record.message,
        "signature": record.signature,
        "scheme": record.scheme,
    })
    .to_string();
    SignedMessageView {
        qr: crate::receive::qr_data_url(&record.signature).unwrap_or_default(),
        signature_base64: base64::engine::general_purpose::STANDARD.encode(raw),
        armored,
        json,
        record,
    }
}

fn host_of(callback: &str) -> String {
    url::Url::parse(callback)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| callback.to_owned())
}
