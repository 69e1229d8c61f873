//! The QR decoder over generated images: every asset and format, 1024-character messages (large
//! QR versions), rotations, small modules, noise, low contrast, inverted colours, two codes in one
//! image, and codes that are not AOPP links.

use image::{DynamicImage, GrayImage, Luma};
use qrcode::{EcLevel, QrCode};
use url::form_urlencoded;
use wallet_core::scan::{scan, scan_bytes, CodeKind, FoundCode, ScanError, SCAN_SIDE};

fn link(message: &str, asset: &str, format: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("v", "0")
        .append_pair("msg", message)
        .append_pair("asset", asset)
        .append_pair("format", format)
        .append_pair("callback", "https://vasp.example/proofs/2238833c7ff51f53")
        .finish();
    format!("aopp:?{query}")
}

fn long_message() -> String {
    let line =
        "I confirm that this address is controlled by Jennifer Cox, Poststrasse 22, Zug. +&=% ";
    let mut message = String::new();
    while message.len() < 1024 {
        message.push_str(line);
        message.push('\n');
    }
    message.truncate(1024);
    message
}

/// Black modules on white, `module` pixels each, with the standard quiet zone.
fn qr(text: &str, module: u32) -> GrayImage {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .unwrap()
        .render::<Luma<u8>>()
        .module_dimensions(module, module)
        .build()
}

/// Rotates about the centre by `degrees` onto a white canvas large enough for every corner.
fn rotate(image: &GrayImage, degrees: f64) -> GrayImage {
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let side = (w * w + h * h).sqrt().ceil() as u32 + 2;
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w / 2.0, h / 2.0);
    let half = f64::from(side) / 2.0;
    GrayImage::from_fn(side, side, |x, y| {
        let (dx, dy) = (f64::from(x) - half, f64::from(y) - half);
        let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
        Luma([bilinear(image, sx, sy)])
    })
}

fn bilinear(image: &GrayImage, x: f64, y: f64) -> u8 {
    let pixel = |px: i64, py: i64| -> f64 {
        if px < 0 || py < 0 || px >= i64::from(image.width()) || py >= i64::from(image.height()) {
            255.0
        } else {
            f64::from(image.get_pixel(px as u32, py as u32)[0])
        }
    };
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as i64, y0 as i64);
    let top = pixel(x0, y0) * (1.0 - fx) + pixel(x0 + 1, y0) * fx;
    let bottom = pixel(x0, y0 + 1) * (1.0 - fx) + pixel(x0 + 1, y0 + 1) * fx;
    (top * (1.0 - fy) + bottom * fy).round() as u8
}

/// Adds deterministic noise of ±`amount` grey levels.
fn noisy(image: &GrayImage, amount: i32) -> GrayImage {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut out = image.clone();
    for pixel in out.pixels_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let delta = (state % (2 * amount as u64 + 1)) as i32 - amount;
        pixel[0] = (i32::from(pixel[0]) + delta).clamp(0, 255) as u8;
    }
    out
}

/// Squeezes black and white together: black becomes 96, white 160.
fn low_contrast(image: &GrayImage) -> GrayImage {
    let mut out = image.clone();
    for pixel in out.pixels_mut() {
        pixel[0] = 96 + (u16::from(pixel[0]) * 64 / 255) as u8;
    }
    out
}

fn inverted(image: &GrayImage) -> GrayImage {
    let mut out = image.clone();
    image::imageops::invert(&mut out);
    out
}

/// Several images side by side on a white canvas.
fn side_by_side(images: &[GrayImage]) -> GrayImage {
    let width = images.iter().map(GrayImage::width).sum::<u32>() + 40 * images.len() as u32;
    let height = images.iter().map(GrayImage::height).max().unwrap_or(0) + 40;
    let mut canvas = GrayImage::from_pixel(width, height, Luma([255]));
    let mut x = 20;
    for image in images {
        image::imageops::overlay(&mut canvas, image, i64::from(x), 20);
        x += image.width() + 40;
    }
    canvas
}

fn texts(image: GrayImage) -> Vec<FoundCode> {
    scan(&DynamicImage::ImageLuma8(image))
}

fn aopp_links() -> Vec<String> {
    let mut links: Vec<String> = [
        ("btc", "p2pkh"),
        ("btc", "p2sh"),
        ("btc", "p2wpkh"),
        ("btc", "p2tr"),
        ("btc", "any"),
        ("eth", "standard"),
    ]
    .iter()
    .map(|(asset, format)| {
        link(
            "I confirm this address. Nonce 2238833c7ff51f53",
            asset,
            format,
        )
    })
    .collect();
    links.push(link(&long_message(), "btc", "any"));
    links
}

/// Decodes each variant of each link; returns the variants that failed.
/// A named change to an image.
type Variant = (&'static str, fn(&GrayImage) -> GrayImage);

fn failures(variants: &[Variant], module: u32) -> Vec<String> {
    let mut failed = Vec::new();
    for text in aopp_links() {
        let base = qr(&text, module);
        for (name, transform) in variants {
            let found = texts(transform(&base));
            let expected = vec![FoundCode {
                kind: CodeKind::Aopp,
                text: text.clone(),
            }];
            if found != expected {
                failed.push(format!("{name} ({} chars): {found:?}", text.len()));
            }
        }
    }
    failed
}

#[test]
fn every_asset_and_format_and_a_1024_character_message_decode_exactly() {
    assert_eq!(
        failures(&[("plain", |image| image.clone())], 4),
        Vec::<String>::new()
    );
}

const ROTATIONS: [Variant; 7] = [
    ("0°", |image| rotate(image, 0.0)),
    ("15°", |image| rotate(image, 15.0)),
    ("30°", |image| rotate(image, 30.0)),
    ("45°", |image| rotate(image, 45.0)),
    ("60°", |image| rotate(image, 60.0)),
    ("75°", |image| rotate(image, 75.0)),
    ("90°", |image| rotate(image, 90.0)),
];

#[test]
fn every_rotation_from_0_to_90_degrees_decodes_for_every_link() {
    // The 1024-character message is a version 31 code of 141 modules, whose alignment patterns
    // resampling blurs most at 4 pixels a module.
    for module in [4, 6] {
        assert_eq!(
            failures(&ROTATIONS, module),
            Vec::<String>::new(),
            "{module} px"
        );
    }
}

#[test]
fn modules_down_to_2_pixels_decode() {
    for module in [2, 3, 6] {
        assert_eq!(
            failures(&[("scaled", |image| image.clone())], module),
            Vec::<String>::new(),
            "{module} px"
        );
    }
}

#[test]
fn noise_low_contrast_and_inverted_colours_decode() {
    let variants: [Variant; 3] = [
        ("noise ±40", |image| noisy(image, 40)),
        ("low contrast", low_contrast),
        ("inverted", inverted),
    ];
    assert_eq!(failures(&variants, 4), Vec::<String>::new());
}

#[test]
fn two_codes_in_one_image_are_both_found_and_named() {
    let aopp = link("Nonce 1", "btc", "p2wpkh");
    let address = "bitcoin:bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu";
    let mut found = texts(side_by_side(&[qr(&aopp, 4), qr(address, 4)]));
    found.sort_by(|a, b| a.text.cmp(&b.text));
    assert_eq!(
        found,
        vec![
            FoundCode {
                kind: CodeKind::Aopp,
                text: aopp
            },
            FoundCode {
                kind: CodeKind::Bitcoin,
                text: address.to_owned()
            },
        ]
    );
}

#[test]
fn codes_that_are_not_aopp_links_are_named_for_what_they_are() {
    let cases = [
        (
            "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
            CodeKind::Bitcoin,
        ),
        (
            "ethereum:0x9858EfFD232B4033E47d90003D41EC34EcaEda94",
            CodeKind::Ethereum,
        ),
        (
            "ta2W2HPKfHxgSgrzY178knqXHg1H3jfeQrwQ9JrKBs9wv",
            CodeKind::TravelAddress,
        ),
        ("https://vasp.example/withdraw", CodeKind::Other),
    ];
    for (text, kind) in cases {
        assert_eq!(
            texts(qr(text, 4)),
            vec![FoundCode {
                kind,
                text: text.to_owned()
            }],
            "{text}"
        );
    }
}

#[test]
fn an_image_without_a_code_yields_nothing() {
    assert!(texts(GrayImage::from_pixel(640, 480, Luma([200]))).is_empty());
}

/// A PNG whose header claims `width` x `height` grey pixels (its data is one small image's).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    DynamicImage::ImageLuma8(GrayImage::from_pixel(4, 4, Luma([128])))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    // Signature (8), IHDR length (4), "IHDR" (4), width, height, … , CRC over type and data.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

#[test]
fn a_20000_pixel_square_png_is_refused_from_its_header() {
    assert_eq!(
        scan_bytes(&png_claiming(20_000, 20_000)),
        Err(ScanError::TooLarge {
            width: 20_000,
            height: 20_000
        })
    );
    assert_eq!(
        scan_bytes(&png_claiming(20_000, 20_000))
            .unwrap_err()
            .code(),
        "image_too_large"
    );
    // The header patch itself is sound: the same file at its real size reads.
    assert_eq!(scan_bytes(&png_claiming(4, 4)), Ok(Vec::new()));
}

#[test]
fn a_code_in_an_image_larger_than_the_scan_side_is_still_found() {
    let link = aopp_links().remove(0);
    let code = qr(&link, 12);
    let mut large = GrayImage::from_pixel(SCAN_SIDE * 2, SCAN_SIDE, Luma([255]));
    image::imageops::overlay(&mut large, &code, 500, 500);
    let found = texts(large);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, link);
}

#[test]
fn a_jpeg_whose_coefficients_overflow_is_read_without_a_panic() {
    // Found by `scripts/fuzz.sh` (scan_image): a 329-byte JPEG whose DC coefficient times its
    // quantiser overflows i32 in zune-jpeg 0.5.15's block decoder. Builds with overflow checks
    // panicked there; the workspace turns them off for zune-jpeg alone, as in the release app,
    // where the product wraps to a wrong pixel. No code is in it.
    let bytes = include_bytes!("vectors/jpeg-dc-overflow.jpg");
    assert_eq!(scan_bytes(bytes), Ok(Vec::new()));
}
