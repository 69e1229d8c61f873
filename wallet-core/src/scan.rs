//! QR codes in images: every code found, named for what it holds.
//!
//! Decoding is rqrr's; this module prepares the picture (grey levels, and the inverse for
//! light-on-dark codes), merges what both passes find, and classifies each text so that only an
//! `aopp:` link ever reaches the confirmation screen.

use image::{DynamicImage, GrayImage};
use serde::Serialize;

use crate::keys::EthAddress;
use crate::TravelAddress;

/// What a QR code holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeKind {
    /// An `aopp:` link: the only kind that leads to signing.
    Aopp,
    /// A `bitcoin:` URI or a bare Bitcoin address.
    Bitcoin,
    /// An `ethereum:` URI or a bare Ethereum address.
    Ethereum,
    /// A TRP Travel Address (`ta…`).
    TravelAddress,
    /// Anything else.
    Other,
}

/// One code found in an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundCode {
    /// What it holds.
    pub kind: CodeKind,
    /// Its text.
    pub text: String,
}

/// Why an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// Not a PNG or JPEG image, or a damaged one.
    #[error("not a readable PNG or JPEG image: {0}")]
    Unreadable(String),
}

impl ScanError {
    /// A stable snake_case code for the UI and the command line.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::Unreadable(_) => "unreadable_image",
        }
    }
}

/// Names what `text` holds.
pub fn classify(text: &str) -> CodeKind {
    let lower = text.trim().to_ascii_lowercase();
    if lower.starts_with("aopp:") {
        CodeKind::Aopp
    } else if lower.starts_with("bitcoin:") || is_bitcoin_address(text.trim()) {
        CodeKind::Bitcoin
    } else if lower.starts_with("ethereum:") || EthAddress::parse(text.trim()).is_ok() {
        CodeKind::Ethereum
    } else if TravelAddress::decode(text.trim()).is_ok() {
        CodeKind::TravelAddress
    } else {
        CodeKind::Other
    }
}

fn is_bitcoin_address(text: &str) -> bool {
    text.parse::<bitcoin::Address<bitcoin::address::NetworkUnchecked>>()
        .is_ok()
}

/// Every code in an encoded PNG or JPEG image.
pub fn scan_bytes(bytes: &[u8]) -> Result<Vec<FoundCode>, ScanError> {
    let image =
        image::load_from_memory(bytes).map_err(|error| ScanError::Unreadable(error.to_string()))?;
    Ok(scan(&image))
}

/// Every code in `image`, dark-on-light or light-on-dark, each text once.
///
/// Passes stop at the first that finds anything: the grey image as it is (a clean screenshot),
/// then sharpened to black and white at Otsu's threshold (blur, noise, low contrast, rotation),
/// then both inverted (light codes on dark backgrounds).
pub fn scan(image: &DynamicImage) -> Vec<FoundCode> {
    let grey = image.to_luma8();
    let sharp = binarize(&grey);
    let mut passes = [grey, sharp];
    for pass in &passes {
        let found = decode(pass);
        if !found.is_empty() {
            return found;
        }
    }
    for pass in &mut passes {
        image::imageops::invert(pass);
        let found = decode(pass);
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Black and white at the threshold that best separates the two classes of grey (Otsu).
fn binarize(grey: &GrayImage) -> GrayImage {
    let mut histogram = [0u64; 256];
    for pixel in grey.pixels() {
        histogram[usize::from(pixel[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let weighted: f64 = histogram
        .iter()
        .enumerate()
        .map(|(level, count)| level as f64 * *count as f64)
        .sum();
    let (mut background, mut background_sum) = (0u64, 0f64);
    let (mut best, mut threshold) = (0f64, 127u8);
    for (level, count) in histogram.iter().enumerate() {
        background += count;
        if background == 0 || background == total {
            continue;
        }
        background_sum += level as f64 * *count as f64;
        let foreground = total - background;
        let mean_background = background_sum / background as f64;
        let mean_foreground = (weighted - background_sum) / foreground as f64;
        let between =
            background as f64 * foreground as f64 * (mean_background - mean_foreground).powi(2);
        if between > best {
            best = between;
            threshold = level as u8;
        }
    }
    let mut sharp = grey.clone();
    for pixel in sharp.pixels_mut() {
        pixel[0] = if pixel[0] > threshold { 255 } else { 0 };
    }
    sharp
}

fn decode(grey: &GrayImage) -> Vec<FoundCode> {
    let mut prepared = rqrr::PreparedImage::prepare(grey.clone());
    let mut found: Vec<FoundCode> = Vec::new();
    for grid in prepared.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            let code = FoundCode {
                kind: classify(&text),
                text,
            };
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_named_for_what_they_hold() {
        let cases = [
            ("aopp:?v=0&msg=x", CodeKind::Aopp),
            ("AOPP:?V=0", CodeKind::Aopp),
            (
                "bitcoin:bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu?amount=1",
                CodeKind::Bitcoin,
            ),
            (
                "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
                CodeKind::Bitcoin,
            ),
            (
                "ethereum:0x9858EfFD232B4033E47d90003D41EC34EcaEda94",
                CodeKind::Ethereum,
            ),
            (
                "0x9858EfFD232B4033E47d90003D41EC34EcaEda94",
                CodeKind::Ethereum,
            ),
            (
                "ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv",
                CodeKind::TravelAddress,
            ),
            ("https://example.com", CodeKind::Other),
            ("tab", CodeKind::Other),
        ];
        for (text, kind) in cases {
            assert_eq!(classify(text), kind, "{text}");
        }
    }

    #[test]
    fn unreadable_bytes_are_an_error() {
        assert!(matches!(
            scan_bytes(b"not an image"),
            Err(ScanError::Unreadable(_))
        ));
    }
}
