//! The SQLite catalog's view of the store: originals and searchable PDFs.

use super::StoredFile;
use rusqlite::{Connection, OptionalExtension, params};

pub(super) fn insert_rendition(tx: &rusqlite::Transaction<'_>, sha: &str, pdf: &StoredFile) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO renditions (sha256, pdf_sha256, size, store_path) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![sha, pdf.sha256, pdf.size as i64, pdf.store_path])?;
    Ok(())
}

fn file(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<StoredFile>> {
    let path: Option<String> = r.get(at + 2)?;
    Ok(match path {
        Some(store_path) => Some(StoredFile { sha256: r.get(at)?, size: r.get::<_, i64>(at + 1)? as u64, store_path }),
        None => None,
    })
}

pub(super) fn stored_files(conn: &Connection) -> rusqlite::Result<Vec<(String, StoredFile)>> {
    let mut st = conn.prepare_cached(
        "SELECT sha256, sha256, size, store_path FROM documents WHERE store_path IS NOT NULL
         UNION ALL
         SELECT sha256, pdf_sha256, size, store_path FROM renditions
         ORDER BY 1, 4",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, file(r, 1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        if let (sha, Some(f)) = row? {
            out.push((sha, f));
        }
    }
    Ok(out)
}

pub(super) fn stored(conn: &Connection, sha: &str) -> rusqlite::Result<(Option<StoredFile>, Option<StoredFile>)> {
    let original = conn
        .prepare_cached("SELECT sha256, size, store_path FROM documents WHERE sha256 = ?1")?
        .query_row([sha], |r| file(r, 0))
        .optional()?
        .flatten();
    let pdf = conn
        .prepare_cached("SELECT pdf_sha256, size, store_path FROM renditions WHERE sha256 = ?1")?
        .query_row([sha], |r| file(r, 0))
        .optional()?
        .flatten();
    Ok((original, pdf))
}
