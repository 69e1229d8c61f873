//! "Scan the screen": the whole X11 screen as an image. Wayland does not let an app read the
//! screen without a portal, so there the user is told to use another source.

use image::{DynamicImage, RgbImage};

/// Why the screen could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// A Wayland session without X11 access.
    #[error("screen capture needs X11; this session is Wayland only")]
    Wayland,
    /// No display, or the X server refused.
    #[error("the screen could not be read: {0}")]
    Failed(String),
}

impl CaptureError {
    /// A stable snake_case code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CaptureError::Wayland => "capture_wayland",
            CaptureError::Failed(_) => "capture_failed",
        }
    }
}

/// The root window of the default X screen.
#[cfg(target_os = "linux")]
pub fn screen() -> Result<DynamicImage, CaptureError> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_some() {
        return Err(CaptureError::Wayland);
    }
    let failed = |error: &dyn std::fmt::Display| CaptureError::Failed(error.to_string());
    let (connection, screen_number) = x11rb::connect(None).map_err(|e| failed(&e))?;
    let screen = &connection.setup().roots[screen_number];
    let (width, height) = (screen.width_in_pixels, screen.height_in_pixels);
    let reply = connection
        .get_image(ImageFormat::Z_PIXMAP, screen.root, 0, 0, width, height, !0)
        .map_err(|e| failed(&e))?
        .reply()
        .map_err(|e| failed(&e))?;
    // 24-bit TrueColor servers send 32 bits a pixel, blue first.
    let expected = usize::from(width) * usize::from(height) * 4;
    if reply.depth != 24 || reply.data.len() < expected {
        return Err(CaptureError::Failed(format!(
            "unsupported screen depth {}",
            reply.depth
        )));
    }
    let mut rgb = RgbImage::new(u32::from(width), u32::from(height));
    for (pixel, bgrx) in rgb.pixels_mut().zip(reply.data.chunks_exact(4)) {
        pixel.0 = [bgrx[2], bgrx[1], bgrx[0]];
    }
    Ok(DynamicImage::ImageRgb8(rgb))
}

/// Elsewhere the platform's own capture is not wired yet.
#[cfg(not(target_os = "linux"))]
pub fn screen() -> Result<DynamicImage, CaptureError> {
    Err(CaptureError::Failed(
        "screen capture is only available on Linux/X11".into(),
    ))
}
