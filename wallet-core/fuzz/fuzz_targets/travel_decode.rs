#![no_main]
//! Any text handed to the Travel Address decoder; a decoded address must encode back to itself.

use libfuzzer_sys::fuzz_target;
use wallet_core::TravelAddress;

fuzz_target!(|text: &str| {
    if let Ok(address) = TravelAddress::decode(text) {
        let again = TravelAddress::encode(address.url()).expect("a decoded URL passes the rules");
        assert_eq!(again.as_str(), text);
    }
    let _ = TravelAddress::from_inquiry_url(text);
});
