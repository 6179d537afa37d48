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

pub use config::Config;
pub use dossier_cmds::{
    DossierView, ImportOutcome, document_fields, dossier_show, import_dossiers, label, relink, review,
};
pub use error::{Error, Result, Stage};
pub use hash::sha256_hex;
pub use progress::Progress;
pub use reuse::{ReuseCandidate, ReuseChoice, ReuseView, reuse};
pub use run::{RunOptions, run};
pub use summary::{FileReport, Observer, Quiet, Status, Summary};
pub use text::{fold, levenshtein, normalize_page_text, substring_distance};
pub use verify::{CheckReport, VerifyReport, backup, check, verify};
