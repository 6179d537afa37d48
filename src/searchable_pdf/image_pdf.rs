//! A new PDF made of page images, each under its invisible text.

use super::TextLayer;
use super::font::{add_font, flate_stream};
use super::geometry::{Turn, matrix, num, same_shape};
use super::text::{text_operators, used_codes};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};
use std::collections::BTreeSet;

/// A page image as it goes into the PDF.
pub(super) struct PageImage {
    /// The image XObject, its data as stored or losslessly re-encoded.
    pub stream: Stream,
    /// The stored pixels' size.
    pub width: u32,
    pub height: u32,
    /// How the stored pixels turn to be shown as the decoder shows them (EXIF orientation).
    pub turn: Turn,
    /// Whether the stored pixels have the shape the OCR saw (false for fax pages with
    /// non-square pixels, which the decoder stretches).
    pub square_pixels: bool,
}

/// One page: its image, and its words or, for a page without OCR, its size in points.
pub(super) struct Page<'a> {
    pub image: PageImage,
    pub text: PageText<'a>,
}

pub(super) enum PageText<'a> {
    Layer(&'a TextLayer),
    /// No OCR: the page is the image as decoded, this many points wide and high.
    Without {
        width: f64,
        height: f64,
    },
}

/// A one-page PDF of a single-image file.
pub(super) fn single(image: PageImage, layer: &TextLayer) -> Result<Vec<u8>, String> {
    document(vec![Page { image, text: PageText::Layer(layer) }])
}

/// The PDF of `pages`, in order.
pub(super) fn document(pages: Vec<Page>) -> Result<Vec<u8>, String> {
    if pages.is_empty() {
        return Err("no page of the file could be decoded".into());
    }
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let codes = used_codes(pages.iter().filter_map(|p| match p.text {
        PageText::Layer(layer) => Some(layer),
        PageText::Without { .. } => None,
    }));
    let mut font = Font { codes, id: None };
    let mut kids = Vec::new();
    for (i, page) in pages.into_iter().enumerate() {
        let id = add_page(&mut doc, pages_id, page, &mut font).map_err(|e| format!("page {}: {e}", i + 1))?;
        kids.push(Object::Reference(id));
    }
    let count = kids.len() as i64;
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

/// The text font all pages share, made when a first page needs it.
struct Font {
    codes: BTreeSet<u16>,
    id: Option<ObjectId>,
}

/// Add one page.
fn add_page(doc: &mut Document, parent: ObjectId, page: Page, font: &mut Font) -> Result<ObjectId, String> {
    let image = page.image;
    let (turn, width, height, words) = match page.text {
        PageText::Layer(layer) => {
            let turn = image.turn.then(Turn::clockwise(layer.rotation));
            let shown = turn.shown_size(image.width, image.height);
            if image.square_pixels && !same_shape(shown, (layer.width, layer.height)) {
                return Err(format!(
                    "the OCR saw a {}×{} page but the image, turned upright, is {}×{}",
                    layer.width, layer.height, shown.0, shown.1
                ));
            }
            let scale = 72.0 / f64::from(layer.dpi);
            let text = text_operators(layer, "F0");
            (turn, f64::from(layer.width) * scale, f64::from(layer.height) * scale, text)
        }
        PageText::Without { width, height } => (image.turn, width, height, String::new()),
    };
    let image_id = doc.add_object(image.stream);
    let mut content = format!("q {} cm /Im0 Do Q\n", matrix(turn.image_matrix(width, height)));
    let mut resources = dictionary! { "XObject" => dictionary! { "Im0" => image_id } };
    if !words.is_empty() {
        let font_id = match font.id {
            Some(id) => id,
            None => *font.id.insert(add_font(doc, &font.codes)?),
        };
        resources.set("Font", dictionary! { "F0" => font_id });
        content.push_str(&words);
    }
    let contents = doc.add_object(flate_stream(Dictionary::new(), content.as_bytes())?);
    let media_box: Vec<Object> = [0.0, 0.0, width, height].iter().map(|&v| real(v)).collect();
    Ok(doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => parent,
        "MediaBox" => media_box,
        "Resources" => resources,
        "Contents" => contents,
    }))
}

/// A number object as short as `num` writes it.
fn real(v: f64) -> Object {
    let s = num(v);
    match s.parse::<i64>() {
        Ok(i) => Object::Integer(i),
        Err(_) => Object::Real(s.parse::<f32>().unwrap_or(0.0)),
    }
}

/// The dictionary every image XObject starts from.
pub(super) fn image_dict(width: u32, height: u32, color_space: Object, bits: u8) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(width),
        "Height" => i64::from(height),
        "ColorSpace" => color_space,
        "BitsPerComponent" => i64::from(bits),
    }
}
