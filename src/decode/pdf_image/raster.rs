// ---------------------------------------------------------------------------------------------
// Images

use image::GrayImage;
use lopdf::{Dictionary, Document, Object, Stream};

use super::ccitt::decode_ccitt;
use super::color::{ColorSpace, Pixels, resolve_color_space};
use super::filters::{Codec, decode_filters, filter_list};
use super::{Fail, Res, deref, error, get, get_bool, get2, int, numbers, render};

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Role {
    Main,
    SoftMask,
    StencilMask,
}

struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

pub(super) fn decode_image(
    doc: &Document,
    stream: &Stream,
    resources: Option<&Dictionary>,
    max_pixels: u64,
    role: Role,
) -> Res<GrayImage> {
    let g = decode_gray(doc, stream, resources, max_pixels, role)?;
    GrayImage::from_raw(g.width as u32, g.height as u32, g.pixels)
        .map_or_else(|| error("internal image size mismatch"), Ok)
}

fn check_size(width: u64, height: u64, max_pixels: u64) -> Res<()> {
    match width.checked_mul(height) {
        Some(p) if p <= max_pixels => Ok(()),
        _ => error(format!("image is {width}×{height} pixels, above the limit of {max_pixels}")),
    }
}

fn decode_gray(
    doc: &Document,
    stream: &Stream,
    resources: Option<&Dictionary>,
    max_pixels: u64,
    role: Role,
) -> Res<Gray> {
    let dict = &stream.dict;
    let dim =
        |key: &[u8], abbr: &[u8]| get2(doc, dict, key, abbr).and_then(int).filter(|v| *v > 0 && *v <= u32::MAX as i64);
    let (Some(w), Some(h)) = (dim(b"Width", b"W"), dim(b"Height", b"H")) else {
        return error("the image has no valid /Width or /Height");
    };
    let (w64, h64) = (w as u64, h as u64);
    check_size(w64, h64, max_pixels)?;
    let (width, height) = match (usize::try_from(w64), usize::try_from(h64)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return error("image is too large"),
    };

    let filters = filter_list(doc, dict)?;
    let codec = filters.last().and_then(|(name, _)| match *name {
        b"DCTDecode" | b"DCT" => Some(Codec::Dct),
        b"CCITTFaxDecode" | b"CCF" => Some(Codec::Ccitt),
        b"JBIG2Decode" => Some(Codec::Jbig2),
        b"JPXDecode" => Some(Codec::Jpx),
        _ => None,
    });
    match codec {
        Some(Codec::Jbig2) => return render("JBIG2 image"),
        Some(Codec::Jpx) => return render("JPEG 2000 image"),
        _ => {}
    }

    let image_mask = role == Role::StencilMask
        || get_bool(doc, dict, b"ImageMask").or_else(|| get_bool(doc, dict, b"IM")).unwrap_or(false);
    let bpc = if image_mask {
        1
    } else {
        match get2(doc, dict, b"BitsPerComponent", b"BPC").and_then(int) {
            Some(b) if [1, 2, 4, 8, 16].contains(&b) => b as usize,
            Some(b) => return render(format!("image with {b} bits per component")),
            None if codec == Some(Codec::Dct) => 8,
            None if codec == Some(Codec::Ccitt) => 1,
            None => return render("image without /BitsPerComponent"),
        }
    };
    let space = if image_mask || role == Role::SoftMask {
        Some(ColorSpace::Gray)
    } else {
        match get2(doc, dict, b"ColorSpace", b"CS") {
            Some(cs) => Some(resolve_color_space(doc, cs, resources, 0)?),
            None if codec == Some(Codec::Dct) => None, // taken from the JPEG
            None => return render("image without a colour space"),
        }
    };
    let decode = get2(doc, dict, b"Decode", b"D").and_then(|o| numbers(doc, o));
    let color_key_values: Option<Vec<i64>> = if role == Role::Main {
        match get(doc, dict, b"Mask") {
            Some(Object::Array(items)) => items.iter().map(|o| int(deref(doc, o))).collect(),
            _ => None,
        }
    } else {
        None
    };

    // Sizes for the raw samples, checked.
    let n = space.as_ref().map_or(1, ColorSpace::components);
    let row_bits = w64.checked_mul(n as u64).and_then(|v| v.checked_mul(bpc as u64));
    let raw_bytes =
        row_bits.map(|b| b.div_ceil(8)).and_then(|r| r.checked_mul(h64)).and_then(|t| usize::try_from(t).ok());
    let Some(raw_bytes) = raw_bytes else {
        return error("image is too large");
    };
    let cap = raw_bytes.saturating_mul(2).saturating_add(1 << 20);

    let (data, codec_parms) = decode_filters(doc, stream, cap)?;
    let pixels = match codec_parms {
        Some((Codec::Dct, _)) => decode_dct(&data, width, height, max_pixels, space, decode)?,
        Some((Codec::Ccitt, parms)) => {
            let space = space.unwrap_or(ColorSpace::Gray);
            if space.components() != 1 {
                return render("CCITT image in a colour space with several components");
            }
            let p = Pixels { width, height, bpc: 1, space, decode, color_key: None };
            let lut = p.single_lut();
            let lut2 = (lut.first().copied().unwrap_or(0), lut.get(1).copied().unwrap_or(255));
            decode_ccitt(doc, &data, parms, width, height, lut2)?
        }
        Some((Codec::Jbig2, _)) => return render("JBIG2 image"),
        Some((Codec::Jpx, _)) => return render("JPEG 2000 image"),
        None => {
            let space = space.unwrap_or(ColorSpace::Gray);
            let key = color_key_values.as_deref().filter(|k| k.len() >= 2 * space.components());
            let p = Pixels { width, height, bpc, space, decode, color_key: key };
            p.to_gray(&data)?
        }
    };
    Ok(Gray { width, height, pixels })
}

/// Composite a same-size soft mask or stencil mask over a white page.
pub(super) fn apply_masks(
    doc: &Document,
    stream: &Stream,
    resources: Option<&Dictionary>,
    max_pixels: u64,
    img: GrayImage,
) -> Res<GrayImage> {
    let dict = &stream.dict;
    let (w, h) = (img.width() as usize, img.height() as usize);
    let (mask, role, what) = match (get(doc, dict, b"SMask"), get(doc, dict, b"Mask")) {
        (Some(Object::Stream(s)), _) => (s, Role::SoftMask, "soft mask"),
        (_, Some(Object::Stream(s))) => (s, Role::StencilMask, "mask"),
        _ => return Ok(img),
    };
    if role == Role::SoftMask && mask.dict.has(b"Matte") {
        return render("image with a premultiplied soft mask");
    }
    let m = decode_gray(doc, mask, resources, max_pixels, role)?;
    if m.width != w || m.height != h {
        return render(format!("image with a {what} of a different size"));
    }
    let mut pixels = img.into_raw();
    for (p, a) in pixels.iter_mut().zip(&m.pixels) {
        *p = match role {
            // Soft mask: alpha = mask value; white page below.
            Role::SoftMask => 255 - ((u32::from(255 - *p) * u32::from(*a) + 127) / 255) as u8,
            // Stencil used as /Mask: where it would paint (dark), the image shows.
            _ => {
                if *a >= 128 {
                    255
                } else {
                    *p
                }
            }
        };
    }
    GrayImage::from_raw(w as u32, h as u32, pixels).map_or_else(|| error("internal image size mismatch"), Ok)
}

// ---------------------------------------------------------------------------------------------
// DCT (JPEG)

struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
}

fn jpeg_info(data: &[u8]) -> Option<JpegInfo> {
    let start = data.windows(2).position(|w| w == [0xFF, 0xD8])?;
    let mut i = start + 2;
    loop {
        // Find the next marker, skipping fill bytes.
        while *data.get(i)? != 0xFF {
            i += 1;
        }
        while *data.get(i)? == 0xFF {
            i += 1;
        }
        let marker = *data.get(i)?;
        i += 1;
        if marker == 0x01 || (0xD0..=0xD8).contains(&marker) {
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([*data.get(i)?, *data.get(i + 1)?]));
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let height = u16::from_be_bytes([*data.get(i + 3)?, *data.get(i + 4)?]);
            let width = u16::from_be_bytes([*data.get(i + 5)?, *data.get(i + 6)?]);
            let components = *data.get(i + 7)?;
            return Some(JpegInfo { width: u32::from(width), height: u32::from(height), components });
        }
        i = i.checked_add(len)?;
    }
}

fn decode_dct(
    data: &[u8],
    width: usize,
    height: usize,
    max_pixels: u64,
    space: Option<ColorSpace>,
    decode: Option<Vec<f64>>,
) -> Res<Vec<u8>> {
    use image::ImageDecoder;
    let Some(info) = jpeg_info(data) else {
        return render("damaged JPEG data");
    };
    check_size(u64::from(info.width), u64::from(info.height), max_pixels)?;
    if info.width as usize != width || (info.height as usize) < height {
        return render("JPEG whose size differs from its image dictionary");
    }
    let space = match space {
        Some(s) => s,
        None => match info.components {
            1 => ColorSpace::Gray,
            3 => ColorSpace::Rgb,
            4 => ColorSpace::Cmyk,
            _ => return render("JPEG with an unusual number of components"),
        },
    };
    if usize::from(info.components) != space.components() {
        return render("JPEG whose components do not match its colour space");
    }
    // What the `image` crate gives for CMYK is RGB computed as if the samples were inverted
    // (Adobe) CMYK; that is right when the PDF says so with an inverting /Decode.
    let (space, decode) = match space {
        ColorSpace::Cmyk => {
            let inverted =
                decode.as_ref().is_some_and(|d| d.len() >= 8 && d.chunks(2).take(4).all(|p| p == [1.0, 0.0]));
            if !inverted {
                return render("CMYK JPEG image");
            }
            (ColorSpace::Rgb, None)
        }
        other => (other, decode),
    };
    let decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(data))
        .map_err(|_| Fail::Render("damaged JPEG data".into()))?;
    let (jw, jh) = decoder.dimensions();
    let channels = usize::from(decoder.color_type().channel_count());
    if jw != info.width || jh != info.height || !(channels == 1 || channels == 3) || channels != space.components() {
        return render("JPEG in an unexpected layout");
    }
    let len = usize::try_from(decoder.total_bytes()).map_err(|_| Fail::Error("image is too large".into()))?;
    let mut buf = vec![0u8; len];
    decoder.read_image(&mut buf).map_err(|_| Fail::Render("damaged JPEG data".into()))?;
    let p = Pixels { width, height, bpc: 8, space, decode, color_key: None };
    p.to_gray(&buf)
}
