//! PDFs page by page: a real text layer is taken as it is; a scanned page gives its embedded image;
//! what cannot be extracted (JBIG2, JPEG 2000, vector art) is rasterised by poppler's pdftoppm.

use super::pdf_image::{self, PageImage};
use super::{DecodeSettings, PageContent, contain};
use crate::text::{letter_count, normalize_page_text};
use lopdf::{Document, Object, ObjectId};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) struct PdfSource {
    doc: Document,
    /// (page number as the PDF counts it, page object).
    pages: Vec<(u32, ObjectId)>,
    /// The file on disk, for pdftoppm.
    path: PathBuf,
}

impl PdfSource {
    pub fn open(bytes: &[u8], path: &Path) -> Result<Self, String> {
        const NEEDS_PASSWORD: &str = "encrypted PDF: it needs a password to open";
        if let Some(n) = declared_objects(bytes).filter(|&n| n > MAX_OBJECTS) {
            return Err(format!("PDF declares {n} objects, above the limit of {MAX_OBJECTS}: not loaded"));
        }
        let mut doc = Document::load_mem(bytes).map_err(|e| describe_load_error(&e))?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err(NEEDS_PASSWORD.into());
        }
        let pages: Vec<_> = doc.get_pages().into_iter().collect();
        // lopdf loads a file whose password it lacks as an empty document that keeps /Encrypt.
        if pages.is_empty() && doc.trailer.get(b"Encrypt").is_ok() {
            return Err(NEEDS_PASSWORD.into());
        }
        if pages.is_empty() {
            return Err("PDF has no readable pages (damaged page tree)".into());
        }
        Ok(PdfSource { doc, pages, path: path.to_path_buf() })
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn page(&self, index: usize, settings: &DecodeSettings) -> Result<PageContent, String> {
        let &(number, id) = self.pages.get(index).ok_or("no such page")?;
        let text = self.text_layer(number);
        if let Some(t) = text.as_deref().filter(|t| is_real_text(t, settings.min_text_chars)) {
            return Ok(PageContent::Text(normalize_page_text(t)));
        }
        match pdf_image::page_image(&self.doc, id, settings.max_pixels)? {
            PageImage::Image { image, dpi } => Ok(PageContent::Image { image, dpi: Some(dpi) }),
            PageImage::NoImage if !settings.pdf_render => Ok(PageContent::Blank),
            // Vector-only pages can still show text drawn as curves: render and let OCR decide.
            PageImage::NoImage => self.render(number, id, settings),
            PageImage::NeedsRender(reason) if !settings.pdf_render => {
                Err(format!("{reason}: cannot be decoded without rendering (pdf.render_fallback is off)"))
            }
            PageImage::NeedsRender(reason) => self.render(number, id, settings).map_err(|e| format!("{reason}: {e}")),
        }
    }

    /// The page's text layer; None when pdf-extract fails or panics on it.
    fn text_layer(&self, number: u32) -> Option<String> {
        let mut s = String::new();
        contain(|| {
            let mut out = pdf_extract::PlainTextOutput::new(&mut s);
            pdf_extract::output_doc_page(&self.doc, &mut out, number).map_err(|e| e.to_string())
        })
        .ok()?;
        Some(s)
    }

    fn render(&self, number: u32, id: ObjectId, settings: &DecodeSettings) -> Result<PageContent, String> {
        let dpi = settings.render_dpi;
        let (w_pt, h_pt) = page_size_points(&self.doc, id);
        let pixels = (w_pt / 72.0 * dpi as f32) as u64 * (h_pt / 72.0 * dpi as f32) as u64;
        if pixels > settings.max_pixels {
            return Err(format!("page is {w_pt:.0}×{h_pt:.0} pt, above the pixel limit at {dpi} dpi"));
        }
        let image = render_with_pdftoppm(&self.path, number, dpi)?;
        Ok(PageContent::Image { image, dpi: Some(dpi as f32) })
    }
}

/// lopdf parses every object of a file into memory before anything can be asked of it; a
/// scanner's PDF has a few per page, so this many means a damaged or hostile file.
const MAX_OBJECTS: u64 = 2_000_000;

/// The object count the file's last trailer or cross-reference stream declares (`/Size N`),
/// read from its tail without parsing the file.
fn declared_objects(bytes: &[u8]) -> Option<u64> {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    let at = tail.windows(5).rposition(|w| w == b"/Size")?;
    let digits: String = tail[at + 5..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits.parse().ok()
}

/// A text layer counts when it has enough letters and is not mostly undecodable glyphs
/// (fonts without a Unicode map come out as U+FFFD or private-use characters).
fn is_real_text(t: &str, min_letters: usize) -> bool {
    let visible = t.chars().filter(|c| !c.is_whitespace()).count();
    let junk = t
        .chars()
        .filter(|&c| {
            c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) || (c.is_control() && !c.is_whitespace())
        })
        .count();
    letter_count(t) >= min_letters && junk * 5 < visible
}

fn describe_load_error(e: &lopdf::Error) -> String {
    let s = e.to_string();
    let lower = s.to_lowercase();
    if lower.contains("decrypt") || lower.contains("password") || lower.contains("encrypt") {
        "encrypted PDF: it needs a password to open".into()
    } else {
        format!("damaged or not a PDF: {s}")
    }
}

/// Page size in points from the (possibly inherited) MediaBox; A4 when it is missing or odd.
fn page_size_points(doc: &Document, page: ObjectId) -> (f32, f32) {
    let mut dict = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let Some(d) = dict else { break };
        if let Ok(mb) = d.get(b"MediaBox").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_array()) {
            let n: Vec<f32> = mb.iter().filter_map(|o| as_number(doc, o)).collect();
            if n.len() == 4 {
                let (w, h) = ((n[2] - n[0]).abs(), (n[3] - n[1]).abs());
                if w > 1.0 && h > 1.0 {
                    return (w, h);
                }
            }
            break;
        }
        dict = d.get(b"Parent").and_then(Object::as_reference).and_then(|r| doc.get_dictionary(r)).ok();
    }
    (595.0, 842.0)
}

fn as_number(doc: &Document, o: &Object) -> Option<f32> {
    let o = doc.dereference(o).ok()?.1;
    o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32))
}

fn render_with_pdftoppm(pdf: &Path, number: u32, dpi: u32) -> Result<image::GrayImage, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let prefix = dir.path().join("page");
    let n = number.to_string();
    let out = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", "-singlefile", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "rendering needs poppler's pdftoppm: install poppler-utils".to_string(),
            _ => format!("cannot run pdftoppm: {e}"),
        })?;
    let pgm = prefix.with_extension("pgm");
    if !out.status.success() || !pgm.exists() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("no output").trim();
        return Err(format!("pdftoppm could not render the page: {first}"));
    }
    let img = image::open(&pgm).map_err(|e| format!("cannot read pdftoppm's output: {e}"))?;
    Ok(img.into_luma8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_declaring_millions_of_objects_is_refused_unread() {
        let huge = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <</Size 50000000 /Root 1 0 R>>\n%%EOF";
        assert_eq!(declared_objects(huge), Some(50_000_000));
        let err = PdfSource::open(huge, Path::new("x.pdf")).err().unwrap();
        assert!(err.contains("declares 50000000 objects"), "{err}");
        assert_eq!(declared_objects(b"%PDF-1.4 no trailer"), None);
    }

    #[test]
    fn real_text_needs_letters_and_little_junk() {
        assert!(is_real_text("Giấy khai sinh của Nguyễn Văn An", 16));
        assert!(!is_real_text("Trang 1", 16));
        assert!(!is_real_text(
            "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD} abcdefghijklmnopq \u{E001}\u{E002}\u{E003}\u{E004}\u{E005}",
            16
        ));
    }
}
