//! Single-image files: PNG, JPEG, BMP. EXIF orientation applied; resolution read from the file.

use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// Decode to 8-bit gray, upright as the file's EXIF orientation says, with its dpi if recorded.
pub(crate) fn decode(bytes: &[u8], max_pixels: u64) -> Result<(GrayImage, Option<f32>), String> {
    if bytes.starts_with(&[0xFF, 0xD8]) && !jpeg_is_complete(bytes) {
        // The JPEG decoder fills a cut-off scan with grey and reports success; a half page
        // recorded as a good document is worse than a clear failure.
        return Err("truncated JPEG: the image data stops before its end marker".into());
    }
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| format!("cannot read image: {e}"))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(4));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(format!("image is {w}×{h} pixels, above the limit of {max_pixels}"));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(describe)?;
    img.apply_orientation(orientation);
    Ok((to_gray(img), dpi(bytes)))
}

/// Gray with any alpha composited on white: transparent regions of a scan are paper, not ink.
pub(crate) fn to_gray(img: DynamicImage) -> GrayImage {
    if !img.color().has_alpha() {
        return img.into_luma8();
    }
    let la = img.into_luma_alpha8();
    GrayImage::from_fn(la.width(), la.height(), |x, y| {
        let p = la.get_pixel(x, y).0;
        let (v, a) = (u32::from(p[0]), u32::from(p[1]));
        image::Luma([((v * a + 255 * (255 - a)) / 255) as u8])
    })
}

/// A complete JPEG has an end-of-image marker after its last start-of-scan. Inside scan data
/// 0xFF is always escaped, so FF D9 there can only be the real marker; thumbnails in EXIF come
/// before the main scan and do not count.
pub(crate) fn jpeg_is_complete(b: &[u8]) -> bool {
    let last_sos = b.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    let last_eoi = b.windows(2).rposition(|w| w == [0xFF, 0xD9]);
    matches!((last_sos, last_eoi), (Some(s), Some(e)) if e > s)
}

fn describe(e: image::ImageError) -> String {
    use image::ImageError as E;
    match e {
        E::Decoding(d) => format!("corrupt or truncated image: {d}"),
        E::Limits(l) => format!("image too large: {l}"),
        E::Unsupported(u) => format!("unsupported image: {u}"),
        other => format!("cannot decode image: {other}"),
    }
}

/// Resolution recorded in the file: PNG pHYs, JPEG JFIF density, BMP pixels per metre.
fn dpi(bytes: &[u8]) -> Option<f32> {
    let d = if bytes.starts_with(b"\x89PNG") {
        png_dpi(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jfif_dpi(bytes)
    } else if bytes.starts_with(b"BM") {
        be_or_le_u32(bytes, 38, false).map(|ppm| ppm as f32 * 0.0254)
    } else {
        None
    };
    d.filter(|d| (50.0..=5000.0).contains(d))
}

fn be_or_le_u32(b: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let s: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
    Some(if big_endian { u32::from_be_bytes(s) } else { u32::from_le_bytes(s) })
}

fn png_dpi(b: &[u8]) -> Option<f32> {
    let mut at = 8;
    while at + 8 <= b.len() {
        let len = be_or_le_u32(b, at, true)? as usize;
        let kind = b.get(at + 4..at + 8)?;
        if kind == b"pHYs" {
            let ppu = be_or_le_u32(b, at + 8, true)?;
            let unit = *b.get(at + 16)?;
            return (unit == 1).then_some(ppu as f32 * 0.0254);
        }
        if kind == b"IDAT" {
            return None; // pHYs must come before the image data
        }
        at = at.checked_add(12)?.checked_add(len)?;
    }
    None
}

fn jfif_dpi(b: &[u8]) -> Option<f32> {
    // APP0 "JFIF\0" straight after SOI: units at +11, X density at +12 (big-endian).
    let app0 = b.get(2..20)?;
    if app0[0..2] != [0xFF, 0xE0] || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let units = app0[11];
    let x = f32::from(u16::from_be_bytes([app0[12], app0[13]]));
    match units {
        1 => Some(x),
        2 => Some(x * 2.54),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::png::PngEncoder;

    fn png_with_dpi(dpi: u32) -> Vec<u8> {
        let img = GrayImage::from_pixel(4, 3, image::Luma([200]));
        let mut plain = Vec::new();
        img.write_with_encoder(PngEncoder::new(&mut plain)).unwrap();
        // Insert a pHYs chunk after IHDR (8 + 25 bytes).
        let ppm = (dpi as f32 / 0.0254).round() as u32;
        let mut data = Vec::new();
        data.extend_from_slice(&ppm.to_be_bytes());
        data.extend_from_slice(&ppm.to_be_bytes());
        data.push(1);
        let mut chunk = Vec::new();
        chunk.extend_from_slice(&9u32.to_be_bytes());
        chunk.extend_from_slice(b"pHYs");
        chunk.extend_from_slice(&data);
        chunk.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked by our reader
        let mut out = plain[..33].to_vec();
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&plain[33..]);
        out
    }

    #[test]
    fn reads_png_resolution() {
        assert_eq!(png_dpi(&png_with_dpi(300)).map(f32::round), Some(300.0));
    }

    #[test]
    fn decodes_and_refuses_oversized() {
        let mut plain = Vec::new();
        GrayImage::from_pixel(40, 30, image::Luma([9])).write_with_encoder(PngEncoder::new(&mut plain)).unwrap();
        let (img, _) = decode(&plain, 10_000).unwrap();
        assert_eq!((img.width(), img.height(), img.get_pixel(0, 0).0[0]), (40, 30, 9));
        assert!(decode(&plain, 100).unwrap_err().contains("above the limit"));
        assert!(decode(&plain[..plain.len() / 2], 10_000).is_err());
    }

    #[test]
    fn a_jpeg_cut_short_is_truncated() {
        let mut jpeg = Vec::new();
        GrayImage::from_fn(64, 64, |x, y| image::Luma([(x * y) as u8]))
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg))
            .unwrap();
        assert!(decode(&jpeg, 1 << 20).is_ok());
        let err = decode(&jpeg[..jpeg.len() * 2 / 3], 1 << 20).unwrap_err();
        assert!(err.contains("truncated"), "{err}");
    }

    #[test]
    fn alpha_becomes_white_paper() {
        let img = DynamicImage::ImageLumaA8(image::GrayAlphaImage::from_pixel(1, 1, image::LumaA([0, 0])));
        assert_eq!(to_gray(img).get_pixel(0, 0).0[0], 255);
    }
}
