//! The SQLite catalog's dossier, classification and linking queries.

use super::{LinkRow, LinkedDoc, PageText, SegmentRow};
use crate::dossiers::Dossier;
use rusqlite::{Connection, OptionalExtension, Row, params};

pub(super) fn upsert_dossier(conn: &Connection, d: &Dossier) -> rusqlite::Result<bool> {
    let existed = conn.prepare_cached("SELECT 1 FROM dossiers WHERE code = ?1")?.exists([&d.code])?;
    conn.prepare_cached(
        "INSERT INTO dossiers (code, procedure_code, unit, owner_id, received_at, due_at, resolved_at, status, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (code) DO UPDATE SET procedure_code = excluded.procedure_code, unit = excluded.unit,
           owner_id = excluded.owner_id, received_at = excluded.received_at, due_at = excluded.due_at,
           resolved_at = excluded.resolved_at, status = excluded.status, channel = excluded.channel,
           imported_at = excluded.imported_at",
    )?
    .execute(params![
        d.code,
        d.procedure_code,
        d.unit,
        d.owner_id,
        d.received_at,
        d.due_at,
        d.resolved_at,
        d.status,
        d.channel
    ])?;
    Ok(!existed)
}

pub(super) fn dossiers(conn: &Connection) -> rusqlite::Result<Vec<Dossier>> {
    let mut st = conn.prepare_cached(
        "SELECT code, procedure_code, unit, owner_id, received_at, due_at, resolved_at, status, channel FROM dossiers ORDER BY code",
    )?;
    st.query_map([], |r| {
        Ok(Dossier {
            code: r.get(0)?,
            procedure_code: r.get(1)?,
            unit: r.get(2)?,
            owner_id: r.get(3)?,
            received_at: r.get(4)?,
            due_at: r.get(5)?,
            resolved_at: r.get(6)?,
            status: r.get(7)?,
            channel: r.get(8)?,
        })
    })?
    .collect()
}

pub(super) fn strings(conn: &Connection, sql: &str, arg: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare_cached(sql)?;
    if sql.contains("?1") {
        st.query_map([arg], |r| r.get(0))?.collect()
    } else {
        st.query_map([], |r| r.get(0))?.collect()
    }
}

pub(super) fn document_pages(conn: &Connection, sha: &str) -> rusqlite::Result<Vec<PageText>> {
    let mut st = conn.prepare_cached(
        // A JSON array, not a joined string: a code (a vCard QR, say) may hold line breaks.
        "SELECT p.page_no, p.text,
                (SELECT json_group_array(value) FROM (SELECT c.value FROM page_codes c
                   WHERE c.sha256 = p.sha256 AND c.page_no = p.page_no ORDER BY c.value))
         FROM pages p WHERE p.sha256 = ?1 ORDER BY p.page_no",
    )?;
    st.query_map([sha], |r| {
        let codes: String = r.get(2)?;
        let codes = serde_json::from_str(&codes)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?;
        Ok(PageText { page_no: r.get(0)?, text: r.get(1)?, codes })
    })?
    .collect()
}

pub(super) fn sha_for_path(conn: &Connection, path: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT sha256 FROM files WHERE path = ?1")?.query_row([path], |r| r.get(0)).optional()
}

pub(super) fn replace_assignment(
    conn: &mut Connection,
    sha: &str,
    segments: &[SegmentRow],
    links: &[LinkRow],
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.prepare_cached("DELETE FROM links WHERE sha256 = ?1")?.execute([sha])?;
    tx.prepare_cached("DELETE FROM segments WHERE sha256 = ?1")?.execute([sha])?;
    {
        let mut seg = tx.prepare_cached(
            "INSERT INTO segments (sha256, first_page, last_page, doc_type, confidence, method, evidence, link_note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for s in segments {
            seg.execute(params![
                sha,
                s.first_page,
                s.last_page,
                s.doc_type,
                s.confidence,
                s.method,
                s.evidence,
                s.link_note
            ])?;
        }
        let mut link = tx.prepare_cached(
            "INSERT INTO links (sha256, first_page, dossier_code, role, role_reason, method, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for l in links {
            link.execute(params![sha, l.first_page, l.dossier_code, l.role, l.role_reason, l.method, l.evidence])?;
        }
    }
    tx.commit()
}

pub(super) fn segment(r: &Row<'_>, at: usize) -> rusqlite::Result<SegmentRow> {
    Ok(SegmentRow {
        first_page: r.get(at)?,
        last_page: r.get(at + 1)?,
        doc_type: r.get(at + 2)?,
        confidence: r.get(at + 3)?,
        method: r.get(at + 4)?,
        evidence: r.get(at + 5)?,
        link_note: r.get(at + 6)?,
    })
}

pub(super) const SEGMENT_COLUMNS: &str =
    "s.first_page, s.last_page, s.doc_type, s.confidence, s.method, s.evidence, s.link_note";

fn link(r: &Row<'_>, at: usize, first_page: u32) -> rusqlite::Result<LinkRow> {
    Ok(LinkRow {
        first_page,
        dossier_code: r.get(at)?,
        role: r.get(at + 1)?,
        role_reason: r.get(at + 2)?,
        method: r.get(at + 3)?,
        evidence: r.get(at + 4)?,
    })
}

pub(super) fn assignment(conn: &Connection, sha: &str) -> rusqlite::Result<Vec<(SegmentRow, Vec<LinkRow>)>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SEGMENT_COLUMNS}, l.dossier_code, l.role, l.role_reason, l.method, l.evidence FROM segments s
         LEFT JOIN links l ON l.sha256 = s.sha256 AND l.first_page = s.first_page
         WHERE s.sha256 = ?1 ORDER BY s.first_page, l.dossier_code"
    ))?;
    let rows: Vec<(SegmentRow, Option<LinkRow>)> = st
        .query_map([sha], |r| {
            let s = segment(r, 0)?;
            let code: Option<String> = r.get(7)?;
            let l = match code {
                Some(_) => Some(link(r, 7, s.first_page)?),
                None => None,
            };
            Ok((s, l))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<(SegmentRow, Vec<LinkRow>)> = Vec::new();
    for (s, l) in rows {
        match out.last_mut() {
            Some((last, links)) if last.first_page == s.first_page => links.extend(l),
            _ => out.push((s, l.into_iter().collect())),
        }
    }
    Ok(out)
}

pub(super) fn linked_documents(conn: &Connection) -> rusqlite::Result<Vec<LinkedDoc>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT s.sha256, {SEGMENT_COLUMNS}, l.dossier_code, l.role, l.role_reason, l.method, l.evidence
         FROM links l JOIN segments s ON s.sha256 = l.sha256 AND s.first_page = l.first_page
         ORDER BY l.dossier_code, s.sha256, s.first_page"
    ))?;
    st.query_map([], |r| {
        let s = segment(r, 1)?;
        let l = link(r, 8, s.first_page)?;
        Ok(LinkedDoc { sha256: r.get(0)?, segment: s, link: l })
    })?
    .collect()
}

pub(super) fn unresolved_segments(conn: &Connection) -> rusqlite::Result<Vec<(String, SegmentRow)>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT s.sha256, {SEGMENT_COLUMNS} FROM segments s
         WHERE s.doc_type = 'unknown' OR NOT EXISTS (SELECT 1 FROM links l WHERE l.sha256 = s.sha256 AND l.first_page = s.first_page)
         ORDER BY s.sha256, s.first_page"
    ))?;
    st.query_map([], |r| Ok((r.get(0)?, segment(r, 1)?)))?.collect()
}

pub(super) fn labelled(conn: &Connection) -> rusqlite::Result<Vec<(String, u32, String, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT l.sha256, l.first_page, l.doc_type,
           coalesce((SELECT group_concat(p.text, char(10)) FROM pages p WHERE p.sha256 = l.sha256 AND p.page_no >= l.first_page
                     AND p.page_no <= coalesce((SELECT s.last_page FROM segments s WHERE s.sha256 = l.sha256 AND s.first_page = l.first_page), l.first_page)), '')
         FROM labels l ORDER BY l.sha256, l.first_page",
    )?;
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect()
}

pub(super) fn set_label(conn: &Connection, sha: &str, first_page: u32, doc_type: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO labels (sha256, first_page, doc_type) VALUES (?1, ?2, ?3)
         ON CONFLICT (sha256, first_page) DO UPDATE SET doc_type = excluded.doc_type, labelled_at = excluded.labelled_at",
    )?
    .execute(params![sha, first_page, doc_type])?;
    Ok(())
}

/// Index the pages of a catalog made before this search `table` existed, with `form` of each text.
pub(super) fn backfill_search(
    conn: &Connection,
    (table, column): (&str, &str),
    form: fn(&str) -> String,
) -> rusqlite::Result<()> {
    let mut read = conn.prepare("SELECT rowid, text FROM pages WHERE text <> ''")?;
    let rows: Vec<(i64, String)> =
        read.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut write = conn.prepare(&format!("INSERT INTO {table} (rowid, {column}) VALUES (?1, ?2)"))?;
    for (rowid, text) in rows {
        write.execute(params![rowid, form(&text)])?;
    }
    Ok(())
}

/// The FTS5 query for `q`: `"a b"` for a phrase, `"a" AND "b"` for all words.
pub(super) fn fts5_query(q: &super::PageQuery) -> String {
    // Quoted, so that no term is read as FTS5 syntax (AND, NEAR, a column name...).
    let quote = |t: &String| format!("\"{}\"", t.replace('"', "\"\""));
    match q {
        super::PageQuery::Phrase(terms) => quote(&terms.join(" ")),
        super::PageQuery::AllWords(terms) => terms.iter().map(quote).collect::<Vec<_>>().join(" AND "),
    }
}

/// Pages matching `query` over folded text, best first: (sha256, page_no, text, rank).
pub(super) fn search_pages(
    conn: &Connection,
    query: &super::PageQuery,
    filter: &super::SearchFilter,
    limit: usize,
    tolerant: bool,
) -> rusqlite::Result<Vec<(String, u32, String, f64)>> {
    if query.terms().is_empty() {
        return Ok(Vec::new());
    }
    let fts_query = fts5_query(query);
    let t = if tolerant { "page_skeleton" } else { "page_search" };
    let mut sql = format!(
        "SELECT p.sha256, p.page_no, p.text, bm25({t}) AS rank FROM {t}
         JOIN pages p ON p.rowid = {t}.rowid WHERE {t} MATCH ?1"
    );
    let mut args: Vec<String> = vec![fts_query];
    if let Some(t) = &filter.doc_type {
        args.push(t.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM segments s WHERE s.sha256 = p.sha256
               AND p.page_no BETWEEN s.first_page AND s.last_page AND s.doc_type = ?{})",
            args.len()
        ));
    }
    if let Some(v) = &filter.unit {
        args.push(v.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM links l JOIN dossiers d ON d.code = l.dossier_code
               WHERE l.sha256 = p.sha256 AND d.unit = ?{})",
            args.len()
        ));
    }
    // The owner's documents: linked to one of their dossiers, or carrying their citizen ID.
    if let Some(v) = &filter.owner {
        args.push(v.clone());
        let n = args.len();
        sql.push_str(&format!(
            " AND (EXISTS (SELECT 1 FROM links l JOIN dossiers d ON d.code = l.dossier_code
                    WHERE l.sha256 = p.sha256 AND d.owner_id = ?{n})
               OR EXISTS (SELECT 1 FROM fields f WHERE f.sha256 = p.sha256 AND f.name = 'citizen_id' AND f.value = ?{n}))"
        ));
    }
    // Several pages of one document may match; the caller keeps the best page of each.
    sql.push_str(&format!(" ORDER BY rank LIMIT {}", limit.max(1) * 4));
    let mut st = conn.prepare(&sql)?;
    st.query_map(rusqlite::params_from_iter(args.iter()), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

pub(super) fn replace_fields(
    conn: &mut Connection,
    sha: &str,
    fields: &[(u32, crate::fields::Field)],
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.prepare_cached("DELETE FROM fields WHERE sha256 = ?1")?.execute([sha])?;
    {
        let mut st = tx.prepare_cached(
            "INSERT OR REPLACE INTO fields (sha256, first_page, name, value, evidence) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (page, f) in fields {
            st.execute(params![sha, page, f.name, f.value, f.evidence])?;
        }
    }
    tx.commit()
}

pub(super) fn fields(conn: &Connection, sha: &str) -> rusqlite::Result<Vec<(u32, crate::fields::Field)>> {
    let mut st = conn.prepare_cached(
        "SELECT first_page, name, value, evidence FROM fields WHERE sha256 = ?1 ORDER BY first_page, name",
    )?;
    st.query_map([sha], |r| {
        Ok((r.get(0)?, crate::fields::Field { name: r.get(1)?, value: r.get(2)?, evidence: r.get(3)? }))
    })?
    .collect()
}

fn bands(simhash: u64) -> [i64; 4] {
    [0, 1, 2, 3].map(|i| ((simhash >> (16 * i)) & 0xffff) as i64)
}

pub(super) fn similar_signatures(conn: &Connection, simhash: u64) -> rusqlite::Result<Vec<(String, u64)>> {
    let b = bands(simhash);
    let mut st = conn.prepare_cached(
        "SELECT sha256, simhash FROM signatures WHERE band0 = ?1 OR band1 = ?2 OR band2 = ?3 OR band3 = ?4",
    )?;
    st.query_map(params![b[0], b[1], b[2], b[3]], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?.collect()
}

pub(super) fn record_signature(
    conn: &Connection,
    sha: &str,
    simhash: u64,
    near: Option<(&str, f64)>,
) -> rusqlite::Result<()> {
    let b = bands(simhash);
    conn.prepare_cached(
        "INSERT OR REPLACE INTO signatures (sha256, simhash, band0, band1, band2, band3, near_duplicate_of, similarity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![sha, simhash as i64, b[0], b[1], b[2], b[3], near.map(|n| n.0), near.map(|n| n.1)])?;
    Ok(())
}

pub(super) fn near_duplicate_of(conn: &Connection, sha: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT near_duplicate_of FROM signatures WHERE sha256 = ?1")?
        .query_row([sha], |r| r.get(0))
        .optional()
        .map(Option::flatten)
}
