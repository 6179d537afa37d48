//! Single-image files: JPEG passed through, PNG passed through or re-encoded, BMP re-encoded.

use super::*;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, RgbImage};

fn jpeg_of(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85)).expect("JPEG encodes");
    out
}

/// An EXIF block (big-endian TIFF) saying only: orientation `o`.
fn exif(o: u16) -> Vec<u8> {
    let mut e = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    e.extend_from_slice(&o.to_be_bytes());
    e.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    e
}

/// `jpeg` with an APP1 EXIF segment right after its start marker.
fn with_exif(jpeg: &[u8], o: u16) -> Vec<u8> {
    let mut body = b"Exif\0\0".to_vec();
    body.extend(exif(o));
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&(body.len() as u16 + 2).to_be_bytes());
    out.extend(body);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A PNG written by hand, so that any depth and colour type can be made; rows alternate the
/// None and Up filters, and the data is split over two IDAT chunks. Returns the file and its
/// IDAT data concatenated.
fn png_file(
    w: u32,
    h: u32,
    bits: u8,
    color_type: u8,
    rows: &[Vec<u8>],
    extra: &[(&[u8; 4], Vec<u8>)],
) -> (Vec<u8>, Vec<u8>) {
    let mut raw = Vec::new();
    let mut prior = vec![0u8; rows.first().map_or(0, Vec::len)];
    for (y, row) in rows.iter().enumerate() {
        if y % 2 == 0 {
            raw.push(0);
            raw.extend_from_slice(row);
        } else {
            raw.push(2);
            raw.extend(row.iter().zip(&prior).map(|(a, b)| a.wrapping_sub(*b)));
        }
        prior.clone_from(row);
    }
    let idat = super::super::font::deflate(&raw).unwrap();
    let mut header = Vec::new();
    header.extend_from_slice(&w.to_be_bytes());
    header.extend_from_slice(&h.to_be_bytes());
    header.extend_from_slice(&[bits, color_type, 0, 0, 0]);
    let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut put = |kind: &[u8; 4], data: &[u8]| {
        file.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        file.extend_from_slice(kind);
        file.extend_from_slice(data);
        file.extend_from_slice(&crc.sum().to_be_bytes());
    };
    put(b"IHDR", &header);
    for (kind, data) in extra {
        put(kind, data);
    }
    let half = idat.len() / 2;
    put(b"IDAT", &idat[..half]);
    put(b"IDAT", &idat[half..]);
    put(b"IEND", &[]);
    (file, idat)
}

fn gray_rows(g: &GrayImage) -> Vec<Vec<u8>> {
    g.rows().map(|r| r.map(|p| p[0]).collect()).collect()
}

/// Rows of `bits`-bit samples from `value(x, y)`, packed most significant first.
fn packed_rows(w: u32, h: u32, bits: u8, value: impl Fn(u32, u32) -> u8) -> Vec<Vec<u8>> {
    (0..h)
        .map(|y| {
            let mut row = vec![0u8; (w * u32::from(bits)).div_ceil(8) as usize];
            for x in 0..w {
                let bit = (x * u32::from(bits)) as usize;
                row[bit / 8] |= value(x, y) << (8 - bits as usize - bit % 8);
            }
            row
        })
        .collect()
}

fn only_image(pdf: &[u8]) -> lopdf::Stream {
    let mut images = image_streams(pdf);
    assert_eq!(images.len(), 1, "one image in the PDF");
    images.remove(0)
}

#[test]
fn jpeg_is_passed_through_with_its_text() {
    let jpeg = jpeg_of(&DynamicImage::ImageLuma8(upright_page()));
    let pdf = build(&jpeg, MediaType::Jpeg, &[Some(layer(0))]);
    assert_eq!(only_image(&pdf).content, jpeg, "the JPEG is the image stream, byte for byte");
    assert!(pdf.len() <= jpeg.len() + 4096, "PDF {} bytes for a {}-byte JPEG", pdf.len(), jpeg.len());
    assert_eq!(
        pdfimages(&pdf),
        vec![Listed { page: 1, width: 827, height: 1169, color: "gray".into(), bpc: 8, enc: "jpeg".into() }]
    );
    assert_eq!(pages_and_sizes(&pdf, 1), (1, vec![(595.44, 841.68)]));
    assert_text_reads_back(&pdf);
    assert_words_at_boxes(&pdf, 1, &layer(0), 1.0);
    assert!(differing(&render(&pdf, 1, 100), &upright_page(), 64) < 0.01);
}

#[test]
fn jpeg_exif_orientation_6_is_shown_upright() {
    // The camera stored the page turned a quarter to the left; EXIF 6 says turn it right.
    let stored = image::imageops::rotate270(&upright_page());
    let jpeg = with_exif(&jpeg_of(&DynamicImage::ImageLuma8(stored)), 6);
    let (decoded, _) = crate::decode::image_file::decode(&jpeg, 10_000_000).unwrap();
    assert_eq!(decoded.dimensions(), (827, 1169), "the OCR's decoder turns it upright");
    let pdf = build(&jpeg, MediaType::Jpeg, &[Some(layer(0))]);
    assert_eq!(only_image(&pdf).content, jpeg);
    assert_eq!(pages_and_sizes(&pdf, 1).1, vec![(595.44, 841.68)]);
    assert_words_at_boxes(&pdf, 1, &layer(0), 1.0);
    assert!(differing(&render(&pdf, 1, 100), &upright_page(), 64) < 0.01);

    // EXIF 6 and then an OCR half turn: the camera held the page upside down as well.
    let stored = image::imageops::rotate90(&upright_page());
    let jpeg = with_exif(&jpeg_of(&DynamicImage::ImageLuma8(stored)), 6);
    let pdf = build(&jpeg, MediaType::Jpeg, &[Some(layer(180))]);
    assert_words_at_boxes(&pdf, 1, &layer(180), 1.0);
    assert!(differing(&render(&pdf, 1, 100), &upright_page(), 64) < 0.01);
}

#[test]
fn every_exif_orientation_is_honoured() {
    // Stored pixels such that applying EXIF orientation `o` gives the upright page.
    let page = DynamicImage::ImageLuma8(upright_page());
    let inverse = |o: u16| match o {
        2 => page.fliph(),
        3 => page.rotate180(),
        4 => page.flipv(),
        5 => page.rotate90().fliph(),
        6 => page.rotate270(),
        7 => page.rotate270().fliph(),
        8 => page.rotate90(),
        _ => page.clone(),
    };
    for o in 1..=8 {
        let stored = inverse(o);
        let jpeg = with_exif(&jpeg_of(&stored), o);
        let (decoded, _) = crate::decode::image_file::decode(&jpeg, 10_000_000).unwrap();
        assert!(differing(&decoded, &upright_page(), 64) < 0.01, "orientation {o}: the decoder's reading");
        let pdf = build(&jpeg, MediaType::Jpeg, &[Some(layer(0))]);
        assert!(differing(&render(&pdf, 1, 100), &upright_page(), 64) < 0.01, "orientation {o}");
    }
}

#[test]
fn png_turned_by_the_ocr_is_shown_upright_pixel_for_pixel() {
    for rotation in [90, 180, 270] {
        let stored = stored_sideways(&upright_page(), rotation);
        let (w, h) = stored.dimensions();
        let (png, idat) = png_file(w, h, 8, 0, &gray_rows(&stored), &[]);
        let pdf = build(&png, MediaType::Png, &[Some(layer(rotation))]);
        assert_eq!(only_image(&pdf).content, idat, "rotation {rotation}: the IDAT data is the stream");
        assert_eq!(pages_and_sizes(&pdf, 1).1, vec![(595.44, 841.68)], "rotation {rotation}");
        assert_words_at_boxes(&pdf, 1, &layer(rotation), 1.0);
        assert!(extracted(&pdf, 0).to_luma8() == stored, "rotation {rotation}: the pixels as stored");
        assert!(looks_like(&render(&pdf, 1, 100), &upright_page()), "rotation {rotation}: shown upright");
    }
}

#[test]
fn png_kinds_pdf_can_take_are_passed_through() {
    let page = upright_page();
    let (w, h) = page.dimensions();
    let ink = |x: u32, y: u32| page.get_pixel(x, y)[0] == 0;
    // A red stamp in colour pages, to see colour survive.
    let stamp = |x: u32, y: u32| (600..700).contains(&x) && (900..1000).contains(&y);
    let rgb = |x: u32, y: u32| match (ink(x, y), stamp(x, y)) {
        (true, _) => [0, 0, 0],
        (false, true) => [220, 30, 30],
        _ => [255, 255, 255],
    };
    let rgb_rows: Vec<Vec<u8>> = (0..h).map(|y| (0..w).flat_map(|x| rgb(x, y)).collect()).collect();
    let palette = vec![255, 255, 255, 0, 0, 0, 220, 30, 30];
    let index = |x, y| {
        if ink(x, y) {
            1
        } else if stamp(x, y) {
            2
        } else {
            0
        }
    };
    // (name, (file, its IDAT data), pdfimages colour, bits)
    type Case = (&'static str, (Vec<u8>, Vec<u8>), &'static str, u32);
    let cases: Vec<Case> = vec![
        ("8-bit gray", png_file(w, h, 8, 0, &gray_rows(&page), &[]), "gray", 8),
        ("1-bit gray", png_file(w, h, 1, 0, &packed_rows(w, h, 1, |x, y| u8::from(!ink(x, y))), &[]), "gray", 1),
        ("4-bit palette", png_file(w, h, 4, 3, &packed_rows(w, h, 4, index), &[(b"PLTE", palette)]), "index", 4),
        ("RGB", png_file(w, h, 8, 2, &rgb_rows, &[]), "rgb", 8),
    ];
    // Poppler's gray: 0.299 R + 0.587 G + 0.114 B.
    let expected = GrayImage::from_fn(w, h, |x, y| {
        let [r, g, b] = rgb(x, y).map(f64::from);
        image::Luma([(0.299 * r + 0.587 * g + 0.114 * b).round() as u8])
    });
    for (name, (png, idat), color, bpc) in cases {
        let pdf = build(&png, MediaType::Png, &[Some(layer(0))]);
        assert_eq!(only_image(&pdf).content, idat, "{name}: the IDAT data is the stream");
        assert!(pdf.len() <= png.len() + 4096, "{name}: PDF {} bytes for a {}-byte PNG", pdf.len(), png.len());
        let listed = &pdfimages(&pdf)[0];
        assert_eq!((listed.enc.as_str(), listed.color.as_str(), listed.bpc), ("image", color, bpc), "{name}");
        let decoded = image::load_from_memory(&png).unwrap().to_rgb8();
        assert!(extracted(&pdf, 0).to_rgb8() == decoded, "{name}: the same pixels");
        let want = if color == "gray" { &page } else { &expected };
        assert!(looks_like(&render(&pdf, 1, 100), want), "{name}: rendered");
        assert_text_reads_back(&pdf);
    }
}

#[test]
fn png_exif_orientation_is_applied_as_the_decoder_does() {
    let stored = image::imageops::rotate90(&upright_page());
    let (w, h) = stored.dimensions();
    let (png, _) = png_file(w, h, 8, 0, &gray_rows(&stored), &[(b"eXIf", exif(8))]);
    let (decoded, _) = crate::decode::image_file::decode(&png, 10_000_000).unwrap();
    assert!(decoded == upright_page(), "the OCR's decoder turns it upright");
    let pdf = build(&png, MediaType::Png, &[Some(layer(0))]);
    assert!(extracted(&pdf, 0).to_luma8() == stored, "stored as the file stores it");
    assert!(looks_like(&render(&pdf, 1, 100), &upright_page()), "shown upright");
    assert_words_at_boxes(&pdf, 1, &layer(0), 1.0);
}

#[test]
fn png_with_transparency_or_16_bits_is_re_encoded_losslessly() {
    let page = upright_page();
    let (w, h) = page.dimensions();
    // Gray + alpha: the top half is transparent (paper), whatever its gray says.
    let rows: Vec<Vec<u8>> = (0..h)
        .map(|y| (0..w).flat_map(|x| [page.get_pixel(x, y)[0] / 2, if y < h / 2 { 0 } else { 255 }]).collect())
        .collect();
    let (png, _) = png_file(w, h, 8, 4, &rows, &[]);
    let pdf = build(&png, MediaType::Png, &[Some(layer(0))]);
    let want =
        GrayImage::from_fn(w, h, |x, y| image::Luma([if y < h / 2 { 255 } else { page.get_pixel(x, y)[0] / 2 }]));
    let listed = &pdfimages(&pdf)[0];
    assert_eq!((listed.enc.as_str(), listed.color.as_str(), listed.bpc), ("image", "gray", 8));
    assert!(extracted(&pdf, 0).to_luma8() == want, "transparent parts are white paper, the rest as it was");
    assert_text_reads_back(&pdf);

    // 16-bit gray keeps its 16 bits.
    let rows: Vec<Vec<u8>> = gray_rows(&page).iter().map(|r| r.iter().flat_map(|&v| [v, 0x80]).collect()).collect();
    let (png, idat) = png_file(w, h, 16, 0, &rows, &[]);
    let pdf = build(&png, MediaType::Png, &[Some(layer(0))]);
    assert_eq!(only_image(&pdf).content, idat);
    assert_eq!(pdfimages(&pdf)[0].bpc, 16);
    // pdfimages writes 8 bits: the high bytes.
    assert!(extracted(&pdf, 0).to_luma8() == page);
}

#[test]
fn bmp_is_re_encoded_losslessly_gray_or_colour() {
    let page = upright_page();
    // Some gray shading, so the page is not black and white (that would become fax data).
    let shaded = GrayImage::from_fn(page.width(), page.height(), |x, y| {
        image::Luma([if x < 40 { (y % 200) as u8 } else { page.get_pixel(x, y)[0] }])
    });
    let cases = [
        ("gray", DynamicImage::ImageLuma8(shaded.clone()), "image"),
        ("bilevel", DynamicImage::ImageLuma8(page.clone()), "ccitt"),
        (
            "rgb",
            DynamicImage::ImageRgb8(RgbImage::from_fn(page.width(), page.height(), |x, y| {
                let v = shaded.get_pixel(x, y)[0];
                image::Rgb(if x > 780 { [v, 0, 0] } else { [v, v, v] })
            })),
            "image",
        ),
    ];
    for (name, img, enc) in cases {
        let mut bmp = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut bmp), image::ImageFormat::Bmp).unwrap();
        let pdf = build(&bmp, MediaType::Bmp, &[Some(layer(0))]);
        let listed = &pdfimages(&pdf)[0];
        let color = if name == "rgb" { "rgb" } else { "gray" };
        assert_eq!((listed.enc.as_str(), listed.color.as_str()), (enc, color), "{name}");
        assert!(extracted(&pdf, 0).to_rgb8() == img.to_rgb8(), "{name}: the same pixels");
        assert!(pdf.len() < bmp.len(), "{name}: compressed below the BMP's size");
        assert_text_reads_back(&pdf);
    }
}
