#![no_main]
//! Any bytes handed to the QR scanner as an image file: it must return (a code list or an
//! error), never panic, and refuse as too large only what is beyond the limits.

use libfuzzer_sys::fuzz_target;
use wallet_core::scan::{check_size, scan_bytes, ScanError};

fuzz_target!(|bytes: &[u8]| {
    match scan_bytes(bytes) {
        // Refused from the header, or when the decoder hit its memory limit.
        Err(ScanError::TooLarge { width, height }) => {
            // Within the size limits, only a decoder's memory limit (256 MiB) refuses, which a
            // picture of under a megapixel never reaches.
            let beyond = check_size(width, height).is_err();
            let large = u64::from(width) * u64::from(height) >= 1_000_000;
            assert!(beyond || large, "{width} x {height} refused as too large");
        }
        Err(ScanError::Unreadable(_)) | Ok(_) => {}
        Err(other) => panic!("bytes in memory gave a file error: {other:?}"),
    }
});
