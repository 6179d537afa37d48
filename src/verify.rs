//! `sohoa verify`: re-hash what the store holds (every original and searchable PDF the catalog
//! records) or what exported bags hold, and list every file that is missing or altered.
//! `sohoa check`: the catalog's own integrity too; `sohoa backup`: a consistent online copy.

use crate::catalog;
use crate::config::Config;
use crate::error::Result;
use crate::export::{Problem, check_file, verify_bag};
use rayon::prelude::*;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Default)]
pub struct VerifyReport {
    /// Files re-hashed.
    pub checked: usize,
    pub problems: Vec<Problem>,
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{}: {}: {}", p.kind, p.path.display(), p.detail)?;
        }
        match self.problems.len() {
            0 => writeln!(f, "{} files checked: all present and intact", self.checked),
            n => writeln!(f, "{} files checked: {n} problems", self.checked),
        }
    }
}

/// Verify the bags given, or the catalog's store when none is.
pub fn verify(config: &Config, bags: &[PathBuf]) -> Result<VerifyReport> {
    if bags.is_empty() {
        return verify_store(config);
    }
    let mut report = VerifyReport::default();
    for bag in bags {
        let (problems, checked) = verify_bag(bag);
        report.checked += checked;
        report.problems.extend(problems);
    }
    Ok(report)
}

/// What `sohoa check` found: the database's own problems, then the store's.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub catalog: Vec<String>,
    pub store: VerifyReport,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.catalog.is_empty() && self.store.problems.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.catalog {
            writeln!(f, "catalog: {p}")?;
        }
        if self.catalog.is_empty() {
            writeln!(f, "catalog: ok (structure, foreign keys, search indexes)")?;
        }
        write!(f, "store: {}", self.store)
    }
}

/// Check the catalog (SQLite's integrity check, foreign keys, search indexes) and the store.
pub fn check(config: &Config) -> Result<CheckReport> {
    let cat = catalog::open(&config.catalog)?;
    let problems = cat.integrity()?;
    Ok(CheckReport { catalog: problems, store: verify_store_of(cat.as_ref(), config)? })
}

/// Copy the catalog to `dest` while runs may be writing to it.
pub fn backup(config: &Config, dest: &std::path::Path) -> Result<()> {
    catalog::open(&config.catalog)?.backup(dest)
}

fn verify_store(config: &Config) -> Result<VerifyReport> {
    verify_store_of(catalog::open(&config.catalog)?.as_ref(), config)
}

fn verify_store_of(cat: &dyn catalog::Catalog, config: &Config) -> Result<VerifyReport> {
    let files = cat.stored_files()?;
    let root = config.store_dir()?;
    let mut problems: Vec<Problem> =
        files.par_iter().filter_map(|(_, f)| check_file(&root, &f.store_path, &f.sha256)).collect();
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(VerifyReport { checked: files.len(), problems })
}
