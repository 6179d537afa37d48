//! The eight ways to lay a picture on a page (quarter turns, with or without a mirror), and the
//! PDF matrices that follow from them.
//!
//! Coordinates here are fractions of the picture, x rightwards and y downwards: (0, 0) is the
//! top-left corner, (1, 1) the bottom-right one.

/// Where a stored picture's pixels go when it is shown: new (x, y) = m · (x, y), each
/// coordinate taken modulo the flip (a −1 coefficient counts from the other edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Turn {
    m: [[i8; 2]; 2],
}

impl Turn {
    pub const NONE: Turn = Turn { m: [[1, 0], [0, 1]] };

    /// A clockwise turn by `degrees` (0, 90, 180 or 270; anything else counts as 0).
    pub fn clockwise(degrees: u16) -> Turn {
        match degrees {
            90 => Turn { m: [[0, -1], [1, 0]] },
            180 => Turn { m: [[-1, 0], [0, -1]] },
            270 => Turn { m: [[0, 1], [-1, 0]] },
            _ => Turn::NONE,
        }
    }

    /// What EXIF orientation `o` (1 to 8) asks to do to the stored picture to show it.
    pub fn exif(o: image::metadata::Orientation) -> Turn {
        use image::metadata::Orientation as O;
        let m = match o {
            O::NoTransforms => [[1, 0], [0, 1]],
            O::Rotate90 => [[0, -1], [1, 0]],
            O::Rotate180 => [[-1, 0], [0, -1]],
            O::Rotate270 => [[0, 1], [-1, 0]],
            O::FlipHorizontal => [[-1, 0], [0, 1]],
            O::FlipVertical => [[1, 0], [0, -1]],
            // EXIF 5 (transpose) and 7 (transverse): the `image` crate's names for them.
            O::Rotate90FlipH => [[0, 1], [1, 0]],
            O::Rotate270FlipH => [[0, -1], [-1, 0]],
        };
        Turn { m }
    }

    /// `self`, then `next`.
    pub fn then(self, next: Turn) -> Turn {
        let (a, b) = (next.m, self.m);
        let cell = |i: usize, j: usize| a[i][0] * b[0][j] + a[i][1] * b[1][j];
        Turn { m: [[cell(0, 0), cell(0, 1)], [cell(1, 0), cell(1, 1)]] }
    }

    /// Whether the picture's width becomes its height.
    pub fn swaps_sides(self) -> bool {
        self.m[0][0] == 0
    }

    /// The shown size of a stored `w × h` picture.
    pub fn shown_size(self, w: u32, h: u32) -> (u32, u32) {
        if self.swaps_sides() { (h, w) } else { (w, h) }
    }

    /// The `cm` matrix that draws a stored image (PDF image space: the unit square, first row at
    /// the top) turned by `self` so that it fills a `w × h` point page.
    pub fn image_matrix(self, w: f64, h: f64) -> [f64; 6] {
        let t = |i: usize, j: usize| f64::from(self.m[i][j]);
        // A −1 coefficient measures from the far edge: that edge's offset is 1.
        let offset = |i: usize| if self.m[i][0] + self.m[i][1] < 0 { 1.0 } else { 0.0 };
        // Image space (a, b) is stored (x, y) = (a, 1 − b); page (px, py) = (w·X, h·(1 − Y)).
        [
            w * t(0, 0),
            -h * t(1, 0),
            -w * t(0, 1),
            h * t(1, 1),
            w * (t(0, 1) + offset(0)),
            h * (1.0 - t(1, 1) - offset(1)),
        ]
    }
}

/// The matrix from a `w × h` point space, y upwards, that is the page as shown after a
/// clockwise turn of `degrees`, to the unturned page's space where `bbox` is the visible box.
/// The shown space is stretched to fill the box.
pub(super) fn unturn_matrix(bbox: [f64; 4], degrees: u16, w: f64, h: f64) -> [f64; 6] {
    let [x0, y0, x1, y1] = bbox;
    let (bw, bh) = (x1 - x0, y1 - y0);
    let quarter = degrees % 180 == 90;
    let (shown_w, shown_h) = if quarter { (bh, bw) } else { (bw, bh) };
    let (sx, sy) = (shown_w / w, shown_h / h);
    // Unturned point for a shown point (a, b), box-relative: 90° → (bw − b, a); 180° →
    // (bw − a, bh − b); 270° → (b, bh − a).
    let [a, b, c, d, e, f] = match degrees {
        90 => [0.0, 1.0, -1.0, 0.0, x0 + bw, y0],
        180 => [-1.0, 0.0, 0.0, -1.0, x0 + bw, y0 + bh],
        270 => [0.0, -1.0, 1.0, 0.0, x0, y0 + bh],
        _ => [1.0, 0.0, 0.0, 1.0, x0, y0],
    };
    [a * sx, b * sx, c * sy, d * sy, e, f]
}

/// Whether two sizes have the same shape, allowing for rounding when one was scaled down.
pub(super) fn same_shape(a: (u32, u32), b: (u32, u32)) -> bool {
    let (aw, ah, bw, bh) = (f64::from(a.0), f64::from(a.1), f64::from(b.0), f64::from(b.1));
    // Cross-multiplied aspect ratios, with one pixel of rounding on the smaller picture.
    let slack = 0.02 * aw * bh + aw.max(bw) + ah.max(bh);
    (aw * bh - ah * bw).abs() <= slack
}

/// A PDF number: at most two decimals, no exponent, no "-0".
pub(super) fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if !r.is_finite() || r == 0.0 {
        return "0".into();
    }
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub(super) fn matrix(m: [f64; 6]) -> String {
    m.iter().map(|&v| num(v)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::metadata::Orientation as O;

    /// Where the fractional point (x, y) of a stored picture lands, as page points (y up).
    fn place(m: [f64; 6], x: f64, y: f64) -> (f64, f64) {
        let (a, b) = (x, 1.0 - y);
        (m[0] * a + m[2] * b + m[4], m[1] * a + m[3] * b + m[5])
    }

    #[test]
    fn a_quarter_turn_takes_the_top_left_corner_to_the_top_right() {
        let m = Turn::clockwise(90).image_matrix(200.0, 100.0);
        assert_eq!(place(m, 0.0, 0.0), (200.0, 100.0));
        assert_eq!(place(m, 1.0, 0.0), (200.0, 0.0));
        assert_eq!(place(m, 0.0, 1.0), (0.0, 100.0));
        assert_eq!(Turn::NONE.image_matrix(200.0, 100.0), [200.0, 0.0, 0.0, 100.0, 0.0, 0.0]);
    }

    #[test]
    fn exif_orientations_match_the_image_crate() {
        // Turn a 3×2 picture with distinct pixels both ways and compare every pixel.
        let img = image::RgbImage::from_fn(3, 2, |x, y| image::Rgb([x as u8, y as u8, 0]));
        for o in [
            O::NoTransforms,
            O::Rotate90,
            O::Rotate180,
            O::Rotate270,
            O::FlipHorizontal,
            O::FlipVertical,
            O::Rotate90FlipH,
            O::Rotate270FlipH,
        ] {
            let mut shown = image::DynamicImage::ImageRgb8(img.clone());
            shown.apply_orientation(o);
            let shown = shown.into_rgb8();
            let t = Turn::exif(o);
            assert_eq!(t.shown_size(3, 2), shown.dimensions(), "{o:?}");
            let (w, h) = (f64::from(shown.width()), f64::from(shown.height()));
            let m = t.image_matrix(w, h);
            for (x, y, p) in img.enumerate_pixels() {
                let (px, py) = place(m, (f64::from(x) + 0.5) / 3.0, (f64::from(y) + 0.5) / 2.0);
                let (sx, sy) = ((px - 0.5) as u32, (h - py - 0.5) as u32);
                assert_eq!(shown.get_pixel(sx, sy), p, "{o:?} pixel {x},{y}");
            }
        }
    }

    #[test]
    fn turns_compose() {
        assert_eq!(Turn::clockwise(90).then(Turn::clockwise(270)), Turn::NONE);
        assert_eq!(Turn::clockwise(90).then(Turn::clockwise(90)), Turn::clockwise(180));
        assert_eq!(Turn::exif(O::Rotate90).then(Turn::clockwise(90)), Turn::clockwise(180));
        assert!(Turn::exif(O::Rotate90FlipH).swaps_sides());
    }

    #[test]
    fn unturning_puts_the_shown_top_left_where_the_page_had_it() {
        let apply = |m: [f64; 6], a: f64, b: f64| (m[0] * a + m[2] * b + m[4], m[1] * a + m[3] * b + m[5]);
        // A 100×200 box shown turned 90° clockwise is 200 wide and 100 high: its top-left
        // corner is the box's bottom-left one.
        let m = unturn_matrix([0.0, 0.0, 100.0, 200.0], 90, 200.0, 100.0);
        assert_eq!(apply(m, 0.0, 100.0), (0.0, 0.0));
        assert_eq!(apply(m, 200.0, 100.0), (0.0, 200.0));
        let m = unturn_matrix([10.0, 20.0, 110.0, 220.0], 0, 50.0, 100.0);
        assert_eq!(apply(m, 50.0, 100.0), (110.0, 220.0));
        let m = unturn_matrix([0.0, 0.0, 100.0, 200.0], 270, 200.0, 100.0);
        assert_eq!(apply(m, 0.0, 100.0), (100.0, 200.0));
    }

    #[test]
    fn numbers_are_short_and_plain() {
        assert_eq!(num(595.2756), "595.28");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(f64::NAN), "0");
        assert!(same_shape((2480, 3508), (1240, 1754)));
        assert!(!same_shape((2480, 3508), (3508, 2480)));
    }
}
