//! The camera, for a QR code shown on another device (a phone, the exchange's app).
//!
//! The page itself asks for the camera with `getUserMedia`: one preview on every platform, and
//! the frames go to Rust (`scan_frame`) to be decoded. WebKitGTK ships with media capture off and
//! denies permission requests nobody answers, so on Linux the window turns capture on and answers
//! them: the camera yes — the page asks only after the user pressed "Use the camera", and it shows
//! nothing but this app's own files (see the CSP) — the microphone and the screen no.

use tauri::WebviewWindow;

/// Lets `window`'s page use a camera (Linux; elsewhere the webview asks the user itself).
///
/// `mock` turns on WebKit's built-in test camera, for tests on machines without one.
#[cfg(target_os = "linux")]
pub fn allow(window: &WebviewWindow, mock: bool) -> tauri::Result<()> {
    use webkit2gtk::glib::Cast;
    use webkit2gtk::{
        PermissionRequestExt, SettingsExt, UserMediaPermissionRequest,
        UserMediaPermissionRequestExt, WebViewExt,
    };

    window.with_webview(move |webview| {
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
            settings.set_enable_mock_capture_devices(mock);
        }
        view.connect_permission_request(|_, request| {
            match request.downcast_ref::<UserMediaPermissionRequest>() {
                Some(media) if media.is_for_video_device() && !media.is_for_audio_device() => {
                    request.allow()
                }
                _ => request.deny(),
            }
            true
        });
    })
}

#[cfg(not(target_os = "linux"))]
pub fn allow(_window: &WebviewWindow, _mock: bool) -> tauri::Result<()> {
    Ok(())
}
