// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    aopp_wallet_lib::startup_trace::mark("main");
    // First, before GTK, WebKit or any thread starts.
    if let Err(error) = aopp_wallet_lib::process::forbid_core_dumps() {
        eprintln!("aopp-wallet: cannot turn core dumps off: {error}");
        std::process::exit(1);
    }
    aopp_wallet_lib::process::keep_new_files_private();
    aopp_wallet_lib::process::drop_inherited_no_at_bridge();
    aopp_wallet_lib::process::set_webkit_environment();
    aopp_wallet_lib::process::keep_graphics_driver_out_of_ui_process();
    // Lossy: an argument that is not UTF-8 must not crash the launch.
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    if aopp_wallet_lib::hand_over::to_running_instance(&args) {
        return;
    }
    aopp_wallet_lib::run();
}
