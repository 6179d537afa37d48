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
mod text;
mod verify;
mod walk;

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
