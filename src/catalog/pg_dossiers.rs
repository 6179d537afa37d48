//! The PostgreSQL catalog's dossier, classification and linking queries; the same answers, in
//! the same order, as sqlite_dossiers.rs.

use super::pg_rows::{SEGMENT_COLUMNS, link, segment, u32_at};
use super::pg_write::no_nul;
use super::{LinkRow, LinkedDoc, PageText, SegmentRow};
use crate::dossiers::Dossier;
use postgres::Client;

type PgResult<T> = Result<T, postgres::Error>;

/// Insert or update; true when it is new. `xmax = 0` only on a row this statement inserted,
/// so the answer holds even when another process writes the same dossier meanwhile.
pub(super) fn upsert_dossier(c: &mut Client, d: &Dossier) -> PgResult<bool> {
    let row = c.query_one(
        "INSERT INTO dossiers (code, procedure_code, unit, owner_id, received_at, due_at, resolved_at, status, channel)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (code) DO UPDATE SET procedure_code = excluded.procedure_code, unit = excluded.unit,
           owner_id = excluded.owner_id, received_at = excluded.received_at, due_at = excluded.due_at,
           resolved_at = excluded.resolved_at, status = excluded.status, channel = excluded.channel,
           imported_at = now()
         RETURNING (xmax = 0)",
        &[
            &d.code,
            &d.procedure_code,
            &d.unit,
            &d.owner_id,
            &d.received_at,
            &d.due_at,
            &d.resolved_at,
            &d.status,
            &d.channel,
        ],
    )?;
    row.try_get(0)
}

pub(super) fn dossiers(c: &mut Client) -> PgResult<Vec<Dossier>> {
    let rows = c.query(
        "SELECT code, procedure_code, unit, owner_id, received_at, due_at, resolved_at, status, channel
         FROM dossiers ORDER BY code",
        &[],
    )?;
    rows.iter()
        .map(|r| {
            Ok(Dossier {
                code: r.try_get(0)?,
                procedure_code: r.try_get(1)?,
                unit: r.try_get(2)?,
                owner_id: r.try_get(3)?,
                received_at: r.try_get(4)?,
                due_at: r.try_get(5)?,
                resolved_at: r.try_get(6)?,
                status: r.try_get(7)?,
                channel: r.try_get(8)?,
            })
        })
        .collect()
}

/// The first column of every row of `sql`, given `args`.
pub(super) fn strings(
    c: &mut Client,
    sql: &str,
    args: &[&(dyn postgres::types::ToSql + Sync)],
) -> PgResult<Vec<String>> {
    c.query(sql, args)?.iter().map(|r| r.try_get(0)).collect()
}

pub(super) fn document_pages(c: &mut Client, sha: &str) -> PgResult<Vec<PageText>> {
    // Codes in byte order, as SQLite's primary key index hands them to group_concat.
    let rows = c.query(
        "SELECT p.page_no, p.text,
                coalesce((SELECT array_agg(c.value ORDER BY c.value) FROM page_codes c
                          WHERE c.sha256 = p.sha256 AND c.page_no = p.page_no), '{}')
         FROM pages p WHERE p.sha256 = $1 ORDER BY p.page_no",
        &[&sha],
    )?;
    rows.iter().map(|r| Ok(PageText { page_no: u32_at(r, 0)?, text: r.try_get(1)?, codes: r.try_get(2)? })).collect()
}

pub(super) fn sha_for_path(c: &mut Client, path: &str) -> PgResult<Option<String>> {
    c.query_opt("SELECT sha256 FROM files WHERE path = $1", &[&path])?.map(|r| r.try_get(0)).transpose()
}

pub(super) fn replace_assignment(
    c: &mut Client,
    sha: &str,
    segments: &[SegmentRow],
    links: &[LinkRow],
) -> PgResult<()> {
    let mut tx = c.transaction()?;
    tx.execute("DELETE FROM links WHERE sha256 = $1", &[&sha])?;
    // Cascades to the document's fields, as in SQLite.
    tx.execute("DELETE FROM segments WHERE sha256 = $1", &[&sha])?;
    let seg = tx.prepare(
        "INSERT INTO segments (sha256, first_page, last_page, doc_type, confidence, method, evidence, link_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )?;
    for s in segments {
        let note = s.link_note.as_deref().map(no_nul);
        tx.execute(
            &seg,
            &[
                &sha,
                &i64::from(s.first_page),
                &i64::from(s.last_page),
                &s.doc_type,
                &s.confidence,
                &s.method,
                &no_nul(&s.evidence),
                &note,
            ],
        )?;
    }
    let link = tx.prepare(
        "INSERT INTO links (sha256, first_page, dossier_code, role, role_reason, method, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )?;
    for l in links {
        tx.execute(
            &link,
            &[
                &sha,
                &i64::from(l.first_page),
                &l.dossier_code,
                &l.role,
                &no_nul(&l.role_reason),
                &l.method,
                &no_nul(&l.evidence),
            ],
        )?;
    }
    tx.commit()
}

pub(super) fn assignment(c: &mut Client, sha: &str) -> PgResult<Vec<(SegmentRow, Vec<LinkRow>)>> {
    let rows = c.query(
        &format!(
            "SELECT {SEGMENT_COLUMNS}, l.dossier_code, l.role, l.role_reason, l.method, l.evidence FROM segments s
             LEFT JOIN links l ON l.sha256 = s.sha256 AND l.first_page = s.first_page
             WHERE s.sha256 = $1 ORDER BY s.first_page, l.dossier_code"
        ),
        &[&sha],
    )?;
    let mut out: Vec<(SegmentRow, Vec<LinkRow>)> = Vec::new();
    for r in &rows {
        let s = segment(r, 0)?;
        let code: Option<String> = r.try_get(7)?;
        let l = match code {
            Some(_) => Some(link(r, 7, s.first_page)?),
            None => None,
        };
        match out.last_mut() {
            Some((last, links)) if last.first_page == s.first_page => links.extend(l),
            _ => out.push((s, l.into_iter().collect())),
        }
    }
    Ok(out)
}

pub(super) fn linked_documents(c: &mut Client) -> PgResult<Vec<LinkedDoc>> {
    let rows = c.query(
        &format!(
            "SELECT s.sha256, {SEGMENT_COLUMNS}, l.dossier_code, l.role, l.role_reason, l.method, l.evidence
             FROM links l JOIN segments s ON s.sha256 = l.sha256 AND s.first_page = l.first_page
             ORDER BY l.dossier_code, s.sha256, s.first_page"
        ),
        &[],
    )?;
    rows.iter()
        .map(|r| {
            let s = segment(r, 1)?;
            let l = link(r, 8, s.first_page)?;
            Ok(LinkedDoc { sha256: r.try_get(0)?, segment: s, link: l })
        })
        .collect()
}

pub(super) fn unresolved_segments(c: &mut Client) -> PgResult<Vec<(String, SegmentRow)>> {
    let rows = c.query(
        &format!(
            "SELECT s.sha256, {SEGMENT_COLUMNS} FROM segments s
             WHERE s.doc_type = 'unknown'
                OR NOT EXISTS (SELECT 1 FROM links l WHERE l.sha256 = s.sha256 AND l.first_page = s.first_page)
             ORDER BY s.sha256, s.first_page"
        ),
        &[],
    )?;
    rows.iter().map(|r| Ok((r.try_get(0)?, segment(r, 1)?))).collect()
}

pub(super) fn labelled(c: &mut Client) -> PgResult<Vec<(String, u32, String, String)>> {
    let rows = c.query(
        "SELECT l.sha256, l.first_page, l.doc_type,
           coalesce((SELECT string_agg(p.text, E'\\n' ORDER BY p.page_no) FROM pages p
                     WHERE p.sha256 = l.sha256 AND p.page_no >= l.first_page
                       AND p.page_no <= coalesce((SELECT s.last_page FROM segments s
                                                  WHERE s.sha256 = l.sha256 AND s.first_page = l.first_page),
                                                 l.first_page)), '')
         FROM labels l ORDER BY l.sha256, l.first_page",
        &[],
    )?;
    rows.iter().map(|r| Ok((r.try_get(0)?, u32_at(r, 1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

pub(super) fn set_label(c: &mut Client, sha: &str, first_page: u32, doc_type: &str) -> PgResult<()> {
    c.execute(
        "INSERT INTO labels (sha256, first_page, doc_type) VALUES ($1, $2, $3)
         ON CONFLICT (sha256, first_page) DO UPDATE SET doc_type = excluded.doc_type, labelled_at = now()",
        &[&sha, &i64::from(first_page), &doc_type],
    )?;
    Ok(())
}
