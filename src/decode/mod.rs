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

/// How many pages the file at `path` holds, cheaply and without decoding: 1 for an image, the
/// IFD count of a TIFF, the page objects of a PDF. A guess (1) when the file cannot tell; the real
/// count replaces it once the file is opened.
pub(crate) fn estimate_pages(path: &Path, max_bytes: u64) -> usize {
    // Counting means reading the file once more before it is processed: only for files small
    // enough that the page cache keeps them for that second read.
    const READ_TO_COUNT: u64 = 64 << 20;
    let Ok(meta) = std::fs::metadata(path) else { return 1 };
    if meta.len() > max_bytes.min(READ_TO_COUNT) {
        return 1;
    }
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
    let is_tiff = n >= 4 && (head.starts_with(b"II*\0") || head.starts_with(b"MM\0*"));
    let is_pdf = n >= 5 && head.starts_with(b"%PDF-");
    if !is_tiff && !is_pdf {
        return 1;
    }
    let Ok(bytes) = std::fs::read(path) else { return 1 };
    let count = if is_tiff { contain(|| tiff::page_count(&bytes)).unwrap_or(1) } else { pdf_page_objects(&bytes) };
    count.max(1)
}

/// `/Type /Page` objects outside object streams: exact for most scanner PDFs, low for
/// compressed ones (then the real count corrects it).
fn pdf_page_objects(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = find(&bytes[i..], b"/Type") {
        let mut j = i + at + 5;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let rest = &bytes[j..];
        if rest.starts_with(b"/Page") && !rest[5..].first().is_some_and(|c| c.is_ascii_alphanumeric()) {
            n += 1;
        }
        i = j;
    }
    n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
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
    fn pages_are_estimated_from_the_page_objects() {
        let pdf = b"%PDF-1.4 1 0 obj <</Type /Pages /Count 2>> 2 0 obj <</Type/Page>> 3 0 obj <</Type /Page /X 1>>";
        assert_eq!(pdf_page_objects(pdf), 2);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.pdf");
        std::fs::write(&p, pdf).unwrap();
        assert_eq!(estimate_pages(&p, 1 << 20), 2);
        assert_eq!(estimate_pages(&p, 10), 1, "over the size limit: not read");
        std::fs::write(&p, b"\x89PNG....").unwrap();
        assert_eq!(estimate_pages(&p, 1 << 20), 1);
        assert_eq!(estimate_pages(&dir.path().join("gone"), 1 << 20), 1);
    }

    #[test]
    fn a_panicking_decoder_becomes_an_error() {
        let r: Result<(), String> = contain(|| panic!("bad xref"));
        assert_eq!(r.unwrap_err(), "the decoder crashed on this file (bad xref)");
        assert!(!CONTAINING.with(Cell::get), "the flag is reset after a contained panic");
    }
}
