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
use postgres::Client;
use postgres::types::Type;
use postgres_native_tls::MakeTlsConnector;
use std::cell::{Cell, RefCell, RefMut};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub struct PgCatalog {
    /// The trait reads through `&self`; the client needs `&mut`. None after a failed reconnect.
    conn: RefCell<Option<Client>>,
    /// Set when a call found the connection gone: the next call opens a new one.
    lost: Cell<bool>,
    config: postgres::Config,
    /// TLS as the URL's `sslmode` asks (see `pg_tls`).
    tls: MakeTlsConnector,
    /// The URL without its password: what every message names the catalog by.
    shown: String,
    /// Scrubbed from every message, should the server or the client ever echo it.
    password: Option<String>,
    /// The queue worker this connection records for: commits then check its claims, and
    /// `settle` closes them.
    worker: Option<String>,
    /// How long a connection that was lost is waited for (see `set_reconnect_window`).
    reconnect: Duration,
    /// Whether a connection was ever made: the first one fails at once, so that a wrong host or
    /// a server that is down is said at start, not after the reconnect window.
    connected_once: Cell<bool>,
    /// Set (e.g. by Ctrl-C) to stop waiting for a lost server.
    stop: Option<Arc<AtomicBool>>,
    /// A queue worker's files in the pool: each leaves it when its claim is closed here.
    in_flight: Option<InFlight>,
}

/// The catalog keys of the files a queue worker is working on.
pub(crate) type InFlight = Arc<std::sync::Mutex<std::collections::HashSet<String>>>;

/// What `PgCatalog::set_reconnect_window` defaults to: a server restart, a failover or a
/// network blip of a few minutes should not end an overnight batch.
pub(crate) const RECONNECT_WINDOW: Duration = Duration::from_secs(300);

type PgResult<T> = std::result::Result<T, postgres::Error>;

impl PgCatalog {
    /// Connect to `postgres://USER@HOST[:PORT]/DB` (or `postgresql://`) and bring the schema up
    /// to date. The password comes from the URL, else `PGPASSWORD`, else the pgpass file.
    pub fn open(url: &str) -> Result<PgCatalog> {
        let shown = redact(url);
        let (config, tls) = pg_conn::config(url).map_err(|cause| Error::new(&shown, Stage::Catalog, cause))?;
        let tls = super::pg_tls::connector(&tls).map_err(|cause| Error::new(&shown, Stage::Catalog, cause))?;
        let password = config.get_password().map(|p| String::from_utf8_lossy(p).into_owned());
        let cat = PgCatalog {
            conn: RefCell::new(None),
            lost: Cell::new(false),
            config,
            tls,
            shown,
            password,
            worker: None,
            reconnect: RECONNECT_WINDOW,
            connected_once: Cell::new(false),
            stop: None,
            in_flight: None,
        };
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

    /// Take each file out of `in_flight` once its claim is closed (recorded, lost or handed back).
    pub(crate) fn track_in_flight(&mut self, in_flight: InFlight) {
        self.in_flight = Some(in_flight);
    }

    fn landed(&self, path: &str) {
        if let Some(set) = &self.in_flight {
            set.lock().unwrap_or_else(|p| p.into_inner()).remove(path);
        }
    }

    /// When a connection is lost, try to open a new one for this long (every 0.2 s at first, then
    /// less often, up to every 5 s) before the call fails. Zero: fail at once.
    pub(crate) fn set_reconnect_window(&mut self, window: Duration, stop: Option<Arc<AtomicBool>>) {
        self.reconnect = window;
        self.stop = stop;
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
            *slot = Some(self.connect()?);
            self.lost.set(false);
        }
        RefMut::filter_map(slot, Option::as_mut).map_err(|_| self.fail("no connection to the catalog"))
    }

    /// A new connection; after a lost one, waited for through the reconnect window as long as
    /// the server is only out of reach (refused, starting up, shutting down), not refusing us.
    fn connect(&self) -> Result<Client> {
        let window = if self.connected_once.get() { self.reconnect } else { Duration::ZERO };
        let deadline = Instant::now() + window;
        let mut pause = Duration::from_millis(200);
        loop {
            match self.config.connect(self.tls.clone()) {
                Ok(client) => {
                    self.connected_once.set(true);
                    return Ok(client);
                }
                Err(e) if is_lost(&e) && Instant::now() + pause < deadline && !self.stopped() => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(5));
                }
                Err(e) => {
                    let waited = if window.is_zero() {
                        String::new()
                    } else {
                        format!(" (tried again for {} s)", window.as_secs())
                    };
                    return Err(self.fail(format!("{}{waited}", self.connect_error(&e))));
                }
            }
        }
    }

    fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed))
    }

    /// Run `f`, and again on a new connection each time the old one turns out to be gone, for
    /// as long as the reconnect window from the first loss (at least once more): for work that
    /// is the same done twice (reads, upserts, a queue commit that checks its claim). Connections
    /// cut again and again (a flapping network, an operator ending sessions) only slow it down.
    pub(crate) fn retrying<T>(&self, f: impl Fn(&mut Client) -> PgResult<T>) -> Result<T> {
        let mut first_loss: Option<Instant> = None;
        loop {
            match self.attempt(&f) {
                Err((e, true)) => {
                    let Some(since) = first_loss else {
                        first_loss = Some(Instant::now()); // once more at once: found gone on use
                        continue;
                    };
                    if since.elapsed() >= self.reconnect || self.stopped() {
                        return Err(e);
                    }
                    // A server that takes connections and drops them at once is not spun on.
                    std::thread::sleep(Duration::from_millis(100));
                }
                other => return other.map_err(|(e, _)| e),
            }
        }
    }

    /// A write about a document this worker has just committed (its assignment, fields and
    /// signature), retried like any. Workers commit without waiting for the disk, so a server
    /// crash can take the document back: then it fails as a lost claim (stage `queue`), not a
    /// catalog error that ends the run, and the file, still claimed, is read again.
    fn about_document<T>(&self, sha256: &str, f: impl Fn(&mut Client) -> PgResult<T>) -> Result<T> {
        use postgres::error::SqlState;
        let gone = |e: &postgres::Error| e.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION);
        match self.retrying(|c| f(c).map(Ok).or_else(|e| if gone(&e) { Ok(Err(e)) } else { Err(e) }))? {
            Ok(v) => Ok(v),
            Err(e) if self.worker.is_some() => Err(Error::new(
                sha256,
                Stage::Queue,
                format!("its commit was lost by the catalog (a crash?): {}; it is read again", describe(&e)),
            )),
            Err(e) => Err(self.fail(describe(&e))),
        }
    }

    /// A write whose outcome a second run would change (it says whether it inserted): not
    /// retried, since whether it was committed before the connection went is unknown; the next
    /// call reconnects.
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

    fn claim_lost(&self, path: &str) -> Error {
        Error::new(path, Stage::Queue, "not recorded here: this worker's claim on it lapsed and another worker has it")
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
        self.retrying(|c| super::pg_pages::document_summary(c, sha256, with_text))
    }

    fn path_state(&self, path: &str, size: u64, mtime_ns: i64) -> Result<PathState> {
        self.retrying(|c| super::pg_pages::path_state(c, path, size, mtime_ns))
    }

    fn has_document(&self, sha256: &str) -> Result<bool> {
        // Typed: one round trip, for every file a worker reads.
        self.retrying(|c| {
            let row = c.query_typed_opt("SELECT 1 FROM documents WHERE sha256 = $1", &[(&sha256, Type::TEXT)])?;
            Ok(row.is_some())
        })
    }

    fn commit(&mut self, record: &Record) -> Result<()> {
        use crate::queue::claims::{Finish, holds};
        // Retried when the connection goes: the record's statements are upserts, so a first
        // attempt that landed is only written again.
        let worker = self.worker.as_deref();
        let ours = self.retrying(|c| {
            let mut tx = c.transaction()?;
            // A queue worker records a file only while it holds the claim on it; otherwise
            // the transaction is dropped, rolled back, and the worker that has it records it.
            match worker.map(|w| holds(&mut tx, w, record.path())).transpose()? {
                Some(Finish::NotOurs) => Ok(false),
                Some(Finish::Already) => Ok(true), // finished by this worker before: nothing new
                Some(Finish::Now) | None => {
                    super::pg_write::write_record(&mut tx, record)?;
                    tx.commit().map(|()| true)
                }
            }
        })?;
        if ours { Ok(()) } else { Err(self.claim_lost(record.path())) }
    }

    fn settle(&mut self, record: &Record) -> Result<()> {
        use crate::queue::claims::{Finish, finish_record};
        let Some(worker) = self.worker.as_deref() else { return Ok(()) };
        // A retried finish whose first attempt landed is `Already`.
        let finished = self.retrying(|c| {
            let mut tx = c.transaction()?;
            let finished = finish_record(&mut tx, worker, record)?;
            tx.commit().map(|()| finished)
        })?;
        self.landed(record.path());
        if finished == Finish::NotOurs { Err(self.claim_lost(record.path())) } else { Ok(()) }
    }

    fn hand_back(&mut self, path: &str) -> Result<()> {
        if let Some(worker) = &self.worker {
            self.retrying(|c| crate::queue::claims::hand_back(c, worker, path))?;
            self.landed(path);
        }
        Ok(())
    }

    fn upsert_dossier(&mut self, d: &Dossier) -> Result<bool> {
        self.write(|c| dq::upsert_dossier(c, d))
    }

    fn dossiers(&self) -> Result<Vec<Dossier>> {
        self.retrying(dq::dossiers)
    }

    fn documents(&self) -> Result<Vec<String>> {
        self.retrying(|c| dq::strings(c, "SELECT sha256 FROM documents ORDER BY sha256", &[]))
    }

    fn document_pages(&self, sha256: &str) -> Result<Vec<PageText>> {
        self.retrying(|c| dq::document_pages(c, sha256))
    }

    fn document_paths(&self, sha256: &str) -> Result<Vec<String>> {
        self.retrying(|c| dq::strings(c, "SELECT path FROM files WHERE sha256 = $1 ORDER BY path", &[&sha256]))
    }

    fn sha_for_path(&self, path: &str) -> Result<Option<String>> {
        self.retrying(|c| dq::sha_for_path(c, path))
    }

    fn replace_assignment(&mut self, sha256: &str, segments: &[SegmentRow], links: &[LinkRow]) -> Result<()> {
        self.about_document(sha256, |c| dq::replace_assignment(c, sha256, segments, links))
    }

    fn assignment(&self, sha256: &str) -> Result<Vec<(SegmentRow, Vec<LinkRow>)>> {
        self.retrying(|c| dq::assignment(c, sha256))
    }

    fn linked_documents(&self) -> Result<Vec<LinkedDoc>> {
        self.retrying(dq::linked_documents)
    }

    fn unresolved_segments(&self) -> Result<Vec<(String, SegmentRow)>> {
        self.retrying(dq::unresolved_segments)
    }

    fn labelled(&self) -> Result<Vec<(String, u32, String, String)>> {
        self.retrying(dq::labelled)
    }

    fn set_label(&mut self, sha256: &str, first_page: u32, doc_type: &str) -> Result<()> {
        self.retrying(|c| dq::set_label(c, sha256, first_page, doc_type))
    }

    fn replace_fields(&mut self, sha256: &str, fields: &[(u32, crate::fields::Field)]) -> Result<()> {
        self.about_document(sha256, |c| fq::replace_fields(c, sha256, fields))
    }

    fn fields(&self, sha256: &str) -> Result<Vec<(u32, crate::fields::Field)>> {
        self.retrying(|c| fq::fields(c, sha256))
    }

    fn similar_signatures(&self, simhash: u64) -> Result<Vec<(String, u64)>> {
        self.retrying(|c| fq::similar_signatures(c, simhash))
    }

    fn record_signature(&mut self, sha256: &str, simhash: u64, near: Option<(&str, f64)>) -> Result<()> {
        self.about_document(sha256, |c| fq::record_signature(c, sha256, simhash, near))
    }

    fn near_duplicate_of(&self, sha256: &str) -> Result<Option<String>> {
        self.retrying(|c| fq::near_duplicate_of(c, sha256))
    }

    fn has_signature(&self, sha256: &str) -> Result<bool> {
        self.retrying(|c| Ok(c.query_opt("SELECT 1 FROM signatures WHERE sha256 = $1", &[&sha256])?.is_some()))
    }

    fn integrity(&self) -> Result<Vec<String>> {
        self.retrying(cq::integrity)
    }

    fn dump(&self) -> Result<Vec<String>> {
        self.retrying(super::pg_dump::dump)
    }

    fn backup(&self, dest: &Path) -> Result<()> {
        cq::backup(&self.config, dest).map_err(|cause| {
            let e = self.fail(cause);
            Error::new(dest, Stage::Catalog, format!("backup of {}: {}", self.shown, e.cause))
        })
    }

    fn stored_files(&self) -> Result<Vec<(String, StoredFile)>> {
        self.retrying(sq::stored_files)
    }

    fn stored(&self, sha256: &str) -> Result<(Option<StoredFile>, Option<StoredFile>)> {
        self.retrying(|c| sq::stored(c, sha256))
    }

    fn owner_segments(&self, owner_id: &str) -> Result<Vec<OwnerSegment>> {
        self.retrying(|c| rq::owner_segments(c, owner_id))
    }

    fn reused_documents(&self) -> Result<Vec<LinkedDoc>> {
        self.retrying(rq::reused_documents)
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
        self.retrying(|c| super::pg_search::search_pages(c, query, filter, limit, tolerant))
    }
}
