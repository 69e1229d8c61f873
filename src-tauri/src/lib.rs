//! The AOPP Wallet desktop shell: window, deep links, single instance, OS keyring wiring, and
//! thin commands over `wallet-core`.

pub mod api;
mod capture;
mod commands;
pub mod connections;
pub mod damaged;
pub mod descriptors;
pub mod error;
pub mod hand_over;
pub mod language;
pub mod link_queue;
pub mod process;
pub mod proofs;
pub mod receive;
pub mod registration;
pub mod scanning;
pub mod settings;
pub mod signing;
pub mod startup_trace;
pub mod vault;
mod webview;

use tauri::{AppHandle, DragDropEvent, Emitter, Manager, WindowEvent};
use tauri_plugin_deep_link::DeepLinkExt;

use crate::api::{DeveloperOptions, WalletApp};
use crate::vault::Vault;

/// Event telling the UI that the link queue changed.
const LINKS_CHANGED: &str = "links-changed";
/// Event telling the UI that a link that arrived was not queued, with the error.
const LINK_REFUSED: &str = "link-refused";
/// Event telling the UI that WalletConnect's proposals, requests or sessions changed.
const CONNECTIONS_CHANGED: &str = "connections-changed";
/// Events telling the UI that files dropped onto the window are being read, then what they held.
const DROP_STARTED: &str = "drop-scan-started";
const DROP_SCANNED: &str = "drop-scanned";

/// Starts the app.
pub fn run() {
    let result = tauri::Builder::default()
        // A second launch hands its link to this instance and exits (see also
        // `hand_over::to_running_instance`, the fast path for the same call).
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            // `aopp:` links come through the deep-link plugin; `wc:` URIs (not a registered
            // scheme) are taken here.
            match pairing_uri(&argv) {
                Some(uri) => receive_links(app, &[uri]),
                None => bring_to_front(app),
            }
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .setup(|app| {
            startup_trace::mark("setup");
            std::thread::spawn(vault::connect_ahead);
            let data_dir = app.path().app_data_dir()?;
            let developer = developer_options();
            let mock_camera = developer.mock_camera;
            let state = WalletApp::open(&data_dir, Vault::default(), developer)
                .map_err(|error| format!("{}: {}", error.code, error.message))?;
            let notify = app.handle().clone();
            state.open_connections(
                &data_dir,
                Box::new(move || {
                    let _ = notify.emit(CONNECTIONS_CHANGED, ());
                }),
            );
            app.manage(state);
            startup_trace::mark("opened");
            let argv: Vec<String> = std::env::args().collect();
            if let Some(uri) = pairing_uri(&argv) {
                receive_links(app.handle(), &[uri]);
            }
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                let links: Vec<String> = event.urls().iter().map(|url| url.to_string()).collect();
                receive_links(&handle, &links);
            });
            if let Some(urls) = app.deep_link().get_current()? {
                let links: Vec<String> = urls.iter().map(|url| url.to_string()).collect();
                receive_links(app.handle(), &links);
            }
            if let Some(window) = app.get_webview_window("main") {
                webview::configure(&window, mock_camera)?;
            }
            // xdg-mime is a shell script and slow: register off the start-up path.
            std::thread::spawn(register_if_unclaimed);
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                scan_dropped(window.app_handle(), paths.clone());
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::language,
            commands::complete_word,
            commands::check_phrase,
            commands::create_draft,
            commands::discard_draft,
            commands::confirm_draft,
            commands::import_wallet,
            commands::reveal_phrase,
            commands::delete_wallet,
            commands::accept_damaged_files,
            commands::set_settings,
            commands::queue,
            commands::dismiss_link,
            commands::handler_status,
            commands::register_handler,
            commands::painted,
            commands::preview,
            commands::approve,
            commands::resend,
            commands::history,
            commands::pending_proofs,
            commands::proof_text,
            commands::export_history,
            commands::used_addresses,
            commands::sign_text,
            commands::signed_messages,
            commands::verify_text,
            commands::receive_address,
            commands::travel_address,
            commands::set_travel_address,
            commands::clear_travel_address,
            commands::decode_travel_address,
            commands::scan_screen,
            commands::scan_clipboard,
            commands::scan_image,
            commands::scan_frame,
            commands::read_codes,
            commands::read_screen,
            commands::descriptors,
            commands::receive_gap,
            commands::export_descriptors,
            commands::mark_funded,
            commands::read_frame,
            commands::paste_text,
            commands::connections,
            commands::pair,
            commands::connect_preview,
            commands::connect,
            commands::reject_proposal,
            commands::sign_request,
            commands::refuse_request,
            commands::disconnect,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("aopp-wallet: {error}");
        std::process::exit(1);
    }
}

fn receive_links(app: &AppHandle, links: &[String]) {
    startup_trace::mark("link");
    let state = app.state::<WalletApp>();
    for link in links {
        let received = if is_pairing_uri(link) {
            state.pair(link)
        } else {
            state.receive_link(link).map(drop)
        };
        if let Err(error) = received {
            eprintln!("aopp-wallet: a link could not be queued: {}", error.message);
            let _ = app.emit(LINK_REFUSED, &error);
        }
    }
    startup_trace::mark("queued");
    let _ = app.emit(LINKS_CHANGED, ());
    bring_to_front(app);
    startup_trace::mark("in-front");
}

/// Whether `link` is a WalletConnect pairing URI (`wc:`), as the scanner names it.
fn is_pairing_uri(link: &str) -> bool {
    wallet_core::scan::classify(link) == wallet_core::scan::CodeKind::WalletConnect
}

/// The `wc:` URI of a command line `aopp-wallet 'wc:…'`, if it is one.
fn pairing_uri(argv: &[String]) -> Option<String> {
    match argv {
        [_, uri] if is_pairing_uri(uri) => Some(uri.clone()),
        _ => None,
    }
}

fn bring_to_front(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Files dropped onto the window, read from the paths of the window's own drop event (never
/// from paths the webview sends), off the main thread; the UI hears the result as an event.
fn scan_dropped(app: &AppHandle, paths: Vec<std::path::PathBuf>) {
    if paths.is_empty() {
        return;
    }
    let _ = app.emit(DROP_STARTED, ());
    let app = app.clone();
    std::thread::spawn(move || {
        let scanned = app.state::<WalletApp>().take_files(&paths);
        if matches!(&scanned, Ok(result) if result.queued > 0) {
            let _ = app.emit(LINKS_CHANGED, ());
        }
        let _ = app.emit(DROP_SCANNED, &scanned);
    });
}

/// Developer and test settings, only from explicit environment variables, and only in builds
/// for tests (the `test-switches` feature): plain-http loopback callbacks
/// (`AOPP_WALLET_ALLOW_LOOPBACK_HTTP=1`), a CA to trust instead of the platform's roots
/// (`AOPP_WALLET_EXTRA_CA=/path/ca.pem`), both for local test VASPs, and WebKit's test camera
/// (`AOPP_WALLET_MOCK_CAMERA=1`), and a WalletConnect relay (`AOPP_WALLET_WC_RELAY_URL`, the
/// test relay).
#[cfg(feature = "test-switches")]
fn developer_options() -> DeveloperOptions {
    use wallet_core::LoopbackHttp;
    let loopback_http = match std::env::var("AOPP_WALLET_ALLOW_LOOPBACK_HTTP").as_deref() {
        Ok("1") => LoopbackHttp::Allow,
        _ => LoopbackHttp::Refuse,
    };
    let extra_root_pem = std::env::var_os("AOPP_WALLET_EXTRA_CA").and_then(|path| {
        std::fs::read(&path)
            .inspect_err(|error| eprintln!("aopp-wallet: AOPP_WALLET_EXTRA_CA: {error}"))
            .ok()
    });
    DeveloperOptions {
        loopback_http,
        extra_root_pem,
        mock_camera: std::env::var("AOPP_WALLET_MOCK_CAMERA").as_deref() == Ok("1"),
        walletconnect_relay: std::env::var("AOPP_WALLET_WC_RELAY_URL")
            .ok()
            .and_then(|url| url::Url::parse(&url).ok()),
    }
}

/// What users get: none of the switches, whatever the environment says.
#[cfg(not(feature = "test-switches"))]
fn developer_options() -> DeveloperOptions {
    DeveloperOptions::default()
}

/// Registers for `aopp:` when nobody handles it yet (or it is this app, to refresh the path).
/// Another application's registration is only replaced from Settings, after asking.
fn register_if_unclaimed() {
    let status = registration::status(registration::Scheme::Aopp);
    if status.supported && (status.current.is_none() || status.ours) {
        if let Err(error) = registration::register(registration::Scheme::Aopp, false) {
            eprintln!("aopp-wallet: {error}");
        }
    }
}
