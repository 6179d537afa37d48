//! The PostgreSQL catalog's extracted fields and near-duplicate signatures.

use super::pg_rows::u32_at;
use super::pg_write::no_nul;
use crate::fields::Field;
use postgres::Client;

type PgResult<T> = Result<T, postgres::Error>;

pub(super) fn replace_fields(c: &mut Client, sha: &str, fields: &[(u32, Field)]) -> PgResult<()> {
    let mut tx = c.transaction()?;
    tx.execute("DELETE FROM fields WHERE sha256 = $1", &[&sha])?;
    // One row at a time: a later field of the same name and segment replaces an earlier one, as
    // SQLite's INSERT OR REPLACE does.
    let st = tx.prepare(
        "INSERT INTO fields (sha256, first_page, name, value, evidence) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256, first_page, name) DO UPDATE SET value = excluded.value, evidence = excluded.evidence",
    )?;
    for (page, f) in fields {
        tx.execute(&st, &[&sha, &i64::from(*page), &f.name, &no_nul(&f.value), &no_nul(&f.evidence)])?;
    }
    tx.commit()
}

pub(super) fn fields(c: &mut Client, sha: &str) -> PgResult<Vec<(u32, Field)>> {
    let rows = c.query(
        "SELECT first_page, name, value, evidence FROM fields WHERE sha256 = $1 ORDER BY first_page, name",
        &[&sha],
    )?;
    rows.iter()
        .map(|r| Ok((u32_at(r, 0)?, Field { name: r.try_get(1)?, value: r.try_get(2)?, evidence: r.try_get(3)? })))
        .collect()
}

/// The SimHash's four 16-bit quarters, as SQLite's backend indexes them.
fn bands(simhash: u64) -> [i64; 4] {
    [0, 1, 2, 3].map(|i| ((simhash >> (16 * i)) & 0xffff) as i64)
}

pub(super) fn similar_signatures(c: &mut Client, simhash: u64) -> PgResult<Vec<(String, u64)>> {
    let b = bands(simhash);
    // SQLite gives no order here; by hash, so that the answer is at least stable.
    let rows = c.query(
        "SELECT sha256, simhash FROM signatures WHERE band0 = $1 OR band1 = $2 OR band2 = $3 OR band3 = $4
         ORDER BY sha256",
        &[&b[0], &b[1], &b[2], &b[3]],
    )?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64))).collect()
}

pub(super) fn record_signature(c: &mut Client, sha: &str, simhash: u64, near: Option<(&str, f64)>) -> PgResult<()> {
    let b = bands(simhash);
    c.execute(
        "INSERT INTO signatures (sha256, simhash, band0, band1, band2, band3, near_duplicate_of, similarity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (sha256) DO UPDATE SET simhash = excluded.simhash, band0 = excluded.band0,
           band1 = excluded.band1, band2 = excluded.band2, band3 = excluded.band3,
           near_duplicate_of = excluded.near_duplicate_of, similarity = excluded.similarity",
        &[&sha, &(simhash as i64), &b[0], &b[1], &b[2], &b[3], &near.map(|n| n.0), &near.map(|n| n.1)],
    )?;
    Ok(())
}

pub(super) fn near_duplicate_of(c: &mut Client, sha: &str) -> PgResult<Option<String>> {
    let row = c.query_opt("SELECT near_duplicate_of FROM signatures WHERE sha256 = $1", &[&sha])?;
    Ok(row.map(|r| r.try_get::<_, Option<String>>(0)).transpose()?.flatten())
}
