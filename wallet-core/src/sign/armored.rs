//! The `-----BEGIN BITCOIN SIGNED MESSAGE-----` block that Electrum, Bitcoin Core's GUI and
//! many exchanges paste a signed message in: the message, then the address and the signature.

const BEGIN: &str = "-----BEGIN BITCOIN SIGNED MESSAGE-----";
const SIGNATURE: &str = "-----BEGIN SIGNATURE-----";
const END: &str = "-----END BITCOIN SIGNED MESSAGE-----";

/// A signed message taken out of its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmoredMessage {
    /// The message, exactly as between the markers.
    pub message: String,
    /// The address.
    pub address: String,
    /// The signature.
    pub signature: String,
}

/// The block of `message` signed by `address` with `signature`.
pub fn armor(message: &str, address: &str, signature: &str) -> String {
    format!("{BEGIN}\n{message}\n{SIGNATURE}\n{address}\n{signature}\n{END}\n")
}

/// Takes a pasted block apart; `None` when `text` is not one.
pub fn parse_armored(text: &str) -> Option<ArmoredMessage> {
    let body = text.trim().strip_prefix(BEGIN)?.strip_prefix('\n')?;
    let (message, rest) = body.split_once(&format!("\n{SIGNATURE}\n"))?;
    let mut lines = rest.strip_suffix(END)?.lines();
    let address = lines.next()?.trim().to_owned();
    let signature = lines.next()?.trim().to_owned();
    Some(ArmoredMessage {
        message: message.to_owned(),
        address,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_taken_apart_with_its_message_intact() {
        let block = armor("line one\nline two ", "bc1qexample", "SIG==");
        assert_eq!(
            parse_armored(&block),
            Some(ArmoredMessage {
                message: "line one\nline two ".into(),
                address: "bc1qexample".into(),
                signature: "SIG==".into(),
            })
        );
        assert_eq!(parse_armored("just a message"), None);
    }
}
