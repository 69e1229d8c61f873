//! The webview's settings that Tauri does not expose: the camera, and how pages are drawn.
//!
//! The camera serves a QR code shown on another device (a phone, the exchange's app). The page
//! asks for it with `getUserMedia`: one preview on every platform, and the frames go to Rust
//! (`scan_frame`) to be decoded. WebKitGTK ships with media capture off and denies permission
//! requests nobody answers, so on Linux the window turns capture on and answers them: the camera
//! yes — the page asks only after the user pressed "Use the camera", and it shows nothing but
//! this app's own files (see the CSP) — the microphone and the screen no.
//!
//! Drawing: the screens are forms and text, which WebKitGTK draws in software as fast as the eye
//! can tell, while GPU compositing costs about 60 MiB more per running app (measured under Xvfb)
//! and is the usual cause of blank windows on Linux graphics drivers. So it stays off.

use tauri::WebviewWindow;

/// Applies the settings to `window`'s webview (Linux; elsewhere the webview's defaults stand and
/// it asks the user for the camera itself).
///
/// `mock_camera` turns on WebKit's built-in test camera, for tests on machines without one.
#[cfg(target_os = "linux")]
pub fn configure(window: &WebviewWindow, mock_camera: bool) -> tauri::Result<()> {
    use webkit2gtk::glib::Cast;
    use webkit2gtk::{
        HardwareAccelerationPolicy, PermissionRequestExt, SettingsExt, UserMediaPermissionRequest,
        UserMediaPermissionRequestExt, WebViewExt,
    };

    window.with_webview(move |webview| {
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            settings.set_enable_media_stream(true);
            settings.set_enable_mock_capture_devices(mock_camera);
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
pub fn configure(_window: &WebviewWindow, _mock_camera: bool) -> tauri::Result<()> {
    Ok(())
}
