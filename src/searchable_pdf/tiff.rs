//! TIFF files, page by page: Group 4 fax pages are copied, the others decoded and re-encoded
//! losslessly.

use super::TextLayer;
use super::geometry::Turn;
use super::image_pdf::{self, Page, PageImage, PageText, image_dict};
use super::raster::{MAX_PIXELS, gray_page, lossless};
use crate::decode::tiff::{G4Page, decode_page, decode_page_colour, g4_page, page_count};
use crate::ocr::guess_dpi;
use image::DynamicImage;
use lopdf::{Dictionary, Object, Stream};

pub(super) fn document(bytes: &[u8], layers: &[Option<TextLayer>]) -> Result<Vec<u8>, String> {
    let count = page_count(bytes)?;
    if count != layers.len() {
        return Err(super::mismatch("the TIFF", count, layers.len()));
    }
    let mut pages = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        let page = match layer {
            Some(layer) => Some(ocr_page(bytes, i, layer)),
            None => plain_page(bytes, i),
        };
        if let Some(page) = page {
            pages.push(page.map_err(|e| format!("page {}: {e}", i + 1))?);
        }
    }
    image_pdf::document(pages)
}

/// A page the OCR read: the decoder read it before, so a failure now is an error.
fn ocr_page<'a>(bytes: &[u8], index: usize, layer: &'a TextLayer) -> Result<Page<'a>, String> {
    let image = match g4_page(bytes, index)? {
        Some(g4) => g4_image(g4),
        None => match colour_page(bytes, index)? {
            Some(image) => image,
            None => gray_page(decode_page(bytes, index, MAX_PIXELS)?.0)?,
        },
    };
    Ok(Page { image, text: PageText::Layer(layer) })
}

/// A page without OCR keeps its place with the image alone, sized from the decoded page; None
/// (the page is left out) when it cannot be decoded, since then there is nothing to show.
fn plain_page(bytes: &[u8], index: usize) -> Option<Result<Page<'static>, String>> {
    let (gray, dpi) = decode_page(bytes, index, MAX_PIXELS).ok()?;
    let dpi = f64::from(dpi.unwrap_or_else(|| guess_dpi(&gray)));
    let (width, height) = (f64::from(gray.width()) * 72.0 / dpi, f64::from(gray.height()) * 72.0 / dpi);
    let image = match g4_page(bytes, index).ok().flatten() {
        Some(g4) => Ok(g4_image(g4)),
        None => match colour_page(bytes, index) {
            Ok(Some(image)) => Ok(image),
            _ => gray_page(gray),
        },
    };
    Some(image.map(|image| Page { image, text: PageText::Without { width, height } }))
}

/// A colour page in colour (the OCR read it gray), stored losslessly; None for the others.
fn colour_page(bytes: &[u8], index: usize) -> Result<Option<PageImage>, String> {
    match decode_page_colour(bytes, index, MAX_PIXELS)? {
        Some(rgb) => lossless(DynamicImage::ImageRgb8(rgb), Turn::NONE).map(Some),
        None => Ok(None),
    }
}

/// The page's own Group 4 data as a /CCITTFaxDecode image.
fn g4_image(g4: G4Page) -> PageImage {
    let mut dict = image_dict(g4.width, g4.height, Object::Name(b"DeviceGray".to_vec()), 1);
    dict.set("Filter", "CCITTFaxDecode");
    let mut parms = Dictionary::new();
    parms.set("K", -1);
    parms.set("Columns", i64::from(g4.width));
    parms.set("Rows", i64::from(g4.height));
    if g4.black_is_1 {
        parms.set("BlackIs1", true);
    }
    dict.set("DecodeParms", parms);
    PageImage {
        stream: Stream::new(dict, g4.data.into_owned()).with_compression(false),
        width: g4.width,
        height: g4.height,
        turn: Turn::NONE,
        // Fax pages may have non-square pixels (204×98 dpi), which the decoder stretches.
        square_pixels: false,
    }
}
