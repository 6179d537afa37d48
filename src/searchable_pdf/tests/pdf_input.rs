//! PDF input: the pages stay as they are, with the text laid over them.

use super::*;
use image::DynamicImage;
use lopdf::{Document, Object, ObjectId, Stream, dictionary};

const A4: (f64, f64) = (595.44, 841.68);

fn jpeg_xobject(img: &GrayImage) -> Stream {
    let mut jpeg = Vec::new();
    DynamicImage::ImageLuma8(img.clone())
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85))
        .unwrap();
    let dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => i64::from(img.width()),
        "Height" => i64::from(img.height()), "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        "Filter" => "DCTDecode",
    };
    Stream::new(dict, jpeg).with_compression(false)
}

fn content(doc: &mut Document, ops: &str) -> ObjectId {
    doc.add_object(Stream::new(dictionary! {}, ops.as_bytes().to_vec()))
}

fn media(w: f64, h: f64) -> Object {
    Object::Array(vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)])
}

/// Four pages: (1) a landscape scan shown upright by /Rotate 90; (2) an upright scan whose
/// resources and MediaBox come from the page tree, with a font of its own and split contents;
/// (3) a scan stored upside down, which the OCR turned; (4) a born-digital page.
fn scanned_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let helvetica = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let sideways = doc.add_object(jpeg_xobject(&stored_sideways(&upright_page(), 90)));
    let upright = doc.add_object(jpeg_xobject(&upright_page()));
    let upside_down = doc.add_object(jpeg_xobject(&stored_sideways(&upright_page(), 180)));
    let shared = doc.add_object(dictionary! {
        "XObject" => dictionary! { "Im0" => upright },
        "Font" => dictionary! { "F1" => helvetica },
    });

    let c1 = content(&mut doc, &format!("q {} 0 0 {} 0 0 cm /Im0 Do Q", A4.1, A4.0));
    let page1 = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => media(A4.1, A4.0), "Rotate" => 90,
        "Contents" => c1, "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => sideways } },
    });
    // Unbalanced: the scan's content leaves its scaling in force.
    let c2a = content(&mut doc, &format!("{} 0 0 {} 0 0 cm", A4.0, A4.1));
    let c2b = content(&mut doc, "/Im0 Do BT /F1 1 Tf 3 Tr ET");
    let page2 = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => vec![c2a.into(), c2b.into()],
    });
    let c3 = content(&mut doc, &format!("q {} 0 0 {} 0 0 cm /Im0 Do Q", A4.0, A4.1));
    let page3 = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => c3,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => upside_down } },
    });
    let c4 = content(&mut doc, "BT /F1 24 Tf 72 700 Td (Born digital page) Tj ET");
    let page4 = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => c4,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => helvetica } },
    });
    let kids: Vec<Object> = [page1, page2, page3, page4].iter().map(|&p| p.into()).collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => 4, "Resources" => shared, "MediaBox" => media(A4.0, A4.1),
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn layers() -> Vec<Option<TextLayer>> {
    vec![Some(layer(0)), Some(layer(0)), Some(layer(180)), None]
}

#[test]
fn text_is_laid_over_the_original_pages() {
    let original = scanned_pdf();
    let pdf = build(&original, MediaType::Pdf, &layers());
    let (count, sizes) = pages_and_sizes(&pdf, 4);
    assert_eq!(count, 4);
    // pdfinfo gives the MediaBox before /Rotate: page 1 is landscape until shown.
    let a4 = |&(w, h): &(f64, f64)| (w - A4.0).abs() < 0.1 && (h - A4.1).abs() < 0.1;
    assert!(a4(&(sizes[0].1, sizes[0].0)) && sizes[1..].iter().all(a4), "{sizes:?}");
    for page in 1..=3 {
        let rotation = if page == 3 { 180 } else { 0 };
        assert_words_at_boxes(&pdf, page, &layer(rotation), 1.5);
        assert!(differing(&render(&pdf, page, 100), &upright_page(), 64) < 0.01, "page {page} reads upright");
    }
    assert_text_reads_back(&pdf);
    let text = pdftotext(&["-layout", "-enc", "UTF-8"], &pdf);
    assert!(text.contains("Born digital page"), "the born-digital page keeps its text: {text}");
    assert!(
        bbox_words(&pdf).iter().filter(|w| w.page == 4).all(|w| ["Born", "digital", "page"].contains(&w.text.as_str()))
    );
    assert!(pdf.len() < original.len() + 8192, "{} bytes from {}", pdf.len(), original.len());
}

#[test]
fn the_original_images_and_resources_are_untouched() {
    let original = scanned_pdf();
    let pdf = build(&original, MediaType::Pdf, &layers());
    let before: Vec<Vec<u8>> = image_streams(&original).into_iter().map(|s| s.content).collect();
    let after: Vec<Vec<u8>> = image_streams(&pdf).into_iter().map(|s| s.content).collect();
    assert_eq!(before.len(), 3);
    assert_eq!(before, after, "the scans' bytes are the same");

    let doc = Document::load_mem(&pdf).unwrap();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let fonts = |page: ObjectId| -> Vec<Vec<u8>> {
        let p = doc.get_dictionary(page).unwrap();
        let r = doc.dereference(p.get(b"Resources").unwrap()).unwrap().1.as_dict().unwrap();
        let f = doc.dereference(r.get(b"Font").unwrap()).unwrap().1.as_dict().unwrap();
        f.iter().map(|(k, _)| k.clone()).collect()
    };
    assert_eq!(fonts(pages[1]), vec![b"F1".to_vec(), b"OCRText".to_vec()], "the page's own font is kept");
    let resources = doc.get_dictionary(pages[1]).unwrap().get(b"Resources").unwrap();
    let xobjects = doc.dereference(resources).unwrap().1.as_dict().unwrap().get(b"XObject").unwrap();
    assert!(xobjects.as_dict().unwrap().has(b"Im0"), "inherited XObjects are still there");
    let rotate = |page: ObjectId| doc.get_dictionary(page).unwrap().get(b"Rotate").and_then(Object::as_i64).ok();
    assert_eq!(rotate(pages[0]), Some(90), "a page already shown upright keeps its /Rotate");
    assert_eq!(rotate(pages[2]), Some(180), "a page the OCR turned is shown turned");
    let born_digital = doc.get_dictionary(pages[3]).unwrap();
    assert!(born_digital.get(b"Contents").unwrap().as_reference().is_ok(), "the page without OCR keeps its content");
}

#[test]
fn an_encrypted_pdf_with_an_empty_password_comes_out_unencrypted() {
    let mut doc = Document::load_mem(&scanned_pdf()).unwrap();
    let id = Object::String(b"0123456789abcdef".to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner secret",
        user_password: "",
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = lopdf::EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut encrypted = Vec::new();
    doc.save_to(&mut encrypted).unwrap();
    assert_eq!(encrypted_field(&encrypted), "yes", "the test file is encrypted");

    let pdf = build(&encrypted, MediaType::Pdf, &layers());
    assert_eq!(encrypted_field(&pdf), "no");
    assert_text_reads_back(&pdf);
    assert_words_at_boxes(&pdf, 2, &layer(0), 1.5);
}

/// pdfinfo's "Encrypted:" answer, its first word.
fn encrypted_field(pdf: &[u8]) -> String {
    let info = pdfinfo(pdf, 1);
    let line = info.lines().find(|l| l.starts_with("Encrypted:")).unwrap_or("");
    line.split_whitespace().nth(1).unwrap_or("").to_string()
}
