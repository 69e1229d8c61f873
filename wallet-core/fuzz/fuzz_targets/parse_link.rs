#![no_main]
//! Any text handed to the link parser: it must return, never panic. A request it accepts must
//! respect the spec's limits.

use libfuzzer_sys::fuzz_target;
use wallet_core::{AoppRequest, LoopbackHttp};

fuzz_target!(|text: &str| {
    for policy in [LoopbackHttp::Refuse, LoopbackHttp::Allow] {
        if let Ok(request) = AoppRequest::parse_with(text, policy) {
            assert!(request.message.len() <= 1024);
            assert!(request.message.is_ascii());
            assert!(matches!(request.callback.scheme(), "https" | "http"));
        }
    }
});
