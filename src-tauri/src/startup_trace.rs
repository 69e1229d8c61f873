//! Start-up timing for the benchmark script: with `AOPP_WALLET_TRACE_STARTUP=1` the app prints
//! `painted <screen> <unix-ms>` on stdout whenever the UI reports a painted screen.

use std::time::{SystemTime, UNIX_EPOCH};

/// Prints the trace line if tracing is on.
pub fn painted(screen: &str) {
    if std::env::var_os("AOPP_WALLET_TRACE_STARTUP").is_none() {
        return;
    }
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    // Screen names come from the UI's fixed list; keep the line one token wide regardless.
    let screen: String = screen.chars().filter(char::is_ascii_alphanumeric).collect();
    println!("painted {screen} {millis}");
}
