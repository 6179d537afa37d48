//! PNG files: the compressed pixel data (IDAT) is already what a PDF /FlateDecode image with
//! the PNG predictor holds, so it is copied as it is whenever PDF can describe the pixels.

use super::geometry::Turn;
use super::image_pdf::{PageImage, image_dict};
use super::raster;
use image::{ImageDecoder, metadata::Orientation};
use lopdf::{Object, Stream, dictionary};
use std::io::Read;

/// The parts of a PNG file a PDF image needs.
struct Png<'a> {
    width: u32,
    height: u32,
    bits: u8,
    color_type: u8,
    interlaced: bool,
    palette: Option<&'a [u8]>,
    transparency: bool,
    idat: Vec<u8>,
}

pub(super) fn image(bytes: &[u8]) -> Result<PageImage, String> {
    let png = parse(bytes)?;
    let turn = Turn::exif(orientation(bytes)?);
    match passthrough(&png)? {
        Some(stream) => Ok(PageImage { stream, width: png.width, height: png.height, turn, square_pixels: true }),
        // Transparency or interlacing: PDF has no predictor for those, decode.
        None => raster::decoded_file(bytes, turn),
    }
}

/// The image stream made of the file's own IDAT data, or None when PDF cannot take it as is.
/// The data is inflated once to check it: a damaged file must fail here, not in a reader.
pub(super) fn stream_of(bytes: &[u8]) -> Result<Option<Stream>, String> {
    passthrough(&parse(bytes)?)
}

fn passthrough(png: &Png) -> Result<Option<Stream>, String> {
    let colors: u8 = match png.color_type {
        0 | 3 => 1,
        2 => 3,
        _ => return Ok(None), // gray or RGB with alpha
    };
    if png.interlaced || png.transparency {
        return Ok(None);
    }
    check_pixel_data(png, u64::from(colors))?;
    let color_space = match (png.color_type, png.palette) {
        (0, _) => Object::Name(b"DeviceGray".to_vec()),
        (2, _) => Object::Name(b"DeviceRGB".to_vec()),
        (_, Some(p)) => Object::Array(vec![
            Object::Name(b"Indexed".to_vec()),
            Object::Name(b"DeviceRGB".to_vec()),
            Object::Integer((p.len() / 3) as i64 - 1),
            Object::String(p.to_vec(), lopdf::StringFormat::Hexadecimal),
        ]),
        _ => return Err("damaged PNG: a palette image without its palette (PLTE)".into()),
    };
    let mut dict = image_dict(png.width, png.height, color_space, png.bits);
    dict.set("Filter", "FlateDecode");
    dict.set(
        "DecodeParms",
        dictionary! {
            "Predictor" => 15,
            "Colors" => i64::from(colors),
            "BitsPerComponent" => i64::from(png.bits),
            "Columns" => i64::from(png.width),
        },
    );
    Ok(Some(Stream::new(dict, png.idat.clone()).with_compression(false)))
}

/// The orientation the OCR's decoder applied (from an eXIf chunk), to apply it the same way.
fn orientation(bytes: &[u8]) -> Result<Orientation, String> {
    let mut decoder =
        image::codecs::png::PngDecoder::new(std::io::Cursor::new(bytes)).map_err(|e| format!("damaged PNG: {e}"))?;
    Ok(decoder.orientation().unwrap_or(Orientation::NoTransforms))
}

fn parse(b: &[u8]) -> Result<Png<'_>, String> {
    let bad = |what: &str| format!("damaged PNG: {what}");
    let mut rest = b.strip_prefix(b"\x89PNG\r\n\x1a\n").ok_or_else(|| bad("no PNG signature"))?;
    let (mut header, mut palette, mut transparency, mut idat) = (None, None, false, Vec::new());
    // A file cut after its last image chunk, without IEND, is read as the decoder reads it.
    while !rest.is_empty() {
        let (kind, data, after) = chunk(rest).ok_or_else(|| bad("a chunk is cut short or fails its checksum"))?;
        rest = after;
        match kind {
            b"IHDR" => header = Some(data),
            b"PLTE" => palette = Some(data),
            b"tRNS" => transparency = true,
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
    }
    let h = header.filter(|h| h.len() == 13).ok_or_else(|| bad("no valid header (IHDR)"))?;
    let be = |i: usize| u32::from_be_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
    let (width, height, bits, color_type) = (be(0), be(4), h[8], h[9]);
    if width == 0 || height == 0 || h[10] != 0 || h[11] != 0 || h[12] > 1 {
        return Err(bad("its header (IHDR) is invalid"));
    }
    let valid_depth = match color_type {
        0 => matches!(bits, 1 | 2 | 4 | 8 | 16),
        3 => matches!(bits, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(bits, 8 | 16),
        _ => false,
    };
    if !valid_depth {
        return Err(bad(&format!("colour type {color_type} with {bits}-bit samples")));
    }
    if palette.is_some_and(|p| p.is_empty() || p.len() % 3 != 0 || p.len() > 768) {
        return Err(bad("its palette (PLTE) is invalid"));
    }
    Ok(Png { width, height, bits, color_type, interlaced: h[12] == 1, palette, transparency, idat })
}

/// One chunk: its type, its data (CRC checked) and what follows it.
fn chunk(b: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let len = usize::try_from(u32::from_be_bytes(b.get(..4)?.try_into().ok()?)).ok()?;
    let body = b.get(4..8usize.checked_add(len)?)?;
    let crc = u32::from_be_bytes(b.get(8 + len..12 + len)?.try_into().ok()?);
    let mut sum = flate2::Crc::new();
    sum.update(body);
    (sum.sum() == crc).then(|| (&body[..4], &body[4..], &b[12 + len..]))
}

/// Inflate the pixel data: it must hold every row, each starting with a known filter type.
fn check_pixel_data(png: &Png, colors: u64) -> Result<(), String> {
    let row = (u64::from(png.width) * colors * u64::from(png.bits)).div_ceil(8) + 1;
    let expected = row.checked_mul(u64::from(png.height)).ok_or("damaged PNG: impossible size")?;
    let mut inflater = flate2::read::ZlibDecoder::new(&png.idat[..]).take(expected);
    let (mut buf, mut seen) = (vec![0u8; 1 << 16], 0u64);
    loop {
        let n = inflater.read(&mut buf).map_err(|e| format!("damaged PNG: its pixel data does not inflate ({e})"))?;
        if n == 0 {
            break;
        }
        // The filter-type bytes at the start of each row that begins in this piece.
        let mut at = (row - seen % row) % row;
        while at < n as u64 {
            if buf.get(at as usize).is_some_and(|&f| f > 4) {
                return Err("damaged PNG: a row of pixels has an unknown filter type".into());
            }
            at += row;
        }
        seen += n as u64;
    }
    if seen < expected {
        return Err(format!("damaged PNG: its pixel data stops after {} of {} rows", seen / row, png.height));
    }
    Ok(())
}
