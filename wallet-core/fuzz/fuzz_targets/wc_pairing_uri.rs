#![no_main]
//! Any text pasted or scanned as a WalletConnect pairing URI: the parser returns, never
//! panics, and what it accepts is a consistent pairing (its topic is its key's hash, it has not
//! expired).

use libfuzzer_sys::fuzz_target;
use walletconnect::PairingUri;

const NOW: u64 = 1_700_000_000;

fuzz_target!(|text: &str| {
    if let Ok(pairing) = PairingUri::parse(text, NOW) {
        assert_eq!(pairing.topic, pairing.sym_key.topic());
        assert!(pairing.expiry.is_none_or(|expiry| expiry > NOW));
        assert!(text.trim().len() <= walletconnect::pairing::MAX_URI_LEN);
    }
});
