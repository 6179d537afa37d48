//! PDF files keep their pages: each OCR'd page gets one more content stream, drawing the
//! invisible words, and the text font in its resources.

use super::TextLayer;
use super::font::{add_font, flate_stream};
use super::geometry::{matrix, unturn_matrix};
use super::text::{text_operators, used_codes};
use crate::decode::pdf_image::{inherited, rect};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeSet;

const NEEDS_PASSWORD: &str = "encrypted PDF: it needs a password to open";

/// Objects every overlaid page shares: the font, and a stream that saves the graphics state
/// before the page's own content (so the text is placed in the page's own coordinates even
/// when that content leaves its transformations in force).
struct Shared {
    font: ObjectId,
    save_state: ObjectId,
}

pub(super) fn document(bytes: &[u8], layers: &[Option<TextLayer>]) -> Result<Vec<u8>, String> {
    let mut doc = load(bytes)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != layers.len() {
        return Err(super::mismatch("the PDF", pages.len(), layers.len()));
    }
    let mut shared = None;
    let codes = used_codes(layers.iter().flatten());
    for (i, (&page, layer)) in pages.iter().zip(layers).enumerate() {
        if let Some(layer) = layer {
            overlay_page(&mut doc, page, layer, &codes, &mut shared).map_err(|e| format!("page {}: {e}", i + 1))?;
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

/// The document, decrypted: lopdf opens files whose user password is empty and drops their
/// /Encrypt entry, so the result is written unencrypted.
fn load(bytes: &[u8]) -> Result<Document, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| format!("damaged or not a PDF: {e}"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(NEEDS_PASSWORD.into());
    }
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(NEEDS_PASSWORD.into());
    }
    Ok(doc)
}

fn overlay_page(
    doc: &mut Document,
    id: ObjectId,
    layer: &TextLayer,
    codes: &BTreeSet<u16>,
    shared: &mut Option<Shared>,
) -> Result<(), String> {
    let page = doc.get_dictionary(id).map_err(|_| "the page object is missing".to_string())?;
    let geometry = Geometry::of(doc, page, layer);
    let (resources, font_name) = resources_with_font(doc, page);
    let contents = content_streams(doc, page);
    let words = text_operators(layer, &font_name);
    if words.is_empty() {
        return Ok(()); // a blank page: nothing to add
    }
    let shared = match shared {
        Some(s) => s,
        None => {
            let font = add_font(doc, codes)?;
            let save_state = doc.add_object(lopdf::Stream::new(Dictionary::new(), b"q\n".to_vec()));
            shared.insert(Shared { font, save_state })
        }
    };
    let turn = (geometry.rotate + layer.rotation) % 360;
    let (w, h) =
        (f64::from(layer.width) * 72.0 / f64::from(layer.dpi), f64::from(layer.height) * 72.0 / f64::from(layer.dpi));
    let place = matrix(unturn_matrix(geometry.bbox, turn, w, h));
    let restore = if contents.is_empty() { "" } else { "Q\n" };
    let text = format!("{restore}q {place} cm\n{words}Q\n");
    let text_id = doc.add_object(flate_stream(Dictionary::new(), text.as_bytes())?);

    let mut all = Vec::with_capacity(contents.len() + 2);
    if !contents.is_empty() {
        all.push(Object::Reference(shared.save_state));
        all.extend(contents);
    }
    all.push(Object::Reference(text_id));
    let mut resources = resources;
    let mut fonts = match resources.get(b"Font") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    fonts.set(font_name.as_bytes(), Object::Reference(shared.font));
    resources.set("Font", fonts);

    let page = doc.get_dictionary_mut(id).map_err(|_| "the page object is missing".to_string())?;
    page.set("Contents", all);
    page.set("Resources", resources);
    if geometry.no_media_box {
        // Readers assume Letter for a page without a box (the PDF is invalid); say it, so they
        // all place the text where it was placed here.
        page.set("MediaBox", geometry.bbox.iter().map(|&v| Object::Real(v as f32)).collect::<Vec<_>>());
    }
    if layer.rotation != 0 {
        // The OCR found the page sideways or upside down: show it the way it reads.
        page.set("Rotate", i64::from(turn));
    }
    Ok(())
}

/// Which part of the page the OCR'd image showed, and how the page is turned for display.
struct Geometry {
    bbox: [f64; 4],
    rotate: u16,
    no_media_box: bool,
}

impl Geometry {
    /// The decoder hands the OCR either the page's main image (which normally fills the visible
    /// box, the CropBox) or a rendering of the whole MediaBox: of the two, the box whose shape
    /// and size match the OCR'd image is the one it saw. The words are stretched over that box:
    /// exact for those two cases, approximate for a page whose main image covers only part of it.
    fn of(doc: &Document, page: &Dictionary, layer: &TextLayer) -> Geometry {
        let usable = |r: &[f64; 4]| r[2] - r[0] > 1e-3 && r[3] - r[1] > 1e-3;
        let get_box = |key: &[u8]| inherited(doc, page, key).and_then(|o| rect(doc, o)).filter(usable);
        let found = get_box(b"MediaBox");
        let media = found.unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let crop = get_box(b"CropBox")
            .map(|c| [c[0].max(media[0]), c[1].max(media[1]), c[2].min(media[2]), c[3].min(media[3])])
            .filter(usable)
            .unwrap_or(media);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(|o| o.as_i64().ok().or_else(|| o.as_float().ok().map(|f| f.round() as i64)))
            .map(|r| r.rem_euclid(360))
            .filter(|r| r % 90 == 0)
            .unwrap_or(0) as u16;
        let unit = match page.get(b"UserUnit").ok().and_then(|o| o.as_float().ok()) {
            Some(u) if u > 1e-3 && u < 1e5 => f64::from(u),
            _ => 1.0,
        };
        let seen = (
            f64::from(layer.width) * 72.0 / f64::from(layer.dpi),
            f64::from(layer.height) * 72.0 / f64::from(layer.dpi),
        );
        let quarter = (rotate + layer.rotation) % 180 == 90;
        let mismatch = |b: &[f64; 4]| {
            let (w, h) = ((b[2] - b[0]) * unit, (b[3] - b[1]) * unit);
            let (w, h) = if quarter { (h, w) } else { (w, h) };
            (w / seen.0).ln().abs() + (h / seen.1).ln().abs()
        };
        let bbox = if mismatch(&media) < mismatch(&crop) { media } else { crop };
        Geometry { bbox, rotate, no_media_box: found.is_none() }
    }
}

/// The page's resources (its own or inherited) as a dictionary of its own, and a font name
/// they do not use yet.
fn resources_with_font(doc: &Document, page: &Dictionary) -> (Dictionary, String) {
    let mut resources = match inherited(doc, page, b"Resources") {
        Some(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    // An indirect /Font dictionary is copied so the new entry does not reach other pages.
    let fonts = match resources.get(b"Font").ok().map(|o| doc.dereference(o)) {
        Some(Ok((_, Object::Dictionary(d)))) => d.clone(),
        _ => Dictionary::new(),
    };
    let name = (0..).map(|i| if i == 0 { "OCRText".to_string() } else { format!("OCRText{i}") });
    let name = name.take(1000).find(|n| !fonts.has(n.as_bytes())).unwrap_or_else(|| "OCRTextX".into());
    resources.set("Font", fonts);
    (resources, name)
}

/// References to the page's content streams, in order.
fn content_streams(doc: &Document, page: &Dictionary) -> Vec<Object> {
    match page.get(b"Contents") {
        Ok(Object::Reference(r)) => match doc.get_object(*r) {
            Ok(Object::Array(items)) => items.clone(),
            Ok(_) => vec![Object::Reference(*r)],
            Err(_) => Vec::new(),
        },
        Ok(Object::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn boxes(doc: &mut Document) -> ObjectId {
        let reals = |v: [f32; 4]| v.iter().map(|&x| Object::Real(x)).collect::<Vec<_>>();
        doc.add_object(dictionary! {
            "Type" => "Page",
            "MediaBox" => reals([0.0, 0.0, 700.0, 900.0]),
            "CropBox" => reals([50.0, 40.0, 650.0, 840.0]),
            "Rotate" => -270,
        })
    }

    #[test]
    fn the_box_the_ocr_saw_is_the_one_its_image_matches() {
        let mut doc = Document::with_version("1.5");
        let id = boxes(&mut doc);
        let page = doc.get_dictionary(id).unwrap();
        // /Rotate −270 is 90: the page shows landscape. A 300-dpi image of the crop box, shown…
        let crop = TextLayer { width: 3333, height: 2500, dpi: 300, rotation: 0, words: vec![] };
        let g = Geometry::of(&doc, page, &crop);
        assert_eq!((g.bbox, g.rotate), ([50.0, 40.0, 650.0, 840.0], 90));
        // …and pdftoppm's rendering of the whole media box, which the OCR then turned upright.
        let media = TextLayer { width: 2100, height: 2700, dpi: 216, rotation: 270, words: vec![] };
        assert_eq!(Geometry::of(&doc, page, &media).bbox, [0.0, 0.0, 700.0, 900.0]);
    }
}
