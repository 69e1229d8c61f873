//! Output descriptors of the wallet's Bitcoin accounts, for the spending wallets that open the
//! same seed (Bitcoin Core, Sparrow, BDK-based wallets): `pkh`, `sh(wpkh)`, `wpkh` and `tr` of
//! account 0, with key origin (BIP-380) and checksum, one for each chain.
//!
//! Only public data leaves here, but it is all of an account's addresses: whoever holds a
//! descriptor can list every payment to it.

use crate::asset::AddressFormat;
use crate::keys::{account_path, Chain, DeriveError, MasterKey};

/// The descriptors of one format's account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AccountDescriptors {
    /// The format.
    pub format: AddressFormat,
    /// The account's path, `m/84'/0'/0'`.
    pub account_path: String,
    /// The account's extended public key (`xpub`/`tpub`).
    pub xpub: String,
    /// The receive chain, `wpkh([fingerprint/84'/0'/0']xpub…/0/*)#checksum`.
    pub receive: String,
    /// The change chain, `…/1/*`.
    pub change: String,
}

impl MasterKey {
    /// The descriptors of account 0 of a Bitcoin `format` on this key's network; `None` for
    /// Ether, which has none.
    pub fn account_descriptors(
        &self,
        format: AddressFormat,
    ) -> Result<Option<AccountDescriptors>, DeriveError> {
        let path = account_path(format, self.network());
        let xpub = self.account_xpub(format, 0)?;
        let origin = format!("[{}/{path}]{xpub}", self.fingerprint());
        let chain = |chain: Chain| {
            script(format, &format!("{origin}/{}/*", chain.number()))
                .map(|descriptor| with_checksum(&descriptor))
        };
        let (Some(receive), Some(change)) = (chain(Chain::Receive), chain(Chain::Change)) else {
            return Ok(None);
        };
        Ok(Some(AccountDescriptors {
            format,
            account_path: format!("m/{path}"),
            xpub: xpub.to_string(),
            receive,
            change,
        }))
    }
}

/// The script expression of `format` around the key expression `key` (BIP-381, 382, 386);
/// Ether has none.
fn script(format: AddressFormat, key: &str) -> Option<String> {
    match format {
        AddressFormat::P2pkh => Some(format!("pkh({key})")),
        AddressFormat::P2shP2wpkh => Some(format!("sh(wpkh({key}))")),
        AddressFormat::P2wpkh => Some(format!("wpkh({key})")),
        AddressFormat::P2tr => Some(format!("tr({key})")),
        AddressFormat::Standard => None,
    }
}

/// `descriptor#checksum` (BIP-380).
pub fn with_checksum(descriptor: &str) -> String {
    match miniscript::descriptor::checksum::desc_checksum(descriptor) {
        Ok(checksum) => format!("{descriptor}#{checksum}"),
        // Our descriptors are ASCII, which the checksum's character set covers.
        Err(error) => unreachable!("descriptor {descriptor:?} has no checksum: {error}"),
    }
}
