//! Decode a file held in memory into pages: text from a PDF text layer, or a grayscale image to OCR.
//! Pages are decoded one at a time, on demand, so a 500-page file never sits in memory decoded.

pub(crate) mod barcode;
pub(crate) mod image_file;
mod pdf;
pub(crate) mod pdf_image;
mod sniff;
pub(crate) mod tiff;

pub(crate) use sniff::{MediaType, sniff};

use image::GrayImage;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::sync::Once;

/// What a page turned out to hold.
pub(crate) enum PageContent {
    /// A real text layer (born-digital PDF page).
    Text(String),
    /// A scan to OCR, with its resolution when the file records one.
    Image { image: GrayImage, dpi: Option<f32> },
    /// Nothing on the page.
    Blank,
}

/// Limits and fallbacks the decoders honour.
#[derive(Debug, Clone)]
pub(crate) struct DecodeSettings {
    pub max_pixels: u64,
    pub min_text_chars: usize,
    pub pdf_render: bool,
    pub render_dpi: u32,
}

/// An opened file: knows its page count and decodes any page on demand. Shared by the threads
/// that OCR its pages.
pub(crate) enum Source {
    Image(Arc<Vec<u8>>),
    Tiff { bytes: Arc<Vec<u8>>, pages: usize },
    // Boxed: a parsed PDF is large and the other variants are two words.
    Pdf(Box<pdf::PdfSource>),
}

impl Source {
    /// Open a file's bytes as `media`. Cheap: parses structure, decodes no pixels.
    pub fn open(bytes: Arc<Vec<u8>>, media: MediaType, path: &Path) -> Result<Source, String> {
        contain(|| match media {
            MediaType::Png | MediaType::Jpeg | MediaType::Bmp => Ok(Source::Image(bytes)),
            MediaType::Tiff => {
                let pages = tiff::page_count(&bytes)?;
                if pages == 0 {
                    return Err("TIFF holds no pages".into());
                }
                Ok(Source::Tiff { bytes, pages })
            }
            MediaType::Pdf => pdf::PdfSource::open(&bytes, path).map(|p| Source::Pdf(Box::new(p))),
        })
    }

    pub fn page_count(&self) -> usize {
        match self {
            Source::Image(_) => 1,
            Source::Tiff { pages, .. } => *pages,
            Source::Pdf(p) => p.page_count(),
        }
    }

    /// Decode page `index` (0-based). A panic inside a third-party decoder becomes an error.
    pub fn page(&self, index: usize, settings: &DecodeSettings) -> Result<PageContent, String> {
        contain(|| match self {
            Source::Image(bytes) => {
                image_file::decode(bytes, settings.max_pixels).map(|(image, dpi)| PageContent::Image { image, dpi })
            }
            Source::Tiff { bytes, .. } => tiff::decode_page(bytes, index, settings.max_pixels)
                .map(|(image, dpi)| PageContent::Image { image, dpi }),
            Source::Pdf(p) => p.page(index, settings),
        })
    }
}

thread_local! {
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// The default panic hook prints to stderr; a panic we contain is reported as the file's error
/// instead, and workers never write to the terminal. Panics anywhere else still print.
fn install_quiet_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// Run a decoder, turning a panic into an error so one bad file cannot stop the batch.
pub(crate) fn contain<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    install_quiet_hook();
    let outer = CONTAINING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(outer));
    result.unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown cause");
        Err(format!("the decoder crashed on this file ({msg})"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_decoder_becomes_an_error() {
        let r: Result<(), String> = contain(|| panic!("bad xref"));
        assert_eq!(r.unwrap_err(), "the decoder crashed on this file (bad xref)");
        assert!(!CONTAINING.with(Cell::get), "the flag is reset after a contained panic");
    }
}
