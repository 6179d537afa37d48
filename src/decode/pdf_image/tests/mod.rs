// ---------------------------------------------------------------------------------------------
// Tests

use super::*;
use lopdf::{Stream, dictionary};

mod ccitt;
mod filters;
mod page;
mod raster;

/// A one-page PDF: `image` drawn with `matrix`, extra page keys, reloaded from bytes.
fn one_page(image: Stream, media: [i64; 4], matrix: [f64; 6], page_extra: Vec<(&str, Object)>) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(image);
    let content =
        format!("q {} {} {} {} {} {} cm /Im0 Do Q", matrix[0], matrix[1], matrix[2], matrix[3], matrix[4], matrix[5]);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => media.iter().map(|&v| Object::Integer(v)).collect::<Vec<_>>(),
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
    };
    for (k, v) in page_extra {
        page.set(k, v);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    Document::load_mem(&bytes).expect("reload")
}

fn first_page(doc: &Document) -> ObjectId {
    *doc.get_pages().values().next().expect("a page")
}

fn extract(doc: &Document) -> PageImage {
    page_image(doc, first_page(doc), 100_000_000).expect("no error")
}

fn expect_image(p: PageImage) -> (GrayImage, f32) {
    match p {
        PageImage::Image { image, dpi } => (image, dpi),
        PageImage::NoImage => panic!("NoImage"),
        PageImage::NeedsRender(r) => panic!("NeedsRender({r})"),
    }
}

fn image_dict(w: i64, h: i64, cs: &str, bpc: i64) -> Dictionary {
    dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
        "ColorSpace" => cs, "BitsPerComponent" => bpc,
    }
}

/// 3×2 image with distinct values: row 0 = 10 20 30, row 1 = 40 50 60.
fn small() -> Stream {
    Stream::new(image_dict(3, 2, "DeviceGray", 8), vec![10, 20, 30, 40, 50, 60])
}
