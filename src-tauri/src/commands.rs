//! The webview's entry points: each parses its arguments, calls [`WalletApp`], maps the error.

use tauri::State;

use crate::api::{DraftView, LinkView, Status, WalletApp};
use crate::error::ApiError;
use crate::registration::HandlerStatus;
use crate::settings::Settings;

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub fn status(app: State<'_, WalletApp>) -> Reply<Status> {
    app.status()
}

#[tauri::command]
pub fn complete_word(app: State<'_, WalletApp>, prefix: String) -> Vec<&'static str> {
    app.complete_word(&prefix)
}

#[tauri::command]
pub fn check_phrase(app: State<'_, WalletApp>, phrase: String) -> Reply<()> {
    app.check_phrase(&phrase)
}

#[tauri::command]
pub fn create_draft(app: State<'_, WalletApp>) -> DraftView {
    app.create_draft()
}

#[tauri::command]
pub fn confirm_draft(app: State<'_, WalletApp>, answers: Vec<String>) -> Reply<()> {
    app.confirm_draft(&answers)
}

#[tauri::command]
pub fn import_wallet(app: State<'_, WalletApp>, phrase: String, passphrase: String) -> Reply<()> {
    app.import(&phrase, &passphrase)
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
pub fn set_settings(app: State<'_, WalletApp>, settings: Settings) -> Reply<Settings> {
    app.set_settings(settings)
}

#[tauri::command]
pub fn links(app: State<'_, WalletApp>) -> Vec<LinkView> {
    app.links()
}

#[tauri::command]
pub fn dismiss_link(app: State<'_, WalletApp>, id: u64) -> Reply<()> {
    app.dismiss_link(id)
}

#[tauri::command]
pub fn handler_status(app: State<'_, WalletApp>) -> HandlerStatus {
    app.handler_status()
}

#[tauri::command]
pub fn register_handler(app: State<'_, WalletApp>, take_over: bool) -> Reply<HandlerStatus> {
    app.register_handler(take_over)
}

/// The UI reports a painted screen; printed only when start-up is being measured.
#[tauri::command]
pub fn painted(screen: String) {
    crate::startup_trace::painted(&screen);
}
