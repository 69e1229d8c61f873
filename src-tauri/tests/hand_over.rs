//! The launcher's hand-over against a session bus that connects and then never completes the
//! handshake (it keeps sending bytes that are not an answer): the call gives up at its deadline
//! and the launcher goes on to start the app, instead of leaving the click without an answer.

#![cfg(target_os = "linux")]

use std::io::Write;
use std::os::unix::net::UnixListener;
use std::time::{Duration, Instant};

use aopp_wallet_lib::hand_over::{to_running_instance, DEADLINE};

#[test]
fn a_bus_that_keeps_talking_without_answering_is_given_up_at_the_deadline() {
    let socket = std::env::temp_dir().join(format!("aopp-talking-bus-{}", std::process::id()));
    let _ = std::fs::remove_file(&socket);
    let listener = UnixListener::bind(&socket).unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                // Never a full line, so the client's reader never sees the end of an answer.
                while stream.write_all(b"x").is_ok() {
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
        }
    });
    // This test binary holds this one test: nothing else reads the environment meanwhile.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", socket.display()),
    );
    let args = ["aopp-wallet-open", "aopp:?v=0&msg=x"].map(String::from);
    let started = Instant::now();
    assert!(!to_running_instance(&args), "nobody took the link");
    // The bound under test is the deadline itself (libdbus alone waits 25 s for a reply, and
    // reads a handshake line with no limit at all).
    let waited = started.elapsed();
    assert!(
        waited < DEADLINE + Duration::from_secs(2),
        "gave up after {waited:?}, the deadline is {DEADLINE:?}"
    );
    let _ = std::fs::remove_file(&socket);
}
