//! Requests from QR codes and pasted text: whatever the source, the text goes through the same
//! queue, parser and confirmation screen as a clicked link. Only `aopp:` codes are queued; the
//! rest are named for what they are and never signed. Plain functions, as in `api.rs`.

use image::DynamicImage;
use serde::Serialize;
use std::path::PathBuf;

use wallet_core::scan::{
    check_size, classify, read_image_file, scan, scan_bytes, CodeKind, FoundCode,
};

use crate::api::WalletApp;
use crate::error::ApiError;

/// What a scan found.
#[derive(Debug, Clone, Serialize)]
pub struct ScanResult {
    /// Every code (or the pasted text), with its kind.
    pub codes: Vec<FoundCode>,
    /// How many `aopp:` links were queued for confirmation.
    pub queued: usize,
    /// How many WalletConnect pairing URIs were taken (their proposals follow).
    pub paired: usize,
}

impl WalletApp {
    /// Queues the `aopp:` codes among `codes`.
    pub fn take_codes(&self, codes: Vec<FoundCode>) -> Result<ScanResult, ApiError> {
        let (mut queued, mut paired) = (0, 0);
        for code in &codes {
            match code.kind {
                CodeKind::Aopp => {
                    self.receive_link(code.text.trim())?;
                    queued += 1;
                }
                CodeKind::WalletConnect => {
                    self.pair(code.text.trim())?;
                    paired += 1;
                }
                _ => {}
            }
        }
        Ok(ScanResult {
            codes,
            queued,
            paired,
        })
    }

    /// Text the user pasted or copied.
    pub fn take_text(&self, text: &str) -> Result<ScanResult, ApiError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(ScanResult {
                codes: Vec::new(),
                queued: 0,
                paired: 0,
            });
        }
        self.take_codes(vec![FoundCode {
            kind: classify(text),
            text: text.to_owned(),
        }])
    }

    /// The codes in a decoded image (a screenshot, a clipboard image).
    pub fn take_image(&self, image: &DynamicImage) -> Result<ScanResult, ApiError> {
        self.take_codes(scan(image))
    }

    /// The codes in PNG or JPEG files dropped onto the window, at the paths the window's own
    /// drop event gave (never paths the webview sends). Only regular files are read.
    pub fn take_files(&self, paths: &[PathBuf]) -> Result<ScanResult, ApiError> {
        let mut codes = Vec::new();
        for path in paths {
            let bytes = read_image_file(path)?;
            codes.extend(scan_bytes(&bytes)?);
        }
        self.take_codes(codes)
    }

    /// The codes in the bytes of a PNG or JPEG file (picked in the file chooser).
    pub fn take_image_bytes(&self, bytes: &[u8]) -> Result<ScanResult, ApiError> {
        self.take_codes(scan_bytes(bytes)?)
    }

    /// The codes in the bytes of a PNG or JPEG file, read for their text only (a message to
    /// sign): nothing is queued.
    pub fn read_codes(&self, bytes: &[u8]) -> Result<Vec<FoundCode>, ApiError> {
        let codes = scan_bytes(bytes)?;
        if codes.is_empty() {
            return Err(ApiError::new("no_code_found", "the image holds no qr code"));
        }
        Ok(codes)
    }

    /// The codes in one grey camera frame, `width` pixels a row.
    pub fn take_frame(&self, width: u32, luma: Vec<u8>) -> Result<ScanResult, ApiError> {
        self.take_image(&frame_image(width, luma)?)
    }
}

/// The codes on a captured screen, for their text only (a message to sign): nothing is queued.
pub fn read_screen(image: &DynamicImage) -> Result<Vec<FoundCode>, ApiError> {
    let codes = scan(image);
    if codes.is_empty() {
        return Err(ApiError::new(
            "no_code_found",
            "the screen shows no qr code",
        ));
    }
    Ok(codes)
}

/// The codes in one grey camera frame, for their text only; none is no error, as the camera
/// keeps looking.
pub fn read_frame(width: u32, luma: Vec<u8>) -> Result<Vec<FoundCode>, ApiError> {
    Ok(scan(&frame_image(width, luma)?))
}

/// One grey camera frame (a byte a pixel, `width` pixels a row) as an image, size-checked.
fn frame_image(width: u32, luma: Vec<u8>) -> Result<DynamicImage, ApiError> {
    let bad_frame = || ApiError::new("bad_frame", "the camera frame is malformed");
    let row = width as usize;
    if row == 0 || luma.is_empty() || luma.len() % row != 0 {
        return Err(bad_frame());
    }
    let height = u32::try_from(luma.len() / row).map_err(|_| bad_frame())?;
    check_size(width, height)?;
    let frame = image::GrayImage::from_raw(width, height, luma).ok_or_else(bad_frame)?;
    Ok(DynamicImage::ImageLuma8(frame))
}
