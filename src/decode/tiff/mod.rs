//! TIFF pages → 8-bit grayscale for OCR: black ink is 0, white paper is 255.
//!
//! The work is split between the `tiff` crate (0.11) and a little code of our own:
//!
//! * We walk the chain of image directories (IFDs) ourselves. That gives the page count without
//!   parsing any page, and lets us reach page N without touching the other pages (the crate's
//!   `Decoder::new` always parses page 1 and fails the whole file when page 1 is odd). IFDs marked
//!   as reduced-resolution copies (thumbnails) or transparency masks are not counted as pages,
//!   unless the file holds nothing else.
//! * CCITT fax data (Compression 2, 3 and 4) is decoded here. tiff 0.11 cannot decode Group 3 at
//!   all, ignores FillOrder=2 (which fax software writes) and its Group 4 reader refuses strips
//!   taller than 65535 rows. Group 3 lines that fail to decode are replaced by the line above, as
//!   fax machines do; a page is refused only when more than half of its lines are unreadable.
//!   Group 4 data cannot resynchronise, so any damage is an error.
//! * Everything else is decoded by `tiff::decoder::Decoder`, reading a virtual file: the original
//!   bytes, a header pointing straight at the wanted page, and a copy of that page's IFD whose
//!   PhotometricInterpretation is rewritten to BlackIsZero for gray, WhiteIsZero and palette
//!   pages. The crate then hands us plain samples (it refuses palettes, and inverts WhiteIsZero
//!   only for some sample layouts), and we apply inversion and the colour map ourselves.
//! * Old-style JPEG (Compression 6, 1990s scanners) is decoded by `image` when, as usual, the page
//!   points at a complete JPEG stream (JPEGInterchangeFormat); the other layout is refused.
//!
//! Photometric meaning follows libtiff: in fax data a "white" run is a 0 bit, and 0 bits are white
//! under WhiteIsZero (the normal fax case) and black under BlackIsZero. Colour becomes gray with
//! the same Rec. 709 weights as `image`'s `to_luma8`; alpha is laid over white paper; CMYK is
//! converted naively (no ICC); JPEG-in-TIFF YCbCr pages use the Y channel as is.
//!
//! Resolution: XResolution in ResolutionUnit (2 = inch, also the TIFF default when the tag is
//! missing; 3 = centimetre). Unit 1 ("no absolute unit") is read as dots per inch too, because
//! many writers store their dpi that way (jTessBoxEditor, paperless-ngx samples); an aspect-only
//! value such as 1/1 is then rejected by the plausibility range of 50 to 5000 dpi like any other
//! nonsense. If XResolution is unusable, YResolution is used. When both are known and differ by
//! more than 2 % (a "normal" 204 × 98 dpi fax), the page is stretched along its coarser axis
//! (nearest neighbour) so pixels are square, and the finer resolution is returned: otherwise
//! text would reach the OCR engine squashed to half its height. The stretch is skipped when the
//! result would exceed `max_pixels`.

mod fax;
mod g4;
mod ifd;
mod samples;
#[cfg(test)]
mod tests;
mod via_crate;

use fax::decode_fax;
pub(crate) use g4::{G4Page, g4_page};
use ifd::{File, Ifd, Page, RESOLUTION_UNIT, X_RESOLUTION, Y_RESOLUTION};
use image::{GrayImage, RgbImage};
use std::fmt::Display;
use via_crate::{decode_colour_with_crate, decode_old_jpeg, decode_with_crate};

/// Resolutions outside this range are treated as not recorded.
const DPI_RANGE: std::ops::RangeInclusive<f64> = 50.0..=5000.0;

/// Number of pages (IFDs) in a TIFF held in memory.
pub(crate) fn page_count(bytes: &[u8]) -> Result<usize, String> {
    Ok(File::open(bytes)?.pages()?.len())
}

/// Decode page `index` (0-based) to 8-bit grayscale, with its resolution in dpi when the file records one.
pub(crate) fn decode_page(
    bytes: &[u8],
    index: usize,
    max_pixels: u64,
) -> Result<(image::GrayImage, Option<f32>), String> {
    let file = File::open(bytes)?;
    let (ifd, page) = page_at(&file, index, max_pixels)?;
    let image = match page.compression {
        2..=4 => decode_fax(&file, &ifd, &page)?,
        6 => decode_old_jpeg(&file, &ifd, &page, max_pixels)?,
        _ => decode_with_crate(&file, &ifd, &page, max_pixels)?,
    };
    let (x_dpi, y_dpi) = resolution(&file, &ifd);
    Ok(square_pixels(image, x_dpi, y_dpi, max_pixels))
}

/// Page `index` in colour, for showing it (the OCR reads `decode_page`'s gray): None when it
/// is not a colour page, or when its pixels are not square (the gray page is stretched square,
/// and is what is shown then).
pub(crate) fn decode_page_colour(bytes: &[u8], index: usize, max_pixels: u64) -> Result<Option<RgbImage>, String> {
    let file = File::open(bytes)?;
    let (ifd, page) = page_at(&file, index, max_pixels)?;
    if matches!(page.compression, 2..=4 | 6) {
        return Ok(None);
    }
    if let (Some(x), Some(y)) = resolution(&file, &ifd)
        && (x / y - 1.0).abs() > 0.02
    {
        return Ok(None);
    }
    decode_colour_with_crate(&file, &ifd, &page, max_pixels)
}

/// Page `index`'s directory and layout, refused above `max_pixels`.
fn page_at(file: &File, index: usize, max_pixels: u64) -> Result<(Ifd, Page), String> {
    let pages = file.pages()?;
    let Some(&at) = pages.get(index) else {
        return Err(format!("TIFF page {} does not exist (the file has {})", index.saturating_add(1), pages.len()));
    };
    let ifd = file.ifd(at)?;
    let page = Page::read(file, &ifd)?;
    let (w, h) = (page.width, page.height);
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(format!("page is {w}×{h} pixels, above the limit of {max_pixels}"));
    }
    Ok((ifd, page))
}

fn corrupt(detail: impl Display) -> String {
    format!("truncated or corrupt TIFF: {detail}")
}

fn unsupported(what: impl Display) -> String {
    format!("unsupported TIFF {what}")
}

// ---------------------------------------------------------------------------------------------
// Resolution.

/// X and Y resolution in dpi, each None when missing or implausible.
fn resolution(f: &File, ifd: &Ifd) -> (Option<f64>, Option<f64>) {
    let scale = match ifd.uint(f, RESOLUTION_UNIT).unwrap_or(2) {
        1 | 2 => 1.0,
        3 => 2.54,
        _ => return (None, None),
    };
    let dpi = |tag| ifd.real(f, tag).map(|v| v * scale).filter(|v| DPI_RANGE.contains(v));
    (dpi(X_RESOLUTION), dpi(Y_RESOLUTION))
}

/// Stretch a page with non-square pixels along its coarser axis; return it with its dpi.
fn square_pixels(img: GrayImage, x: Option<f64>, y: Option<f64>, max_pixels: u64) -> (GrayImage, Option<f32>) {
    let (x, y) = match (x, y) {
        (Some(x), Some(y)) => (x, y),
        (x, y) => return (img, x.or(y).map(|d| d as f32)),
    };
    if (x / y - 1.0).abs() <= 0.02 {
        return (img, Some(x as f32));
    }
    let (w, h) = img.dimensions();
    let (nw, nh) = if x > y {
        (f64::from(w), (f64::from(h) * x / y).round())
    } else {
        ((f64::from(w) * y / x).round(), f64::from(h))
    };
    if nw * nh > max_pixels as f64 || nw > f64::from(u32::MAX) || nh > f64::from(u32::MAX) {
        return (img, Some(x as f32));
    }
    let (nw, nh) = (nw as u32, nh as u32);
    let src = |o: u32, n: u32, old: u32| ((u64::from(o) * u64::from(old)) / u64::from(n.max(1))) as u32;
    let out = GrayImage::from_fn(nw, nh, |ox, oy| {
        let (sx, sy) = (src(ox, nw, w).min(w - 1), src(oy, nh, h).min(h - 1));
        *img.get_pixel(sx, sy)
    });
    (out, Some(x.max(y) as f32))
}
