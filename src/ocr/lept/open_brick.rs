//! Tesseract's ruling-line finder opens every page with long thin bricks (1 × ¼ inch and
//! ¼ inch × 1, 75 pixels at 300 dpi) and a ~15 × 15 square. Leptonica does a brick of length
//! `s` as `s` shifted copies of the whole page, one per structuring-element pixel: about 10% of
//! a page's CPU. Erosion and dilation by a line are an AND / OR over a window, and since both
//! are idempotent a window of `s` is two overlapping windows of a power of two, each built by
//! doubling: log2(s) + 1 passes instead of `s`.
//!
//! The result is leptonica's exactly, boundary convention included (its default, asymmetric:
//! pixels outside the image are OFF for erosion and for dilation); the tests compare the two
//! on random images. Cases other than Tesseract's (an output image given, another depth, the
//! symmetric convention, a 1 × 1 brick, one larger than the image) go on to leptonica's function.

use std::sync::OnceLock;
use tesseract::plumbing::leptonica_plumbing::leptonica_sys as lept;

type OpenBrick = unsafe extern "C" fn(*mut lept::PIX, *mut lept::PIX, i32, i32) -> *mut lept::PIX;

fn leptonica_open_brick() -> Option<OpenBrick> {
    static REAL: OnceLock<Option<OpenBrick>> = OnceLock::new();
    // SAFETY: leptonica's pixOpenBrick has the C signature `OpenBrick`.
    *REAL.get_or_init(|| super::leptonica_symbol(c"pixOpenBrick").map(|s| unsafe { std::mem::transmute(s) }))
}

/// Whether leptonica's boundary convention is still its default, the one computed here.
fn asymmetric_boundaries() -> bool {
    static BC: OnceLock<Option<usize>> = OnceLock::new();
    let Some(addr) = *BC.get_or_init(|| super::leptonica_symbol(c"MORPH_BC").map(|p| p as usize)) else {
        return false;
    };
    // SAFETY: MORPH_BC is leptonica's global `l_int32`; it is only changed by an explicit call
    // (resetMorphBoundaryCondition), which neither sohoa nor Tesseract makes.
    unsafe { *(addr as *const i32) == lept::ASYMMETRIC_MORPH_BC as i32 }
}

/// Leptonica's `pixOpenBrick`: erosion then dilation by an `hsize` × `vsize` brick centred at
/// (`hsize / 2`, `vsize / 2`).
///
/// # Safety
/// The same contract as leptonica's: `pixs` a valid image, `pixd` null or a valid image.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pixOpenBrick(
    pixd: *mut lept::PIX,
    pixs: *mut lept::PIX,
    hsize: i32,
    vsize: i32,
) -> *mut lept::PIX {
    // SAFETY: the caller's arguments, checked as leptonica checks them before anything is read.
    unsafe {
        let ours = pixd.is_null()
            && !pixs.is_null()
            && lept::pixGetDepth(pixs) == 1
            && hsize >= 1
            && vsize >= 1
            && (hsize, vsize) != (1, 1)
            && hsize <= lept::pixGetWidth(pixs)
            && vsize <= lept::pixGetHeight(pixs)
            && asymmetric_boundaries();
        if ours && let Some(out) = open(pixs, hsize as usize, vsize as usize) {
            return out;
        }
        match leptonica_open_brick() {
            Some(real) => real(pixd, pixs, hsize, vsize),
            None => pixd,
        }
    }
}

pub(super) fn keep() {
    std::hint::black_box(pixOpenBrick as OpenBrick);
}

/// The opening of a 1-bit image, as a new image; None when it cannot be allocated.
unsafe fn open(pixs: *mut lept::PIX, hsize: usize, vsize: usize) -> Option<*mut lept::PIX> {
    // SAFETY: a valid 1-bit image; the new one has its size and wpl.
    unsafe {
        let mut bits = Bits::read(pixs, hsize, vsize);
        // Leptonica's order: horizontal erosion, vertical erosion, then the dilations.
        if hsize > 1 {
            bits.erode_rows(hsize);
        }
        if vsize > 1 {
            bits.erode_columns(vsize);
        }
        if hsize > 1 {
            bits.dilate_rows(hsize);
        }
        if vsize > 1 {
            bits.dilate_columns(vsize);
        }
        let out = lept::pixCreateTemplateNoInit(pixs);
        if out.is_null() {
            return None;
        }
        bits.write(out);
        Some(out)
    }
}

/// A 1-bit image as rows of 64-bit words, first pixel in the high bit, with zero room past
/// its right and bottom edges for the dilations' shifts.
struct Bits {
    width: usize,
    height: usize,
    /// Words a row, room included.
    stride: usize,
    /// Rows, room included.
    rows: usize,
    data: Vec<u64>,
}

impl Bits {
    unsafe fn read(pix: *mut lept::PIX, hsize: usize, vsize: usize) -> Bits {
        // SAFETY: a valid image: its buffer holds wpl × height 32-bit words.
        let (width, height, wpl, src) = unsafe {
            let (w, h, wpl) = (lept::pixGetWidth(pix), lept::pixGetHeight(pix), lept::pixGetWpl(pix));
            let (w, h, wpl) = (w.max(0) as usize, h.max(0) as usize, wpl.max(0) as usize);
            (w, h, wpl, std::slice::from_raw_parts(lept::pixGetData(pix), wpl * h))
        };
        let stride = (width + hsize).div_ceil(64) + 1;
        let rows = height + vsize;
        let mut data = vec![0u64; stride * rows];
        for (row, words) in data.chunks_exact_mut(stride).zip(src.chunks_exact(wpl.max(1))) {
            for (i, &w) in words.iter().enumerate() {
                row[i / 2] |= u64::from(w) << if i % 2 == 0 { 32 } else { 0 };
            }
        }
        let mut bits = Bits { width, height, stride, rows, data };
        bits.clear_room();
        bits
    }

    unsafe fn write(&self, pix: *mut lept::PIX) {
        // SAFETY: a valid image of this size: its buffer holds wpl × height words.
        let (wpl, dst) = unsafe {
            let wpl = lept::pixGetWpl(pix).max(0) as usize;
            (wpl, std::slice::from_raw_parts_mut(lept::pixGetData(pix), wpl * self.height))
        };
        for (row, words) in self.data.chunks_exact(self.stride).zip(dst.chunks_exact_mut(wpl.max(1))) {
            for (i, w) in words.iter_mut().enumerate() {
                *w = (row[i / 2] >> if i % 2 == 0 { 32 } else { 0 }) as u32;
            }
        }
    }

    /// Every operation sees the image alone: no pixel ON past its edges.
    fn clear_room(&mut self) {
        let (full, part) = (self.width / 64, self.width % 64);
        for row in self.data.chunks_exact_mut(self.stride) {
            if part > 0 {
                row[full] &= !(u64::MAX >> part);
            }
            row[full + usize::from(part > 0)..].fill(0);
        }
        self.data[self.height * self.stride..].fill(0);
    }

    /// Erosion by a brick `s` wide, centred at `s / 2`: AND over [x − c, x + s − 1 − c].
    fn erode_rows(&mut self, s: usize) {
        self.window_rows(s, |a, b| a & b);
        self.shift_rows_right(s / 2);
        self.clear_room();
    }

    /// Dilation by a brick `s` wide, centred at `s / 2`: OR over [x − (s − 1 − c), x + c].
    fn dilate_rows(&mut self, s: usize) {
        self.shift_rows_right(s - 1 - s / 2);
        self.window_rows(s, |a, b| a | b);
        self.clear_room();
    }

    fn erode_columns(&mut self, s: usize) {
        self.window_columns(s, |a, b| a & b);
        self.shift_columns_down(s / 2);
        self.clear_room();
    }

    fn dilate_columns(&mut self, s: usize) {
        self.shift_columns_down(s - 1 - s / 2);
        self.window_columns(s, |a, b| a | b);
        self.clear_room();
    }

    /// Each pixel becomes `op` over itself and the `s − 1` pixels to its right.
    fn window_rows(&mut self, s: usize, op: impl Fn(u64, u64) -> u64 + Copy) {
        for k in doubling_shifts(s) {
            self.combine_rows(k, op);
        }
    }

    /// Each pixel x becomes `op(x, x + k)`; past the row's room it is 0.
    fn combine_rows(&mut self, k: usize, op: impl Fn(u64, u64) -> u64) {
        let (q, r) = (k / 64, k % 64);
        for row in self.data.chunks_exact_mut(self.stride) {
            // Ascending, so the words read (at i and past it) are not yet rewritten.
            for i in 0..row.len() {
                let hi = row.get(i + q).copied().unwrap_or(0);
                let lo = row.get(i + q + 1).copied().unwrap_or(0);
                let shifted = if r == 0 { hi } else { (hi << r) | (lo >> (64 - r)) };
                row[i] = op(row[i], shifted);
            }
        }
    }

    /// Each pixel x becomes pixel x − k; 0 for the first k.
    fn shift_rows_right(&mut self, k: usize) {
        if k == 0 {
            return;
        }
        let (q, r) = (k / 64, k % 64);
        for row in self.data.chunks_exact_mut(self.stride) {
            // Descending, so the words read (at i and before it) are not yet rewritten.
            for i in (0..row.len()).rev() {
                let hi = if i >= q { row[i - q] } else { 0 };
                let lo = if i > q { row[i - q - 1] } else { 0 };
                row[i] = if r == 0 { hi } else { (hi >> r) | (lo << (64 - r)) };
            }
        }
    }

    /// Each pixel becomes `op` over itself and the `s − 1` pixels below it.
    fn window_columns(&mut self, s: usize, op: impl Fn(u64, u64) -> u64 + Copy) {
        for k in doubling_shifts(s) {
            self.combine_columns(k, op);
        }
    }

    /// Each row y becomes `op(y, y + k)`, rows past the room being 0.
    fn combine_columns(&mut self, k: usize, op: impl Fn(u64, u64) -> u64) {
        let n = self.stride;
        for y in 0..self.rows {
            // Ascending: row y + k is not yet rewritten.
            for i in 0..n {
                let below = if y + k < self.rows { self.data[(y + k) * n + i] } else { 0 };
                self.data[y * n + i] = op(self.data[y * n + i], below);
            }
        }
    }

    /// Each row y becomes row y − k; the first k rows are 0.
    fn shift_columns_down(&mut self, k: usize) {
        if k == 0 {
            return;
        }
        let n = self.stride;
        let k = k.min(self.rows);
        self.data.copy_within(0..(self.rows - k) * n, k * n);
        self.data[..k * n].fill(0);
    }
}

/// The shifts that grow a window of 1 to a window of `s`, each step combining every pixel with
/// the one `k` away: 1, 2, 4, … up to the largest power of two m ≤ s, then s − m (two windows of
/// m overlapping give the same AND / OR as one window of s).
fn doubling_shifts(s: usize) -> impl Iterator<Item = usize> {
    let m = if s == 0 { 1 } else { 1 << s.ilog2() };
    let last = (s > m).then_some(s - m);
    std::iter::successors(Some(1), |&k| Some(k * 2)).take_while(move |&k| k < m).chain(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproducible random 1-bit image, `density` in 256ths, with a few long lines in it.
    fn random_pix(w: i32, h: i32, density: u32, seed: u64) -> *mut lept::PIX {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        // SAFETY: plain leptonica calls on a new image.
        unsafe {
            let pix = lept::pixCreate(w, h, 1);
            for y in 0..h {
                for x in 0..w {
                    if next() % 256 < density {
                        lept::pixSetPixel(pix, x, y, 1);
                    }
                }
            }
            for _ in 0..3 {
                let (x, y) = ((next() % w as u32) as i32, (next() % h as u32) as i32);
                for i in 0..(w.max(h)) {
                    lept::pixSetPixel(pix, (x + i).min(w - 1), y, 1);
                    lept::pixSetPixel(pix, x, (y + i).min(h - 1), 1);
                }
            }
            pix
        }
    }

    #[test]
    fn the_opening_is_leptonica_s_exactly() {
        let real = leptonica_open_brick().expect("leptonica's pixOpenBrick");
        let sizes = [(75, 1), (1, 75), (15, 15), (5, 3), (2, 1), (1, 2), (64, 1), (1, 65), (129, 2), (3, 200)];
        let shapes = [(1, 1), (31, 7), (64, 64), (97, 40), (300, 211), (33, 500)];
        for (n, &(w, h)) in shapes.iter().enumerate() {
            for density in [40, 128, 230] {
                let mut pixs = random_pix(w, h, density, (n as u64) * 1000 + u64::from(density));
                for &(hs, vs) in &sizes {
                    // SAFETY: valid images, destroyed here.
                    unsafe {
                        let mut ours = pixOpenBrick(std::ptr::null_mut(), pixs, hs, vs);
                        let mut theirs = real(std::ptr::null_mut(), pixs, hs, vs);
                        let mut same = 0;
                        lept::pixEqual(ours, theirs, &mut same);
                        assert_eq!(same, 1, "{w}×{h}, density {density}, brick {hs}×{vs}");
                        lept::pixDestroy(&mut ours);
                        lept::pixDestroy(&mut theirs);
                    }
                }
                // SAFETY: our own image.
                unsafe { lept::pixDestroy(&mut pixs) };
            }
        }
    }

    #[test]
    fn a_window_is_grown_by_doubling_then_one_overlapping_step() {
        let shifts = |s| doubling_shifts(s).collect::<Vec<_>>();
        assert_eq!(shifts(1), Vec::<usize>::new());
        assert_eq!(shifts(2), [1]);
        assert_eq!(shifts(3), [1, 1]);
        assert_eq!(shifts(8), [1, 2, 4]);
        assert_eq!(shifts(75), [1, 2, 4, 8, 16, 32, 11]);
    }

    #[test]
    fn tesseract_s_line_finder_opens_pages_here() {
        assert!(super::super::bound_here(c"pixOpenBrick", pixOpenBrick as OpenBrick as usize));
    }
}
