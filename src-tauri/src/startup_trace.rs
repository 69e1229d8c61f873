//! Start-up timing for the benchmark script: with `AOPP_WALLET_TRACE_STARTUP=1` the app prints
//! `painted <screen> <unix-ms>` on stdout whenever the UI reports a painted screen, and
//! `mark <step> <unix-ms>` when a step of the start begins or ends (where the time goes).

use std::time::{SystemTime, UNIX_EPOCH};

/// Prints the trace line if tracing is on.
pub fn painted(screen: &str) {
    // Screen names come from the UI's fixed list; keep the line one token wide regardless.
    let screen: String = screen.chars().filter(char::is_ascii_alphanumeric).collect();
    line("painted", &screen);
}

/// Marks a step of the start (`main`, `setup`, `opened`, `status`, `preview`…).
pub fn mark(step: &str) {
    line("mark", step);
}

/// Runs `work` between the marks `name` and `name-done`.
pub fn step<T>(name: &str, work: impl FnOnce() -> T) -> T {
    mark(name);
    let result = work();
    line("mark", &format!("{name}-done"));
    result
}

fn line(kind: &str, name: &str) {
    if std::env::var_os("AOPP_WALLET_TRACE_STARTUP").is_none() {
        return;
    }
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    println!("{kind} {name} {millis}");
}
