//! Searchable PDFs: the scanned pages with an invisible text layer from the OCR, so a reader
//! can select, copy and search the text while seeing the scan.
//!
//! The pages are never made worse than the scan, and the file no larger than needed:
//! - JPEG: the file's bytes are the page image (/DCTDecode), unchanged.
//! - PNG: the IDAT stream is copied as /FlateDecode with the PNG predictor when PDF can describe
//!   the pixels (gray, RGB or palette, not interlaced, no transparency, as img2pdf does; 16-bit
//!   gray and RGB too, which PDF 1.5 takes). Other PNGs are decoded and stored losslessly, with
//!   alpha laid on white paper as the OCR saw them.
//! - TIFF: a page that is one Group 4 strip is copied as /CCITTFaxDecode. A colour page (RGB,
//!   CMYK or a colour palette, 8 bits a sample or more, square pixels) is decoded in colour and
//!   stored as Flate (gray after all when every pixel is gray). Other pages are decoded by the
//!   project's TIFF decoder, as gray, and stored as Group 4 when they only hold black and white,
//!   else as Flate. YCbCr (JPEG-in-TIFF) pages still come out gray.
//! - BMP: decoded and stored losslessly, gray when the picture is gray.
//! - Lossless re-encoding tries Flate with and without the PNG predictor and keeps the smaller.
//! - PDF: the original pages are kept; each OCR'd page gets an extra content stream with the
//!   text and a font in its resources. lopdf rewrites the file (objects that were in object
//!   streams come out as plain objects), decrypted when its user password is empty.
//!
//! Orientation: EXIF orientation (JPEG, PNG) and the OCR's rotation go into the image's
//! placement matrix, never into the pixels. A PDF page the OCR had to turn gets its /Rotate
//! turned the same way, so every page of the result reads upright.
//!
//! The text is Tesseract's recipe: a glyphless Type0 font (Tesseract's own `pdf.ttf`), text
//! render mode 3 (invisible), one text run per word stretched (Tz) over the word's box, and a
//! ToUnicode map so copying and searching give the NFC text. A space ends every word so that
//! extraction separates words.

mod font;
mod geometry;
mod image_pdf;
mod jpeg;
mod overlay;
mod png;
mod raster;
#[cfg(test)]
mod tests;
mod text;
mod tiff;

use crate::decode::{MediaType, contain};

/// A word Tesseract read, in the pixel space of the upright image it was read from.
pub(crate) use crate::ocr::OcrWord as Word;

/// What OCR saw on one page: the upright image's size in pixels and its resolution, the clockwise
/// degrees (0/90/180/270) the decoded page was turned to be upright, and the words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextLayer {
    pub width: u32,
    pub height: u32,
    pub dpi: u32,
    pub rotation: u16,
    pub words: Vec<Word>,
}

/// Build the searchable PDF of a whole file. `layers[i]` is page i's OCR (None for a page that was
/// not OCR'd: a born-digital text page, a failed page; blank pages come as Some with no words).
/// Returns Ok(None) when there is nothing to add (no page was OCR'd), without reading the file.
///
/// For image files every page is kept, with the text where there is a layer; a TIFF page
/// without a layer that cannot be decoded either is left out, so the PDF has fewer pages.
pub(crate) fn searchable_pdf(
    original: &[u8],
    media: MediaType,
    layers: &[Option<TextLayer>],
) -> Result<Option<Vec<u8>>, String> {
    if layers.iter().all(Option::is_none) {
        return Ok(None);
    }
    for (i, layer) in layers.iter().enumerate() {
        if let Some(layer) = layer {
            check_layer(layer).map_err(|e| format!("page {}: {e}", i + 1))?;
        }
    }
    // lopdf and the image decoders can panic on hostile input; one bad file must not stop a batch.
    contain(|| match media {
        MediaType::Jpeg => image_pdf::single(jpeg::image(original)?, one_layer(layers)?),
        MediaType::Png => image_pdf::single(png::image(original)?, one_layer(layers)?),
        MediaType::Bmp => image_pdf::single(raster::bmp_image(original)?, one_layer(layers)?),
        MediaType::Tiff => tiff::document(original, layers),
        MediaType::Pdf => overlay::document(original, layers),
    })
    .map(Some)
}

/// A single-image file has one page, so exactly one layer.
fn one_layer(layers: &[Option<TextLayer>]) -> Result<&TextLayer, String> {
    match layers {
        [Some(layer)] => Ok(layer),
        _ => Err(mismatch("an image file", 1, layers.len())),
    }
}

/// The sentence for a file whose page count differs from the number of layers given.
fn mismatch(what: &str, pages: usize, layers: usize) -> String {
    let plural = |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
    format!("{what} has {} but the OCR gave {}", plural(pages, "page"), plural(layers, "layer"))
}

fn check_layer(layer: &TextLayer) -> Result<(), String> {
    if layer.width == 0 || layer.height == 0 {
        return Err(format!("the OCR layer's image is {}×{} pixels", layer.width, layer.height));
    }
    if !(10..=10_000).contains(&layer.dpi) {
        return Err(format!("the OCR layer's resolution ({} dpi) is not plausible", layer.dpi));
    }
    if !layer.rotation.is_multiple_of(90) || layer.rotation >= 360 {
        return Err(format!("the OCR layer's rotation ({}°) is not a quarter turn", layer.rotation));
    }
    Ok(())
}
