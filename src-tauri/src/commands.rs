//! The webview's entry points: each parses its arguments, calls [`WalletApp`], maps the error.

use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, State};
use zeroize::Zeroizing;

use crate::api::{DraftView, Status, WalletApp};
use crate::connections::{AnsweredView, ConnectPreview, ConnectionsView, SessionView};
use crate::descriptors::{DescriptorExport, DescriptorsView};
use crate::error::ApiError;
use crate::proofs::{EthAccount, ExportFormat, Preview, ProofText, ProofView, QueueView};
use crate::receive::{ReceiveGap, ReceiveView, TravelAddressView};
use crate::registration::{HandlerStatus, Scheme};
use crate::scanning::ScanResult;
use crate::settings::{Settings, SettingsChange};
use crate::signing::{SignRequest, SignedMessageView, UsedAddress, VerifyView};

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub fn status(app: State<'_, WalletApp>) -> Reply<Status> {
    crate::startup_trace::step("status", || app.status())
}

#[tauri::command]
pub fn language(app: State<'_, WalletApp>) -> crate::language::LanguageView {
    app.language()
}

// Phrases, passphrases and the words typed for them arrive as Strings from the IPC request;
// each is erased when the command returns. (The request's JSON text is the webview's and
// Tauri's, out of reach here.)

#[tauri::command]
pub fn complete_word(app: State<'_, WalletApp>, prefix: String) -> Vec<&'static str> {
    app.complete_word(&Zeroizing::new(prefix))
}

#[tauri::command]
pub fn check_phrase(app: State<'_, WalletApp>, phrase: String) -> Reply<()> {
    app.check_phrase(&Zeroizing::new(phrase))
}

#[tauri::command]
pub fn create_draft(app: State<'_, WalletApp>) -> DraftView {
    app.create_draft()
}

#[tauri::command]
pub fn discard_draft(app: State<'_, WalletApp>) {
    app.discard_draft();
}

#[tauri::command]
pub fn confirm_draft(app: State<'_, WalletApp>, answers: Vec<String>) -> Reply<()> {
    app.confirm_draft(&Zeroizing::new(answers))
}

#[tauri::command]
pub fn import_wallet(app: State<'_, WalletApp>, phrase: String, passphrase: String) -> Reply<()> {
    app.import(&Zeroizing::new(phrase), &Zeroizing::new(passphrase))
}

#[tauri::command]
pub fn reveal_phrase(app: State<'_, WalletApp>) -> Reply<Vec<&'static str>> {
    app.reveal_phrase()
}

#[tauri::command]
pub fn delete_wallet(app: State<'_, WalletApp>, confirmation: String) -> Reply<()> {
    app.delete_wallet(&confirmation)
}

#[tauri::command]
pub fn accept_damaged_files(app: State<'_, WalletApp>) {
    app.accept_damaged_files();
}

#[tauri::command]
pub fn set_settings(app: State<'_, WalletApp>, change: SettingsChange) -> Reply<Settings> {
    app.set_settings(change)
}

/// The queue and the head request's preview, which reads the keyring: off the main thread.
#[tauri::command]
pub async fn queue(handle: AppHandle) -> Reply<QueueView> {
    blocking(handle, |app| {
        Ok(crate::startup_trace::step("queue", || app.queue()))
    })
    .await
}

#[tauri::command]
pub fn dismiss_link(app: State<'_, WalletApp>, id: u64) -> Reply<()> {
    app.dismiss_link(id)
}

#[tauri::command]
pub fn handler_status(app: State<'_, WalletApp>, scheme: Scheme) -> HandlerStatus {
    app.handler_status(scheme)
}

#[tauri::command]
pub fn register_handler(
    app: State<'_, WalletApp>,
    scheme: Scheme,
    take_over: bool,
) -> Reply<HandlerStatus> {
    app.register_handler(scheme, take_over)
}

/// The UI reports a painted screen; printed only when start-up is being measured.
#[tauri::command]
pub fn painted(screen: String) {
    crate::startup_trace::painted(&screen);
}

/// Reads the keyring and derives a key: off the main thread, which meanwhile draws the window.
#[tauri::command]
pub async fn preview(handle: AppHandle, link_id: u64, eth_account: EthAccount) -> Reply<Preview> {
    blocking(handle, move |app| {
        crate::startup_trace::step("preview", || app.preview(link_id, eth_account))
    })
    .await
}

/// Signing is quick, but delivery may wait up to 30 s: it runs off the main thread.
#[tauri::command]
pub async fn approve(
    handle: AppHandle,
    link_id: u64,
    address: String,
    eth_account: EthAccount,
    send_xpub: bool,
) -> Reply<ProofView> {
    blocking(handle, move |app| {
        app.approve(link_id, &address, eth_account, send_xpub)
    })
    .await
}

#[tauri::command]
pub async fn resend(handle: AppHandle, proof_id: i64) -> Reply<ProofView> {
    blocking(handle, move |app| app.resend(proof_id)).await
}

#[tauri::command]
pub fn history(app: State<'_, WalletApp>) -> Reply<Vec<ProofView>> {
    app.history()
}

#[tauri::command]
pub fn pending_proofs(app: State<'_, WalletApp>) -> Reply<Vec<ProofView>> {
    app.pending_proofs()
}

#[tauri::command]
pub fn proof_text(app: State<'_, WalletApp>, proof_id: i64, kind: ProofText) -> Reply<String> {
    app.proof_text(proof_id, kind)
}

#[tauri::command]
pub fn export_history(handle: AppHandle, format: ExportFormat) -> Reply<String> {
    let path = handle
        .state::<WalletApp>()
        .export_history(format, &export_dir(&handle)?)?;
    Ok(path.display().to_string())
}

/// Where exports go: the user's Downloads, or the app's data directory without one.
fn export_dir(handle: &AppHandle) -> Reply<std::path::PathBuf> {
    handle
        .path()
        .download_dir()
        .or_else(|_| handle.path().app_data_dir())
        .map_err(|error| ApiError::new("export_io", &error.to_string()))
}

#[tauri::command]
pub fn receive_gap(
    app: State<'_, WalletApp>,
    format: wallet_core::AddressFormat,
) -> Reply<ReceiveGap> {
    app.receive_gap(format)
}

#[tauri::command]
pub fn descriptors(app: State<'_, WalletApp>) -> Reply<DescriptorsView> {
    app.descriptors()
}

#[tauri::command]
pub fn export_descriptors(handle: AppHandle, export: DescriptorExport) -> Reply<String> {
    let path = handle
        .state::<WalletApp>()
        .export_descriptors(export, &export_dir(&handle)?)?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub fn mark_funded(app: State<'_, WalletApp>, proof_id: i64, funded: bool) -> Reply<()> {
    app.mark_funded(proof_id, funded)
}

#[tauri::command]
pub fn used_addresses(
    app: State<'_, WalletApp>,
    asset: wallet_core::Asset,
) -> Reply<Vec<UsedAddress>> {
    app.used_addresses(asset)
}

#[tauri::command]
pub fn sign_text(app: State<'_, WalletApp>, request: SignRequest) -> Reply<SignedMessageView> {
    app.sign_text(&request)
}

#[tauri::command]
pub fn signed_messages(app: State<'_, WalletApp>) -> Reply<Vec<SignedMessageView>> {
    app.signed_messages()
}

#[tauri::command]
pub fn verify_text(
    app: State<'_, WalletApp>,
    asset: wallet_core::Asset,
    address: String,
    message: String,
    signature: String,
) -> VerifyView {
    app.verify_text(asset, &address, &message, &signature)
}

#[tauri::command]
pub fn receive_address(
    app: State<'_, WalletApp>,
    format: wallet_core::AddressFormat,
    fresh: bool,
) -> Reply<ReceiveView> {
    app.receive_address(format, fresh)
}

#[tauri::command]
pub fn travel_address(app: State<'_, WalletApp>) -> Reply<Option<TravelAddressView>> {
    app.travel_address()
}

#[tauri::command]
pub fn set_travel_address(app: State<'_, WalletApp>, pasted: String) -> Reply<TravelAddressView> {
    app.set_travel_address(&pasted)
}

#[tauri::command]
pub fn clear_travel_address(app: State<'_, WalletApp>) -> Reply<()> {
    app.clear_travel_address()
}

#[tauri::command]
pub fn decode_travel_address(app: State<'_, WalletApp>, text: String) -> Reply<TravelAddressView> {
    app.decode_travel_address(&text)
}

/// The window steps aside while the screen is read, then comes back.
async fn capture_screen(handle: &AppHandle) -> Result<image::DynamicImage, ApiError> {
    let window = handle.get_webview_window("main");
    if let Some(window) = &window {
        let _ = window.hide();
    }
    let captured = blocking(handle.clone(), |_| {
        // Give the window manager a moment to unmap the window.
        std::thread::sleep(std::time::Duration::from_millis(300));
        crate::capture::screen().map_err(|error| ApiError::new(error.code(), &error.to_string()))
    })
    .await;
    if let Some(window) = &window {
        let _ = window.show();
        let _ = window.set_focus();
    }
    captured
}

/// The `aopp:` codes on the screen, queued.
#[tauri::command]
pub async fn scan_screen(handle: AppHandle) -> Reply<ScanResult> {
    let image = capture_screen(&handle).await?;
    blocking(handle, move |app| app.take_image(&image)).await
}

/// The codes on the screen, for their text only (a message to sign).
#[tauri::command]
pub async fn read_screen(handle: AppHandle) -> Reply<Vec<wallet_core::scan::FoundCode>> {
    let image = capture_screen(&handle).await?;
    blocking(handle, move |_| crate::scanning::read_screen(&image)).await
}

/// A copied `aopp:` link, or a copied image with codes in it.
#[tauri::command]
pub async fn scan_clipboard(handle: AppHandle) -> Reply<ScanResult> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let text = handle
        .clipboard()
        .read_text()
        .ok()
        .filter(|text| !text.trim().is_empty());
    if let Some(text) = text {
        return handle.state::<WalletApp>().take_text(&text);
    }
    let image = handle.clipboard().read_image().map_err(|_| {
        ApiError::new(
            "clipboard_empty",
            "the clipboard holds neither text nor an image",
        )
    })?;
    wallet_core::scan::check_size(image.width(), image.height())?;
    let rgba = image::RgbaImage::from_raw(image.width(), image.height(), image.rgba().to_vec())
        .ok_or_else(|| ApiError::new("clipboard_empty", "the clipboard image is malformed"))?;
    blocking(handle, move |app| {
        app.take_image(&image::DynamicImage::ImageRgba8(rgba))
    })
    .await
}

/// A PNG or JPEG the user picked, sent as the request's raw body.
#[tauri::command]
pub async fn scan_image(handle: AppHandle, request: Request<'_>) -> Reply<ScanResult> {
    let bytes = raw_body(&request)?.to_vec();
    blocking(handle, move |app| app.take_image_bytes(&bytes)).await
}

/// A PNG or JPEG the user picked for the text of its code (a message to sign), as raw body.
#[tauri::command]
pub async fn read_codes(
    handle: AppHandle,
    request: Request<'_>,
) -> Reply<Vec<wallet_core::scan::FoundCode>> {
    let bytes = raw_body(&request)?.to_vec();
    blocking(handle, move |app| app.read_codes(&bytes)).await
}

/// One grey camera frame (one byte a pixel) as the raw body; its width in `x-frame-width`.
#[tauri::command]
pub async fn scan_frame(handle: AppHandle, request: Request<'_>) -> Reply<ScanResult> {
    let width = frame_width(&request)?;
    let luma = raw_body(&request)?.to_vec();
    blocking(handle, move |app| app.take_frame(width, luma)).await
}

/// One grey camera frame, as for `scan_frame`, for the text of its codes only.
#[tauri::command]
pub async fn read_frame(
    handle: AppHandle,
    request: Request<'_>,
) -> Reply<Vec<wallet_core::scan::FoundCode>> {
    let width = frame_width(&request)?;
    let luma = raw_body(&request)?.to_vec();
    blocking(handle, move |_| crate::scanning::read_frame(width, luma)).await
}

/// The `x-frame-width` header of a camera frame.
fn frame_width(request: &Request<'_>) -> Result<u32, ApiError> {
    request
        .headers()
        .get("x-frame-width")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u32>().ok())
        .ok_or_else(|| ApiError::new("bad_frame", "the camera frame has no width"))
}

fn raw_body<'a>(request: &'a Request<'_>) -> Reply<&'a [u8]> {
    match request.body() {
        InvokeBody::Raw(bytes) => Ok(bytes),
        InvokeBody::Json(_) => Err(ApiError::new("internal", "expected the bytes of an image")),
    }
}

/// WalletConnect: what the Connections screens show (requests read the keyring to name their
/// address's path): off the main thread.
#[tauri::command]
pub async fn connections(handle: AppHandle) -> Reply<ConnectionsView> {
    blocking(handle, |app| Ok(app.connections_view())).await
}

/// A `wc:` URI the user pasted.
#[tauri::command]
pub async fn pair(handle: AppHandle, uri: String) -> Reply<()> {
    blocking(handle, move |app| app.pair(&uri)).await
}

/// Reads the keyring and derives: off the main thread.
#[tauri::command]
pub async fn connect_preview(
    handle: AppHandle,
    id: u64,
    format: wallet_core::AddressFormat,
) -> Reply<ConnectPreview> {
    blocking(handle, move |app| app.connect_preview(id, format)).await
}

/// Waits for the relay: off the main thread.
#[tauri::command]
pub async fn connect(
    handle: AppHandle,
    id: u64,
    format: wallet_core::AddressFormat,
    shown: Option<String>,
) -> Reply<SessionView> {
    blocking(handle, move |app| app.connect(id, format, shown.as_deref())).await
}

#[tauri::command]
pub async fn reject_proposal(handle: AppHandle, id: u64) -> Reply<()> {
    blocking(handle, move |app| app.reject_proposal(id)).await
}

#[tauri::command]
pub async fn sign_request(
    handle: AppHandle,
    id: u64,
    sign_in_confirmed: bool,
) -> Reply<AnsweredView> {
    blocking(handle, move |app| app.sign_request(id, sign_in_confirmed)).await
}

#[tauri::command]
pub async fn refuse_request(handle: AppHandle, id: u64) -> Reply<()> {
    blocking(handle, move |app| app.refuse_request(id)).await
}

#[tauri::command]
pub async fn disconnect(handle: AppHandle, topic: String) -> Reply<()> {
    blocking(handle, move |app| app.disconnect(&topic)).await
}

#[tauri::command]
pub fn paste_text(app: State<'_, WalletApp>, text: String) -> Reply<ScanResult> {
    app.take_text(&text)
}

async fn blocking<T: Send + 'static>(
    handle: AppHandle,
    work: impl FnOnce(&WalletApp) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(move || work(&handle.state::<WalletApp>()))
        .await
        .map_err(|error| ApiError::new("internal", &error.to_string()))?
}
