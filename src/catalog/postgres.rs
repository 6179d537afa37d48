//! The shared catalog: one PostgreSQL database that workers on several machines write at once.
//! Same tables and same answers as the SQLite catalog; the queries live in pg_*.rs by topic.

use super::pg_check as cq;
use super::pg_conn::{self, describe, is_lost, redact};
use super::pg_dossiers as dq;
use super::pg_fields as fq;
use super::pg_reuse as rq;
use super::pg_store as sq;
use super::{
    Catalog, DocumentSummary, LinkRow, LinkedDoc, OwnerSegment, PageQuery, PageText, PathState, Record, SearchFilter,
    SegmentRow, StoredFile,
};
use crate::dossiers::Dossier;
use crate::error::{Error, Result, Stage};
use postgres::types::Type;
use postgres::{Client, NoTls};
use std::cell::{Cell, RefCell, RefMut};
use std::path::Path;

pub struct PgCatalog {
    /// The trait reads through `&self`; the client needs `&mut`. None after a failed reconnect.
    conn: RefCell<Option<Client>>,
    /// Set when a call found the connection gone: the next call opens a new one.
    lost: Cell<bool>,
    config: postgres::Config,
    /// The URL without its password: what every message names the catalog by.
    shown: String,
    /// Scrubbed from every message, should the server or the client ever echo it.
    password: Option<String>,
    /// The queue worker this connection records for: commits then also close its claims.
    worker: Option<String>,
}

type PgResult<T> = std::result::Result<T, postgres::Error>;

impl PgCatalog {
    /// Connect to `postgres://USER@HOST[:PORT]/DB` (or `postgresql://`) and bring the schema up
    /// to date. The password comes from the URL, else `PGPASSWORD`, else the pgpass file.
    pub fn open(url: &str) -> Result<PgCatalog> {
        let shown = redact(url);
        let config = pg_conn::config(url).map_err(|cause| Error::new(&shown, Stage::Catalog, cause))?;
        let password = config.get_password().map(|p| String::from_utf8_lossy(p).into_owned());
        let cat = PgCatalog { conn: RefCell::new(None), lost: Cell::new(false), config, shown, password, worker: None };
        let mut client = cat.client()?;
        super::pg_schema::migrate(&mut client).map_err(|cause| cat.fail(cause))?;
        drop(client);
        Ok(cat)
    }

    /// Record for this queue worker: each commit also marks the file done under its claim, and
    /// fails (stage `queue`, nothing written) when the claim is no longer the worker's.
    pub(crate) fn set_worker(&mut self, worker: Option<String>) {
        self.worker = worker;
    }

    /// Commit without waiting for the server's disk (`synchronous_commit = off`), on this and
    /// every later connection. Safe for queue work alone: a file's rows and the end of its claim
    /// are one transaction, so a server crash that loses the last commits loses them together and
    /// the files are simply done again; nothing is ever half recorded.
    pub(crate) fn commit_without_waiting_for_disk(&mut self) {
        self.config.options("-c synchronous_commit=off");
        self.lost.set(true); // the next call opens a connection with it
    }

    /// The catalog's URL, without its password.
    pub fn url(&self) -> &str {
        &self.shown
    }

    /// The connection, for queries of other modules (the work queue) on the same session;
    /// reopened first if it was found gone. An error if it is already borrowed.
    pub(crate) fn client(&self) -> Result<RefMut<'_, Client>> {
        let mut slot =
            self.conn.try_borrow_mut().map_err(|_| self.fail("the catalog connection is in use by another call"))?;
        if self.lost.get() || slot.as_ref().is_none_or(Client::is_closed) {
            *slot = None;
            let client = self.config.connect(NoTls).map_err(|e| self.fail(self.connect_error(&e)))?;
            *slot = Some(client);
            self.lost.set(false);
        }
        RefMut::filter_map(slot, Option::as_mut).map_err(|_| self.fail("no connection to the catalog"))
    }

    /// A read: retried once on a new connection when the old one turns out to be gone, as
    /// reading twice changes nothing.
    fn read<T>(&self, f: impl Fn(&mut Client) -> PgResult<T>) -> Result<T> {
        match self.attempt(&f) {
            Err((_, true)) => self.attempt(&f).map_err(|(e, _)| e),
            other => other.map_err(|(e, _)| e),
        }
    }

    /// A write: not retried, since whether it was committed before the connection went is
    /// unknown; the next call reconnects.
    fn write<T>(&self, f: impl FnOnce(&mut Client) -> PgResult<T>) -> Result<T> {
        self.attempt(f).map_err(|(e, _)| e)
    }

    /// Run `f` on the connection: its error, and whether the connection was lost.
    fn attempt<T>(&self, f: impl FnOnce(&mut Client) -> PgResult<T>) -> std::result::Result<T, (Error, bool)> {
        let mut client = self.client().map_err(|e| (e, false))?;
        f(&mut client).map_err(|e| {
            let lost = is_lost(&e) || client.is_closed();
            (self.db_err(&e, lost), lost)
        })
    }

    fn db_err(&self, e: &postgres::Error, lost: bool) -> Error {
        if lost {
            self.lost.set(true);
            return self.fail(format!(
                "the connection to the catalog was lost: {}; it is reopened on the next call",
                describe(e)
            ));
        }
        self.fail(describe(e))
    }

    fn connect_error(&self, e: &postgres::Error) -> String {
        let why = describe(e);
        if why.contains("password authentication failed")
            || why.contains("no password")
            || why.contains("password missing")
        {
            format!("cannot connect: {why} (give the password in PGPASSWORD or the pgpass file)")
        } else {
            format!("cannot connect: {why}")
        }
    }

    /// An error naming the catalog by its URL without the password.
    fn fail(&self, cause: impl std::fmt::Display) -> Error {
        let mut cause = cause.to_string();
        if let Some(pw) = self.password.as_deref().filter(|p| !p.is_empty()) {
            cause = cause.replace(pw, "********");
        }
        Error::new(&self.shown, Stage::Catalog, cause)
    }
}

impl Catalog for PgCatalog {
    fn document_summary(&self, sha256: &str, with_text: bool) -> Result<Option<DocumentSummary>> {
        self.read(|c| super::pg_pages::document_summary(c, sha256, with_text))
    }

    fn path_state(&self, path: &str, size: u64, mtime_ns: i64) -> Result<PathState> {
        self.read(|c| super::pg_pages::path_state(c, path, size, mtime_ns))
    }

    fn has_document(&self, sha256: &str) -> Result<bool> {
        // Typed: one round trip, for every file a worker reads.
        self.read(|c| {
            let row = c.query_typed_opt("SELECT 1 FROM documents WHERE sha256 = $1", &[(&sha256, Type::TEXT)])?;
            Ok(row.is_some())
        })
    }

    fn commit(&mut self, record: &Record) -> Result<()> {
        let worker = self.worker.clone();
        let ours = self.write(|c| {
            let mut tx = c.transaction()?;
            super::pg_write::write_record(&mut tx, record)?;
            // A queue worker records a file only while it holds the claim on it; otherwise
            // the transaction is dropped, rolled back, and the worker that has it records it.
            if let Some(worker) = &worker
                && !crate::queue::claims::finish_record(&mut tx, worker, record)?
            {
                return Ok(false);
            }
            tx.commit().map(|()| true)
        })?;
        if ours {
            return Ok(());
        }
        Err(Error::new(
            record.path(),
            Stage::Queue,
            "not recorded here: this worker's claim on it lapsed and another worker has it",
        ))
    }

    fn upsert_dossier(&mut self, d: &Dossier) -> Result<bool> {
        self.write(|c| dq::upsert_dossier(c, d))
    }

    fn dossiers(&self) -> Result<Vec<Dossier>> {
        self.read(dq::dossiers)
    }

    fn documents(&self) -> Result<Vec<String>> {
        self.read(|c| dq::strings(c, "SELECT sha256 FROM documents ORDER BY sha256", &[]))
    }

    fn document_pages(&self, sha256: &str) -> Result<Vec<PageText>> {
        self.read(|c| dq::document_pages(c, sha256))
    }

    fn document_paths(&self, sha256: &str) -> Result<Vec<String>> {
        self.read(|c| dq::strings(c, "SELECT path FROM files WHERE sha256 = $1 ORDER BY path", &[&sha256]))
    }

    fn sha_for_path(&self, path: &str) -> Result<Option<String>> {
        self.read(|c| dq::sha_for_path(c, path))
    }

    fn replace_assignment(&mut self, sha256: &str, segments: &[SegmentRow], links: &[LinkRow]) -> Result<()> {
        self.write(|c| dq::replace_assignment(c, sha256, segments, links))
    }

    fn assignment(&self, sha256: &str) -> Result<Vec<(SegmentRow, Vec<LinkRow>)>> {
        self.read(|c| dq::assignment(c, sha256))
    }

    fn linked_documents(&self) -> Result<Vec<LinkedDoc>> {
        self.read(dq::linked_documents)
    }

    fn unresolved_segments(&self) -> Result<Vec<(String, SegmentRow)>> {
        self.read(dq::unresolved_segments)
    }

    fn labelled(&self) -> Result<Vec<(String, u32, String, String)>> {
        self.read(dq::labelled)
    }

    fn set_label(&mut self, sha256: &str, first_page: u32, doc_type: &str) -> Result<()> {
        self.write(|c| dq::set_label(c, sha256, first_page, doc_type))
    }

    fn replace_fields(&mut self, sha256: &str, fields: &[(u32, crate::fields::Field)]) -> Result<()> {
        self.write(|c| fq::replace_fields(c, sha256, fields))
    }

    fn fields(&self, sha256: &str) -> Result<Vec<(u32, crate::fields::Field)>> {
        self.read(|c| fq::fields(c, sha256))
    }

    fn similar_signatures(&self, simhash: u64) -> Result<Vec<(String, u64)>> {
        self.read(|c| fq::similar_signatures(c, simhash))
    }

    fn record_signature(&mut self, sha256: &str, simhash: u64, near: Option<(&str, f64)>) -> Result<()> {
        self.write(|c| fq::record_signature(c, sha256, simhash, near))
    }

    fn near_duplicate_of(&self, sha256: &str) -> Result<Option<String>> {
        self.read(|c| fq::near_duplicate_of(c, sha256))
    }

    fn integrity(&self) -> Result<Vec<String>> {
        self.read(cq::integrity)
    }

    fn dump(&self) -> Result<Vec<String>> {
        self.read(super::pg_dump::dump)
    }

    fn backup(&self, dest: &Path) -> Result<()> {
        cq::backup(&self.config, dest).map_err(|cause| {
            let e = self.fail(cause);
            Error::new(dest, Stage::Catalog, format!("backup of {}: {}", self.shown, e.cause))
        })
    }

    fn stored_files(&self) -> Result<Vec<(String, StoredFile)>> {
        self.read(sq::stored_files)
    }

    fn stored(&self, sha256: &str) -> Result<(Option<StoredFile>, Option<StoredFile>)> {
        self.read(|c| sq::stored(c, sha256))
    }

    fn owner_segments(&self, owner_id: &str) -> Result<Vec<OwnerSegment>> {
        self.read(|c| rq::owner_segments(c, owner_id))
    }

    fn reused_documents(&self) -> Result<Vec<LinkedDoc>> {
        self.read(rq::reused_documents)
    }

    fn add_reuse(
        &mut self,
        dossier_code: &str,
        sha256: &str,
        first_page: u32,
        doc_type: &str,
        source: &str,
    ) -> Result<bool> {
        self.write(|c| rq::add_reuse(c, dossier_code, sha256, first_page, doc_type, source))
    }

    fn remove_reuse(&mut self, dossier_code: &str, sha256: &str, first_page: u32) -> Result<bool> {
        self.write(|c| rq::remove_reuse(c, dossier_code, sha256, first_page))
    }

    fn search_pages(
        &self,
        query: &PageQuery,
        filter: &SearchFilter,
        limit: usize,
        tolerant: bool,
    ) -> Result<Vec<(String, u32, String, f64)>> {
        self.read(|c| super::pg_search::search_pages(c, query, filter, limit, tolerant))
    }
}
