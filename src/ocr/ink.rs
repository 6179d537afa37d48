//! How much ink a page holds and where: a blank page is never given to Tesseract, and an inked
//! one is read only inside the box around its ink.

use image::GrayImage;

// Below this many dark pixels per million the page is blank: nothing for Tesseract to read.
const BLANK_INK_PER_MILLION: u64 = 200;

// A pixel darker than this is ink (Tesseract's own Otsu threshold lands near it on scans).
const DARK: u8 = 128;

/// A rectangle in pixels, top-left origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rect {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    /// All of `image`.
    pub fn whole(image: &GrayImage) -> Rect {
        Rect { left: 0, top: 0, width: image.width(), height: image.height() }
    }
}

/// The ink on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ink {
    dark: u64,
    pixels: u64,
    /// The box around the page's ink without its isolated specks; None on a page with none.
    bounds: Option<Rect>,
}

impl Ink {
    /// `dpi` sets the size of what counts as a speck of dust rather than ink.
    pub fn measure(image: &GrayImage, dpi: u32) -> Ink {
        let (width, height) = image.dimensions();
        let mut grid = Grid::new(width as usize, height as usize, (dpi / 20).max(4) as usize);
        let w = width as usize;
        // One pass, a row at a time, in loops the compiler turns into vector code: which pixels
        // are dark, in this row and the one above, and both.
        let (mut above, mut here, mut both) = (vec![0u8; w], vec![0u8; w], vec![0u8; w]);
        let mut dark = 0u64;
        for (y, row) in image.as_raw().chunks_exact(w.max(1)).enumerate() {
            for (d, &v) in here.iter_mut().zip(row) {
                *d = u8::from(v < DARK);
            }
            dark += u64::from(here.iter().map(|&d| u32::from(d)).sum::<u32>());
            if y > 0 {
                for ((b, &a), &h) in both.iter_mut().zip(&above).zip(&here) {
                    *b = a & h;
                }
                grid.mark_row_pair(y - 1, &both);
            }
            std::mem::swap(&mut above, &mut here);
        }
        Ink { dark, pixels: u64::from(width) * u64::from(height), bounds: grid.bounds_without_specks(width, height) }
    }

    /// Too little ink to hold text.
    pub fn is_blank(&self) -> bool {
        self.pixels > 0 && self.dark * 1_000_000 < self.pixels * BLANK_INK_PER_MILLION
    }

    /// The part of a `width` × `height` page worth reading: the ink's box with `pad` pixels of
    /// white around it (Tesseract's layout analysis wants some), within the page.
    pub fn content(&self, width: u32, height: u32, pad: u32) -> Rect {
        let Some(b) = self.bounds else { return Rect { left: 0, top: 0, width, height } };
        let left = b.left.saturating_sub(pad);
        let top = b.top.saturating_sub(pad);
        let right = (b.left + b.width + pad).min(width);
        let bottom = (b.top + b.height + pad).min(height);
        Rect { left, top, width: right - left, height: bottom - top }
    }
}

/// The page cut into square cells, each marked when it holds a 2×2 square of dark pixels:
/// single-pixel scanner noise marks nothing.
struct Grid {
    cell: usize,
    columns: usize,
    rows: usize,
    inked: Vec<bool>,
}

impl Grid {
    fn new(width: usize, height: usize, cell: usize) -> Grid {
        let (columns, rows) = (width.div_ceil(cell), height.div_ceil(cell));
        Grid { cell, columns, rows, inked: vec![false; columns * rows] }
    }

    /// `both` marks the pixels dark in rows `y` and `y + 1`: a cell holds a 2×2 dark square
    /// where two neighbours in it are marked.
    fn mark_row_pair(&mut self, y: usize, both: &[u8]) {
        let last = both.len().saturating_sub(1);
        let line = &mut self.inked[(y / self.cell) * self.columns..][..self.columns];
        for (c, inked) in line.iter_mut().enumerate() {
            let (x0, x1) = (c * self.cell, ((c + 1) * self.cell).min(last));
            if *inked || x0 >= x1 {
                continue;
            }
            let s = &both[x0..=x1];
            *inked = s.iter().zip(&s[1..]).fold(0, |acc, (p, q)| acc | (p & q)) != 0;
        }
    }

    /// The box around every group of touching inked cells bigger than one cell. A lone inked
    /// cell (a speck of dust, at most 1/20 inch, with white all around) is left out, unless
    /// the page holds nothing else.
    fn bounds_without_specks(&self, width: u32, height: u32) -> Option<Rect> {
        let (mut kept, mut any) = (None::<(usize, usize, usize, usize)>, None::<(usize, usize, usize, usize)>);
        let grow = |b: Option<(usize, usize, usize, usize)>, x: usize, y: usize| {
            Some(b.map_or((x, y, x, y), |(l, t, r, bt)| (l.min(x), t.min(y), r.max(x), bt.max(y))))
        };
        for y in 0..self.rows {
            for x in 0..self.columns {
                if !self.inked[y * self.columns + x] {
                    continue;
                }
                any = grow(any, x, y);
                if self.has_inked_neighbour(x, y) {
                    kept = grow(kept, x, y);
                }
            }
        }
        let (l, t, r, b) = kept.or(any)?;
        let c = self.cell as u32;
        let left = l as u32 * c;
        let top = t as u32 * c;
        let right = ((r as u32 + 1) * c).min(width);
        let bottom = ((b as u32 + 1) * c).min(height);
        Some(Rect { left, top, width: right - left, height: bottom - top })
    }

    fn has_inked_neighbour(&self, x: usize, y: usize) -> bool {
        (y.saturating_sub(1)..=(y + 1).min(self.rows - 1)).any(|ny| {
            (x.saturating_sub(1)..=(x + 1).min(self.columns - 1))
                .any(|nx| (nx, ny) != (x, y) && self.inked[ny * self.columns + nx])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with_text_block() -> GrayImage {
        let mut img = GrayImage::from_pixel(600, 800, image::Luma([255]));
        for y in 200..260 {
            for x in 100..400 {
                img.put_pixel(x, y, image::Luma([0]));
            }
        }
        img
    }

    #[test]
    fn blank_and_inked_pages() {
        assert!(Ink::measure(&GrayImage::from_pixel(1000, 1000, image::Luma([255])), 300).is_blank());
        assert!(!Ink::measure(&page_with_text_block(), 300).is_blank());
    }

    #[test]
    fn the_content_box_is_the_ink_with_padding_within_the_page() {
        let ink = Ink::measure(&page_with_text_block(), 300);
        // Cells are 15 px at 300 dpi: the box snaps outward to them.
        assert_eq!(ink.content(600, 800, 0), Rect { left: 90, top: 195, width: 315, height: 75 });
        assert_eq!(ink.content(600, 800, 30), Rect { left: 60, top: 165, width: 375, height: 135 });
        assert_eq!(ink.content(600, 800, 1000), Rect { left: 0, top: 0, width: 600, height: 800 });
    }

    #[test]
    fn specks_of_noise_and_dust_do_not_stretch_the_box() {
        let mut img = page_with_text_block();
        img.put_pixel(5, 5, image::Luma([0])); // one noisy pixel
        for (x, y) in [(590, 790), (591, 790), (590, 791), (591, 791)] {
            img.put_pixel(x, y, image::Luma([0])); // a dust speck, white all around
        }
        let ink = Ink::measure(&img, 300);
        assert_eq!(ink.content(600, 800, 0), Rect { left: 90, top: 195, width: 315, height: 75 });
    }

    #[test]
    fn a_small_mark_beside_other_ink_is_kept_and_a_page_of_specks_is_read_whole() {
        let mut img = page_with_text_block();
        for y in 255..260 {
            for x in 412..417 {
                img.put_pixel(x, y, image::Luma([0])); // a full stop just after the line
            }
        }
        let ink = Ink::measure(&img, 300);
        let b = ink.content(600, 800, 0);
        assert!(b.left + b.width >= 417, "{b:?}");
        let mut specks = GrayImage::from_pixel(600, 800, image::Luma([255]));
        for (x, y) in [(10, 10), (11, 10), (10, 11), (11, 11)] {
            specks.put_pixel(x, y, image::Luma([0]));
        }
        let only = Ink::measure(&specks, 300).content(600, 800, 0);
        assert_eq!((only.left, only.top), (0, 0), "nothing but a speck: its box, not nothing");
    }
}
