//! A second launch with a link hands it to the running app and exits. The call is the one the
//! single-instance plugin makes, made without GTK or the webview: both the launcher
//! (`src/bin/aopp-wallet-open.rs`, which links nothing else) and the app itself use this module,
//! so it depends on `std` only.

#[cfg(target_os = "linux")]
mod dbus_call;

/// The single-instance plugin's D-Bus name and object: the identifier in `tauri.conf.json` with
/// `.SingleInstance`, dots as slashes for the path.
#[cfg(target_os = "linux")]
pub const INSTANCE_NAME: &str = "org.aoppwallet.desktop.SingleInstance";
#[cfg(target_os = "linux")]
pub const INSTANCE_PATH: &str = "/org/aoppwallet/desktop/SingleInstance";

/// Hands `args` (the program, then one `aopp:` link) to the running instance. Returns whether
/// it took them; any other arguments, or no instance, give `false`.
pub fn to_running_instance(args: &[String]) -> bool {
    let [_, link] = args else {
        return false;
    };
    if !link
        .get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("aopp:"))
    {
        return false;
    }
    #[cfg(target_os = "linux")]
    {
        let cwd = std::env::current_dir()
            .map(|dir| dir.display().to_string())
            .unwrap_or_default();
        let call = dbus_call::Call {
            destination: INSTANCE_NAME,
            path: INSTANCE_PATH,
            interface: "org.SingleInstance.DBus",
            member: "ExecuteCallback",
        };
        dbus_call::call_session(&call, args, &cwd)
    }
    #[cfg(not(target_os = "linux"))]
    false
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
}
