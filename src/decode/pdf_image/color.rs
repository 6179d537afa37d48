// ---------------------------------------------------------------------------------------------
// Colour

use std::borrow::Cow;

use lopdf::{Dictionary, Document, Object};

use super::filters::{decode_filters, get_bits};
use super::{Fail, Res, deref, dict_of, get, get_int, int, render, show_name};

pub(super) enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
    /// Gray value of each palette entry.
    Indexed(Vec<u8>),
}

impl ColorSpace {
    pub(super) fn components(&self) -> usize {
        match self {
            ColorSpace::Gray | ColorSpace::Indexed(_) => 1,
            ColorSpace::Rgb => 3,
            ColorSpace::Cmyk => 4,
        }
    }
}

pub(super) fn rgb_gray(r: u8, g: u8, b: u8) -> u8 {
    ((19595 * u32::from(r) + 38470 * u32::from(g) + 7471 * u32::from(b) + 32768) >> 16) as u8
}

/// Poppler's DeviceCMYK gray: 1 − k − 0.3c − 0.59m − 0.11y (components are ink amounts).
fn cmyk_gray(c: u8, m: u8, y: u8, k: u8) -> u8 {
    let ink = u32::from(k) * 65536 + 19661 * u32::from(c) + 38666 * u32::from(m) + 7209 * u32::from(y);
    let g = (255u32 * 65536).saturating_sub(ink);
    ((g + 32768) >> 16).min(255) as u8
}

pub(super) fn resolve_color_space(
    doc: &Document,
    obj: &Object,
    resources: Option<&Dictionary>,
    depth: usize,
) -> Res<ColorSpace> {
    if depth > 8 {
        return render("image with a looping colour space");
    }
    let obj = deref(doc, obj);
    let (family, args): (&[u8], &[Object]) = match obj {
        Object::Name(n) => (n.as_slice(), &[]),
        Object::Array(items) => match items.split_first() {
            Some((first, rest)) => match deref(doc, first) {
                Object::Name(n) => (n.as_slice(), rest),
                _ => return render("image with an invalid colour space"),
            },
            None => return render("image with an invalid colour space"),
        },
        _ => return render("image with an invalid colour space"),
    };
    match family {
        b"DeviceGray" | b"G" | b"CalGray" => Ok(ColorSpace::Gray),
        b"DeviceRGB" | b"RGB" | b"CalRGB" => Ok(ColorSpace::Rgb),
        b"DeviceCMYK" | b"CMYK" => Ok(ColorSpace::Cmyk),
        b"ICCBased" => {
            let Some(Object::Stream(profile)) = args.first().map(|o| deref(doc, o)) else {
                return render("image with an invalid ICC colour space");
            };
            match get_int(doc, &profile.dict, b"N") {
                Some(1) => Ok(ColorSpace::Gray),
                Some(3) => Ok(ColorSpace::Rgb),
                Some(4) => Ok(ColorSpace::Cmyk),
                _ => match get(doc, &profile.dict, b"Alternate") {
                    Some(alt) => resolve_color_space(doc, alt, resources, depth + 1),
                    None => render("image with an invalid ICC colour space"),
                },
            }
        }
        b"Indexed" | b"I" => {
            let base = match args.first() {
                Some(b) => resolve_color_space(doc, b, resources, depth + 1)?,
                None => return render("image with an invalid Indexed colour space"),
            };
            let hival = args.get(1).and_then(|o| int(deref(doc, o))).unwrap_or(-1);
            if !(0..=255).contains(&hival) || matches!(base, ColorSpace::Indexed(_)) {
                return render("image with an invalid Indexed colour space");
            }
            let table: Cow<[u8]> = match args.get(2).map(|o| deref(doc, o)) {
                Some(Object::String(bytes, _)) => Cow::Borrowed(bytes.as_slice()),
                Some(Object::Stream(s)) => match decode_filters(doc, s, 4096)? {
                    (data, None) => data,
                    _ => return render("image with an invalid Indexed colour space"),
                },
                _ => return render("image with an invalid Indexed colour space"),
            };
            let n = base.components();
            let palette = (0..=hival as usize)
                .map(|i| {
                    let c = |k: usize| table.get(i * n + k).copied().unwrap_or(0);
                    match base {
                        ColorSpace::Gray => c(0),
                        ColorSpace::Rgb => rgb_gray(c(0), c(1), c(2)),
                        ColorSpace::Cmyk => cmyk_gray(c(0), c(1), c(2), c(3)),
                        ColorSpace::Indexed(_) => 0,
                    }
                })
                .collect();
            Ok(ColorSpace::Indexed(palette))
        }
        b"Lab" => render("Lab colour image"),
        b"Separation" => render("Separation colour image"),
        b"DeviceN" => render("DeviceN colour image"),
        b"Pattern" => render("Pattern colour image"),
        other => {
            // A name from the resources' /ColorSpace dictionary.
            let named =
                resources.and_then(|r| get(doc, r, b"ColorSpace")).and_then(dict_of).and_then(|d| get(doc, d, other));
            match named {
                Some(cs) if args.is_empty() => resolve_color_space(doc, cs, resources, depth + 1),
                _ => render(format!("image in the unknown colour space {}", show_name(other))),
            }
        }
    }
}

/// How raw samples become gray.
pub(super) struct Pixels<'d> {
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) bpc: usize,
    pub(super) space: ColorSpace,
    pub(super) decode: Option<Vec<f64>>,
    pub(super) color_key: Option<&'d [i64]>,
}

fn clamp_byte(v: f64) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

impl Pixels<'_> {
    fn range(&self, comp: usize, default: (f64, f64)) -> (f64, f64) {
        match &self.decode {
            Some(d) => match (d.get(2 * comp), d.get(2 * comp + 1)) {
                (Some(a), Some(b)) => (*a, *b),
                _ => default,
            },
            None => default,
        }
    }

    /// For one-component images: gray for each sample value (high byte for 16-bit samples).
    pub(super) fn single_lut(&self) -> Vec<u8> {
        let bits = self.bpc.min(8);
        let max = ((1u32 << bits) - 1) as f64;
        (0..=(1u32 << bits) - 1)
            .map(|s| {
                let t = f64::from(s) / max;
                match &self.space {
                    ColorSpace::Indexed(palette) => {
                        let full = ((1u64 << self.bpc.min(16)) - 1) as f64;
                        let (d0, d1) = self.range(0, (0.0, full));
                        let idx = (d0 + t * (d1 - d0)).round().max(0.0) as usize;
                        let last = palette.len().saturating_sub(1);
                        palette.get(idx.min(last)).copied().unwrap_or(0)
                    }
                    _ => {
                        let (d0, d1) = self.range(0, (0.0, 1.0));
                        clamp_byte(d0 + t * (d1 - d0))
                    }
                }
            })
            .collect()
    }

    /// For several components: each component's 8-bit value after /Decode.
    fn component_luts(&self) -> Vec<[u8; 256]> {
        (0..self.space.components())
            .map(|c| {
                let (d0, d1) = self.range(c, (0.0, 1.0));
                let mut lut = [0u8; 256];
                for (s, slot) in lut.iter_mut().enumerate() {
                    *slot = clamp_byte(d0 + (s as f64 / 255.0) * (d1 - d0));
                }
                lut
            })
            .collect()
    }

    fn combine(&self, c: &[u8]) -> u8 {
        let at = |i: usize| c.get(i).copied().unwrap_or(0);
        match self.space {
            ColorSpace::Rgb => rgb_gray(at(0), at(1), at(2)),
            ColorSpace::Cmyk => cmyk_gray(at(0), at(1), at(2), at(3)),
            _ => at(0),
        }
    }

    /// Raw samples (rows padded to whole bytes) to 8-bit gray.
    pub(super) fn to_gray(&self, data: &[u8]) -> Res<Vec<u8>> {
        let n = self.space.components();
        let row_bytes = (self.width * n * self.bpc).div_ceil(8);
        let total = row_bytes.checked_mul(self.height).ok_or(Fail::Error("image is too large".into()))?;
        if data.len() < total || row_bytes == 0 {
            return render("truncated or damaged image data");
        }
        let mut out = vec![0u8; self.width * self.height];
        let rows = data.chunks_exact(row_bytes).zip(out.chunks_exact_mut(self.width));
        let default_decode = self
            .decode
            .as_ref()
            .is_none_or(|d| d.chunks(2).all(|p| p == [0.0, 1.0]) || matches!(self.space, ColorSpace::Indexed(_)));
        if self.color_key.is_none() && n == 1 {
            let lut = self.single_lut();
            match self.bpc {
                8 => {
                    for (src, dst) in rows {
                        for (d, s) in dst.iter_mut().zip(src) {
                            *d = lut.get(usize::from(*s)).copied().unwrap_or(0);
                        }
                    }
                }
                16 => {
                    for (src, dst) in rows {
                        for (d, s) in dst.iter_mut().zip(src.chunks_exact(2)) {
                            *d = lut.get(usize::from(s.first().copied().unwrap_or(0))).copied().unwrap_or(0);
                        }
                    }
                }
                1 => {
                    let (g0, g1) = (lut.first().copied().unwrap_or(0), lut.get(1).copied().unwrap_or(255));
                    let mut expand = [[0u8; 8]; 256];
                    for (byte, slot) in expand.iter_mut().enumerate() {
                        for (bit, px) in slot.iter_mut().enumerate() {
                            *px = if byte & (0x80 >> bit) != 0 { g1 } else { g0 };
                        }
                    }
                    for (src, dst) in rows {
                        for (d, s) in dst.chunks_mut(8).zip(src) {
                            if let Some(e) = expand.get(usize::from(*s)).and_then(|e| e.get(..d.len())) {
                                d.copy_from_slice(e);
                            }
                        }
                    }
                }
                _ => {
                    for (src, dst) in rows {
                        for (x, d) in dst.iter_mut().enumerate() {
                            *d = lut.get(usize::from(get_bits(src, x, self.bpc))).copied().unwrap_or(0);
                        }
                    }
                }
            }
            return Ok(out);
        }
        if self.color_key.is_none() && self.bpc == 8 {
            let luts = self.component_luts();
            let mut comps = [0u8; 4];
            for (src, dst) in rows {
                for (d, px) in dst.iter_mut().zip(src.chunks_exact(n)) {
                    if default_decode {
                        *d = self.combine(px);
                    } else {
                        for ((c, s), lut) in comps.iter_mut().zip(px).zip(&luts) {
                            *c = lut.get(usize::from(*s)).copied().unwrap_or(0);
                        }
                        *d = self.combine(&comps);
                    }
                }
            }
            return Ok(out);
        }
        // The general path: any depth, colour-key masking.
        let lut1 = if n == 1 { self.single_lut() } else { Vec::new() };
        let luts = self.component_luts();
        let max = (1u32 << self.bpc) - 1;
        let mut raw = [0u16; 4];
        let mut comps = [0u8; 4];
        for (src, dst) in rows {
            for (x, d) in dst.iter_mut().enumerate() {
                for (c, slot) in raw.iter_mut().enumerate().take(n) {
                    let i = x * n + c;
                    *slot = match self.bpc {
                        8 => u16::from(src.get(i).copied().unwrap_or(0)),
                        16 => u16::from_be_bytes([
                            src.get(2 * i).copied().unwrap_or(0),
                            src.get(2 * i + 1).copied().unwrap_or(0),
                        ]),
                        _ => get_bits(src, i, self.bpc),
                    };
                }
                if let Some(key) = self.color_key {
                    let keyed = (0..n).all(|c| {
                        let v = i64::from(raw.get(c).copied().unwrap_or(0));
                        match (key.get(2 * c), key.get(2 * c + 1)) {
                            (Some(lo), Some(hi)) => *lo <= v && v <= *hi,
                            _ => false,
                        }
                    });
                    if keyed {
                        *d = 255;
                        continue;
                    }
                }
                let to8 = |v: u16| -> u8 {
                    match self.bpc {
                        16 => (v >> 8) as u8,
                        8 => v as u8,
                        _ => (u32::from(v) * 255 / max) as u8,
                    }
                };
                if n == 1 {
                    let idx = if self.bpc == 16 { usize::from(raw[0] >> 8) } else { usize::from(raw[0]) };
                    *d = lut1.get(idx).copied().unwrap_or(0);
                } else {
                    for ((slot, r), lut) in comps.iter_mut().zip(&raw).zip(&luts) {
                        *slot = lut.get(usize::from(to8(*r))).copied().unwrap_or(0);
                    }
                    *d = self.combine(&comps);
                }
            }
        }
        Ok(out)
    }
}
