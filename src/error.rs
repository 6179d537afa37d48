//! The library's one error type: which file, which stage, what went wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// The pipeline stage an error happened in; recorded in the catalog's `failures.stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Config,
    Walk,
    Read,
    Hash,
    Decode,
    Ocr,
    Store,
    Catalog,
    Export,
    Verify,
    /// A time limit was reached.
    Limit,
    /// The shared work queue: a claim lost to another worker, a queue that cannot be read.
    Queue,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Config => "config",
            Stage::Walk => "walk",
            Stage::Read => "read",
            Stage::Hash => "hash",
            Stage::Decode => "decode",
            Stage::Ocr => "ocr",
            Stage::Store => "store",
            Stage::Catalog => "catalog",
            Stage::Export => "export",
            Stage::Verify => "verify",
            Stage::Limit => "limit",
            Stage::Queue => "queue",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `{path}: {stage}: {cause}` — enough for a clerk to find the file and for a developer to find the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {stage}: {cause}", path.display())]
pub struct Error {
    pub path: PathBuf,
    pub stage: Stage,
    pub cause: String,
}

impl Error {
    pub fn new(path: impl AsRef<Path>, stage: Stage, cause: impl fmt::Display) -> Self {
        Error { path: path.as_ref().to_path_buf(), stage, cause: cause.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_path_stage_and_cause() {
        let e = Error::new("a/b.pdf", Stage::Decode, "encrypted PDF");
        assert_eq!(e.to_string(), "a/b.pdf: decode: encrypted PDF");
    }
}
