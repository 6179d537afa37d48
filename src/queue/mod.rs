//! The shared work queue, for one batch over many machines. It lives in a PostgreSQL catalog:
//! `enqueue` walks once and registers files as work; `worker`s on any number of machines claim
//! files with `FOR UPDATE SKIP LOCKED` under a lease kept alive by a heartbeat, run the same
//! pipeline as `sohoa run`, and commit each file's results in the transaction that marks it done;
//! `status` shows the whole batch. No coordinator beside the database.

pub(crate) mod claims;
mod status;
mod worker;

pub use status::{InProgress, QueueStatus, WorkerRow, status};
pub use worker::{WorkerOptions, work};

use crate::catalog::{Catalog, FailureRow, PgCatalog, Record};
use crate::config::{CatalogLocation, Config};
use crate::error::{Error, Result, Stage};
use crate::walk::{path_key, walk};
use claims::WorkItem;
use std::fmt;
use std::path::PathBuf;

/// What `enqueue` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EnqueueOutcome {
    /// Files the walk found.
    pub found: usize,
    /// Files queued for the first time.
    pub new: u64,
    /// Files queued again because their size or modification time changed.
    pub changed: u64,
    /// Failed files queued again (`--retry-failed`).
    pub retried: u64,
    /// Entries the walk could not read, recorded as failed: (path, reason).
    pub walk_errors: Vec<(String, String)>,
    /// Hidden, temporary and linked files left out.
    pub skipped: usize,
    /// Pages the queued files are expected to hold.
    pub pages: usize,
}

impl fmt::Display for EnqueueOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = self.found as u64 - self.new - self.changed;
        writeln!(
            f,
            "{} files found: {} queued, {} changed and queued again, {} already queued or done{}",
            self.found,
            self.new,
            self.changed,
            known,
            if self.retried > 0 { format!(", {} failed ones queued again", self.retried) } else { String::new() }
        )?;
        if self.new + self.changed > 0 {
            writeln!(f, "about {} pages of new work", self.pages)?;
        }
        if self.skipped > 0 {
            writeln!(f, "{} hidden, temporary or linked files skipped", self.skipped)?;
        }
        for (path, why) in &self.walk_errors {
            writeln!(f, "  {path}: {why}")?;
        }
        Ok(())
    }
}

/// Register the files under `paths` as work. Idempotent: a file already queued, done or failed
/// at the same size and mtime is left as it is; one that changed is queued again.
pub fn enqueue(config: &Config, paths: &[PathBuf], retry_failed: bool) -> Result<EnqueueOutcome> {
    let url = pg(config)?;
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(Error::new(p, Stage::Walk, "no such file or folder"));
        }
    }
    let mut cat = PgCatalog::open(url)?;
    let walked = walk(paths);
    let mut out = EnqueueOutcome { found: walked.files.len(), skipped: walked.skipped, ..Default::default() };
    for e in walked.errors {
        let failure = FailureRow {
            path: path_key(&e.path),
            size: 0,
            mtime_ns: 0,
            sha256: None,
            stage: e.stage.as_str().into(),
            error: e.cause.clone(),
        };
        cat.commit(&Record::Failed(failure))?;
        out.walk_errors.push((e.path.to_string_lossy().into_owned(), format!("{}: {}", e.stage, e.cause)));
    }
    let mut files = walked.files;
    crate::run::plan(&mut files, config.max_file_bytes);
    let items: Vec<WorkItem> = files
        .iter()
        .map(|c| WorkItem {
            path: path_key(&c.path),
            shown: c.shown.clone(),
            size: c.size,
            mtime_ns: c.mtime_ns,
            pages_estimate: c.pages_estimate,
        })
        .collect();
    let mut client = cat.client()?;
    let mut tx = client.transaction().map_err(|e| queue_err(config, &e))?;
    let added = claims::add(&mut tx, &items).map_err(|e| queue_err(config, &e))?;
    if retry_failed {
        let keys: Vec<&str> = items.iter().map(|i| i.path.as_str()).collect();
        out.retried = claims::retry_failed(&mut tx, &keys).map_err(|e| queue_err(config, &e))?;
    }
    tx.commit().map_err(|e| queue_err(config, &e))?;
    out.new = added.new;
    out.changed = added.changed;
    out.pages = added.pages;
    Ok(out)
}

/// The PostgreSQL URL of the configured catalog, or an error saying the queue needs one.
fn pg(config: &Config) -> Result<&str> {
    match &config.catalog {
        CatalogLocation::Postgres { url, .. } => Ok(url),
        CatalogLocation::Sqlite(p) => Err(Error::new(
            p,
            Stage::Config,
            "the shared queue lives in a PostgreSQL catalog: give --catalog postgres://USER@HOST/DB \
             (one machine needs no queue: use `sohoa run`)",
        )),
    }
}

fn queue_err(config: &Config, e: &postgres::Error) -> Error {
    Error::new(&config.catalog, Stage::Queue, describe(e))
}

/// A database error in words, saying so when the connection is gone.
pub(crate) fn describe(e: &postgres::Error) -> String {
    let why = crate::catalog::describe_pg_error(e);
    if e.is_closed() { format!("the connection to the catalog was lost ({why})") } else { why }
}
