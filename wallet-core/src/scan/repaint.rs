//! What rqrr's finder-pattern search may cost on a picture, bounded before it runs: rqrr keeps
//! 251 regions coloured, and on a picture whose rows cross more dark regions than that (a
//! lattice, as fuzzed JPEGs threshold to) it refills them row after row, for seconds to
//! minutes.

use image::GrayImage;

/// How many regions rqrr keeps coloured in; a region pushed out is repainted black and flood
/// filled again the next time a finder-pattern candidate touches it (rqrr 0.11,
/// `PreparedImage::get_region`).
const RQRR_REGION_CACHE: usize = 251;

/// Pixels repainted beyond which a picture is not searched for codes: about a quarter of a
/// second of rqrr on this machine. Screenshots, photos of codes and the app's own screens need
/// none (no row of them crosses more regions than rqrr keeps); two fuzzed JPEGs whose
/// threshold is a lattice of tall regions needed 1.0 G (2.6 s and 5.0 s).
pub(super) const MAX_REPAINTED_PIXELS: u64 = 100_000_000;

/// A bound on the pixels rqrr's finder-pattern search repaints in `prepared`: on a row that
/// crosses more dark regions than rqrr keeps coloured, each of them may be pushed out and
/// filled again, so the row may cost the sum of their sizes. Rows within the cache cost nothing
/// beyond the first fill of each region. One labelling pass and one pass a row.
pub(super) fn repaint_bound(prepared: &rqrr::PreparedImage<GrayImage>) -> u64 {
    let (width, height) = (prepared.width(), prepared.height());
    // rqrr's colour 1 is black, its thresholded dark.
    let dark: Vec<bool> = (0..width * height)
        .map(|at| u8::from(prepared.get_pixel_at(at % width, at / width)) == 1)
        .collect();
    let (labels, sizes) = dark_regions(&dark, width, height);
    let mut last_row = vec![usize::MAX; sizes.len()];
    let mut bound = 0u64;
    for (y, row) in labels.chunks(width.max(1)).enumerate() {
        let (mut crossed, mut pixels) = (0usize, 0u64);
        for &label in row {
            if label == LIGHT {
                continue;
            }
            let label = label as usize;
            if last_row[label] != y {
                last_row[label] = y;
                crossed += 1;
                pixels += sizes[label];
            }
        }
        if crossed > RQRR_REGION_CACHE {
            bound = bound.saturating_add(pixels);
        }
    }
    bound
}

/// The label of a light pixel in [`dark_regions`].
const LIGHT: u32 = u32::MAX;

/// The 4-connected dark regions of a `width` x `height` bitmap (as rqrr's flood fill joins
/// them): each pixel's region ([`LIGHT`] if it is light), and each region's size. A bitmap has
/// fewer pixels than `u32::MAX` ([`super::MAX_PIXELS`], and scanning shrinks it further).
fn dark_regions(dark: &[bool], width: usize, height: usize) -> (Vec<u32>, Vec<u64>) {
    let mut labels = vec![LIGHT; dark.len()];
    let mut sizes = Vec::new();
    let mut stack = Vec::new();
    for start in 0..dark.len() {
        if labels[start] != LIGHT || !dark[start] {
            continue;
        }
        let label = sizes.len();
        sizes.push(0);
        labels[start] = label as u32;
        stack.push(start);
        while let Some(at) = stack.pop() {
            sizes[label] += 1;
            let (x, y) = (at % width, at / width);
            let neighbours = [
                (x > 0).then(|| at - 1),
                (x + 1 < width).then(|| at + 1),
                (y > 0).then(|| at - width),
                (y + 1 < height).then(|| at + width),
            ];
            for next in neighbours.into_iter().flatten() {
                if labels[next] == LIGHT && dark[next] {
                    labels[next] = label as u32;
                    stack.push(next);
                }
            }
        }
    }
    (labels, sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rows_crossing_more_regions_than_rqrr_keeps_count_toward_the_repaint_bound() {
        let prepared = |image: GrayImage| rqrr::PreparedImage::prepare(image);
        // 4-pixel modules in a checkerboard, as dense as a QR code can be: 125 regions a row.
        let modules = GrayImage::from_fn(1_000, 1_000, |x, y| {
            image::Luma([if (x / 4 + y / 4) % 2 == 0 { 0 } else { 255 }])
        });
        assert_eq!(repaint_bound(&prepared(modules)), 0);
        // 300 dark columns, each a region of 1 000 pixels, on a light background: every row
        // crosses all 300, more than the 251 rqrr keeps, so every row may refill them all.
        let columns = GrayImage::from_fn(1_200, 1_000, |x, _| {
            image::Luma([if x % 4 == 0 { 0 } else { 255 }])
        });
        assert_eq!(repaint_bound(&prepared(columns)), 1_000 * 300 * 1_000);
    }
}
