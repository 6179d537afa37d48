//! The catalog: what sohoa knows about every file and document. A small interface so that a
//! shared PostgreSQL catalog can stand beside the embedded SQLite one.

mod pg_check;
mod pg_conn;
mod pg_dossiers;
mod pg_dump;
mod pg_fields;
mod pg_pages;
mod pg_reuse;
mod pg_rows;
mod pg_schema;
mod pg_search;
mod pg_store;
#[cfg(test)]
mod pg_tests;
mod pg_tls;
mod pg_write;
mod postgres;
mod schema;
mod sqlite;
mod sqlite_check;
mod sqlite_dossiers;
mod sqlite_dump;
mod sqlite_reuse;
mod sqlite_store;

pub(crate) use pg_conn::describe as describe_pg_error;
pub(crate) use pg_conn::pg_bin_dirs;
pub(crate) use pg_conn::redact as redact_url;
pub(crate) use pg_write::write_record as pg_write_record;
pub(crate) use postgres::InFlight;
pub use postgres::PgCatalog;
pub use sqlite::SqliteCatalog;

use crate::config::CatalogLocation;
use crate::dossiers::Dossier;
use crate::error::Result;

/// One file path and the content it held when recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow {
    pub path: String,
    pub sha256: String,
    pub size: u64,
    pub mtime_ns: i64,
}

/// A distinct content (by SHA-256), however many paths it was seen at.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRow {
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    pub pages: u32,
    /// `ocr`, `pdf-text`, `mixed` or `none` (no page gave text).
    pub text_source: String,
    /// Mean Tesseract confidence (0–100) over OCR'd pages; None when nothing was OCR'd.
    pub ocr_confidence: Option<f32>,
    /// Path inside the store, when the store is on.
    pub store_path: Option<String>,
    /// The searchable PDF made for a scanned document, when the store is on.
    pub searchable_pdf: Option<StoredFile>,
}

/// A file in the content-addressed store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: String,
    pub size: u64,
    /// Relative to the store's root.
    pub store_path: String,
}

/// One page of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRow {
    /// 1-based.
    pub page_no: u32,
    /// `ocr`, `pdf-text`, `blank` or `failed`.
    pub source: String,
    /// NFC text; empty when the page failed.
    pub text: String,
    pub confidence: Option<f32>,
    pub dpi: Option<u32>,
    /// Clockwise degrees the page was turned to be upright (0, 90, 180, 270).
    pub rotation: u16,
    pub error: Option<String>,
    /// Texts of QR codes and barcodes read on the page.
    pub codes: Vec<String>,
}

/// A file that could not be processed, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FailureRow {
    pub path: String,
    pub size: u64,
    pub mtime_ns: i64,
    pub sha256: Option<String>,
    pub stage: String,
    pub error: String,
}

/// Everything recorded for one file, committed in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// New content: the document, its pages and the path it was found at.
    Processed {
        file: FileRow,
        document: DocumentRow,
        pages: Vec<PageRow>,
    },
    /// Content already in the catalog, seen at a new path.
    Duplicate {
        file: FileRow,
    },
    Failed(FailureRow),
}

impl Record {
    /// The path the record is about.
    pub fn path(&self) -> &str {
        match self {
            Record::Processed { file, .. } | Record::Duplicate { file } => &file.path,
            Record::Failed(f) => &f.path,
        }
    }
}

/// What the catalog knows of a path, given its current size and mtime.
#[derive(Debug, Clone, PartialEq)]
pub enum PathState {
    /// Recorded with this size and mtime: nothing to do.
    Unchanged { sha256: String },
    /// Failed before with this size and mtime.
    FailedBefore { error: String },
    /// New, or changed since it was recorded.
    Unknown,
}

/// A page's text and the codes read on it, as linking needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct PageText {
    pub page_no: u32,
    pub text: String,
    pub codes: Vec<String>,
}

/// A run of pages of one document that forms one document of one type.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentRow {
    pub first_page: u32,
    pub last_page: u32,
    pub doc_type: String,
    pub confidence: f32,
    pub method: String,
    pub evidence: String,
    /// Why no dossier was linked, when none was.
    pub link_note: Option<String>,
}

/// A segment attached to a dossier, with its role and how both were decided.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRow {
    pub first_page: u32,
    pub dossier_code: String,
    pub role: String,
    pub role_reason: String,
    pub method: String,
    pub evidence: String,
}

/// A linked segment with what `dossier show` and reports need.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedDoc {
    pub sha256: String,
    pub segment: SegmentRow,
    pub link: LinkRow,
}

/// A segment that belongs to an owner: linked to one of the owner's dossiers, or carrying the
/// owner's citizen ID (then `dossier` is None).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerSegment {
    pub sha256: String,
    pub segment: SegmentRow,
    /// (dossier code, role there, the dossier's received_at).
    pub dossier: Option<(String, String, String)>,
}

/// Restrictions on a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchFilter {
    pub doc_type: Option<String>,
    pub unit: Option<String>,
    pub owner: Option<String>,
}

/// What a page search looks for. Terms are already in the index's form: `text::fold`ed, or
/// `text::skeleton`s for a tolerant search; each backend turns this into its own query syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageQuery {
    /// The terms next to each other, in this order.
    Phrase(Vec<String>),
    /// Every term, anywhere on the page.
    AllWords(Vec<String>),
}

impl PageQuery {
    pub fn terms(&self) -> &[String] {
        match self {
            PageQuery::Phrase(t) | PageQuery::AllWords(t) => t,
        }
    }
}

/// A recorded document as a report needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSummary {
    pub pages: u32,
    pub text_source: String,
    pub ocr_confidence: Option<f32>,
    /// Pages' text joined by form feeds.
    pub text: String,
}

/// Open the catalog a run is configured for.
pub fn open(location: &CatalogLocation) -> Result<Box<dyn Catalog>> {
    match location {
        CatalogLocation::Sqlite(path) => Ok(Box::new(SqliteCatalog::open(path)?)),
        CatalogLocation::Postgres { url, .. } => Ok(Box::new(PgCatalog::open(url)?)),
    }
}

/// The interface every catalog backend gives the pipeline. Only the writer thread commits.
pub trait Catalog: Send {
    /// A recorded document with its text.
    /// `with_text`: also join the pages' text (costly; only a `--jsonl` record needs it).
    fn document_summary(&self, sha256: &str, with_text: bool) -> Result<Option<DocumentSummary>>;
    /// What is known of `path` at this size and mtime.
    fn path_state(&self, path: &str, size: u64, mtime_ns: i64) -> Result<PathState>;
    /// Whether a document with this content is recorded.
    fn has_document(&self, sha256: &str) -> Result<bool>;
    /// Record one file's outcome atomically.
    fn commit(&mut self, record: &Record) -> Result<()>;
    /// Everything about the recorded file is written (its assignment, fields, signature): a queue
    /// worker closes its claim now, so that a crash before this leaves the file claimed and it
    /// is done again in full, never left half described. For a run there is nothing to do.
    fn settle(&mut self, _record: &Record) -> Result<()> {
        Ok(())
    }
    /// Leave a file unrecorded for a later run to read: a queue worker hands its claim back to
    /// the queue; for a run there is nothing to do.
    fn hand_back(&mut self, _path: &str) -> Result<()> {
        Ok(())
    }

    // Dossiers, classification and linking.

    /// Insert or update a dossier; true when it is new.
    fn upsert_dossier(&mut self, d: &Dossier) -> Result<bool>;
    fn dossiers(&self) -> Result<Vec<Dossier>>;
    /// Every recorded document's hash.
    fn documents(&self) -> Result<Vec<String>>;
    fn document_pages(&self, sha256: &str) -> Result<Vec<PageText>>;
    /// The paths a document was seen at.
    fn document_paths(&self, sha256: &str) -> Result<Vec<String>>;
    /// The document recorded at this path, if any.
    fn sha_for_path(&self, path: &str) -> Result<Option<String>>;
    /// Replace a document's segments and links.
    fn replace_assignment(&mut self, sha256: &str, segments: &[SegmentRow], links: &[LinkRow]) -> Result<()>;
    /// A document's segments, each with its links.
    fn assignment(&self, sha256: &str) -> Result<Vec<(SegmentRow, Vec<LinkRow>)>>;
    /// Every link, with its segment.
    fn linked_documents(&self) -> Result<Vec<LinkedDoc>>;
    /// Segments that are of unknown type or linked to no dossier: the review list.
    fn unresolved_segments(&self) -> Result<Vec<(String, SegmentRow)>>;
    /// Staff confirmations: (sha256, first page, type, the segment's text).
    fn labelled(&self) -> Result<Vec<(String, u32, String, String)>>;
    fn set_label(&mut self, sha256: &str, first_page: u32, doc_type: &str) -> Result<()>;

    /// Replace a document's extracted fields: (segment's first page, field).
    fn replace_fields(&mut self, sha256: &str, fields: &[(u32, crate::fields::Field)]) -> Result<()>;
    /// A document's extracted fields: (segment's first page, field).
    fn fields(&self, sha256: &str) -> Result<Vec<(u32, crate::fields::Field)>>;

    /// Documents whose SimHash shares a 16-bit quarter with `simhash`, with their SimHash.
    fn similar_signatures(&self, simhash: u64) -> Result<Vec<(String, u64)>>;
    /// Record a document's SimHash and the earlier document it re-scans, with their similarity.
    fn record_signature(&mut self, sha256: &str, simhash: u64, near: Option<(&str, f64)>) -> Result<()>;
    /// The earlier document this one re-scans, if any.
    fn near_duplicate_of(&self, sha256: &str) -> Result<Option<String>>;
    /// Whether the document's signature is recorded (its near-duplicate check was done).
    fn has_signature(&self, sha256: &str) -> Result<bool>;

    // Maintenance.

    /// The database's own checks (structure, foreign keys, search indexes): one line per problem.
    fn integrity(&self) -> Result<Vec<String>>;
    /// The whole content as canonical text lines, in a stable order, without timestamps or
    /// database-internal ids: equal for equal content, whichever the backend.
    fn dump(&self) -> Result<Vec<String>>;
    /// Write a consistent copy of the catalog to `dest`, a new file, while others may write.
    fn backup(&self, dest: &std::path::Path) -> Result<()>;

    // The store.

    /// Every file the store should hold: (the document it belongs to, the file). A document's
    /// original and its searchable PDF are two entries.
    fn stored_files(&self) -> Result<Vec<(String, StoredFile)>>;
    /// A document's stored original and searchable PDF, when there are any.
    fn stored(&self, sha256: &str) -> Result<(Option<StoredFile>, Option<StoredFile>)>;

    // Reuse.

    /// Segments linked to the owner's dossiers, and segments on which the owner's ID was read.
    fn owner_segments(&self, owner_id: &str) -> Result<Vec<OwnerSegment>>;
    /// Every component taken from already digitized data, as links with method `reuse`.
    fn reused_documents(&self) -> Result<Vec<LinkedDoc>>;
    /// Record that a dossier's component is taken from this segment; false if it already was.
    fn add_reuse(
        &mut self,
        dossier_code: &str,
        sha256: &str,
        first_page: u32,
        doc_type: &str,
        source: &str,
    ) -> Result<bool>;
    /// Undo a reuse; false if there was none.
    fn remove_reuse(&mut self, dossier_code: &str, sha256: &str, first_page: u32) -> Result<bool>;
    /// What is attached to dossiers: linked documents and reused ones.
    fn attachments(&self) -> Result<Vec<LinkedDoc>> {
        let mut all = self.linked_documents()?;
        all.extend(self.reused_documents()?);
        Ok(all)
    }

    /// Pages whose folded text (or, `tolerant`, its skeleton: `text::skeleton`) matches `query`,
    /// best first: (sha256, page, text, rank; lower is better). No terms, no pages.
    fn search_pages(
        &self,
        query: &PageQuery,
        filter: &SearchFilter,
        limit: usize,
        tolerant: bool,
    ) -> Result<Vec<(String, u32, String, f64)>>;
}
