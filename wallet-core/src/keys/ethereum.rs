//! Ethereum account addresses (Keccak-256 of the public key) and their EIP-55 checksum.

use std::fmt;

use bitcoin::secp256k1::PublicKey;
use sha3::{Digest, Keccak256};

/// A 20-byte Ethereum account address, shown with its EIP-55 mixed-case checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EthAddress([u8; 20]);

/// Why text is not an Ethereum address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EthAddressError {
    /// Not `0x` followed by 40 hex digits.
    #[error("{0:?} is not 0x followed by 40 hex digits")]
    Malformed(String),
    /// Mixed case that does not match the EIP-55 checksum: a character was mistyped.
    #[error("{0:?} fails its EIP-55 checksum")]
    BadChecksum(String),
}

impl EthAddress {
    /// The address of `public_key`: the last 20 bytes of Keccak-256 of its uncompressed point.
    pub fn from_public_key(public_key: &PublicKey) -> EthAddress {
        let uncompressed = public_key.serialize_uncompressed();
        let hash = Keccak256::digest(&uncompressed[1..]);
        let mut bytes = [0u8; 20];
        bytes.copy_from_slice(&hash[12..]);
        EthAddress(bytes)
    }

    /// Parses `0x…`. All-lowercase and all-uppercase carry no checksum and are accepted;
    /// mixed case must match EIP-55.
    pub fn parse(text: &str) -> Result<EthAddress, EthAddressError> {
        let malformed = || EthAddressError::Malformed(text.to_owned());
        let digits = text
            .strip_prefix("0x")
            .or_else(|| text.strip_prefix("0X"))
            // Every character a hex digit: `from_str_radix` alone would take a `+` sign.
            .filter(|digits| digits.len() == 40 && digits.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(malformed)?;
        let mut bytes = [0u8; 20];
        for (byte, pair) in bytes.iter_mut().zip(digits.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| malformed())?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| malformed())?;
        }
        let address = EthAddress(bytes);
        let has_lower = digits.bytes().any(|b| b.is_ascii_lowercase());
        let has_upper = digits.bytes().any(|b| b.is_ascii_uppercase());
        if has_lower && has_upper && address.to_string()[2..] != *digits {
            return Err(EthAddressError::BadChecksum(text.to_owned()));
        }
        Ok(address)
    }

    /// The raw 20 bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }
}

/// EIP-55: a hex letter is upper case where the matching nibble of Keccak-256 of the lowercase
/// hex address is 8 or more.
impl fmt::Display for EthAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lower: String = self.0.iter().map(|byte| format!("{byte:02x}")).collect();
        let hash = Keccak256::digest(lower.as_bytes());
        f.write_str("0x")?;
        for (i, c) in lower.chars().enumerate() {
            let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
            if nibble >= 8 {
                write!(f, "{}", c.to_ascii_uppercase())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}
