//! Decoded pixels back into a compact, lossless PDF image: Group 4 fax for black and white,
//! otherwise Flate with PNG row filters (made by encoding a PNG and taking its IDAT data).

use super::font::flate_stream;
use super::geometry::Turn;
use super::image_pdf::{PageImage, image_dict};
use super::png;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, GrayImage, ImageReader, Limits};
use lopdf::{Object, Stream, dictionary};
use std::io::Cursor;

/// Files are refused above this many pixels: the OCR decoder's limit is lower, so a file it read
/// is never refused here, and a hostile one cannot make us allocate gigabytes.
pub(super) const MAX_PIXELS: u64 = 400_000_000;

/// A BMP file: decoded and stored losslessly.
pub(super) fn bmp_image(bytes: &[u8]) -> Result<PageImage, String> {
    decoded_file(bytes, Turn::NONE)
}

/// An image file the PDF cannot take as it is, decoded and stored losslessly; `turn` is the
/// orientation its decoder reports, left to the placement rather than applied to the pixels.
pub(super) fn decoded_file(bytes: &[u8], turn: Turn) -> Result<PageImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS.saturating_mul(8));
    reader.limits(limits);
    let img = reader.decode().map_err(|e| format!("cannot decode the image: {e}"))?;
    lossless(img, turn)
}

/// `img` as a PDF image with the same pixels (transparency laid on white paper, as the OCR saw it).
pub(super) fn lossless(img: DynamicImage, turn: Turn) -> Result<PageImage, String> {
    let img = gray_if_gray(flatten(img));
    let (width, height) = (img.width(), img.height());
    let bilevel = match &img {
        DynamicImage::ImageLuma8(g) => g.iter().all(|&v| v == 0 || v == 255),
        _ => false,
    };
    let stream = match img {
        DynamicImage::ImageLuma8(g) if bilevel => bilevel_stream(&g)?,
        other => flate_image(&other)?,
    };
    Ok(PageImage { stream, width, height, turn, square_pixels: true })
}

/// A gray page (from the TIFF decoder), stored losslessly; it is already shown as decoded.
pub(super) fn gray_page(img: GrayImage) -> Result<PageImage, String> {
    lossless(DynamicImage::ImageLuma8(img), Turn::NONE)
}

/// Alpha composited over white; 8-bit stays 8-bit and 16-bit stays 16-bit.
fn flatten(img: DynamicImage) -> DynamicImage {
    fn over_white(v: u32, a: u32, max: u32) -> u32 {
        (v * a + max * (max - a)) / max
    }
    match img {
        DynamicImage::ImageLumaA8(la) => {
            DynamicImage::ImageLuma8(image::ImageBuffer::from_fn(la.width(), la.height(), |x, y| {
                let [v, a] = la.get_pixel(x, y).0;
                image::Luma([over_white(v.into(), a.into(), 255) as u8])
            }))
        }
        DynamicImage::ImageRgba8(p) => {
            DynamicImage::ImageRgb8(image::ImageBuffer::from_fn(p.width(), p.height(), |x, y| {
                let [r, g, b, a] = p.get_pixel(x, y).0.map(u32::from);
                image::Rgb([r, g, b].map(|c| over_white(c, a, 255) as u8))
            }))
        }
        DynamicImage::ImageLumaA16(la) => {
            DynamicImage::ImageLuma16(image::ImageBuffer::from_fn(la.width(), la.height(), |x, y| {
                let [v, a] = la.get_pixel(x, y).0;
                image::Luma([over_white(v.into(), a.into(), 65535) as u16])
            }))
        }
        DynamicImage::ImageRgba16(p) => {
            DynamicImage::ImageRgb16(image::ImageBuffer::from_fn(p.width(), p.height(), |x, y| {
                let [r, g, b, a] = p.get_pixel(x, y).0.map(u32::from);
                image::Rgb([r, g, b].map(|c| over_white(c, a, 65535) as u16))
            }))
        }
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLuma16(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgb16(_) => img,
        other if other.color().has_alpha() => flatten(DynamicImage::ImageRgba16(other.to_rgba16())),
        other => DynamicImage::ImageRgb16(other.to_rgb16()),
    }
}

/// Colour pictures whose every pixel is gray (a gray BMP with a palette, say) become gray:
/// the same picture in a third of the data.
fn gray_if_gray(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageRgb8(p) if p.pixels().all(|q| q[0] == q[1] && q[1] == q[2]) => {
            DynamicImage::ImageLuma8(image::ImageBuffer::from_fn(p.width(), p.height(), |x, y| {
                image::Luma([p.get_pixel(x, y)[0]])
            }))
        }
        DynamicImage::ImageRgb16(p) if p.pixels().all(|q| q[0] == q[1] && q[1] == q[2]) => {
            DynamicImage::ImageLuma16(image::ImageBuffer::from_fn(p.width(), p.height(), |x, y| {
                image::Luma([p.get_pixel(x, y)[0]])
            }))
        }
        other => other,
    }
}

/// Flate, with or without the PNG predictor, whichever is smaller: row filters pay on drawings
/// and photographs, but on noisy scans plain Flate wins (measured on the sample TIFFs' gray
/// pages: 7 to 13% smaller, and close to the scanner's own Deflate).
fn flate_image(img: &DynamicImage) -> Result<Stream, String> {
    let predicted = predicted_flate(img)?;
    let plain = plain_flate(img)?;
    Ok(if plain.content.len() < predicted.content.len() { plain } else { predicted })
}

/// Samples as they are (16-bit ones big-endian, as PDF reads them), compressed with Flate.
fn plain_flate(img: &DynamicImage) -> Result<Stream, String> {
    let (color_space, bits) = match img {
        DynamicImage::ImageLuma8(_) => ("DeviceGray", 8),
        DynamicImage::ImageLuma16(_) => ("DeviceGray", 16),
        DynamicImage::ImageRgb8(_) => ("DeviceRGB", 8),
        DynamicImage::ImageRgb16(_) => ("DeviceRGB", 16),
        _ => return Err("the page image has a colour type PDF cannot take".into()),
    };
    let samples: Vec<u8> = match img {
        DynamicImage::ImageLuma16(g) => g.as_raw().iter().flat_map(|v| v.to_be_bytes()).collect(),
        DynamicImage::ImageRgb16(p) => p.as_raw().iter().flat_map(|v| v.to_be_bytes()).collect(),
        other => other.as_bytes().to_vec(),
    };
    let dict = image_dict(img.width(), img.height(), Object::Name(color_space.into()), bits);
    flate_stream(dict, &samples)
}

/// Flate with the PNG predictor: a PNG is encoded in memory and its IDAT data becomes the stream.
fn predicted_flate(img: &DynamicImage) -> Result<Stream, String> {
    let mut png_file = Vec::new();
    let encoder = PngEncoder::new_with_quality(&mut png_file, CompressionType::Default, FilterType::Adaptive);
    img.write_with_encoder(encoder).map_err(|e| format!("cannot compress the page image: {e}"))?;
    png::stream_of(&png_file)?.ok_or_else(|| "the page image has a colour type PDF cannot take".into())
}

/// A black-and-white page as Group 4 fax data; 1-bit Flate if the fax encoder's output does
/// not decode back to the same page.
fn bilevel_stream(g: &GrayImage) -> Result<Stream, String> {
    let (w, h) = g.dimensions();
    let data = g4_encode(g);
    let mut dict = image_dict(w, h, Object::Name(b"DeviceGray".to_vec()), 1);
    if g4_decodes_to(&data, g) {
        dict.set("Filter", "CCITTFaxDecode");
        dict.set("DecodeParms", dictionary! { "K" => -1, "Columns" => i64::from(w), "Rows" => i64::from(h) });
        return Ok(Stream::new(dict, data).with_compression(false));
    }
    flate_stream(dict, &pack_bits(g))
}

fn g4_encode(g: &GrayImage) -> Vec<u8> {
    let mut enc = fax::encoder::Encoder::new(fax::VecWriter::new());
    for row in g.rows() {
        let pels = row.map(|p| if p[0] == 0 { fax::Color::Black } else { fax::Color::White });
        // VecWriter cannot fail: its error type is Infallible.
        let Ok(()) = enc.encode_line(pels, g.width());
    }
    let Ok(writer) = enc.finish();
    writer.finish()
}

fn g4_decodes_to(data: &[u8], g: &GrayImage) -> bool {
    let mut rows = g.rows();
    let mut same = true;
    let done = fax::decoder::decode_g4(data.iter().copied(), g.width(), Some(g.height()), |changes| {
        let Some(row) = rows.next() else {
            same = false;
            return;
        };
        let decoded = fax::decoder::pels(changes, g.width());
        same &= row.zip(decoded).all(|(p, c)| (p[0] == 0) == (c == fax::Color::Black));
    });
    done.is_some() && same && rows.next().is_none()
}

/// Rows of 1-bit samples, 1 for white (DeviceGray), each row padded to a byte.
fn pack_bits(g: &GrayImage) -> Vec<u8> {
    let mut out = Vec::with_capacity(g.width().div_ceil(8) as usize * g.height() as usize);
    for row in g.rows() {
        let mut byte = 0u8;
        let mut n = 0;
        for p in row {
            byte = (byte << 1) | u8::from(p[0] != 0);
            n += 1;
            if n == 8 {
                out.push(byte);
                (byte, n) = (0, 0);
            }
        }
        if n > 0 {
            out.push(byte << (8 - n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_and_white_becomes_group_4_and_decodes_back() {
        let g = GrayImage::from_fn(203, 61, |x, y| image::Luma([if (x / 7 + y / 5) % 3 == 0 { 0 } else { 255 }]));
        let data = g4_encode(&g);
        assert!(g4_decodes_to(&data, &g));
        assert!(!g4_decodes_to(&data[..data.len() / 2], &g), "a cut stream does not pass for the page");
        let img = gray_page(g).unwrap();
        assert_eq!(img.stream.dict.get(b"Filter").unwrap().as_name().unwrap(), b"CCITTFaxDecode");
    }

    #[test]
    fn pack_bits_pads_rows() {
        let g = GrayImage::from_fn(10, 2, |x, _| image::Luma([if x == 0 || x == 9 { 0 } else { 255 }]));
        assert_eq!(pack_bits(&g), vec![0b0111_1111, 0b1000_0000, 0b0111_1111, 0b1000_0000]);
    }

    #[test]
    fn transparency_is_white_paper_and_gray_colour_is_gray() {
        let rgba = image::RgbaImage::from_fn(2, 1, |x, _| image::Rgba([0, 0, 0, if x == 0 { 0 } else { 255 }]));
        let flat = gray_if_gray(flatten(DynamicImage::ImageRgba8(rgba)));
        assert_eq!(flat.as_luma8().map(|g| g.as_raw().clone()), Some(vec![255, 0]));
    }
}
