//! The message-signature schemes exchanges ask users to paste, and signing in a chosen one.
//!
//! * Electrum / Core `signmessage`: header 31..34 for every single-key Bitcoin format (what AOPP
//!   v0 uses).
//! * [BIP-137](https://github.com/bitcoin/bips/blob/master/bip-0137.mediawiki): the header names
//!   the script: 31..34 p2pkh, 35..38 p2sh-p2wpkh, 39..42 p2wpkh. Some exchanges (Bringin)
//!   accept only these for segwit addresses.
//! * [BIP-322](https://github.com/bitcoin/bips/blob/master/bip-0322.mediawiki) simple, for
//!   p2wpkh and p2tr, with or without the `smp` prefix of 2.0.0.
//! * [EIP-191](https://eips.ethereum.org/EIPS/eip-191) `personal_sign` for Ether, shown as `0x…`
//!   hex as wallets show it.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::{bip322_simple, core_message, eip191, SignError, SignatureKind};
use crate::asset::AddressFormat;
use crate::keys::DerivedKey;

/// How a message signature is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SignatureScheme {
    /// Electrum / Bitcoin Core `signmessage`, header 31..34.
    Electrum,
    /// BIP-137: the header names the address's script type.
    Bip137,
    /// BIP-322 simple, as verifiers before BIP-322 2.0.0 expect it (no prefix).
    Bip322,
    /// BIP-322 simple with the `smp` prefix of BIP-322 2.0.0.
    Bip322Smp,
    /// EIP-191 personal message (`personal_sign`).
    Eip191,
}

impl SignatureScheme {
    /// Every scheme, in the order a chooser lists them.
    pub const ALL: [SignatureScheme; 5] = [
        SignatureScheme::Electrum,
        SignatureScheme::Bip137,
        SignatureScheme::Bip322,
        SignatureScheme::Bip322Smp,
        SignatureScheme::Eip191,
    ];

    /// What an exchange most likely wants for `format`: Electrum headers for the ECDSA formats
    /// (the oldest and most widely verified), BIP-322 for taproot (the only scheme it has),
    /// EIP-191 for Ether.
    pub fn default_for(format: AddressFormat) -> SignatureScheme {
        match format {
            AddressFormat::P2pkh | AddressFormat::P2shP2wpkh | AddressFormat::P2wpkh => {
                SignatureScheme::Electrum
            }
            AddressFormat::P2tr => SignatureScheme::Bip322,
            AddressFormat::Standard => SignatureScheme::Eip191,
        }
    }

    /// Whether an address of `format` can be signed for in this scheme.
    pub fn supports(self, format: AddressFormat) -> bool {
        use AddressFormat::*;
        match self {
            SignatureScheme::Electrum | SignatureScheme::Bip137 => {
                matches!(format, P2pkh | P2shP2wpkh | P2wpkh)
            }
            SignatureScheme::Bip322 | SignatureScheme::Bip322Smp => matches!(format, P2wpkh | P2tr),
            SignatureScheme::Eip191 => format == Standard,
        }
    }

    /// The schemes that can sign for `format`, the default first.
    pub fn for_format(format: AddressFormat) -> Vec<SignatureScheme> {
        let default = SignatureScheme::default_for(format);
        std::iter::once(default)
            .chain(
                SignatureScheme::ALL
                    .into_iter()
                    .filter(|scheme| *scheme != default && scheme.supports(format)),
            )
            .collect()
    }

    /// The scheme's name on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            SignatureScheme::Electrum => "electrum",
            SignatureScheme::Bip137 => "bip137",
            SignatureScheme::Bip322 => "bip322",
            SignatureScheme::Bip322Smp => "bip322-smp",
            SignatureScheme::Eip191 => "eip191",
        }
    }

    /// Whether a verified signature of `kind` for an address of `format` is one of this scheme.
    pub fn matches(self, kind: SignatureKind, format: AddressFormat) -> bool {
        match (self, kind) {
            (SignatureScheme::Electrum, SignatureKind::CoreMessage { .. }) => true,
            // BIP-137 uses the plain compressed headers for p2pkh.
            (SignatureScheme::Bip137, SignatureKind::Bip137 { .. }) => true,
            (SignatureScheme::Bip137, SignatureKind::CoreMessage { .. }) => {
                format == AddressFormat::P2pkh
            }
            (SignatureScheme::Bip322, SignatureKind::Bip322Simple { prefixed }) => !prefixed,
            (SignatureScheme::Bip322Smp, SignatureKind::Bip322Simple { prefixed }) => prefixed,
            (SignatureScheme::Eip191, SignatureKind::Eip191 { .. }) => true,
            _ => false,
        }
    }
}

impl fmt::Display for SignatureScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A scheme name that is not one of [`SignatureScheme::name`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown signature scheme {0:?}")]
pub struct UnknownScheme(pub String);

impl FromStr for SignatureScheme {
    type Err = UnknownScheme;

    fn from_str(name: &str) -> Result<SignatureScheme, UnknownScheme> {
        SignatureScheme::ALL
            .into_iter()
            .find(|scheme| scheme.name() == name)
            .ok_or_else(|| UnknownScheme(name.to_owned()))
    }
}

/// Signs `message` (any text, exactly as given) with `key` in `scheme`. Bitcoin signatures are
/// base64; an EIP-191 signature is `0x` and 130 hex digits, `r‖s‖v`.
pub fn sign_message(
    key: &DerivedKey,
    scheme: SignatureScheme,
    message: &str,
) -> Result<String, SignError> {
    if !scheme.supports(key.format) {
        return Err(SignError::SchemeNotForFormat {
            scheme,
            format: key.format,
        });
    }
    let secret = key.secret();
    match scheme {
        SignatureScheme::Electrum => Ok(STANDARD.encode(core_message::sign(secret, message))),
        SignatureScheme::Bip137 => {
            let mut signature = core_message::sign(secret, message);
            // 31..34 plus 4 for p2sh-p2wpkh, plus 8 for p2wpkh.
            signature[0] += match key.format {
                AddressFormat::P2shP2wpkh => 4,
                AddressFormat::P2wpkh => 8,
                _ => 0,
            };
            Ok(STANDARD.encode(signature))
        }
        SignatureScheme::Bip322 | SignatureScheme::Bip322Smp => {
            let crate::keys::Address::Bitcoin(address) = &key.address else {
                return Err(SignError::SchemeNotForFormat {
                    scheme,
                    format: key.format,
                });
            };
            let prefixed = scheme == SignatureScheme::Bip322Smp;
            bip322_simple::sign(secret, key.network, address, message, prefixed)
        }
        SignatureScheme::Eip191 => {
            let bytes = eip191::sign(secret, message);
            let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
            Ok(format!("0x{hex}"))
        }
    }
}
