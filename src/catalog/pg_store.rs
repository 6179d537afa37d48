//! The PostgreSQL catalog's view of the store: originals and searchable PDFs.

use super::StoredFile;
use super::pg_rows::u64_at;
use postgres::{Client, Row, Transaction};

pub(super) fn upsert_rendition(tx: &mut Transaction<'_>, sha: &str, pdf: &StoredFile) -> Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO renditions (sha256, pdf_sha256, size, store_path) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO UPDATE SET pdf_sha256 = excluded.pdf_sha256, size = excluded.size,
           store_path = excluded.store_path",
        &[&sha, &pdf.sha256, &(pdf.size as i64), &pdf.store_path],
    )?;
    Ok(())
}

/// The stored file at `at` (sha256, size, store_path); None when it has no store path.
fn file(r: &Row, at: usize) -> Result<Option<StoredFile>, postgres::Error> {
    let path: Option<String> = r.try_get(at + 2)?;
    Ok(match path {
        Some(store_path) => Some(StoredFile { sha256: r.try_get(at)?, size: u64_at(r, at + 1)?, store_path }),
        None => None,
    })
}

pub(super) fn stored_files(c: &mut Client) -> Result<Vec<(String, StoredFile)>, postgres::Error> {
    let rows = c.query(
        "SELECT sha256, sha256, size, store_path FROM documents WHERE store_path IS NOT NULL
         UNION ALL
         SELECT sha256, pdf_sha256, size, store_path FROM renditions
         ORDER BY 1, 4",
        &[],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        if let Some(f) = file(r, 1)? {
            out.push((r.try_get(0)?, f));
        }
    }
    Ok(out)
}

pub(super) fn stored(c: &mut Client, sha: &str) -> Result<(Option<StoredFile>, Option<StoredFile>), postgres::Error> {
    let original = c.query_opt("SELECT sha256, size, store_path FROM documents WHERE sha256 = $1", &[&sha])?;
    let pdf = c.query_opt("SELECT pdf_sha256, size, store_path FROM renditions WHERE sha256 = $1", &[&sha])?;
    let read = |r: Option<Row>| r.map(|r| file(&r, 0)).transpose().map(Option::flatten);
    Ok((read(original)?, read(pdf)?))
}
