#![no_main]
//! Arbitrary addresses, messages and signatures handed to `verify`: it must return, never panic.

use libfuzzer_sys::fuzz_target;
use wallet_core::sign::verify;
use wallet_core::{Asset, Network};

fuzz_target!(|input: (&str, &str, &str)| {
    let (address, message, signature) = input;
    let _ = verify(Asset::Btc, Network::Mainnet, address, message, signature);
    let _ = verify(Asset::Eth, Network::Mainnet, address, message, signature);
});
