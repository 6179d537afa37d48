//! The PostgreSQL catalog's reuse queries: what an owner already has digitized, and the
//! components staff took from it.

use super::pg_rows::{SEGMENT_COLUMNS, segment};
use super::pg_write::no_nul;
use super::{LinkRow, LinkedDoc, OwnerSegment};
use postgres::Client;

type PgResult<T> = Result<T, postgres::Error>;

/// Segments linked to any dossier of `owner`, and segments on which `owner`'s citizen ID was read.
pub(super) fn owner_segments(c: &mut Client, owner: &str) -> PgResult<Vec<OwnerSegment>> {
    // Ties on (sha256, first_page) come as SQLite gives them: linked rows first, by dossier.
    let rows = c.query(
        &format!(
            "SELECT s.sha256, {SEGMENT_COLUMNS}, l.dossier_code, l.role, d.received_at
               FROM dossiers d JOIN links l ON l.dossier_code = d.code
               JOIN segments s ON s.sha256 = l.sha256 AND s.first_page = l.first_page
              WHERE d.owner_id = $1
             UNION ALL
             SELECT s.sha256, {SEGMENT_COLUMNS}, NULL, NULL, NULL
               FROM fields f JOIN segments s ON s.sha256 = f.sha256 AND s.first_page = f.first_page
              WHERE f.name = 'citizen_id' AND f.value = $1
             ORDER BY 1, 2, 9"
        ),
        &[&owner],
    )?;
    rows.iter()
        .map(|r| {
            let code: Option<String> = r.try_get(8)?;
            let dossier = match code {
                Some(code) => Some((code, r.try_get(9)?, r.try_get(10)?)),
                None => None,
            };
            Ok(OwnerSegment { sha256: r.try_get(0)?, segment: segment(r, 1)?, dossier })
        })
        .collect()
}

/// Every reuse, as a link with role `input` and method `reuse`, whether or not its segment is
/// still cut the same way.
pub(super) fn reused_documents(c: &mut Client) -> PgResult<Vec<LinkedDoc>> {
    let rows = c.query(
        "SELECT r.sha256, r.first_page, coalesce(s.last_page, r.first_page), r.doc_type,
                coalesce(s.confidence, 1.0::real), coalesce(s.method, 'label'), coalesce(s.evidence, ''), s.link_note,
                r.dossier_code, r.source
           FROM reuses r LEFT JOIN segments s ON s.sha256 = r.sha256 AND s.first_page = r.first_page
          ORDER BY r.dossier_code, r.sha256, r.first_page",
        &[],
    )?;
    rows.iter()
        .map(|r| {
            let s = segment(r, 1)?;
            let source: String = r.try_get(9)?;
            let link = LinkRow {
                first_page: s.first_page,
                dossier_code: r.try_get(8)?,
                role: "input".into(),
                role_reason: format!("reused from data already digitized: {source}"),
                method: "reuse".into(),
                evidence: source,
            };
            Ok(LinkedDoc { sha256: r.try_get(0)?, segment: s, link })
        })
        .collect()
}

pub(super) fn add_reuse(
    c: &mut Client,
    dossier: &str,
    sha: &str,
    first_page: u32,
    doc_type: &str,
    source: &str,
) -> PgResult<bool> {
    let n = c.execute(
        "INSERT INTO reuses (dossier_code, sha256, first_page, doc_type, source) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
        &[&dossier, &sha, &i64::from(first_page), &doc_type, &no_nul(source)],
    )?;
    Ok(n > 0)
}

pub(super) fn remove_reuse(c: &mut Client, dossier: &str, sha: &str, first_page: u32) -> PgResult<bool> {
    let n = c.execute(
        "DELETE FROM reuses WHERE dossier_code = $1 AND sha256 = $2 AND first_page = $3",
        &[&dossier, &sha, &i64::from(first_page)],
    )?;
    Ok(n > 0)
}
