#![no_main]
//! Any status, `Location` and body a VASP could answer with: the outcome is classified, never
//! panics, and what is shown of the server's text is short, printable and free of bidi tricks.

use libfuzzer_sys::fuzz_target;
use wallet_core::deliver::{classify_response, Outcome};

fuzz_target!(|input: (u16, &str, &[u8])| {
    let (status, location, body) = input;
    let outcome = classify_response(status, location, body);
    let shown = match &outcome {
        Outcome::Rejected { text } | Outcome::ServerError { text, .. } => Some(text),
        Outcome::Redirected { location, .. } => Some(location),
        _ => None,
    };
    if let Some(text) = shown {
        assert!(text.chars().count() <= 301, "at most 300 characters and an ellipsis");
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(
            !text.chars().any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}')),
            "{text:?}"
        );
    }
    let _ = outcome.to_attempt();
});
