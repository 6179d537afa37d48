//! JPEG files go into the PDF as they are: the file is the image stream (/DCTDecode).

use super::geometry::Turn;
use super::image_pdf::{PageImage, image_dict};
use crate::decode::image_file::jpeg_is_complete;
use image::{ImageDecoder, metadata::Orientation};
use lopdf::{Object, Stream};

/// The frame header's facts a PDF image dictionary needs.
#[derive(Debug, PartialEq)]
struct Frame {
    width: u32,
    height: u32,
    components: u8,
    bits: u8,
    /// An Adobe APP14 marker: its CMYK is stored inverted, as Photoshop writes it.
    adobe: bool,
}

pub(super) fn image(bytes: &[u8]) -> Result<PageImage, String> {
    let frame = frame(bytes)?;
    if !jpeg_is_complete(bytes) {
        return Err("truncated JPEG: the image data stops before its end marker".into());
    }
    let color_space = match frame.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(format!("unsupported JPEG: {n} colour components")),
    };
    let mut dict = image_dict(frame.width, frame.height, Object::Name(color_space.into()), frame.bits);
    dict.set("Filter", "DCTDecode");
    if frame.components == 4 && frame.adobe {
        dict.set("Decode", [1, 0, 1, 0, 1, 0, 1, 0].iter().map(|&v| Object::Integer(v)).collect::<Vec<_>>());
    }
    Ok(PageImage {
        stream: Stream::new(dict, bytes.to_vec()).with_compression(false),
        width: frame.width,
        height: frame.height,
        turn: Turn::exif(orientation(bytes)),
        square_pixels: true,
    })
}

/// The EXIF orientation as the OCR's decoder reads it, so the PDF turns the page the same way.
fn orientation(bytes: &[u8]) -> Orientation {
    image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(bytes))
        .ok()
        .and_then(|mut d| d.orientation().ok())
        .unwrap_or(Orientation::NoTransforms)
}

/// Walk the markers up to the first frame header (SOF0 to SOF15, not DHT, JPG or DAC).
fn frame(b: &[u8]) -> Result<Frame, String> {
    let bad = |what: &str| format!("damaged JPEG: {what}");
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err(bad("it does not start with a JPEG marker"));
    }
    let mut at = 2;
    let mut adobe = false;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while b.get(at) == Some(&0xFF) && b.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (b.get(at), b.get(at + 1)) else {
            return Err(bad("no frame header before the image data"));
        };
        let len = b.get(at + 2..at + 4).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])));
        let seg = len.filter(|&l| l >= 2).and_then(|l| b.get(at + 4..at + 2 + l));
        let Some(seg) = seg else {
            return Err(bad("a marker segment runs past the end of the file"));
        };
        match marker {
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => return sof(seg, adobe),
            0xDA => return Err(bad("no frame header before the image data")),
            _ => {}
        }
        at += 2 + seg.len() + 2;
    }
}

fn sof(seg: &[u8], adobe: bool) -> Result<Frame, String> {
    let [bits, h0, h1, w0, w1, components, ..] = *seg else {
        return Err("damaged JPEG: its frame header is cut short".into());
    };
    let (width, height) = (u32::from(u16::from_be_bytes([w0, w1])), u32::from(u16::from_be_bytes([h0, h1])));
    if bits != 8 {
        return Err(format!("unsupported JPEG: {bits}-bit samples (PDF readers take 8)"));
    }
    // Height 0 means "given later by a DNL marker": a PDF image dictionary needs it up front.
    if width == 0 || height == 0 {
        return Err(format!("unsupported JPEG: its frame header gives a size of {width}×{height}"));
    }
    Ok(Frame { width, height, components, bits, adobe })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_frame_after_other_segments() {
        let mut jpeg = Vec::new();
        image::RgbImage::from_pixel(33, 17, image::Rgb([200, 10, 10]))
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg))
            .unwrap();
        assert_eq!(frame(&jpeg), Ok(Frame { width: 33, height: 17, components: 3, bits: 8, adobe: false }));
        let img = image(&jpeg).unwrap();
        assert_eq!(img.stream.content, jpeg, "the file is the stream, byte for byte");
        assert_eq!(img.turn, Turn::NONE);
        assert!(frame(&jpeg[..8]).unwrap_err().starts_with("damaged JPEG"));
        assert!(frame(b"\xFF\xD8\xFF\xDA\x00\x02").unwrap_err().contains("no frame header"));
    }

    #[test]
    fn adobe_cmyk_is_declared_inverted() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xEE, 0, 14];
        jpeg.extend_from_slice(b"Adobe\x00\x64\x00\x00\x00\x00\x02");
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 20, 8, 0, 16, 0, 32, 4]);
        for c in 1..=4 {
            jpeg.extend_from_slice(&[c, 0x11, 0]);
        }
        jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0x12, 0x34, 0xFF, 0xD9]);
        let img = image(&jpeg).unwrap();
        let dict = &img.stream.dict;
        assert_eq!(dict.get(b"ColorSpace").unwrap().as_name().unwrap(), b"DeviceCMYK");
        let decode: Vec<i64> =
            dict.get(b"Decode").unwrap().as_array().unwrap().iter().map(|o| o.as_i64().unwrap()).collect();
        assert_eq!(decode, [1, 0, 1, 0, 1, 0, 1, 0]);
        assert_eq!((img.width, img.height), (32, 16));
    }
}
