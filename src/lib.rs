//! sohoa ("số hóa", digitization): turn folders of scanned administrative documents into a
//! catalog of OCR'd, hashed, stored documents.
//!
//! Stages, one module each: `walk` → `decode` → `ocr` → `hash` → `store` → `catalog`,
//! orchestrated by `run`. The public API is small: build a [`Config`], call [`run`].

mod assign;
pub mod catalog;
mod classify;
mod config;
mod decode;
mod dossier_cmds;
pub mod dossiers;
mod error;
pub mod export;
pub mod fields;
mod hash;
mod link;
mod near_dup;
mod ocr;
pub mod procedures;
mod process;
mod progress;
mod queue;
pub mod report;
mod reuse;
mod run;
pub mod search;
mod searchable_pdf;
mod store;
mod summary;
#[doc(hidden)]
pub mod testing;
mod text;
mod verify;
mod walk;

/// Internals the micro-benchmarks in `benches/` time; not a stable API.
#[doc(hidden)]
pub mod bench_api {
    use std::sync::Arc;

    /// Decode every page of a scan held in memory to gray pixels; the pixel count.
    pub fn decode_pages(bytes: Vec<u8>) -> Result<u64, String> {
        let media = crate::decode::sniff(&bytes)?;
        let settings = crate::decode::DecodeSettings {
            max_pixels: 150_000_000,
            min_text_chars: 16,
            pdf_render: false,
            render_dpi: 300,
        };
        let source = crate::decode::Source::open(Arc::new(bytes), media, std::path::Path::new("bench"))?;
        let mut pixels = 0;
        for i in 0..source.page_count() {
            if let crate::decode::PageContent::Image { image, .. } = source.page(i, &settings)? {
                pixels += u64::from(image.width()) * u64::from(image.height());
            }
        }
        Ok(pixels)
    }

    /// One queue worker's connection, driven the way `sohoa worker` drives it, without OCR.
    pub struct QueueClient {
        cat: crate::catalog::PgCatalog,
        id: String,
    }

    impl QueueClient {
        /// `wait_for_disk`: commit as a plain session does, instead of as `sohoa worker` does.
        pub fn open(url: &str, id: &str, wait_for_disk: bool) -> Result<Self, String> {
            let mut cat = crate::catalog::PgCatalog::open(url).map_err(|e| e.to_string())?;
            cat.set_worker(Some(id.to_string()));
            if !wait_for_disk {
                cat.commit_without_waiting_for_disk();
            }
            Ok(QueueClient { cat, id: id.to_string() })
        }

        /// Queue `n` synthetic files named `/bench/<prefix>-<i>.png`.
        pub fn fill(&mut self, prefix: &str, n: usize) -> Result<(), String> {
            let items: Vec<crate::queue::claims::WorkItem> = (0..n)
                .map(|i| crate::queue::claims::WorkItem {
                    path: format!("/bench/{prefix}-{i}.png"),
                    shown: format!("{prefix}-{i}.png"),
                    size: 1000 + i as u64,
                    mtime_ns: 0,
                    pages_estimate: 1,
                })
                .collect();
            crate::queue::claims::add(&mut *self.cat.client().map_err(|e| e.to_string())?, &items)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }

        /// Claim up to `batch` files, then for each record it as a one-page document with `text`
        /// (checking the claim) and close its claim, two transactions as a worker does; with no
        /// text, only close the claim (the queue's own cost). How many files it handled.
        pub fn round(&mut self, batch: usize, text: Option<&str>) -> Result<usize, String> {
            use crate::catalog::{Catalog, DocumentRow, FileRow, PageRow, Record};
            let items = {
                let mut client = self.cat.client().map_err(|e| e.to_string())?;
                let mut tx = client.transaction().map_err(|e| e.to_string())?;
                let lease = std::time::Duration::from_secs(60);
                let got = crate::queue::claims::claim(&mut tx, &self.id, batch, lease, 3).map_err(|e| e.to_string())?;
                tx.commit().map_err(|e| e.to_string())?;
                got.items
            };
            for item in &items {
                let Some(text) = text else {
                    let mut client = self.cat.client().map_err(|e| e.to_string())?;
                    let mut tx = client.transaction().map_err(|e| e.to_string())?;
                    let end = crate::queue::claims::End::Done { pages: 1 };
                    crate::queue::claims::finish(&mut tx, &self.id, &item.path, end, true)
                        .map_err(|e| e.to_string())?;
                    tx.commit().map_err(|e| e.to_string())?;
                    continue;
                };
                let sha = crate::hash::sha256_hex(item.path.as_bytes());
                let page = PageRow {
                    page_no: 1,
                    source: "ocr".into(),
                    text: text.to_string(),
                    confidence: Some(90.0),
                    dpi: Some(300),
                    rotation: 0,
                    error: None,
                    codes: Vec::new(),
                };
                let document = DocumentRow {
                    sha256: sha.clone(),
                    size: item.size,
                    media_type: "image/png".into(),
                    pages: 1,
                    text_source: "ocr".into(),
                    ocr_confidence: Some(90.0),
                    store_path: None,
                    searchable_pdf: None,
                };
                let file = FileRow { path: item.path.clone(), sha256: sha, size: item.size, mtime_ns: item.mtime_ns };
                let record = Record::Processed { file, document, pages: vec![page] };
                self.cat.commit(&record).map_err(|e| e.to_string())?;
                self.cat.settle(&record).map_err(|e| e.to_string())?;
            }
            Ok(items.len())
        }
    }

    /// A classifier over a procedure catalog, ready to classify page texts.
    pub struct Classifier(crate::classify::Classifier);

    impl Classifier {
        pub fn new(procedures: &crate::procedures::Procedures) -> Self {
            Classifier(crate::classify::Classifier::new(procedures, &[], 0.6))
        }

        /// The type of a one-page document with this text.
        pub fn classify(&self, text: &str) -> String {
            self.0.classify(("bench", 1), &[text]).doc_type
        }
    }
}

pub use config::{CatalogLocation, Config};
pub use dossier_cmds::{
    DossierView, ImportOutcome, document_fields, dossier_show, import_dossiers, label, relink, review,
};
pub use error::{Error, Result, Stage};
pub use hash::sha256_hex;
pub use progress::Progress;
pub use queue::{
    EnqueueOutcome, InProgress, QueueStatus, WorkerOptions, WorkerRow, enqueue, status as queue_status, work,
};
pub use reuse::{ReuseCandidate, ReuseChoice, ReuseView, reuse};
pub use run::{RunOptions, run};
pub use summary::{FileReport, Observer, Quiet, Status, Summary};
pub use text::{fold, levenshtein, normalize_page_text, substring_distance};
pub use verify::{CheckReport, VerifyReport, backup, check, verify};
