//! `aopp-wallet-open [LINK]`: what the desktop entry runs when the user clicks an `aopp:` link.
//!
//! While the app runs, it hands the link over and exits; otherwise it becomes the app (`exec`s
//! `aopp-wallet` beside it, with the same arguments). It links neither GTK nor WebKit: loading
//! their ~170 shared libraries was most of a second launch's time, and a link clicked while the
//! app is open is the moment the user waits for.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[path = "../hand_over/mod.rs"]
mod hand_over;

use std::ffi::OsString;
use std::process::{Command, ExitCode};

/// The app's binary, in the same directory as this one.
const APP: &str = if cfg!(windows) {
    "aopp-wallet.exe"
} else {
    "aopp-wallet"
};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // Lossy: an argument that is not UTF-8 is never a link to hand over, and must not crash.
    let lossy: Vec<String> = args
        .iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    if hand_over::to_running_instance(&lossy) {
        return ExitCode::SUCCESS;
    }
    let app = match std::env::current_exe() {
        Ok(launcher) => launcher.with_file_name(APP),
        Err(error) => {
            eprintln!("aopp-wallet-open: cannot find the app: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut command = Command::new(&app);
    command.args(args.iter().skip(1));
    become_the_app(command, &app)
}

#[cfg(unix)]
fn become_the_app(mut command: Command, app: &std::path::Path) -> ExitCode {
    use std::os::unix::process::CommandExt;
    let error = command.exec();
    eprintln!("aopp-wallet-open: cannot start {}: {error}", app.display());
    ExitCode::FAILURE
}

#[cfg(not(unix))]
fn become_the_app(mut command: Command, app: &std::path::Path) -> ExitCode {
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("aopp-wallet-open: cannot start {}: {error}", app.display());
            ExitCode::FAILURE
        }
    }
}
