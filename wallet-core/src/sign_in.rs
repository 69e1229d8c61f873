//! Sign-In with Ethereum ([EIP-4361](https://eips.ethereum.org/EIPS/eip-4361)) messages.
//!
//! A signed EIP-4361 message is a login, not an ownership proof: whoever holds the signature is
//! logged in as the signer at the message's domain. The wallet must never sign one as a proof.

/// The words that end an EIP-4361 message's first line, after `${scheme}://${domain}`.
const PREAMBLE_END: &str = " wants you to sign in with your ethereum account:";

/// Whether `message` reads as an EIP-4361 sign-in request.
///
/// Deliberately wider than the ABNF: the first line ending in the preamble, in any case and
/// with any trailing white space, is enough, since a verifier that accepts a sloppy message
/// logs the user in all the same.
pub fn is_sign_in_message(message: &str) -> bool {
    let first_line = message
        .trim_start_matches(['\r', '\n', ' ', '\t'])
        .lines()
        .next()
        .unwrap_or("");
    first_line
        .trim_end()
        .to_ascii_lowercase()
        .ends_with(PREAMBLE_END)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eip_4361_messages_are_recognised() {
        // The example message of EIP-4361.
        let example = "service.invalid wants you to sign in with your Ethereum account:\n\
            0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n\nI accept the ServiceOrg Terms of Service: \
            https://service.invalid/tos\n\nURI: https://service.invalid/login\nVersion: 1\n\
            Chain ID: 1\nNonce: 32891756\nIssued At: 2021-09-30T16:25:24Z";
        assert!(is_sign_in_message(example));
        assert!(is_sign_in_message(
            "https://example.com wants you to sign in with your Ethereum account:\r\n0x…"
        ));
        assert!(is_sign_in_message(
            "\nexample.com WANTS YOU TO SIGN IN WITH YOUR ETHEREUM ACCOUNT: \n0x…"
        ));
    }

    #[test]
    fn ownership_messages_are_not_sign_in_messages() {
        assert!(!is_sign_in_message("I confirm that I own this address."));
        assert!(!is_sign_in_message(""));
        assert!(!is_sign_in_message(
            "Please sign.\nexample.com wants you to sign in with your Ethereum account:"
        ));
    }
}
