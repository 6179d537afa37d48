//! Getting a scanned page's image straight out of a PDF, without rasterising.
//!
//! A scanned page is usually one image XObject drawn over the whole page. When that is so,
//! decoding the image itself is faster than rendering the page and gives the scanner's own
//! pixels. [`page_image`] finds the images the page really draws (by reading the content
//! stream, so images that a shared /Resources dictionary lists but this page never draws are
//! not taken), picks the main one, decodes it to 8-bit gray, turns it upright as the page
//! displays it (the image's placement matrix and the page's /Rotate together) and computes its
//! dpi from its placement. Anything it can't do exactly comes back as
//! [`PageImage::NeedsRender`] with the reason, so the caller can rasterise with `pdftoppm`.
//! `Err` is kept for a missing page object and for images over the pixel limit.
//!
//! Choices worth knowing:
//! - Image selection: images drawn by the page's content stream and by Form XObjects it draws
//!   (up to 4 levels down). Images covering under 1% of the page are ignored. The main image
//!   is the largest in pixels. The page needs rendering when the other images together cover
//!   10% of it or more (tiled strips, MRC background + foreground layers, text-clipped
//!   images), when the main image covers under 30% of it and the page also paints text or
//!   vector graphics, when the main image is an inline image (BI … ID … EI, never decoded
//!   here), and when the content is too large to read quickly (5 M tokens, 64 MB decoded).
//!   A page that draws no image is `NoImage`, whatever else it draws.
//! - Orientation: the image's placement is snapped to the nearest of the 8 axis-aligned
//!   orientations (rotation by multiples of 90°, with or without mirroring). A skewed
//!   placement (a few degrees) therefore comes back unskewed, which is what OCR wants anyway.
//! - dpi: pixels per inch along the displayed horizontal axis, from the placement matrix and
//!   /UserUnit, rounded (snapped to 72, 150, 200, 300, … when within 1%). Non-square pixels
//!   (2% or more apart, e.g. fax "normal" mode at 204×98 dpi) are made square by repeating
//!   rows or columns (nearest neighbour), and the finer density is returned.
//! - Masks: instead of being ignored, a soft mask (/SMask) or a stencil mask (/Mask stream)
//!   of the same size as the image is composited over a white page: exact for a scan drawn on
//!   an empty page, and a no-op when the mask is fully opaque (the usual case for scans). A
//!   mask of another size, or a soft mask with /Matte, needs rendering. Colour-key masks
//!   (/Mask array) paint the keyed pixels white.
//! - Stencil images (/ImageMask true) are painted black (the fill colour is not tracked): per
//!   the PDF spec a sample of 0 paints, unless /Decode is [1 0]. Checked against pdftoppm.
//! - Gray conversion follows poppler: RGB → (0.299, 0.587, 0.114), CMYK → 1 − k − 0.3c −
//!   0.59m − 0.11y. ICCBased spaces are taken by their /N, Cal spaces as their device spaces,
//!   Indexed through its palette. Lab, Separation and DeviceN images need rendering. 16-bit
//!   samples keep their high byte. /Decode arrays are honoured.
//! - CMYK JPEGs: the `image` crate only hands out RGB made from inverted (Adobe) CMYK, so they
//!   are decoded when the PDF declares them inverted (/Decode [1 0 1 0 1 0 1 0], what
//!   Photoshop-made PDFs carry); other CMYK JPEGs need rendering (poppler reads their samples
//!   as plain ink amounts, which the `image` crate does not give back).
//! - Filters: Flate (PNG and TIFF predictors done here: lopdf's handling of /DecodeParms
//!   arrays and of predictors below 8 bits is unreliable), LZW, RunLength, ASCIIHex, ASCII85,
//!   DCT, CCITT. JBIG2 and JPX need rendering. Damaged or truncated image data needs rendering
//!   (poppler shows what it can).
//! - CCITT: G4 (K<0) goes to the `fax` crate's decoder; G3 (K=0, K>0), /EncodedByteAlign,
//!   /EndOfLine and G4 streams that `fax` refuses go to this module's decoder (pdf.js's
//!   algorithm on `fax`'s code tables). /BlackIs1 and /Decode are honoured.
//!
//! Third-party decoders (`image`'s JPEG decoder, `flate2`) are not known to panic, but callers
//! should still keep `catch_unwind` around PDF work (lopdf itself panics on some bad input).
//! Decoding loops are per pixel: build with optimisation (a 9000×9000 RGB page takes 0.4 s
//! optimised, 4 s at opt-level 0).

use std::collections::HashSet;

use image::GrayImage;
use lopdf::{Dictionary, Document, Object, ObjectId};

mod ccitt;
mod color;
mod content;
mod filters;
mod raster;
#[cfg(test)]
mod tests;

use content::{IDENTITY, Matrix, Placement, Scan, Source, page_content};
use raster::{Role, apply_masks, decode_image};
pub(crate) enum PageImage {
    /// The page's scan, upright as the page displays it (page /Rotate applied), black text on white, with its effective dpi.
    Image { image: image::GrayImage, dpi: f32 },
    /// The page has no image at all (blank or vector-only page).
    NoImage,
    /// The page's image cannot be decoded here; the reason names it, e.g. "JBIG2 image", "JPEG 2000 image", "image with soft mask". The caller will rasterise with pdftoppm.
    NeedsRender(String),
}

/// Extract the main image of page `page_id` (from `doc.get_pages()`), refusing images above `max_pixels`.
pub(crate) fn page_image(
    doc: &lopdf::Document,
    page_id: lopdf::ObjectId,
    max_pixels: u64,
) -> Result<PageImage, String> {
    match page_image_inner(doc, page_id, max_pixels) {
        Ok(found) => Ok(found),
        Err(Fail::Render(reason)) => Ok(PageImage::NeedsRender(reason)),
        Err(Fail::Error(message)) => Err(message),
    }
}

// ---------------------------------------------------------------------------------------------
// Outcome plumbing

enum Fail {
    /// Valid or damaged, but not decodable here: the caller should rasterise.
    Render(String),
    /// Nothing sensible can be done with this page here.
    Error(String),
}

type Res<T> = Result<T, Fail>;

fn render<T>(reason: impl Into<String>) -> Res<T> {
    Err(Fail::Render(reason.into()))
}

fn error<T>(message: impl Into<String>) -> Res<T> {
    Err(Fail::Error(message.into()))
}

/// Images covering less of the page than this are ignored (bullets, rules, logos' specks).
const MIN_COVERAGE: f64 = 0.01;
/// When the images other than the main one cover this much of the page, the page is a mosaic.
const OTHERS_COVERAGE: f64 = 0.10;
/// A main image covering less than this, on a page that also paints text or vector graphics,
/// is only part of the page.
const PARTIAL_COVERAGE: f64 = 0.30;
/// Bound on decoded content-stream bytes per page (content streams and forms together).
const CONTENT_BUDGET: usize = 64 << 20;
/// Bound on content-stream tokens read per page.
const TOKEN_BUDGET: usize = 5_000_000;
/// How deep Form XObjects are followed.
const MAX_FORM_DEPTH: usize = 4;
/// How many Form XObject invocations are followed per page.
const MAX_FORM_CALLS: usize = 2000;

// ---------------------------------------------------------------------------------------------
// Small object helpers

static NULL: Object = Object::Null;

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match doc.dereference(obj) {
        Ok((_, o)) => o,
        Err(_) => &NULL,
    }
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let obj = deref(doc, dict.get(key).ok()?);
    if matches!(obj, Object::Null) { None } else { Some(obj) }
}

/// `key` or, failing that, its inline-image abbreviation.
fn get2<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8], abbr: &[u8]) -> Option<&'a Object> {
    get(doc, dict, key).or_else(|| get(doc, dict, abbr))
}

fn num(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

fn int(obj: &Object) -> Option<i64> {
    match obj {
        Object::Integer(i) => Some(*i),
        Object::Real(r) if r.is_finite() && r.fract() == 0.0 && r.abs() < 1e15 => Some(*r as i64),
        _ => None,
    }
}

fn dict_of(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn get_int(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<i64> {
    get(doc, dict, key).and_then(int)
}

fn get_bool(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<bool> {
    match get(doc, dict, key)? {
        Object::Boolean(b) => Some(*b),
        _ => None,
    }
}

fn numbers(doc: &Document, obj: &Object) -> Option<Vec<f64>> {
    match obj {
        Object::Array(items) => items.iter().map(|o| num(deref(doc, o))).collect(),
        _ => None,
    }
}

fn show_name(name: &[u8]) -> String {
    String::from_utf8_lossy(name).chars().take(40).collect()
}

// ---------------------------------------------------------------------------------------------
// Page attributes

/// An inheritable page attribute: on the page or the nearest Pages node above it.
pub(crate) fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    let mut seen: HashSet<ObjectId> = HashSet::new();
    for _ in 0..64 {
        if let Some(value) = get(doc, node, key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").ok()?;
        if let Ok(id) = parent.as_reference()
            && !seen.insert(id)
        {
            return None;
        }
        node = dict_of(deref(doc, parent))?;
    }
    None
}

pub(crate) fn rect(doc: &Document, obj: &Object) -> Option<[f64; 4]> {
    let v = numbers(doc, obj)?;
    match v.as_slice() {
        [x0, y0, x1, y1] => Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)]),
        _ => None,
    }
}

struct PageGeometry {
    /// The visible page box (CropBox clipped to MediaBox), in user space.
    bbox: [f64; 4],
    /// Clockwise display rotation: 0, 90, 180 or 270.
    rotate: u32,
    /// Inches per user-space unit.
    inch_per_unit: f64,
}

fn page_geometry(doc: &Document, page: &Dictionary) -> PageGeometry {
    let letter = [0.0, 0.0, 612.0, 792.0];
    let usable = |r: &[f64; 4]| r[2] - r[0] > 1e-6 && r[3] - r[1] > 1e-6;
    let media = inherited(doc, page, b"MediaBox").and_then(|o| rect(doc, o)).filter(usable).unwrap_or(letter);
    let bbox = match inherited(doc, page, b"CropBox").and_then(|o| rect(doc, o)) {
        Some(c) => {
            let clipped = [c[0].max(media[0]), c[1].max(media[1]), c[2].min(media[2]), c[3].min(media[3])];
            if usable(&clipped) { clipped } else { media }
        }
        None => media,
    };
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(num)
        .map(|r| r.round() as i64)
        .map(|r| r.rem_euclid(360))
        .filter(|r| r % 90 == 0)
        .unwrap_or(0) as u32;
    let user_unit = get(doc, page, b"UserUnit").and_then(num).filter(|u| *u > 1e-3 && *u < 1e5).unwrap_or(1.0);
    PageGeometry { bbox, rotate, inch_per_unit: user_unit / 72.0 }
}

// ---------------------------------------------------------------------------------------------
// The page

fn page_image_inner(doc: &Document, page_id: ObjectId, max_pixels: u64) -> Res<PageImage> {
    let page = match doc.get_object(page_id).ok().and_then(dict_of) {
        Some(p) => p,
        None => return error("the page object is missing or is not a dictionary"),
    };
    let geometry = page_geometry(doc, page);
    let resources = inherited(doc, page, b"Resources").and_then(dict_of);
    let content = page_content(doc, page)?;
    let mut scan = Scan {
        doc,
        found: Vec::new(),
        other_paint: 0,
        content_bytes: content.len(),
        truncated: content.len() >= CONTENT_BUDGET,
        tokens: 0,
        form_calls: 0,
    };
    scan.run(&content, resources, IDENTITY, 0);
    if scan.truncated {
        return render("page content too large to inspect");
    }

    let bbox = geometry.bbox;
    let page_area = (bbox[2] - bbox[0]) * (bbox[3] - bbox[1]);
    let coverage = |m: &Matrix| -> f64 {
        // The placed parallelogram's area, at most its bounding box clipped to the page.
        let det = (m[0] * m[3] - m[1] * m[2]).abs();
        let xs = [m[4], m[4] + m[0], m[4] + m[2], m[4] + m[0] + m[2]];
        let ys = [m[5], m[5] + m[1], m[5] + m[3], m[5] + m[1] + m[3]];
        let lo = |v: &[f64; 4]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = |v: &[f64; 4]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let w = (hi(&xs).min(bbox[2]) - lo(&xs).max(bbox[0])).max(0.0);
        let h = (hi(&ys).min(bbox[3]) - lo(&ys).max(bbox[1])).max(0.0);
        let c = det.min(w * h) / page_area;
        if c.is_finite() { c } else { 0.0 }
    };

    let mut visible: Vec<(f64, &Placement)> = Vec::new();
    for p in &scan.found {
        let c = coverage(&p.ctm);
        if c >= MIN_COVERAGE {
            // The same image drawn twice at the same place counts once.
            if !visible.iter().any(|(_, q)| q.key() != 0 && q.key() == p.key() && q.ctm == p.ctm) {
                visible.push((c, p));
            }
        }
    }
    let Some(main_index) = (0..visible.len()).max_by_key(|&i| {
        visible.get(i).map(|(c, p)| (p.width.saturating_mul(p.height), (c * 1e6) as u64)).unwrap_or((0, 0))
    }) else {
        return Ok(PageImage::NoImage);
    };
    let Some(&(main_coverage, main)) = visible.get(main_index) else {
        return Ok(PageImage::NoImage);
    };
    let others: f64 = visible.iter().enumerate().filter(|(i, _)| *i != main_index).map(|(_, (c, _))| c).sum();
    if others >= OTHERS_COVERAGE {
        return render("page made of several images");
    }
    if main_coverage < PARTIAL_COVERAGE && scan.other_paint > 0 {
        return render("image covers only part of the page");
    }
    let (stream, img_resources) = match &main.source {
        Source::XObject { stream, resources } => (*stream, *resources),
        Source::Inline => return render("inline image"),
    };

    let gray = decode_image(doc, stream, img_resources, max_pixels, Role::Main)?;
    let gray = apply_masks(doc, stream, img_resources, max_pixels, gray)?;

    // Pixel density along the image's own axes; non-square pixels (fax "normal" mode is
    // 204×98 dpi) are made square by repeating rows or columns.
    let m = &main.ctm;
    let dpi_u = f64::from(gray.width()) / (m[0].hypot(m[1]) * geometry.inch_per_unit);
    let dpi_v = f64::from(gray.height()) / (m[2].hypot(m[3]) * geometry.inch_per_unit);
    let (gray, squared_dpi) = square_pixels(gray, dpi_u, dpi_v, max_pixels)?;

    // Orientation: where the image's x (rightward) and y (downward) axes point on the display.
    let u = rotate_cw((m[0], -m[1]), geometry.rotate);
    let v = rotate_cw((-m[2], m[3]), geometry.rotate);
    let (u_axis, v_axis) = snap(u, v);
    let image = reorient(gray, u_axis, v_axis)?;
    // dpi along the displayed horizontal axis.
    let dpi = squared_dpi.unwrap_or(if u_axis.horizontal { dpi_u } else { dpi_v });
    Ok(PageImage::Image { image, dpi: round_dpi(dpi) })
}

/// When the two axes' densities differ by 2% or more, stretch the coarser axis (nearest
/// neighbour) and return the finer density.
fn square_pixels(img: GrayImage, dpi_u: f64, dpi_v: f64, max_pixels: u64) -> Res<(GrayImage, Option<f64>)> {
    let (lo, hi) = (dpi_u.min(dpi_v), dpi_u.max(dpi_v));
    if !(lo > 0.0 && hi.is_finite()) || hi / lo < 1.02 {
        return Ok((img, None));
    }
    let ratio = hi / lo;
    let (w, h) = (img.width() as usize, img.height() as usize);
    let (nw, nh) =
        if dpi_u < dpi_v { ((w as f64 * ratio).round() as usize, h) } else { (w, (h as f64 * ratio).round() as usize) };
    match (nw as u64).checked_mul(nh as u64) {
        Some(p) if p <= max_pixels && nw <= u32::MAX as usize && nh <= u32::MAX as usize => {}
        _ => return render("image with non-square pixels, too large to square"),
    }
    let src = img.into_raw();
    let xs: Vec<usize> = (0..nw).map(|x| (x * w / nw.max(1)).min(w.saturating_sub(1))).collect();
    let mut out = vec![0u8; nw * nh];
    for (y, row) in out.chunks_exact_mut(nw.max(1)).enumerate() {
        let sy = (y * h / nh.max(1)).min(h.saturating_sub(1));
        let Some(srow) = src.get(sy * w..sy * w + w) else {
            break;
        };
        for (d, &sx) in row.iter_mut().zip(&xs) {
            *d = srow.get(sx).copied().unwrap_or(255);
        }
    }
    let img =
        GrayImage::from_raw(nw as u32, nh as u32, out).map_or_else(|| error("internal image size mismatch"), Ok)?;
    Ok((img, Some(hi)))
}

fn rotate_cw(p: (f64, f64), degrees: u32) -> (f64, f64) {
    // On a y-down display, a quarter turn clockwise takes (x, y) to (−y, x).
    match degrees {
        90 => (-p.1, p.0),
        180 => (-p.0, -p.1),
        270 => (p.1, -p.0),
        _ => p,
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
struct Axis {
    horizontal: bool,
    forward: bool,
}

/// Snap the image axes' display directions to the nearest axis-aligned orientation.
fn snap(u: (f64, f64), v: (f64, f64)) -> (Axis, Axis) {
    let u_axis = if u.0.abs() >= u.1.abs() {
        Axis { horizontal: true, forward: u.0 >= 0.0 }
    } else {
        Axis { horizontal: false, forward: u.1 >= 0.0 }
    };
    let v_axis = if u_axis.horizontal {
        Axis { horizontal: false, forward: v.1 >= 0.0 }
    } else {
        Axis { horizontal: true, forward: v.0 >= 0.0 }
    };
    (u_axis, v_axis)
}

/// Move the pixels so that the image's x axis runs along `u` and its y axis along `v`.
fn reorient(img: GrayImage, u: Axis, v: Axis) -> Res<GrayImage> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if u.horizontal && u.forward && v.forward {
        return Ok(img);
    }
    let src = img.into_raw();
    let mut out = vec![0u8; src.len()];
    if u.horizontal {
        for (oy, row) in out.chunks_exact_mut(w.max(1)).enumerate() {
            let sy = if v.forward { oy } else { h - 1 - oy };
            let Some(srow) = src.get(sy * w..sy * w + w) else {
                break;
            };
            row.copy_from_slice(srow);
            if !u.forward {
                row.reverse();
            }
        }
        let (ow, oh) = (w as u32, h as u32);
        return GrayImage::from_raw(ow, oh, out).map_or_else(|| error("internal image size mismatch"), Ok);
    }
    // Transposing: the output is h wide and w tall; output (ox, oy) comes from
    // source x = oy (or w−1−oy) and source y = ox (or h−1−ox). Done in tiles for the cache.
    let (ow, oh) = (h, w);
    const T: usize = 64;
    for ty in (0..oh).step_by(T) {
        for tx in (0..ow).step_by(T) {
            for oy in ty..(ty + T).min(oh) {
                let sx = if u.forward { oy } else { w - 1 - oy };
                let Some(orow) = out.get_mut(oy * ow..oy * ow + ow) else {
                    continue;
                };
                for ox in tx..(tx + T).min(ow) {
                    let sy = if v.forward { ox } else { h - 1 - ox };
                    if let (Some(d), Some(s)) = (orow.get_mut(ox), src.get(sy * w + sx)) {
                        *d = *s;
                    }
                }
            }
        }
    }
    GrayImage::from_raw(ow as u32, oh as u32, out).map_or_else(|| error("internal image size mismatch"), Ok)
}

fn round_dpi(dpi: f64) -> f32 {
    if !dpi.is_finite() || dpi <= 0.0 {
        return 0.0;
    }
    const COMMON: [f64; 16] =
        [72.0, 75.0, 96.0, 100.0, 120.0, 150.0, 200.0, 240.0, 250.0, 300.0, 360.0, 400.0, 600.0, 720.0, 1200.0, 2400.0];
    for c in COMMON {
        if ((dpi - c) / c).abs() < 0.01 {
            return c as f32;
        }
    }
    if dpi < 10.0 { ((dpi * 10.0).round() / 10.0) as f32 } else { dpi.round() as f32 }
}
