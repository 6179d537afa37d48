//! Decoded samples to gray: palettes, sample depths and layouts, colour and alpha.

use super::ifd::{COLOR_MAP, File, Ifd};
use super::{corrupt, unsupported};

/// How decoded samples become gray, beyond the colour type.
pub(super) enum Tone {
    Plain,
    /// WhiteIsZero: 0 is white.
    Invert,
    /// PhotometricInterpretation missing on a bilevel page: whichever reading gives a mostly
    /// white page.
    Guess,
    /// Palette: gray value of each index.
    Palette(Vec<u8>),
}

/// Gray value of each palette index.
pub(super) fn colormap(f: &File, ifd: &Ifd, bits: u16) -> Result<Vec<u8>, String> {
    Ok(colormap_rgb(f, ifd, bits)?.into_iter().map(|[r, g, b]| luma(r, g, b)).collect())
}

/// Colour of each palette index (colour maps hold 16-bit values; some writers store 8-bit
/// ones, which libtiff also detects this way).
pub(super) fn colormap_rgb(f: &File, ifd: &Ifd, bits: u16) -> Result<Vec<[u8; 3]>, String> {
    if bits > 16 {
        return Err(unsupported(format!("palette of {bits} bits")));
    }
    let n = 1usize << bits;
    let e = ifd.get(COLOR_MAP).ok_or_else(|| corrupt("palette page without a colour map"))?;
    let v = f.uints(e, 3 * n as u64)?;
    if v.len() < 3 * n {
        return Err(corrupt("the colour map is too short"));
    }
    let eight_bit = v.iter().all(|&x| x < 256);
    let to8 = |x: Option<&u64>| {
        let x = x.copied().unwrap_or(0);
        if eight_bit { x as u8 } else { (x >> 8).min(255) as u8 }
    };
    Ok((0..n).map(|i| [to8(v.get(i)), to8(v.get(n + i)), to8(v.get(2 * n + i))]).collect())
}

/// Rec. 709 luma, as `image`'s `to_luma8`.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((2126 * u32::from(r) + 7152 * u32::from(g) + 722 * u32::from(b)) / 10000) as u8
}

/// Gray `v` seen through alpha `a` over white paper.
fn over_white(v: u8, a: u8, associated: bool) -> u8 {
    let (v, a) = (u32::from(v), u32::from(a));
    if associated { (v + 255 - a).min(255) as u8 } else { ((v * a + 255 * (255 - a)) / 255) as u8 }
}

pub(super) trait Sample: Copy {
    fn to8(self) -> u8;
    fn index(self) -> usize;
}

impl Sample for u8 {
    fn to8(self) -> u8 {
        self
    }
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Sample for u16 {
    fn to8(self) -> u8 {
        ((u32::from(self) + 128) / 257) as u8
    }
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Sample for u32 {
    fn to8(self) -> u8 {
        (self >> 24) as u8
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

impl Sample for u64 {
    fn to8(self) -> u8 {
        (self >> 56) as u8
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

impl Sample for f32 {
    fn to8(self) -> u8 {
        (self.clamp(0.0, 1.0) * 255.0).round() as u8 // NaN becomes 0
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

impl Sample for f64 {
    fn to8(self) -> u8 {
        (self.clamp(0.0, 1.0) * 255.0).round() as u8
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

pub(super) enum Colour {
    Gray,
    Rgb,
    Cmyk,
    /// YCbCr: Y is already luma.
    FirstIsLuma,
}

pub(super) struct Plan {
    /// Samples per pixel in the decoded buffer.
    pub(super) n: usize,
    pub(super) colour: Colour,
    /// Index of the alpha sample, and whether colour is premultiplied by it.
    pub(super) alpha: Option<(usize, bool)>,
}

/// Samples of 8 bits or more, chunky (pixel after pixel) or planar (channel after channel).
pub(super) fn convert<S: Sample>(
    data: &[S],
    w: usize,
    h: usize,
    planar: bool,
    plan: &Plan,
    tone: &Tone,
) -> Result<Vec<u8>, String> {
    let px = w.checked_mul(h).ok_or_else(|| corrupt("page too large"))?;
    let need = px.checked_mul(plan.n).ok_or_else(|| corrupt("page too large"))?;
    if data.len() < need {
        return Err(corrupt("the decoded image data is shorter than the page"));
    }
    Ok(convert_common(&data[..need], planar, plan, tone)
        .unwrap_or_else(|| convert_general(data, px, planar, plan, tone)))
}

/// Any layout, a pixel at a time.
fn convert_general<S: Sample>(data: &[S], px: usize, planar: bool, plan: &Plan, tone: &Tone) -> Vec<u8> {
    let (per_pixel, per_sample) = if planar { (1, px) } else { (plan.n, 1) };
    let mut out = Vec::with_capacity(px);
    for i in 0..px {
        let at = |k: usize| data.get(i * per_pixel + k * per_sample).copied();
        let v = |k: usize| at(k).map_or(0, Sample::to8);
        let mut g = match plan.colour {
            Colour::Gray => match tone {
                Tone::Palette(map) => at(0).and_then(|s| map.get(s.index())).copied().unwrap_or(255),
                _ => v(0),
            },
            Colour::Rgb => luma(v(0), v(1), v(2)),
            Colour::Cmyk => {
                let k = 255 - u32::from(v(3));
                let ink = |c: u8| ((255 - u32::from(c)) * k / 255) as u8;
                luma(ink(v(0)), ink(v(1)), ink(v(2)))
            }
            Colour::FirstIsLuma => v(0),
        };
        if let Tone::Invert = tone {
            g = 255 - g;
        }
        if let Some((k, associated)) = plan.alpha {
            g = over_white(g, v(k), associated);
        }
        out.push(g);
    }
    out
}

/// Samples of 8 bits or more to RGB, 3 bytes a pixel, for a page shown in colour: RGB and CMYK
/// (naively, as for gray) with alpha over white, or palette indices through `palette`.
pub(super) fn convert_rgb<S: Sample>(
    data: &[S],
    w: usize,
    h: usize,
    planar: bool,
    plan: &Plan,
    palette: Option<&[[u8; 3]]>,
) -> Result<Vec<u8>, String> {
    let px = w.checked_mul(h).ok_or_else(|| corrupt("page too large"))?;
    if data.len() < px.checked_mul(plan.n).ok_or_else(|| corrupt("page too large"))? {
        return Err(corrupt("the decoded image data is shorter than the page"));
    }
    let (per_pixel, per_sample) = if planar { (1, px) } else { (plan.n, 1) };
    let mut out = Vec::with_capacity(px * 3);
    for i in 0..px {
        let at = |k: usize| data.get(i * per_pixel + k * per_sample).copied();
        let v = |k: usize| at(k).map_or(0, Sample::to8);
        let rgb = match (&plan.colour, palette) {
            (_, Some(map)) => at(0).and_then(|s| map.get(s.index())).copied().unwrap_or([255; 3]),
            (Colour::Cmyk, _) => {
                let k = 255 - u32::from(v(3));
                [0, 1, 2].map(|c| ((255 - u32::from(v(c))) * k / 255) as u8)
            }
            (Colour::Rgb, _) => [v(0), v(1), v(2)],
            (Colour::Gray | Colour::FirstIsLuma, _) => [v(0); 3],
        };
        let rgb = match plan.alpha {
            Some((k, associated)) => rgb.map(|c| over_white(c, v(k), associated)),
            None => rgb,
        };
        out.extend_from_slice(&rgb);
    }
    Ok(out)
}

/// The usual scans (gray or RGB, pixel after pixel, no alpha, no palette) in one tight loop
/// each: the general loop above costs about ten times as much a pixel.
fn convert_common<S: Sample>(data: &[S], planar: bool, plan: &Plan, tone: &Tone) -> Option<Vec<u8>> {
    let flip = match tone {
        Tone::Plain | Tone::Guess => 0,
        Tone::Invert => 255,
        Tone::Palette(_) => return None,
    };
    if plan.n == 0 || planar && plan.n > 1 || plan.alpha.is_some() {
        return None;
    }
    match plan.colour {
        Colour::Gray | Colour::FirstIsLuma => Some(data.chunks_exact(plan.n).map(|p| p[0].to8() ^ flip).collect()),
        Colour::Rgb if plan.n >= 3 => {
            Some(data.chunks_exact(plan.n).map(|p| luma(p[0].to8(), p[1].to8(), p[2].to8()) ^ flip).collect())
        }
        _ => None,
    }
}

/// One sample per pixel packed in 1 to 7 bits, each row starting on a byte boundary.
pub(super) fn convert_packed(data: &[u8], w: usize, h: usize, bits: u16, tone: &Tone) -> Result<Vec<u8>, String> {
    let bits = usize::from(bits);
    let stride = w.checked_mul(bits).ok_or_else(|| corrupt("page too large"))?.div_ceil(8);
    if data.len() < stride.checked_mul(h).ok_or_else(|| corrupt("page too large"))? {
        return Err(corrupt("the decoded image data is shorter than the page"));
    }
    let max = (1u32 << bits) - 1;
    let mut out = Vec::with_capacity(w * h);
    for row in data.chunks_exact(stride).take(h) {
        for x in 0..w {
            let bit = x * bits;
            let byte = |i: usize| u32::from(row.get(i).copied().unwrap_or(0));
            let word = (byte(bit / 8) << 8) | byte(bit / 8 + 1); // a sample may straddle two bytes
            let v = (word >> (16 - bits - bit % 8)) & max;
            out.push(match tone {
                Tone::Palette(map) => map.get(v as usize).copied().unwrap_or(255),
                Tone::Invert => 255 - (v * 255 / max) as u8,
                _ => (v * 255 / max) as u8,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_loops_give_what_the_general_one_gives() {
        let bytes: Vec<u8> = (0..600u32).map(|i| (i * 37 % 251) as u8).collect();
        let words: Vec<u16> = (0..600u32).map(|i| (i * 7919 % 65535) as u16).collect();
        let plans =
            [(1, Colour::Gray), (2, Colour::Gray), (3, Colour::Rgb), (4, Colour::Rgb), (3, Colour::FirstIsLuma)];
        for (n, colour) in plans {
            let plan = Plan { n, colour, alpha: None };
            for tone in [Tone::Plain, Tone::Invert, Tone::Guess] {
                let px = 600 / n;
                let data = &bytes[..px * n];
                let general = convert_general(data, px, false, &plan, &tone);
                assert_eq!(convert_common(data, false, &plan, &tone).unwrap(), general);
                let data = &words[..px * n];
                let general = convert_general(data, px, false, &plan, &tone);
                assert_eq!(convert_common(data, false, &plan, &tone).unwrap(), general);
            }
        }
        let alpha = Plan { n: 2, colour: Colour::Gray, alpha: Some((1, false)) };
        assert!(convert_common(&bytes, false, &alpha, &Tone::Plain).is_none(), "alpha takes the general loop");
        let gray = Plan { n: 1, colour: Colour::Gray, alpha: None };
        assert!(convert_common(&bytes, false, &gray, &Tone::Palette(vec![0; 256])).is_none());
    }
}
