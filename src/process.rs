//! Work done on a worker thread for one file: read once, hash, claim, decode, OCR each page.
//! Never prints, never touches the catalog's writer: it returns an `Outcome`.

use crate::catalog::{Catalog, DocumentRow, PageRow, StoredFile};
use crate::decode::{DecodeSettings, MediaType, PageContent, Source, sniff};
use crate::error::{Error, Stage};
use crate::hash::sha256_hex;
use crate::ocr::{self, OcrSettings};
use crate::searchable_pdf::{TextLayer, searchable_pdf};
use crate::store::Store;
use crate::walk::{Candidate, mtime_ns};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What happened to one file.
#[derive(Debug)]
pub(crate) enum Outcome {
    Processed {
        document: DocumentRow,
        pages: Vec<PageRow>,
        /// Why no searchable PDF could be made, when one should have been.
        pdf_error: Option<String>,
    },
    /// Content already recorded, or being processed right now under another path.
    Duplicate {
        sha256: String,
    },
    Failed {
        error: Error,
        sha256: Option<String>,
    },
}

impl Outcome {
    /// The hash of the content about to be recorded for the path; None for a failure, which
    /// claims nothing about the content.
    pub fn sha256(&self) -> Option<&str> {
        match self {
            Outcome::Processed { document, .. } => Some(&document.sha256),
            Outcome::Duplicate { sha256 } => Some(sha256),
            Outcome::Failed { .. } => None,
        }
    }
}

/// A file's outcome with the size and mtime of the bytes it was computed from.
#[derive(Debug)]
pub(crate) struct Done {
    pub candidate: Candidate,
    pub outcome: Outcome,
}

/// Messages from workers to the thread that owns the catalog and the terminal.
pub(crate) enum Event {
    /// A file was opened: the pages it holds, and how many the plan expected.
    PagesFound {
        pages: usize,
        estimated: usize,
    },
    /// A page is done; the CPU seconds Tesseract spent on it.
    PageDone(f64),
    FileDone(Box<Done>),
    /// Claimed from the queue: more work for this worker (files, expected pages).
    Claimed {
        files: usize,
        pages: usize,
    },
    /// Already known to the catalog, so not processed: reported as unchanged or failed before.
    Known(Box<(Candidate, crate::catalog::PathState)>),
    /// The feed of files broke (the queue cannot be read): stop the run with this error.
    Abort(Error),
}

/// Shared by all workers of a run.
pub(crate) struct Ctx {
    pub ocr: OcrSettings,
    pub decode: DecodeSettings,
    pub max_file_bytes: u64,
    pub store: Option<Store>,
    /// Store a searchable PDF beside each scanned document (needs the store).
    pub searchable_pdf: bool,
    /// How long one file, and Tesseract on one page, may take.
    pub file_limit: Duration,
    pub page_limit: Duration,
    pub reader: Mutex<Box<dyn Catalog>>,
    /// Contents being processed in this run, so two paths with one content are OCR'd once.
    pub claimed: Claimed,
    pub stop: Arc<AtomicBool>,
    pub events: crossbeam_channel::Sender<Event>,
}

/// The content hashes a run has taken on (see `Ctx::claimed`); the collector lets go of one
/// whose record did not land, so that its file is read in full when it comes back.
pub(crate) type Claimed = Arc<Mutex<HashSet<String>>>;

impl Ctx {
    fn send(&self, e: Event) {
        // The receiver only goes away when the run is being torn down; nothing left to tell.
        let _ = self.events.send(e);
    }
}

/// Process one file and hand its outcome to the collector. Returns false if skipped for a stop.
pub(crate) fn process_file(c: Candidate, ctx: &Ctx) -> bool {
    if ctx.stop.load(Ordering::Relaxed) {
        return false;
    }
    let (candidate, outcome) = match read_stable(&c, ctx.max_file_bytes) {
        Ok((bytes, candidate)) => {
            let outcome = examine(&candidate, bytes, ctx);
            (candidate, outcome)
        }
        Err(error) => (c, Outcome::Failed { error, sha256: None }),
    };
    ctx.send(Event::FileDone(Box::new(Done { candidate, outcome })));
    true
}

/// Read the whole file once. If its size or mtime moves while we read, it is still being written:
/// fail it now (it will be picked up by the next run) rather than record a hash of half a file.
fn read_stable(c: &Candidate, max_bytes: u64) -> Result<(Vec<u8>, Candidate), Error> {
    let err = |cause: String| Error::new(&c.path, Stage::Read, cause);
    let before = std::fs::metadata(&c.path).map_err(|e| err(crate::walk::describe_io(&e)))?;
    if before.len() > max_bytes {
        return Err(err(format!("file is {} bytes, above the limit of {max_bytes}", before.len())));
    }
    let bytes = std::fs::read(&c.path).map_err(|e| err(crate::walk::describe_io(&e)))?;
    let after = std::fs::metadata(&c.path).map_err(|e| err(crate::walk::describe_io(&e)))?;
    let (size, mtime) = (after.len(), mtime_ns(&after));
    if size != before.len() || mtime != mtime_ns(&before) || size != bytes.len() as u64 {
        return Err(err("the file changed while it was being read; it will be picked up by the next run".into()));
    }
    Ok((bytes, Candidate { size, mtime_ns: mtime, ..c.clone() }))
}

fn examine(c: &Candidate, bytes: Vec<u8>, ctx: &Ctx) -> Outcome {
    let sha256 = sha256_hex(&bytes);
    let failed = |stage, cause: String, sha: &str| Outcome::Failed {
        error: Error::new(&c.path, stage, cause),
        sha256: Some(sha.to_string()),
    };
    match claim(&sha256, ctx) {
        Ok(true) => {}
        Ok(false) => return Outcome::Duplicate { sha256 },
        Err(e) => {
            return Outcome::Failed { error: Error::new(&c.path, Stage::Catalog, e.cause), sha256: Some(sha256) };
        }
    }
    let media = match sniff(&bytes) {
        Ok(m) => m,
        Err(cause) => return failed(Stage::Decode, cause, &sha256),
    };
    let bytes = Arc::new(bytes);
    let source = match Source::open(Arc::clone(&bytes), media, &c.path) {
        Ok(s) => s,
        Err(cause) => return failed(Stage::Decode, cause, &sha256),
    };
    let deadline = Instant::now() + ctx.file_limit;
    let pages = read_pages(&source, c.pages_estimate, deadline, ctx);
    drop(source);
    if Instant::now() >= deadline {
        let cause = format!(
            "took longer than limits.file_seconds = {} s; raise it and run again with --retry-failed",
            ctx.file_limit.as_secs()
        );
        return failed(Stage::Limit, cause, &sha256);
    }
    if let Some((stage, cause)) = all_failed(&pages) {
        return failed(stage, cause, &sha256);
    }
    let store_path = match &ctx.store {
        Some(store) => match store.put(&sha256, media.extension(), &bytes) {
            Ok(p) => Some(p),
            Err(cause) => return failed(Stage::Store, cause, &sha256),
        },
        None => None,
    };
    let (rows, layers): (Vec<PageRow>, Vec<Option<TextLayer>>) = pages.into_iter().map(|p| (p.row, p.layout)).unzip();
    let (pdf, pdf_error) = match (&ctx.store, ctx.searchable_pdf) {
        (Some(store), true) => store_searchable_pdf(store, &bytes, media, &layers),
        _ => (None, None),
    };
    let mut document = document_row(sha256, bytes.len() as u64, media, &rows, store_path);
    document.searchable_pdf = pdf;
    Outcome::Processed { document, pages: rows, pdf_error }
}

/// Make and store the file's searchable PDF. Its failure does not fail the file: the scan and its
/// text are recorded all the same, and the reason is reported.
fn store_searchable_pdf(
    store: &Store,
    bytes: &[u8],
    media: MediaType,
    layers: &[Option<TextLayer>],
) -> (Option<StoredFile>, Option<String>) {
    let made = searchable_pdf(bytes, media, layers).and_then(|pdf| match pdf {
        Some(pdf) => {
            let sha256 = sha256_hex(&pdf);
            let store_path = store.put(&sha256, "pdf", &pdf)?;
            Ok(Some(StoredFile { sha256, size: pdf.len() as u64, store_path }))
        }
        None => Ok(None),
    });
    match made {
        Ok(f) => (f, None),
        Err(e) => (None, Some(format!("no searchable PDF: {e}"))),
    }
}

/// True if this run should process `sha256`; false if it is recorded or claimed already.
fn claim(sha256: &str, ctx: &Ctx) -> Result<bool, Error> {
    let mut claimed = ctx.claimed.lock().unwrap_or_else(|p| p.into_inner());
    if claimed.contains(sha256) {
        return Ok(false);
    }
    let known = ctx.reader.lock().unwrap_or_else(|p| p.into_inner()).has_document(sha256)?;
    if known {
        return Ok(false);
    }
    claimed.insert(sha256.to_string());
    Ok(true)
}

/// One page's outcome: its catalog row, the stage it failed in, and what OCR saw.
struct PageResult {
    row: PageRow,
    failed: Option<Stage>,
    /// The upright page OCR read and its words, for the searchable PDF; None when not OCR'd.
    layout: Option<TextLayer>,
}

/// Every page is its own task, so the pages of one long PDF spread over all cores.
fn read_pages(source: &Source, estimated: usize, deadline: Instant, ctx: &Ctx) -> Vec<PageResult> {
    let n = source.page_count();
    ctx.send(Event::PagesFound { pages: n, estimated });
    (0..n)
        .into_par_iter()
        .map(|i| {
            let (page, cpu) = read_page(source, i, deadline, ctx);
            ctx.send(Event::PageDone(cpu));
            page
        })
        .collect()
}

/// A page's result and the CPU seconds Tesseract spent on it.
fn read_page(source: &Source, index: usize, deadline: Instant, ctx: &Ctx) -> (PageResult, f64) {
    let page_no = index as u32 + 1;
    let row = |source: &str, text: String| PageRow {
        page_no,
        source: source.into(),
        text,
        confidence: None,
        dpi: None,
        rotation: 0,
        error: None,
        codes: Vec::new(),
    };
    let done = |row: PageRow| PageResult { row, failed: None, layout: None };
    let failed = |stage: Stage, cause: String| PageResult {
        row: PageRow { error: Some(cause), ..row("failed", String::new()) },
        failed: Some(stage),
        layout: None,
    };
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return (failed(Stage::Limit, "not read: the file's time limit was reached".into()), 0.0);
    }
    match source.page(index, &ctx.decode) {
        Ok(PageContent::Text(text)) => (done(row("pdf-text", text)), 0.0),
        Ok(PageContent::Blank) => (done(row("blank", String::new())), 0.0),
        Ok(PageContent::Image { image, dpi }) => {
            // Receipts carry the dossier code as a QR code: read it before OCR takes the image.
            let codes = crate::decode::contain(|| Ok(crate::decode::barcode::find_codes(&image, dpi.unwrap_or(0.0))))
                .unwrap_or_default();
            match ocr::recognize(&ctx.ocr, image, dpi, ctx.page_limit.min(left)) {
                Ok(p) => {
                    let kind = if p.blank { "blank" } else { "ocr" };
                    let confidence = (!p.blank).then_some(p.confidence);
                    let layout = TextLayer {
                        width: p.width,
                        height: p.height,
                        dpi: p.dpi,
                        rotation: p.rotation,
                        words: p.words,
                    };
                    let row =
                        PageRow { confidence, dpi: Some(p.dpi), rotation: p.rotation, codes, ..row(kind, p.text) };
                    (PageResult { row, failed: None, layout: Some(layout) }, p.cpu_seconds)
                }
                Err(cause) => (failed(Stage::Ocr, cause), 0.0),
            }
        }
        Err(cause) => (failed(Stage::Decode, cause), 0.0),
    }
}

/// When no page could be read, the file has failed: say why with the first page's reason.
fn all_failed(pages: &[PageResult]) -> Option<(Stage, String)> {
    if pages.is_empty() || pages.iter().any(|p| p.failed.is_none()) {
        return None;
    }
    let cause = pages[0].row.error.clone().unwrap_or_default();
    let cause = match pages.len() {
        1 => cause,
        n => format!("no page could be read; page 1: {cause} (and {} more)", n - 1),
    };
    Some((pages[0].failed?, cause))
}

fn document_row(
    sha256: String,
    size: u64,
    media: MediaType,
    pages: &[PageRow],
    store_path: Option<String>,
) -> DocumentRow {
    let has = |kind: &str| pages.iter().any(|p| p.source == kind);
    let text_source = match (has("ocr"), has("pdf-text")) {
        (true, true) => "mixed",
        (true, false) => "ocr",
        (false, true) => "pdf-text",
        (false, false) => "none",
    };
    let confidences: Vec<f32> = pages.iter().filter_map(|p| p.confidence).collect();
    let ocr_confidence = (!confidences.is_empty()).then(|| confidences.iter().sum::<f32>() / confidences.len() as f32);
    DocumentRow {
        sha256,
        size,
        media_type: media.mime().into(),
        pages: pages.len() as u32,
        text_source: text_source.into(),
        ocr_confidence,
        store_path,
        searchable_pdf: None,
    }
}
