//! A second launch with a link hands it to the running app and exits. The call is the one the
//! single-instance plugin makes, made without GTK or the webview: both the launcher
//! (`src/bin/aopp-wallet-open.rs`, which links nothing else) and the app itself use this module.
//!
//! On Linux the call goes through the system's libdbus (the `dbus` crate, which tao already
//! links): a small C library that every desktop has loaded anyway, where GTK and WebKit are the
//! ~170 libraries that made a second launch slow.

use std::time::Duration;

/// The single-instance plugin's D-Bus name and object: the identifier in `tauri.conf.json` with
/// `.SingleInstance`, dots as slashes for the path.
#[cfg(target_os = "linux")]
pub const INSTANCE_NAME: &str = "org.aoppwallet.desktop.SingleInstance";
#[cfg(target_os = "linux")]
pub const INSTANCE_PATH: &str = "/org/aoppwallet/desktop/SingleInstance";

/// The whole hand-over, from connecting to the bus to the method's reply, ends within this: a
/// bus or a peer that stalls, or keeps talking, cannot keep a clicked link waiting. Past it the
/// launcher starts the app, whose own single-instance check then decides.
pub const DEADLINE: Duration = Duration::from_secs(3);

/// Hands `args` (the program, then one `aopp:` link or `wc:` URI) to the running instance. Returns whether
/// it took them; any other arguments, or no instance, give `false`.
pub fn to_running_instance(args: &[String]) -> bool {
    let [_, link] = args else {
        return false;
    };
    let scheme = |name: &str| {
        link.get(..name.len())
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case(name))
    };
    if !scheme("aopp:") && !scheme("wc:") {
        return false;
    }
    #[cfg(target_os = "linux")]
    {
        let cwd = std::env::current_dir()
            .map(|dir| dir.display().to_string())
            .unwrap_or_default();
        let argv = args.to_vec();
        within_deadline(DEADLINE, move |remaining| {
            call_instance(argv, cwd, remaining)
        })
    }
    #[cfg(not(target_os = "linux"))]
    false
}

/// Runs `call` on a thread of its own and gives up on it after `deadline` (a thread blocked in
/// a read cannot be interrupted; the launcher then `exec`s or exits, which ends it).
#[cfg(target_os = "linux")]
fn within_deadline(
    deadline: Duration,
    call: impl FnOnce(Duration) -> bool + Send + 'static,
) -> bool {
    let (done, answer) = std::sync::mpsc::channel();
    let started = std::thread::Builder::new()
        .name("hand-over".into())
        .spawn(move || {
            let _ = done.send(call(deadline));
        });
    started.is_ok() && answer.recv_timeout(deadline).unwrap_or(false)
}

/// `ExecuteCallback(as argv, s cwd)` on the instance's object, on the session bus.
#[cfg(target_os = "linux")]
fn call_instance(argv: Vec<String>, cwd: String, timeout: Duration) -> bool {
    let Ok(bus) = dbus::blocking::Connection::new_session() else {
        return false;
    };
    bus.with_proxy(INSTANCE_NAME, INSTANCE_PATH, timeout)
        .method_call::<(), _, _, _>("org.SingleInstance.DBus", "ExecuteCallback", (argv, cwd))
        .is_ok()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn the_hand_over_targets_the_plugins_name_for_this_identifier() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        let identifier = config["identifier"].as_str().unwrap();
        assert_eq!(super::INSTANCE_NAME, format!("{identifier}.SingleInstance"));
        assert_eq!(
            super::INSTANCE_PATH,
            format!(
                "/{}",
                super::INSTANCE_NAME.replace('.', "/").replace('-', "_")
            )
        );
    }

    #[test]
    fn only_a_lone_link_is_handed_over() {
        let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        assert!(!super::to_running_instance(&args(&["app"])));
        assert!(!super::to_running_instance(&args(&["app", "--help"])));
        assert!(!super::to_running_instance(&args(&[
            "app",
            "aopp:?v=0",
            "extra"
        ])));
    }

    #[test]
    fn a_call_that_never_returns_is_given_up_at_the_deadline() {
        let stalled = super::within_deadline(std::time::Duration::from_millis(50), |_| {
            std::thread::sleep(std::time::Duration::from_secs(3600));
            true
        });
        assert!(!stalled);
        assert!(super::within_deadline(
            std::time::Duration::from_secs(5),
            |_| true
        ));
    }
}
