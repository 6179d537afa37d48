//! sohoa ("số hóa", digitization): turn folders of scanned administrative documents into a
//! catalog of OCR'd, hashed, stored documents.
//!
//! Stages, one module each: `walk` → `decode` → `ocr` → `hash` → `store` → `catalog`,
//! orchestrated by `run`. The public API is small: build a [`Config`], call [`run`].

pub mod catalog;
mod config;
mod decode;
mod error;
mod hash;
mod ocr;
mod process;
mod progress;
mod run;
mod store;
mod summary;
mod text;
mod walk;

pub use config::Config;
pub use error::{Error, Result, Stage};
pub use hash::sha256_hex;
pub use progress::Progress;
pub use run::{RunOptions, run};
pub use summary::{FileReport, Observer, Quiet, Status, Summary};
pub use text::normalize_page_text;
