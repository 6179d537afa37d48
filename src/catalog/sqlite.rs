//! The embedded catalog: one SQLite file in WAL mode.

use super::schema::MIGRATIONS;
use super::sqlite_check as cq;
use super::sqlite_dossiers as dq;
use super::sqlite_dump;
use super::sqlite_reuse as rq;
use super::sqlite_store as sq;
use super::{
    Catalog, DocumentSummary, LinkRow, LinkedDoc, OwnerSegment, PageQuery, PageText, PathState, Record, SearchFilter,
    SegmentRow, StoredFile,
};
use crate::dossiers::Dossier;
use crate::error::{Error, Result, Stage};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct SqliteCatalog {
    conn: Connection,
    path: PathBuf,
}

impl SqliteCatalog {
    /// Open (creating it and its folder if needed) and bring the schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        let err = |cause: String| Error::new(path, Stage::Catalog, cause);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| err(format!("cannot create its folder: {e}")))?;
        }
        let read_only = |e: &rusqlite::Error| match read_only_reason(path) {
            Some(why) => {
                format!("the catalog is read-only ({why}): give a writable --catalog, or copy it with `sohoa backup`")
            }
            None => explain(e),
        };
        let conn = Connection::open(path).map_err(|e| err(format!("cannot open: {}", read_only(&e))))?;
        let mut cat = SqliteCatalog { conn, path: path.to_path_buf() };
        cat.configure().map_err(|e| err(read_only(&e)))?;
        cat.migrate()?;
        Ok(cat)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for read-only queries by other modules.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn configure(&self) -> rusqlite::Result<()> {
        // Other runs may write at the same time; wait for them rather than fail.
        self.conn.busy_timeout(Duration::from_secs(60))?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        // With WAL, NORMAL keeps the database consistent across a crash; a kill -9 loses nothing committed.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// Bring the schema up to date. Each step re-reads the version inside an IMMEDIATE
    /// transaction, so two runs opening a new catalog at once never both apply a migration.
    fn migrate(&mut self) -> Result<()> {
        let err = |cause: String| Error::new(&self.path, Stage::Catalog, cause);
        let version = |c: &Connection| -> rusqlite::Result<usize> {
            let v: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
            Ok(usize::try_from(v).unwrap_or(usize::MAX))
        };
        let first = version(&self.conn).map_err(|e| err(explain(&e)))?;
        if first > MIGRATIONS.len() {
            return Err(err(format!(
                "schema version {first} is newer than this sohoa knows ({}); upgrade sohoa",
                MIGRATIONS.len()
            )));
        }
        // Up to date: no write lock taken, so readers of a busy catalog never wait here.
        while first < MIGRATIONS.len() {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| err(explain(&e)))?;
            let v = version(&tx).map_err(|e| err(explain(&e)))?;
            let Some(sql) = MIGRATIONS.get(v) else { break };
            tx.execute_batch(sql)
                .and_then(|()| backfill(&tx, v + 1))
                .and_then(|()| tx.pragma_update(None, "user_version", (v + 1) as i64))
                .and_then(|()| tx.commit())
                .map_err(|e| err(format!("migration {} failed: {}", v + 1, explain(&e))))?;
        }
        Ok(())
    }

    fn db_err(&self, e: rusqlite::Error) -> Error {
        Error::new(&self.path, Stage::Catalog, explain(&e))
    }
}

/// Why the catalog (or its folder, where SQLite keeps its WAL files) cannot be written, if so.
fn read_only_reason(path: &Path) -> Option<String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let probe = dir.join(format!(".sohoa-write-test-{}", std::process::id()));
    let file = std::fs::OpenOptions::new().append(true).open(path);
    let folder = std::fs::File::create(&probe);
    let _ = std::fs::remove_file(&probe);
    match (file, folder) {
        (Err(e), _) if e.kind() != std::io::ErrorKind::NotFound => Some(format!("{}: {e}", path.display())),
        (_, Err(e)) => Some(format!("{}: {e}", dir.display())),
        _ => None,
    }
}

/// Fill a search index that migration `n` created from the pages a catalog already holds.
fn backfill(tx: &Connection, n: usize) -> rusqlite::Result<()> {
    match n {
        3 => dq::backfill_search(tx, ("page_search", "folded"), crate::text::fold),
        8 => dq::backfill_search(tx, ("page_skeleton", "skeleton"), crate::text::skeleton),
        _ => Ok(()),
    }
}

/// SQLite's messages, with the one users meet most turned into advice.
fn explain(e: &rusqlite::Error) -> String {
    let s = e.to_string();
    if s.contains("file is not a database") {
        "not a sohoa catalog (the file is not an SQLite database); give another --catalog path".into()
    } else if s.contains("readonly database") || s.contains("read-only") {
        format!("the catalog is read-only ({s}): give a writable --catalog, or copy it with `sohoa backup`")
    } else if s.contains("database or disk is full") {
        format!("the catalog's disk is full ({s}): everything committed so far is kept; free space and run again")
    } else {
        s
    }
}

impl Catalog for SqliteCatalog {
    fn upsert_dossier(&mut self, d: &Dossier) -> Result<bool> {
        dq::upsert_dossier(&self.conn, d).map_err(|e| self.db_err(e))
    }

    fn dossiers(&self) -> Result<Vec<Dossier>> {
        dq::dossiers(&self.conn).map_err(|e| self.db_err(e))
    }

    fn documents(&self) -> Result<Vec<String>> {
        dq::strings(&self.conn, "SELECT sha256 FROM documents ORDER BY sha256", "").map_err(|e| self.db_err(e))
    }

    fn document_pages(&self, sha256: &str) -> Result<Vec<PageText>> {
        dq::document_pages(&self.conn, sha256).map_err(|e| self.db_err(e))
    }

    fn document_paths(&self, sha256: &str) -> Result<Vec<String>> {
        dq::strings(&self.conn, "SELECT path FROM files WHERE sha256 = ?1 ORDER BY path", sha256)
            .map_err(|e| self.db_err(e))
    }

    fn sha_for_path(&self, path: &str) -> Result<Option<String>> {
        dq::sha_for_path(&self.conn, path).map_err(|e| self.db_err(e))
    }

    fn replace_assignment(&mut self, sha256: &str, segments: &[SegmentRow], links: &[LinkRow]) -> Result<()> {
        let path = self.path.clone();
        dq::replace_assignment(&mut self.conn, sha256, segments, links)
            .map_err(|e| Error::new(&path, Stage::Catalog, explain(&e)))
    }

    fn assignment(&self, sha256: &str) -> Result<Vec<(SegmentRow, Vec<LinkRow>)>> {
        dq::assignment(&self.conn, sha256).map_err(|e| self.db_err(e))
    }

    fn linked_documents(&self) -> Result<Vec<LinkedDoc>> {
        dq::linked_documents(&self.conn).map_err(|e| self.db_err(e))
    }

    fn unresolved_segments(&self) -> Result<Vec<(String, SegmentRow)>> {
        dq::unresolved_segments(&self.conn).map_err(|e| self.db_err(e))
    }

    fn labelled(&self) -> Result<Vec<(String, u32, String, String)>> {
        dq::labelled(&self.conn).map_err(|e| self.db_err(e))
    }

    fn set_label(&mut self, sha256: &str, first_page: u32, doc_type: &str) -> Result<()> {
        dq::set_label(&self.conn, sha256, first_page, doc_type).map_err(|e| self.db_err(e))
    }

    fn replace_fields(&mut self, sha256: &str, fields: &[(u32, crate::fields::Field)]) -> Result<()> {
        let path = self.path.clone();
        dq::replace_fields(&mut self.conn, sha256, fields).map_err(|e| Error::new(&path, Stage::Catalog, explain(&e)))
    }

    fn fields(&self, sha256: &str) -> Result<Vec<(u32, crate::fields::Field)>> {
        dq::fields(&self.conn, sha256).map_err(|e| self.db_err(e))
    }

    fn similar_signatures(&self, simhash: u64) -> Result<Vec<(String, u64)>> {
        dq::similar_signatures(&self.conn, simhash).map_err(|e| self.db_err(e))
    }

    fn record_signature(&mut self, sha256: &str, simhash: u64, near: Option<(&str, f64)>) -> Result<()> {
        dq::record_signature(&self.conn, sha256, simhash, near).map_err(|e| self.db_err(e))
    }

    fn near_duplicate_of(&self, sha256: &str) -> Result<Option<String>> {
        dq::near_duplicate_of(&self.conn, sha256).map_err(|e| self.db_err(e))
    }

    fn has_signature(&self, sha256: &str) -> Result<bool> {
        let mut q =
            self.conn.prepare_cached("SELECT 1 FROM signatures WHERE sha256 = ?1").map_err(|e| self.db_err(e))?;
        q.exists([sha256]).map_err(|e| self.db_err(e))
    }

    fn integrity(&self) -> Result<Vec<String>> {
        cq::integrity(&self.conn).map_err(|e| self.db_err(e))
    }

    fn dump(&self) -> Result<Vec<String>> {
        sqlite_dump::dump(&self.conn).map_err(|e| self.db_err(e))
    }

    fn backup(&self, dest: &Path) -> Result<()> {
        cq::backup(&self.conn, dest).map_err(|cause| Error::new(dest, Stage::Catalog, cause))
    }

    fn stored_files(&self) -> Result<Vec<(String, StoredFile)>> {
        sq::stored_files(&self.conn).map_err(|e| self.db_err(e))
    }

    fn stored(&self, sha256: &str) -> Result<(Option<StoredFile>, Option<StoredFile>)> {
        sq::stored(&self.conn, sha256).map_err(|e| self.db_err(e))
    }

    fn owner_segments(&self, owner_id: &str) -> Result<Vec<OwnerSegment>> {
        rq::owner_segments(&self.conn, owner_id).map_err(|e| self.db_err(e))
    }

    fn reused_documents(&self) -> Result<Vec<LinkedDoc>> {
        rq::reused_documents(&self.conn).map_err(|e| self.db_err(e))
    }

    fn add_reuse(
        &mut self,
        dossier_code: &str,
        sha256: &str,
        first_page: u32,
        doc_type: &str,
        source: &str,
    ) -> Result<bool> {
        rq::add_reuse(&self.conn, dossier_code, sha256, first_page, doc_type, source).map_err(|e| self.db_err(e))
    }

    fn remove_reuse(&mut self, dossier_code: &str, sha256: &str, first_page: u32) -> Result<bool> {
        rq::remove_reuse(&self.conn, dossier_code, sha256, first_page).map_err(|e| self.db_err(e))
    }

    fn search_pages(
        &self,
        query: &PageQuery,
        filter: &SearchFilter,
        limit: usize,
        tolerant: bool,
    ) -> Result<Vec<(String, u32, String, f64)>> {
        dq::search_pages(&self.conn, query, filter, limit, tolerant).map_err(|e| self.db_err(e))
    }

    fn document_summary(&self, sha256: &str, with_text: bool) -> Result<Option<DocumentSummary>> {
        let head = self
            .conn
            .prepare_cached("SELECT pages, text_source, ocr_confidence FROM documents WHERE sha256 = ?1")
            .and_then(|mut st| st.query_row([sha256], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional())
            .map_err(|e| self.db_err(e))?;
        let Some((pages, text_source, ocr_confidence)) = head else {
            return Ok(None);
        };
        if !with_text {
            return Ok(Some(DocumentSummary { pages, text_source, ocr_confidence, text: String::new() }));
        }
        let texts: Vec<String> = self
            .conn
            .prepare_cached("SELECT text FROM pages WHERE sha256 = ?1 ORDER BY page_no")
            .and_then(|mut st| st.query_map([sha256], |r| r.get(0))?.collect())
            .map_err(|e| self.db_err(e))?;
        Ok(Some(DocumentSummary { pages, text_source, ocr_confidence, text: texts.join("\x0c") }))
    }

    fn path_state(&self, path: &str, size: u64, mtime_ns: i64) -> Result<PathState> {
        let known: Option<String> = self
            .conn
            .prepare_cached("SELECT sha256 FROM files WHERE path = ?1 AND size = ?2 AND mtime_ns = ?3")
            .and_then(|mut st| st.query_row(params![path, size as i64, mtime_ns], |r| r.get(0)).optional())
            .map_err(|e| self.db_err(e))?;
        if let Some(sha256) = known {
            return Ok(PathState::Unchanged { sha256 });
        }
        let failed: Option<String> = self
            .conn
            .prepare_cached("SELECT error FROM failures WHERE path = ?1 AND size = ?2 AND mtime_ns = ?3")
            .and_then(|mut st| st.query_row(params![path, size as i64, mtime_ns], |r| r.get(0)).optional())
            .map_err(|e| self.db_err(e))?;
        Ok(failed.map_or(PathState::Unknown, |error| PathState::FailedBefore { error }))
    }

    fn has_document(&self, sha256: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT 1 FROM documents WHERE sha256 = ?1")
            .and_then(|mut st| st.exists([sha256]))
            .map_err(|e| self.db_err(e))
    }

    fn commit(&mut self, record: &Record) -> Result<()> {
        let tx = self.conn.transaction().map_err(|e| Error::new(&self.path, Stage::Catalog, explain(&e)))?;
        write_record(&tx, record)
            .and_then(|()| tx.commit())
            .map_err(|e| Error::new(&self.path, Stage::Catalog, explain(&e)))
    }
}

fn write_record(tx: &rusqlite::Transaction<'_>, record: &Record) -> rusqlite::Result<()> {
    match record {
        Record::Processed { file, document: d, pages } => {
            // OR IGNORE: another run may have recorded the same content a moment ago.
            let inserted = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (sha256, size, media_type, pages, text_source, ocr_confidence, store_path)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![d.sha256, d.size as i64, d.media_type, d.pages, d.text_source, d.ocr_confidence, d.store_path])?;
            if inserted == 1 {
                if let Some(pdf) = &d.searchable_pdf {
                    sq::insert_rendition(tx, &d.sha256, pdf)?;
                }
                let mut st = tx.prepare_cached(
                    "INSERT INTO pages (sha256, page_no, source, text, confidence, dpi, rotation, error)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?;
                let mut codes =
                    tx.prepare_cached("INSERT OR IGNORE INTO page_codes (sha256, page_no, value) VALUES (?1, ?2, ?3)")?;
                for p in pages {
                    st.execute(params![
                        d.sha256,
                        p.page_no,
                        p.source,
                        p.text,
                        p.confidence,
                        p.dpi,
                        p.rotation,
                        p.error
                    ])?;
                    if !p.text.is_empty() {
                        let rowid = tx.last_insert_rowid();
                        tx.prepare_cached("INSERT INTO page_search (rowid, folded) VALUES (?1, ?2)")?
                            .execute(params![rowid, crate::text::fold(&p.text)])?;
                        tx.prepare_cached("INSERT INTO page_skeleton (rowid, skeleton) VALUES (?1, ?2)")?
                            .execute(params![rowid, crate::text::skeleton(&p.text)])?;
                    }
                    for c in &p.codes {
                        codes.execute(params![d.sha256, p.page_no, c])?;
                    }
                }
            }
            upsert_file(tx, file)
        }
        Record::Duplicate { file } => upsert_file(tx, file),
        Record::Failed(f) => {
            tx.prepare_cached("DELETE FROM files WHERE path = ?1")?.execute([&f.path])?;
            tx.prepare_cached(
                "INSERT INTO failures (path, size, mtime_ns, sha256, stage, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
                   sha256 = excluded.sha256, stage = excluded.stage, error = excluded.error, at = excluded.at",
            )?
            .execute(params![f.path, f.size as i64, f.mtime_ns, f.sha256, f.stage, f.error])?;
            Ok(())
        }
    }
}

fn upsert_file(tx: &rusqlite::Transaction<'_>, f: &super::FileRow) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO files (path, sha256, size, mtime_ns) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
           mtime_ns = excluded.mtime_ns, seen_at = excluded.seen_at",
    )?
    .execute(params![f.path, f.sha256, f.size as i64, f.mtime_ns])?;
    tx.prepare_cached("DELETE FROM failures WHERE path = ?1")?.execute([&f.path])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{DocumentRow, FailureRow, FileRow, PageRow};

    fn doc(sha: &str) -> DocumentRow {
        DocumentRow {
            sha256: sha.into(),
            size: 3,
            media_type: "image/png".into(),
            pages: 1,
            text_source: "ocr".into(),
            ocr_confidence: Some(91.0),
            store_path: None,
            searchable_pdf: None,
        }
    }

    fn file(path: &str, sha: &str) -> FileRow {
        FileRow { path: path.into(), sha256: sha.into(), size: 3, mtime_ns: 7 }
    }

    fn page() -> PageRow {
        PageRow {
            page_no: 1,
            source: "ocr".into(),
            text: "Tiếng Việt".into(),
            confidence: Some(91.0),
            dpi: Some(300),
            rotation: 0,
            error: None,
            codes: vec![],
        }
    }

    #[test]
    fn records_and_answers_path_states() {
        let dir = tempfile::tempdir().unwrap();
        let mut cat = SqliteCatalog::open(&dir.path().join("sub/c.sqlite")).unwrap();
        cat.commit(&Record::Processed { file: file("/a.png", "aa"), document: doc("aa"), pages: vec![page()] })
            .unwrap();
        assert_eq!(cat.path_state("/a.png", 3, 7).unwrap(), PathState::Unchanged { sha256: "aa".into() });
        assert_eq!(cat.path_state("/a.png", 4, 7).unwrap(), PathState::Unknown);
        assert!(cat.has_document("aa").unwrap());

        cat.commit(&Record::Duplicate { file: file("/b.png", "aa") }).unwrap();
        let fail = FailureRow {
            path: "/c.pdf".into(),
            size: 3,
            mtime_ns: 7,
            sha256: None,
            stage: "decode".into(),
            error: "encrypted".into(),
        };
        cat.commit(&Record::Failed(fail.clone())).unwrap();
        assert_eq!(cat.path_state("/c.pdf", 3, 7).unwrap(), PathState::FailedBefore { error: "encrypted".into() });
        // Once the file is fixed and recorded, its failure is gone.
        cat.commit(&Record::Duplicate { file: file("/c.pdf", "aa") }).unwrap();
        assert!(matches!(cat.path_state("/c.pdf", 3, 7).unwrap(), PathState::Unchanged { .. }));
        let n: i64 = cat.connection().query_row("SELECT count(*) FROM failures", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn duplicate_of_unknown_content_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut cat = SqliteCatalog::open(&dir.path().join("c.sqlite")).unwrap();
        assert!(cat.commit(&Record::Duplicate { file: file("/b.png", "zz") }).is_err());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_explained() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.sqlite");
        std::fs::write(&p, vec![7u8; 4096]).unwrap();
        let e = SqliteCatalog::open(&p).err().unwrap();
        assert!(e.to_string().contains("not a sohoa catalog"), "{e}");
    }

    #[test]
    fn upgrading_a_catalog_indexes_its_pages_for_search() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.sqlite");
        {
            // A catalog as the schema before search made it.
            let conn = Connection::open(&p).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(MIGRATIONS[1]).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute("INSERT INTO documents (sha256, size, media_type, pages, text_source) VALUES ('aa', 1, 'image/png', 1, 'ocr')", []).unwrap();
            conn.execute(
                "INSERT INTO pages (sha256, page_no, source, text) VALUES ('aa', 1, 'ocr', 'số 12 đường Trần Phú')",
                [],
            )
            .unwrap();
        }
        let cat = SqliteCatalog::open(&p).unwrap();
        let tran_phu = PageQuery::Phrase(vec!["tran".into(), "phu".into()]);
        let hits = cat.search_pages(&tran_phu, &SearchFilter::default(), 10, false).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].0.as_str(), hits[0].1), ("aa", 1));
        let tolerant = cat.search_pages(&tran_phu, &SearchFilter::default(), 10, true).unwrap();
        assert_eq!(tolerant.len(), 1, "the OCR-tolerant index is filled on upgrade too");
    }

    #[test]
    fn page_queries_become_the_fts5_queries_search_built() {
        let t = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(dq::fts5_query(&PageQuery::Phrase(t(&["tran", "phu"]))), "\"tran phu\"");
        assert_eq!(dq::fts5_query(&PageQuery::AllWords(t(&["tran", "phu"]))), "\"tran\" AND \"phu\"");
        assert_eq!(dq::fts5_query(&PageQuery::AllWords(t(&["a\"b"]))), "\"a\"\"b\"");
    }

    #[test]
    fn reopening_does_not_migrate_twice() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.sqlite");
        drop(SqliteCatalog::open(&p).unwrap());
        let cat = SqliteCatalog::open(&p).unwrap();
        let v: i64 = cat.connection().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v as usize, MIGRATIONS.len());
    }
}
