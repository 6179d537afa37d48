//! QR codes (and common 1-D barcodes) on a scanned page.
//!
//! Receipts ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả") carry the dossier code,
//! e.g. `000.00.00.H30-250312-0012`, as a QR code. This runs on every page before
//! OCR, so it is built for speed:
//!
//! 1. the page is box-averaged down to about 150 dpi (2×2 at 300 dpi, 2×2 →
//!    100 dpi at 200 dpi) and binarized once (rxing's `HybridBinarizer`);
//! 2. QR codes are searched on that bitmap with rxing's port of zxing-cpp's
//!    reader (`QrReader`), QR only;
//! 3. around finder patterns of the reduced page that no decoded symbol
//!    accounts for (a dense or tiny symbol), a window of the full-resolution page
//!    is searched again (at most [`MAX_WINDOWS`] windows);
//! 4. 1-D codes (Code 128, Code 39, EAN/UPC) are read along full-resolution scan
//!    lines, rows and columns, every [`LINE_STEP_IN`] inch, and kept only when
//!    two scan lines agree.
//!
//! `dpi` is the page's resolution; pass 0 (or NaN) when unknown: it is then
//! guessed from the page size, as if the page were A4.
//!
//! Measured on a 2-core AMD EPYC VM (release build, A4 at 300 dpi, median of 9):
//! blank page 13 ms; text page 16.5 ms; receipt with a QR code 16.5 ms (rotated,
//! skewed: 16–22 ms); Code 128 22 ms; dense QR read in a full-resolution
//! window 21 ms.
//!
//! rxing is third-party code: every call into it runs under `catch_unwind`, and a
//! panic yields an empty result. Nothing is printed here.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::GrayImage;
use rxing::common::{BitArray, GlobalHistogramBinarizer, HybridBinarizer};
use rxing::multi::MultipleBarcodeReader;
use rxing::oned::{MultiFormatOneDReader, OneDReader};
use rxing::qrcode::cpp_port::QrReader;
use rxing::qrcode::cpp_port::detector::FindFinderPatterns;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source, LuminanceSource, RXingResult};

/// Resolution the page is reduced to for the first, fast pass.
const FAST_DPI: f32 = 150.0;
/// Largest box used for the reduction (600 dpi → 4×4).
const MAX_FACTOR: u32 = 4;
/// Pages smaller than this (either side) cannot hold a readable code.
const MIN_SIDE: u32 = 21;
/// Most full-resolution windows tried around unexplained finder patterns.
const MAX_WINDOWS: usize = 4;
/// 1-D scan-line spacing, in inches (≈ 1.4 mm): a barcode at least 3 mm tall is
/// crossed by two lines.
const LINE_STEP_IN: f32 = 0.055;

/// Texts of the QR codes (and barcodes) found on a grayscale page, each once, in reading order.
/// Never panics; returns an empty Vec when nothing is found or the decoder fails.
pub(crate) fn find_codes(page: &GrayImage, dpi: f32) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(|| find_codes_inner(page, dpi))).unwrap_or_default()
}

/// One decoded symbol, with its box in full-page pixel coordinates.
#[derive(Debug, Clone)]
struct Found {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Found {
    fn from_result(r: &RXingResult, scale: f32) -> Option<Self> {
        let text = r.getText().trim();
        if text.is_empty() {
            return None;
        }
        let pts = r.getPoints();
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in pts.iter().filter(|p| p.x.is_finite() && p.y.is_finite()) {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        if x0 > x1 {
            (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0);
        }
        Some(Self { text: text.to_owned(), x0: x0 * scale, y0: y0 * scale, x1: x1 * scale, y1: y1 * scale })
    }

    fn shift(&mut self, dx: f32, dy: f32) {
        self.x0 += dx;
        self.x1 += dx;
        self.y0 += dy;
        self.y1 += dy;
    }

    /// Whether (x, y) lies inside the box grown by `margin`.
    fn contains(&self, x: f32, y: f32, margin: f32) -> bool {
        x >= self.x0 - margin && x <= self.x1 + margin && y >= self.y0 - margin && y <= self.y1 + margin
    }
}

fn find_codes_inner(page: &GrayImage, dpi: f32) -> Vec<String> {
    let (w, h) = page.dimensions();
    if w < MIN_SIDE || h < MIN_SIDE {
        return Vec::new();
    }
    let dpi = effective_dpi(w, h, dpi);
    let factor = reduction(dpi);

    let mut found = qr_pass(page, factor);
    found.extend(scan_1d(page, dpi));
    reading_order(found, dpi)
}

/// QR codes: on the page reduced by `factor`; then, around each finder pattern
/// of the reduced page that no decoded symbol accounts for (a dense or tiny
/// symbol), again at full resolution.
fn qr_pass(page: &GrayImage, factor: u32) -> Vec<Found> {
    let (w, h) = page.dimensions();
    let scale = factor as f32;
    let (mut found, unexplained) = {
        let small;
        let (data, sw, sh): (&[u8], u32, u32) = if factor > 1 {
            small = downscale(page, factor);
            (&small.0, small.1, small.2)
        } else {
            (page.as_raw(), w, h)
        };
        let Ok(source) = Luma8Source::new_with_slice(data, sw, sh) else {
            return Vec::new();
        };
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
        let found: Vec<Found> = decode_qr(&mut bitmap).iter().filter_map(|r| Found::from_result(r, scale)).collect();
        let unexplained: Vec<(f32, f32, f32)> = if factor > 1 {
            FindFinderPatterns(bitmap.get_black_matrix(), true, 0)
                .iter()
                .map(|fp| (fp.p.x * scale, fp.p.y * scale, fp.size as f32 * scale))
                .filter(|&(x, y, size)| !found.iter().any(|f| f.contains(x, y, size)))
                .collect()
        } else {
            Vec::new()
        };
        (found, unexplained)
    };
    if unexplained.is_empty() {
        return found;
    }
    let Ok(source) = Luma8Source::new_with_slice(page.as_raw(), w, h) else {
        return found;
    };
    let mut windows: Vec<[u32; 4]> = Vec::new();
    for (x, y, size) in unexplained {
        if windows.len() == MAX_WINDOWS {
            break;
        }
        if windows.iter().any(|&[x0, y0, x1, y1]| x >= x0 as f32 && x < x1 as f32 && y >= y0 as f32 && y < y1 as f32) {
            continue;
        }
        // The pattern is 7 modules wide and sits in a corner of the symbol:
        // leave room for a version-20 symbol (97 modules + quiet zone) on any side.
        let reach = size / 7.0 * 105.0;
        // Corners on multiples of 8 (the binarizer's block size) binarize the
        // window exactly as the whole page would be.
        let clip = |v: f32, max: u32| v.clamp(0.0, max as f32) as u32;
        let win = [clip(x - reach, w) & !7, clip(y - reach, h) & !7, clip(x + reach, w), clip(y + reach, h)];
        if win[2] - win[0] < MIN_SIDE || win[3] - win[1] < MIN_SIDE {
            continue;
        }
        windows.push(win);
        let [x0, y0, x1, y1] = win;
        let crop = source.crop(x0 as usize, y0 as usize, (x1 - x0) as usize, (y1 - y0) as usize);
        let Ok(crop) = crop else { continue };
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(crop));
        found.extend(decode_qr(&mut bitmap).iter().filter_map(|r| {
            let mut f = Found::from_result(r, 1.0)?;
            f.shift(x0 as f32, y0 as f32);
            Some(f)
        }));
    }
    found
}

/// Box size for the fast pass: the smallest that brings the page to at most
/// [`FAST_DPI`], unless that would drop below 95 dpi (so 200 dpi → 100 dpi,
/// 300 → 150, 400 → 133, 600 → 150, 160 → unchanged).
fn reduction(dpi: f32) -> u32 {
    let f = ((dpi / FAST_DPI).ceil() as u32).clamp(1, MAX_FACTOR);
    if f > 1 && dpi / (f as f32) < 95.0 { f - 1 } else { f }
}

/// The resolution to plan with: the stated one if credible, else a guess that the
/// page is A4-sized (long side 11.69 in).
fn effective_dpi(w: u32, h: u32, dpi: f32) -> f32 {
    if dpi.is_finite() && (50.0..=2400.0).contains(&dpi) { dpi } else { (w.max(h) as f32 / 11.69).clamp(72.0, 1200.0) }
}

/// Box-average `page` by `f`×`f` (the right and bottom remainders are dropped).
fn downscale(page: &GrayImage, f: u32) -> (Vec<u8>, u32, u32) {
    let (w, h) = page.dimensions();
    let (sw, sh) = ((w / f) as usize, (h / f) as usize);
    let (f, w) = (f as usize, w as usize);
    let src = page.as_raw();
    let mut out = vec![0u8; sw * sh];
    if f == 2 {
        for (out_row, rows) in out.chunks_exact_mut(sw).zip(src.chunks_exact(2 * w)) {
            let (a, b) = rows.split_at(w);
            for (o, (p, q)) in out_row.iter_mut().zip(a.chunks_exact(2).zip(b.chunks_exact(2))) {
                let s = u16::from(p[0]) + u16::from(p[1]) + u16::from(q[0]) + u16::from(q[1]);
                *o = ((s + 2) >> 2) as u8;
            }
        }
        return (out, sw as u32, sh as u32);
    }
    let area = (f * f) as u16;
    let mut sums = vec![0u16; sw];
    for (out_row, rows) in out.chunks_exact_mut(sw).zip(src.chunks_exact(f * w)) {
        sums.fill(0);
        for row in rows.chunks_exact(w) {
            for (s, px) in sums.iter_mut().zip(row.chunks_exact(f)) {
                *s += px.iter().map(|&v| u16::from(v)).sum::<u16>();
            }
        }
        for (o, &s) in out_row.iter_mut().zip(&sums) {
            *o = ((s + area / 2) / area) as u8;
        }
    }
    (out, sw as u32, sh as u32)
}

fn decode_qr<B: rxing::Binarizer>(bitmap: &mut BinaryBitmap<B>) -> Vec<RXingResult> {
    let hints = DecodeHints {
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        // Only makes the finder search visit every third row: cheap at 150 dpi.
        TryHarder: Some(true),
        ..DecodeHints::default()
    };
    QrReader.decode_multiple_with_hints(bitmap, &hints).unwrap_or_default()
}

/// 1-D codes (Code 128, Code 39, EAN/UPC) read along full-resolution scan lines,
/// rows and columns, every [`LINE_STEP_IN`]. Each scan line is the average of a
/// few adjacent pixel lines (bars are long, noise is not) and is thresholded on
/// its own histogram. A text counts only when two scan lines read it: a single
/// line through text can fake a Code 39 or EAN read.
fn scan_1d(page: &GrayImage, dpi: f32) -> Vec<Found> {
    let hints = DecodeHints {
        PossibleFormats: Some(HashSet::from([
            BarcodeFormat::CODE_128,
            BarcodeFormat::CODE_39,
            BarcodeFormat::EAN_13,
            BarcodeFormat::EAN_8,
            BarcodeFormat::UPC_A,
        ])),
        ..DecodeHints::default()
    };
    let mut reader = MultiFormatOneDReader::new(&hints);
    let step = ((dpi * LINE_STEP_IN).round() as usize).max(2);
    let thick = ((dpi / 100.0).round() as usize).clamp(1, 4);

    let mut reads: Vec<Found> = Vec::new();
    for horizontal in [true, false] {
        let (lines, positions, len) = sample_lines(page, horizontal, step, thick);
        let Ok(source) = Luma8Source::new(lines, len as u32, positions.len() as u32) else {
            continue;
        };
        let bitmap = BinaryBitmap::new(GlobalHistogramBinarizer::new(source));
        for (i, &pos) in positions.iter().enumerate() {
            let Ok(line) = bitmap.get_black_row(i) else {
                continue;
            };
            if let Some(f) = decode_line(&mut reader, &hints, line.into_owned(), pos, horizontal) {
                reads.push(f);
            }
        }
    }

    // Merge the lines per text; keep texts read at least twice.
    let mut merged: Vec<(Found, usize)> = Vec::new();
    for f in reads {
        match merged.iter_mut().find(|(m, _)| m.text == f.text) {
            Some((m, n)) => {
                m.x0 = m.x0.min(f.x0);
                m.y0 = m.y0.min(f.y0);
                m.x1 = m.x1.max(f.x1);
                m.y1 = m.y1.max(f.y1);
                *n += 1;
            }
            None => merged.push((f, 1)),
        }
    }
    merged.into_iter().filter(|(_, n)| *n >= 2).map(|(f, _)| f).collect()
}

/// Scan lines of `page` as the rows of one buffer: every `step` pixels, the
/// average of `thick` adjacent rows (or columns). Returns the buffer, the
/// position of each line and the line length.
fn sample_lines(page: &GrayImage, horizontal: bool, step: usize, thick: usize) -> (Vec<u8>, Vec<u32>, usize) {
    let (w, h) = (page.width() as usize, page.height() as usize);
    let src = page.as_raw();
    let (len, across) = if horizontal { (w, h) } else { (h, w) };
    let positions: Vec<u32> = (step / 2..across.saturating_sub(thick)).step_by(step).map(|p| p as u32).collect();
    let n = positions.len();
    let mut sums = vec![0u16; n * len];
    if horizontal {
        for (i, &p) in positions.iter().enumerate() {
            let dst = &mut sums[i * len..(i + 1) * len];
            for row in src[p as usize * w..].chunks_exact(w).take(thick) {
                for (d, &v) in dst.iter_mut().zip(row) {
                    *d += u16::from(v);
                }
            }
        }
    } else {
        for (y, row) in src.chunks_exact(w).enumerate() {
            for (i, &p) in positions.iter().enumerate() {
                let p = p as usize;
                sums[i * len + y] = row[p..p + thick].iter().map(|&v| u16::from(v)).sum();
            }
        }
    }
    let t = thick as u16;
    let lines = sums.iter().map(|&s| ((s + t / 2) / t) as u8).collect();
    (lines, positions, len)
}

/// Decode one binarized scan line, both directions; the box is in page pixels.
fn decode_line(
    reader: &mut MultiFormatOneDReader,
    hints: &DecodeHints,
    mut line: BitArray,
    pos: u32,
    horizontal: bool,
) -> Option<Found> {
    let len = line.get_size() as f32;
    for reversed in [false, true] {
        if reversed {
            line.reverse();
        }
        let Ok(r) = reader.decode_row(pos, &line, hints) else {
            continue;
        };
        let text = r.getText().trim();
        if text.is_empty() {
            return None;
        }
        let (mut a, mut b) = match r.getPoints() {
            [p, q, ..] => (p.x.min(q.x), p.x.max(q.x)),
            _ => (0.0, len),
        };
        if reversed {
            (a, b) = (len - b, len - a);
        }
        let n = pos as f32;
        let (x0, y0, x1, y1) = if horizontal { (a, n, b, n) } else { (n, a, n, b) };
        return Some(Found { text: text.to_owned(), x0, y0, x1, y1 });
    }
    None
}

/// Top-to-bottom, then left-to-right for codes side by side (vertical
/// extents overlapping), each text once.
fn reading_order(mut found: Vec<Found>, dpi: f32) -> Vec<String> {
    found.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let slack = dpi * 0.1;
    let mut lines: Vec<Vec<Found>> = Vec::new();
    for f in found {
        match lines.last_mut() {
            Some(line) if line.iter().any(|g| f.y0 <= g.y1 + slack) => line.push(f),
            _ => lines.push(vec![f]),
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        for f in line {
            if seen.insert(f.text.clone()) {
                out.push(f.text);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;
    use image::imageops::{overlay, rotate90};
    use rxing::Writer;
    use rxing::oned::Code128Writer;
    use rxing::qrcode::QRCodeWriter;

    const CODE: &str = "000.00.00.H30-250312-0012";

    /// A QR symbol for `text`, `module` pixels per module, 4-module quiet zone.
    fn qr_image(text: &str, module: u32) -> GrayImage {
        let m = QRCodeWriter.encode(text, &BarcodeFormat::QR_CODE, 0, 0).expect("encode");
        GrayImage::from_fn(m.getWidth() * module, m.getHeight() * module, |x, y| {
            Luma([if m.get(x / module, y / module) { 0 } else { 255 }])
        })
    }

    /// A white A4 page at 300 dpi with `symbol` pasted at (x, y).
    fn a4_with(symbol: &GrayImage, x: u32, y: u32) -> GrayImage {
        let mut page = a4_page();
        overlay(&mut page, symbol, i64::from(x), i64::from(y));
        page
    }

    fn a4_page() -> GrayImage {
        GrayImage::from_pixel(2480, 3508, Luma([255]))
    }

    /// Deterministic xorshift, no extra dev-dependency.
    fn noise(seed: u64) -> impl FnMut() -> u64 {
        let mut s = seed;
        move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        }
    }

    #[test]
    fn finds_the_dossier_code_top_right() {
        // 37 modules (quiet zone included) × 8 px ≈ 2.5 cm at 300 dpi.
        let qr = qr_image(CODE, 8);
        let page = a4_with(&qr, 2480 - qr.width() - 150, 150);
        assert_eq!(find_codes(&page, 300.0), vec![CODE.to_owned()]);
        // Unknown resolution: guessed from the page size.
        assert_eq!(find_codes(&page, 0.0), vec![CODE.to_owned()]);
        // The scanner fed the page in sideways.
        assert_eq!(find_codes(&rotate90(&page), 300.0), vec![CODE.to_owned()]);
    }

    #[test]
    fn dense_small_code_is_read_at_full_resolution() {
        // Version 10-ish at 3 px/module: 1.5 px/module on the reduced page.
        let text = format!("{CODE}|{}", "Nguyễn Văn Thành, phường Hàng Bài; ".repeat(4));
        let qr = qr_image(&text, 3);
        let page = a4_with(&qr, 1900, 200);
        assert_eq!(find_codes(&page, 300.0), vec![text.trim().to_owned()]);
    }

    #[test]
    fn finds_a_code_128() {
        let m = Code128Writer.encode(CODE, &BarcodeFormat::CODE_128, 0, 0).expect("encode");
        // 3 px (0.25 mm) per module, 1 cm tall.
        let bars = GrayImage::from_fn(m.getWidth() * 3, 120, |x, _| Luma([if m.get(x / 3, 0) { 0 } else { 255 }]));
        let page = a4_with(&bars, 300, 3000);
        assert_eq!(find_codes(&page, 300.0), vec![CODE.to_owned()]);
        assert_eq!(find_codes(&rotate90(&page), 300.0), vec![CODE.to_owned()]);
    }

    #[test]
    fn several_codes_come_in_reading_order_once_each() {
        let (a, b) = (qr_image("A-first", 8), qr_image("B-second", 8));
        let mut page = a4_page();
        overlay(&mut page, &b, 1800, 200);
        overlay(&mut page, &a, 200, 230);
        overlay(&mut page, &a, 200, 2800);
        assert_eq!(find_codes(&page, 300.0), vec!["A-first", "B-second"]);
    }

    #[test]
    fn blank_page_is_empty() {
        assert!(find_codes(&a4_page(), 300.0).is_empty());
        assert!(find_codes(&GrayImage::new(2480, 3508), 300.0).is_empty());
    }

    #[test]
    fn random_noise_is_empty_and_does_not_panic() {
        let mut rng = noise(0x9E37_79B9_7F4A_7C15);
        let page = GrayImage::from_fn(2480, 3508, |_, _| Luma([(rng() & 0xff) as u8]));
        assert!(find_codes(&page, 300.0).is_empty());
        let mut rng = noise(42);
        let page = GrayImage::from_fn(2480, 3508, |_, _| Luma([if rng() & 1 == 0 { 0 } else { 255 }]));
        assert!(find_codes(&page, 300.0).is_empty());
    }

    #[test]
    fn degenerate_inputs_are_empty() {
        assert!(find_codes(&GrayImage::new(0, 0), 300.0).is_empty());
        assert!(find_codes(&GrayImage::new(5, 3000), 300.0).is_empty());
        assert!(find_codes(&GrayImage::new(3000, 22), 300.0).is_empty());
        assert!(find_codes(&a4_page(), f32::NAN).is_empty());
        assert!(find_codes(&a4_page(), -1.0).is_empty());
        assert!(find_codes(&a4_page(), f32::INFINITY).is_empty());
    }

    #[test]
    fn reduction_factors() {
        let got: Vec<u32> =
            [72.0, 150.0, 160.0, 200.0, 300.0, 400.0, 600.0, 1200.0].into_iter().map(reduction).collect();
        assert_eq!(got, vec![1, 1, 1, 2, 2, 3, 4, 4]);
    }
}
