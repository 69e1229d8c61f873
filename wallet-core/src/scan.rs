//! QR codes in images: every code found, named for what it holds.
//!
//! Decoding is rxing's (a Rust port of ZXing); this module bounds and shrinks the picture,
//! tries its inverse for light-on-dark codes, and classifies each text so that only an `aopp:`
//! link ever reaches the confirmation screen.

use std::io::{Cursor, Read};
use std::path::Path;

use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader, Limits};
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
    /// A WalletConnect pairing URI (`wc:…`): a dApp asking to connect.
    WalletConnect,
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

/// The widest or tallest image that is read at all, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The most pixels an image may have: a 48-megapixel photo is read, a bigger one is refused.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most memory a decoder may take for one image.
const MAX_DECODER_ALLOC: u64 = 256 << 20;
/// The largest image file that is read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Images are scaled down to at most this many pixels on their longer side before the QR
/// passes: a code in a 4K screenshot keeps about two thirds of its module size, while the
/// passes stay quick on a 48-megapixel photo.
pub const SCAN_SIDE: u32 = 3_000;

/// Why an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// Not a PNG or JPEG image, or a damaged one.
    #[error("not a readable PNG or JPEG image: {0}")]
    Unreadable(String),
    /// Larger than [`MAX_SIDE`] or [`MAX_PIXELS`], or needing more memory than a picture of a
    /// QR code can: refused before it is decoded.
    #[error("image is {width} x {height} pixels, larger than a picture of a QR code needs")]
    TooLarge {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// An image file of more than [`MAX_FILE_BYTES`].
    #[error("image file is {len} bytes, limit is {MAX_FILE_BYTES}")]
    FileTooLarge {
        /// Its size.
        len: u64,
    },
    /// A directory, a FIFO, a device or a socket where an image file was expected.
    #[error("not a regular file (a directory, a FIFO or a device)")]
    NotAFile {
        /// The path.
        path: String,
    },
    /// The file could not be opened or read.
    #[error("{reason}")]
    UnreadableFile {
        /// The path.
        path: String,
        /// What the system said.
        reason: String,
    },
}

impl ScanError {
    /// A stable snake_case code for the UI and the command line.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::Unreadable(_) => "unreadable_image",
            ScanError::TooLarge { .. } | ScanError::FileTooLarge { .. } => "image_too_large",
            ScanError::NotAFile { .. } => "not_a_file",
            ScanError::UnreadableFile { .. } => "unreadable_file",
        }
    }
}

/// Refuses an image of `width` x `height` pixels that is beyond the limits.
pub fn check_size(width: u32, height: u32) -> Result<(), ScanError> {
    let pixels = u64::from(width) * u64::from(height);
    if width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(ScanError::TooLarge { width, height });
    }
    Ok(())
}

/// Names what `text` holds.
pub fn classify(text: &str) -> CodeKind {
    let lower = text.trim().to_ascii_lowercase();
    if lower.starts_with("aopp:") {
        CodeKind::Aopp
    } else if lower.starts_with("wc:") {
        CodeKind::WalletConnect
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
    Ok(scan(&decode_image(bytes)?))
}

/// The bytes of the image file at `path`: a regular file of at most [`MAX_FILE_BYTES`].
///
/// The file is opened without blocking (a FIFO would otherwise wait for a writer forever) and
/// checked after opening, so what is read is what was checked.
pub fn read_image_file(path: &Path) -> Result<Vec<u8>, ScanError> {
    let unreadable = |error: std::io::Error| ScanError::UnreadableFile {
        path: path.display().to_string(),
        reason: error.to_string(),
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(ScanError::NotAFile {
            path: path.display().to_string(),
        });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ScanError::FileTooLarge {
            len: metadata.len(),
        });
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ScanError::FileTooLarge {
            len: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Decodes a PNG or JPEG, refusing it from its header alone when it is beyond the limits.
pub fn decode_image(bytes: &[u8]) -> Result<DynamicImage, ScanError> {
    let unreadable = |error: image::ImageError| ScanError::Unreadable(error.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| ScanError::Unreadable(error.to_string()))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    DynamicImage::from_decoder(decoder).map_err(|error| match error {
        image::ImageError::Limits(_) => ScanError::TooLarge { width, height },
        other => unreadable(other),
    })
}

/// Every code in `image`, dark-on-light or light-on-dark, each text once.
///
/// rxing (a Rust port of ZXing and of zxing-cpp's QR reader) looks for every code in the grey
/// image, then, if it found none, in its inverse (light codes on dark backgrounds), then once
/// more with ZXing's older QR reader, which reads a few pictures the newer one misses.
pub fn scan(image: &DynamicImage) -> Vec<FoundCode> {
    let Some(mut bitmap) = bitmap(scaled_to_scan(image.to_luma8())) else {
        return Vec::new();
    };
    let mut found = every_code(&mut bitmap);
    if found.is_empty() {
        bitmap.invert();
        found = every_code(&mut bitmap);
        bitmap.invert();
    }
    if found.is_empty() {
        use rxing::Reader;
        let hints = rxing::DecodeHints {
            TryHarder: Some(true),
            ..Default::default()
        };
        if let Ok(result) = rxing::qrcode::QRCodeReader.decode_with_hints(&mut bitmap, &hints) {
            found = named(vec![result]);
        }
    }
    found
}

/// `grey` as rxing reads it, thresholded by its hybrid binarizer; none for an empty picture.
fn bitmap(
    grey: GrayImage,
) -> Option<rxing::BinaryBitmap<rxing::common::HybridBinarizer<rxing::Luma8LuminanceSource>>> {
    let (width, height) = grey.dimensions();
    if width == 0 || height == 0 {
        return None;
    }
    let source = rxing::Luma8LuminanceSource::new(grey.into_raw(), width, height).ok()?;
    Some(rxing::BinaryBitmap::new(
        rxing::common::HybridBinarizer::new(source),
    ))
}

/// The most finder-pattern candidates that zxing-cpp's quick search (every 15th row of a
/// 2 000-pixel picture, as it searches without "try harder") may keep for its thorough search
/// (every third row) to run. Each candidate is compared with every one kept before, so a
/// picture of noise costs the square of its count: a fuzzed JPEG that thresholds to a fine
/// lattice gave the thorough search 10 795 candidates, 58 million comparisons, seconds. Pictures
/// of codes keep few: at most 16 in the quick search of the camera-like set of `tests/scanner`;
/// the lattice keeps 2 159.
const MAX_QUICK_FINDER_PATTERNS: usize = 300;

/// The most triples of finder patterns tried as codes in one pass: rxing ranks the triples and
/// would try every one (the lattice above makes 518 009, half a minute of decoding). Pictures
/// of codes have few: at most 151 on the camera-like set, the code at rank 84 or better.
const MAX_FINDER_PATTERN_SETS: usize = 1_000;

/// Every code zxing-cpp's QR reader (as rxing ports it) finds in `bitmap`: its thorough search
/// for finder patterns, unless its quick one keeps more than [`MAX_QUICK_FINDER_PATTERNS`],
/// then its loop over the ranked triples, stopped after [`MAX_FINDER_PATTERN_SETS`].
fn every_code<B: rxing::Binarizer>(bitmap: &mut rxing::BinaryBitmap<B>) -> Vec<FoundCode> {
    use rxing::common::DetectorRXingResult;
    use rxing::qrcode::cpp_port::{decoder, detector};
    let matrix = bitmap.get_black_matrix();
    if detector::FindFinderPatterns(matrix, false, 0).len() > MAX_QUICK_FINDER_PATTERNS {
        return Vec::new();
    }
    let mut patterns = detector::FindFinderPatterns(matrix, true, 0);
    let sets = detector::GenerateFinderPatternSets(&mut patterns);
    // A pattern that is part of a decoded code is not tried in another.
    let mut used = Vec::new();
    let mut results = Vec::new();
    for set in sets.iter().take(MAX_FINDER_PATTERN_SETS) {
        if [set.bl, set.tl, set.tr]
            .iter()
            .any(|pattern| used.contains(pattern))
        {
            continue;
        }
        let Ok(sampled) = detector::SampleQR(matrix, set) else {
            continue;
        };
        let Ok(decoded) = decoder::Decode(sampled.getBits()) else {
            continue;
        };
        if decoded.isValid() {
            used.extend([set.bl, set.tl, set.tr]);
            results.push(rxing::RXingResult::with_decoder_result(
                decoded,
                sampled.getPoints(),
                rxing::BarcodeFormat::QR_CODE,
            ));
        }
    }
    named(results)
}

/// Each result's text once, named for what it holds.
fn named(results: Vec<rxing::RXingResult>) -> Vec<FoundCode> {
    let mut found: Vec<FoundCode> = Vec::new();
    for result in results {
        let text = result.getText().to_owned();
        let code = FoundCode {
            kind: classify(&text),
            text,
        };
        if !found.contains(&code) {
            found.push(code);
        }
    }
    found
}

/// `grey`, scaled down by a whole factor so that its longer side is at most [`SCAN_SIDE`]:
/// each pixel the mean of a square of the original's. A box filter keeps a code's modules
/// sharp, and it is one pass of additions (a fuzzed 1032 x 8200 JPEG spent seconds in a
/// general resampler).
fn scaled_to_scan(grey: GrayImage) -> GrayImage {
    let longer = grey.width().max(grey.height());
    if longer <= SCAN_SIDE {
        return grey;
    }
    let factor = longer.div_ceil(SCAN_SIDE);
    let (width, height) = (
        (grey.width() / factor).max(1),
        (grey.height() / factor).max(1),
    );
    let mut sums = vec![0u32; (width * height) as usize];
    for (x, y, pixel) in grey.enumerate_pixels() {
        let (column, row) = (x / factor, y / factor);
        if column < width && row < height {
            sums[(row * width + column) as usize] += u32::from(pixel[0]);
        }
    }
    let area = factor * factor;
    GrayImage::from_fn(width, height, |x, y| {
        // The mean of at most 255 * area, divided by area: always a grey level.
        image::Luma([(sums[(y * width + x) as usize] / area) as u8])
    })
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
    fn sizes_beyond_the_limits_are_refused() {
        assert!(check_size(MAX_SIDE, 4_000).is_ok());
        assert_eq!(
            check_size(MAX_SIDE + 1, 10),
            Err(ScanError::TooLarge {
                width: MAX_SIDE + 1,
                height: 10
            })
        );
        assert!(check_size(10, MAX_SIDE + 1).is_err());
        // 8 000 x 7 000 is within both sides but 56 megapixels.
        assert!(check_size(8_000, 7_000).is_err());
    }

    #[test]
    fn large_images_are_scaled_to_the_scan_side() {
        let scaled = scaled_to_scan(GrayImage::new(6_000, 1_500));
        assert_eq!((scaled.width(), scaled.height()), (SCAN_SIDE, 750));
        // 1032 x 8200 (the fuzzer's slow JPEG) shrinks by 3 to 344 x 2733.
        let tall = scaled_to_scan(GrayImage::from_pixel(1_032, 8_200, image::Luma([90])));
        assert_eq!((tall.width(), tall.height()), (344, 2_733));
        assert!(
            tall.pixels().all(|pixel| pixel[0] == 90),
            "a flat grey stays that grey"
        );
        let small = scaled_to_scan(GrayImage::new(800, 600));
        assert_eq!((small.width(), small.height()), (800, 600));
    }

    #[test]
    fn a_lattice_of_finder_like_rings_is_not_searched_for_codes() {
        // The fuzzer's JPEG (229 bytes, 1032 x 2055): inverted, it thresholds to a lattice.
        let image = decode_image(include_bytes!("../tests/vectors/jpeg-finder-lattice.jpg"));
        let mut lattice = bitmap(scaled_to_scan(image.unwrap().to_luma8())).unwrap();
        lattice.invert();
        let quick = rxing::qrcode::cpp_port::detector::FindFinderPatterns(
            lattice.get_black_matrix(),
            false,
            0,
        );
        assert!(quick.len() > MAX_QUICK_FINDER_PATTERNS, "{}", quick.len());
        assert_eq!(every_code(&mut lattice), Vec::new());
    }

    #[test]
    fn unreadable_bytes_are_an_error() {
        assert!(matches!(
            scan_bytes(b"not an image"),
            Err(ScanError::Unreadable(_))
        ));
    }
}
