//! Bad input gives a sentence, never a panic.

use super::*;

fn err(bytes: &[u8], media: MediaType, layers: &[Option<TextLayer>]) -> String {
    match searchable_pdf(bytes, media, layers) {
        Err(e) => e,
        Ok(r) => panic!("expected an error, got {:?} bytes", r.map(|p| p.len())),
    }
}

fn is_sentence(e: &str) -> bool {
    e.len() > 10 && !e.contains("panicked") && !e.contains("crashed")
}

#[test]
fn garbage_is_refused_for_every_type() {
    let garbage: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for media in [MediaType::Jpeg, MediaType::Png, MediaType::Bmp, MediaType::Tiff, MediaType::Pdf] {
        let e = err(&garbage, media, &[Some(layer(0))]);
        assert!(is_sentence(&e), "{media:?}: {e}");
        let e = err(&[], media, &[Some(layer(0))]);
        assert!(is_sentence(&e), "{media:?}, empty: {e}");
    }
}

#[test]
fn truncated_jpeg_and_damaged_png_are_refused() {
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageLuma8(upright_page())
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg))
        .unwrap();
    let e = err(&jpeg[..jpeg.len() / 2], MediaType::Jpeg, &[Some(layer(0))]);
    assert_eq!(e, "truncated JPEG: the image data stops before its end marker");

    let mut png = Vec::new();
    upright_page().write_with_encoder(image::codecs::png::PngEncoder::new(&mut png)).unwrap();
    // Overwrite the start of the IDAT data with garbage and fix its CRC: the chunk is intact,
    // its content is not.
    let at = png.windows(4).position(|w| w == b"IDAT").unwrap();
    let len = u32::from_be_bytes(png[at - 4..at].try_into().unwrap()) as usize;
    for (i, b) in png[at + 4..at + 4 + len.min(64)].iter_mut().enumerate() {
        *b = (i * 37) as u8;
    }
    let mut crc = flate2::Crc::new();
    crc.update(&png[at..at + 4 + len]);
    png[at + 4 + len..at + 8 + len].copy_from_slice(&crc.sum().to_be_bytes());
    let e = err(&png, MediaType::Png, &[Some(layer(0))]);
    assert!(e.starts_with("damaged PNG"), "{e}");
    let e = err(&png[..png.len() / 2], MediaType::Png, &[Some(layer(0))]);
    assert!(e.starts_with("damaged PNG"), "{e}");
}

#[test]
fn layers_must_match_the_pages() {
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageLuma8(upright_page())
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg))
        .unwrap();
    let two = [Some(layer(0)), Some(layer(0))];
    assert_eq!(err(&jpeg, MediaType::Jpeg, &two), "an image file has 1 page but the OCR gave 2 layers");
    assert_eq!(searchable_pdf(&jpeg, MediaType::Jpeg, &[None]), Ok(None), "nothing OCR'd, nothing to add");
    assert_eq!(searchable_pdf(&jpeg, MediaType::Jpeg, &[]), Ok(None), "the file is not even parsed then");

    // The layer must describe the image: a landscape layer on a portrait scan is a mistake.
    let mut wide = layer(0);
    (wide.width, wide.height) = (1169, 827);
    let e = err(&jpeg, MediaType::Jpeg, &[Some(wide)]);
    assert_eq!(e, "page 1: the OCR saw a 1169×827 page but the image, turned upright, is 827×1169");
    let mut odd = layer(45);
    assert!(err(&jpeg, MediaType::Jpeg, &[Some(odd.clone())]).contains("not a quarter turn"));
    (odd.rotation, odd.dpi) = (0, 0);
    assert!(err(&jpeg, MediaType::Jpeg, &[Some(odd)]).contains("0 dpi"));

    let mut doc = lopdf::Document::with_version("1.5");
    let pages = doc.new_object_id();
    let page = doc.add_object(lopdf::dictionary! { "Type" => "Page", "Parent" => pages });
    doc.objects
        .insert(pages, lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }.into());
    let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).unwrap();
    assert_eq!(err(&pdf, MediaType::Pdf, &two), "the PDF has 1 page but the OCR gave 2 layers");
    // A page with no content and no box at all still takes the text (on a Letter page).
    let out = build(&pdf, MediaType::Pdf, &[Some(layer(0))]);
    assert!(pdf_extract::extract_text_from_mem(&out).unwrap().contains("Trần Phú"));
}
