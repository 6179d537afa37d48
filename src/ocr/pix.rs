//! Pages go to Tesseract as leptonica images built here. Tesseract's byte-buffer entry point
//! copies pixel by pixel (1.5–2% of a page's CPU); filling leptonica's words a row at a time
//! costs a fraction of that, and building from the crop box needs no crop copy first.

use super::ink::Rect;
use image::GrayImage;
use std::ptr::NonNull;
use tesseract::plumbing::leptonica_plumbing::leptonica_sys as lept;

/// A leptonica image this thread owns.
pub(super) struct Pix(NonNull<lept::PIX>);

impl Pix {
    /// The `part` of `image` at `dpi`. A part that is all black and white goes in at 1 bit a
    /// pixel: Tesseract then skips its own thresholding and reads it faster with the same text
    /// (measured in the README); given as 8-bit gray it costs up to 15% more.
    pub fn from_gray(image: &GrayImage, part: Rect, dpi: u32) -> Option<Pix> {
        debug_assert!(part.left + part.width <= image.width() && part.top + part.height <= image.height());
        let bilevel = rows(image, part).all(|row| row.iter().all(|&p| p == 0 || p == 255));
        let depth = if bilevel { 1 } else { 8 };
        let (w, h) = (i32::try_from(part.width).ok()?, i32::try_from(part.height).ok()?);
        // SAFETY: a fresh image, owned by the returned Pix and freed in Drop.
        let pix = Pix(NonNull::new(unsafe { lept::pixCreateNoInit(w, h, depth) })?);
        let res = i32::try_from(dpi).unwrap_or(0);
        // SAFETY: a valid image; its buffer holds wpl × h words.
        let words = unsafe {
            lept::pixSetResolution(pix.as_ptr(), res, res);
            let wpl = lept::pixGetWpl(pix.as_ptr()) as usize;
            std::slice::from_raw_parts_mut(lept::pixGetData(pix.as_ptr()), wpl * part.height as usize)
        };
        let wpl = words.len() / (part.height as usize).max(1);
        for (row, out) in rows(image, part).zip(words.chunks_exact_mut(wpl.max(1))) {
            if bilevel { fill_bits(row, out) } else { fill_bytes(row, out) }
        }
        Some(pix)
    }

    pub fn as_ptr(&self) -> *mut lept::PIX {
        self.0.as_ptr()
    }
}

impl Drop for Pix {
    fn drop(&mut self) {
        let mut p = self.0.as_ptr();
        // SAFETY: our own image, destroyed once; Tesseract keeps its own copy.
        unsafe { lept::pixDestroy(&mut p) }
    }
}

fn rows(image: &GrayImage, part: Rect) -> impl Iterator<Item = &[u8]> {
    let width = image.width() as usize;
    let (left, right) = (part.left as usize, (part.left + part.width) as usize);
    image
        .as_raw()
        .chunks_exact(width.max(1))
        .skip(part.top as usize)
        .take(part.height as usize)
        .map(move |r| &r[left..right])
}

/// Leptonica keeps 8-bit pixels four to a 32-bit word, the first in the high byte.
fn fill_bytes(row: &[u8], out: &mut [u32]) {
    let mut chunks = row.chunks_exact(4);
    for (word, c) in out.iter_mut().zip(&mut chunks) {
        *word = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
    }
    let rest = chunks.remainder();
    if let Some(word) = out.get_mut(row.len() / 4) {
        let mut b = [0u8; 4];
        b[..rest.len()].copy_from_slice(rest);
        *word = u32::from_be_bytes(b);
    }
}

/// Leptonica keeps 1-bit pixels 32 to a word, the first in the high bit, 1 = black.
fn fill_bits(row: &[u8], out: &mut [u32]) {
    out.fill(0);
    for (word, c) in out.iter_mut().zip(row.chunks(32)) {
        for (i, &p) in c.iter().enumerate() {
            if p == 0 {
                *word |= 0x8000_0000 >> i;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pixel of the part, read back through leptonica.
    fn read_back(pix: &Pix) -> Vec<u32> {
        // SAFETY: a valid image; out-pointers are locals.
        unsafe {
            let p = pix.as_ptr();
            let (w, h) = (lept::pixGetWidth(p), lept::pixGetHeight(p));
            let mut v = Vec::new();
            for y in 0..h {
                for x in 0..w {
                    let mut value = 0;
                    lept::pixGetPixel(p, x, y, &mut value);
                    v.push(value);
                }
            }
            v
        }
    }

    fn expected(image: &GrayImage, part: Rect, map: impl Fn(u8) -> u32) -> Vec<u32> {
        rows(image, part).flat_map(|r| r.iter().map(|&p| map(p)).collect::<Vec<_>>()).collect()
    }

    #[test]
    fn a_gray_part_goes_in_at_8_bits_pixel_for_pixel() {
        let image = GrayImage::from_fn(45, 9, |x, y| image::Luma([(x * 5 + y * 17) as u8]));
        let part = Rect { left: 3, top: 2, width: 37, height: 6 };
        let pix = Pix::from_gray(&image, part, 300).unwrap();
        // SAFETY: a valid image.
        assert_eq!(unsafe { (lept::pixGetDepth(pix.as_ptr()), lept::pixGetXRes(pix.as_ptr())) }, (8, 300));
        assert_eq!(read_back(&pix), expected(&image, part, u32::from));
    }

    #[test]
    fn a_black_and_white_part_goes_in_at_1_bit_with_black_as_one() {
        let image = GrayImage::from_fn(77, 5, |x, y| image::Luma([if (x * y) % 3 == 0 { 0 } else { 255 }]));
        let part = Rect { left: 1, top: 1, width: 70, height: 4 };
        let pix = Pix::from_gray(&image, part, 200).unwrap();
        // SAFETY: a valid image.
        assert_eq!(unsafe { lept::pixGetDepth(pix.as_ptr()) }, 1);
        assert_eq!(read_back(&pix), expected(&image, part, |p| u32::from(p == 0)));
    }
}
