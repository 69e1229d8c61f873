#![no_main]
//! Any text arriving from the relay as an envelope: decoding returns, never panics; what
//! decodes encodes back to the same text, and opening it returns.

use libfuzzer_sys::fuzz_target;
use walletconnect::{Envelope, SymKey};

fuzz_target!(|text: &str| {
    let Ok(envelope) = Envelope::decode(text) else {
        return;
    };
    // Base64 has one canonical text per byte string only with canonical padding bits, which
    // the decoder requires: so the round trip is exact.
    assert_eq!(envelope.encode(), text);
    let _ = envelope.open(&SymKey::from_bytes([7; 32]));
});
