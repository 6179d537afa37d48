//! The sample batch's files, with made-up OCR layers: the PDFs must stay close to the files'
//! own sizes. `cargo test --lib searchable_pdf::tests::samples -- --nocapture` prints them.

use super::*;
use std::path::PathBuf;

fn sample(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "samples", "batch", name].iter().collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A layer for a `w × h` upright page: the test words, scaled to the page.
fn fake_layer(w: u32, h: u32, dpi: u32) -> TextLayer {
    let mut l = layer(0);
    let (sx, sy) = (f64::from(w) / f64::from(l.width), f64::from(h) / f64::from(l.height));
    for word in &mut l.words {
        word.left = (f64::from(word.left) * sx) as u32;
        word.width = (f64::from(word.width) * sx) as u32;
        word.top = (f64::from(word.top) * sy) as u32;
        word.height = (f64::from(word.height) * sy) as u32;
    }
    (l.width, l.height, l.dpi) = (w, h, dpi);
    l
}

/// Layers as the OCR would give them for every page of an image file.
fn image_layers(bytes: &[u8], media: MediaType) -> Vec<Option<TextLayer>> {
    let decoded: Vec<(GrayImage, Option<f32>)> = match media {
        MediaType::Tiff => (0..crate::decode::tiff::page_count(bytes).unwrap())
            .map(|i| crate::decode::tiff::decode_page(bytes, i, 200_000_000).unwrap())
            .collect(),
        _ => vec![crate::decode::image_file::decode(bytes, 200_000_000).unwrap()],
    };
    decoded
        .iter()
        .map(|(img, dpi)| {
            let dpi = dpi.unwrap_or_else(|| crate::ocr::guess_dpi(img)).round() as u32;
            Some(fake_layer(img.width(), img.height(), dpi))
        })
        .collect()
}

fn pdf_layers(bytes: &[u8]) -> Vec<Option<TextLayer>> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).unwrap();
            let b = crate::decode::pdf_image::inherited(&doc, page, b"MediaBox")
                .and_then(|o| crate::decode::pdf_image::rect(&doc, o))
                .unwrap_or([0.0, 0.0, 595.0, 842.0]);
            let (w, h) = (((b[2] - b[0]) * 200.0 / 72.0) as u32, ((b[3] - b[1]) * 200.0 / 72.0) as u32);
            Some(fake_layer(w, h, 200))
        })
        .collect()
}

#[test]
fn sample_files_stay_close_to_their_size() {
    let files = [
        ("khai-sinh-03.jpg", MediaType::Jpeg),
        ("khai-sinh-400dpi-13.jpg", MediaType::Jpeg),
        ("khai-sinh-01.png", MediaType::Png),
        ("chung-sinh-02.png", MediaType::Png),
        ("ket-hon-07.tif", MediaType::Tiff),
        ("xay-dung-08.tif", MediaType::Tiff),
        ("ho-kinh-doanh-09.pdf", MediaType::Pdf),
        ("tiep-nhan-ho-kinh-doanh-10.pdf", MediaType::Pdf),
    ];
    for (name, media) in files {
        let bytes = sample(name);
        let layers = if media == MediaType::Pdf { pdf_layers(&bytes) } else { image_layers(&bytes, media) };
        let started = std::time::Instant::now();
        let pdf = build(&bytes, media, &layers);
        let took = started.elapsed();
        let encodings: Vec<String> = pdfimages(&pdf).into_iter().map(|l| format!("{} {}", l.enc, l.color)).collect();
        println!(
            "{name}: {} pages, {} → {} bytes ({:+}), {:.0} ms, images {encodings:?}",
            layers.len(),
            bytes.len(),
            pdf.len(),
            pdf.len() as i64 - bytes.len() as i64,
            took.as_secs_f64() * 1000.0
        );
        assert_eq!(pages_and_sizes(&pdf, layers.len()).0, layers.len(), "{name}");
        let text = pdftotext(&["-layout", "-enc", "UTF-8"], &pdf);
        assert!(text.contains("Trần Phú"), "{name}: the text layer reads back");
        let slack = 4096 * layers.len() + 4096;
        assert!(pdf.len() <= bytes.len() + slack, "{name}: {} bytes from {}", pdf.len(), bytes.len());
    }
}
