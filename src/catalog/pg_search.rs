//! Full-text search over the PostgreSQL catalog's pages: the folded text (or its skeleton)
//! through the GIN indexes on `to_tsvector('simple', …)`, with SQLite's filters and limit.
//!
//! The text is folded in Rust before it is stored or looked for, so the 'simple' configuration
//! (no stemming, no stop words) splits it into the same words as FTS5's unicode61 tokenizer.

use super::pg_rows::u32_at;
use super::{PageQuery, SearchFilter};
use postgres::Client;
use postgres::types::ToSql;

/// Pages matching `query`, best first: (sha256, page_no, text, rank). The rank is
/// `ts_rank_cd` negated, so that lower is better as with FTS5's bm25; its values differ.
pub(super) fn search_pages(
    c: &mut Client,
    query: &PageQuery,
    filter: &SearchFilter,
    limit: usize,
    tolerant: bool,
) -> Result<Vec<(String, u32, String, f64)>, postgres::Error> {
    if query.terms().is_empty() {
        return Ok(Vec::new());
    }
    let words = query.terms().join(" ");
    let mut args: Vec<&(dyn ToSql + Sync)> = vec![&words];
    let sql = sql(query, filter, limit, tolerant, &mut args);
    let rows = c.query(&sql, &args)?;
    rows.iter().map(|r| Ok((r.try_get(0)?, u32_at(r, 1)?, r.try_get(2)?, r.try_get(3)?))).collect()
}

/// The query, with `filter`'s values appended to `args` ($1 is the words).
fn sql<'a>(
    query: &PageQuery,
    filter: &'a SearchFilter,
    limit: usize,
    tolerant: bool,
    args: &mut Vec<&'a (dyn ToSql + Sync)>,
) -> String {
    let column = if tolerant { "p.skeleton" } else { "p.folded" };
    let parse = match query {
        PageQuery::Phrase(_) => "phraseto_tsquery",
        PageQuery::AllWords(_) => "plainto_tsquery",
    };
    // The tsvector expression exactly as indexed, so that the GIN index serves the match.
    let vector = format!("to_tsvector('simple', {column})");
    let tsquery = format!("{parse}('simple', $1)");
    // Normalization 1 divides by 1 + log(length): like bm25, a short page beats a long one
    // with the words as often.
    let mut sql = format!(
        "SELECT p.sha256, p.page_no, p.text, (-ts_rank_cd({vector}, {tsquery}, 1))::float8 AS rank
         FROM pages p WHERE {vector} @@ {tsquery}"
    );
    if let Some(t) = &filter.doc_type {
        args.push(t);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM segments s WHERE s.sha256 = p.sha256
               AND p.page_no BETWEEN s.first_page AND s.last_page AND s.doc_type = ${})",
            args.len()
        ));
    }
    if let Some(v) = &filter.unit {
        args.push(v);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM links l JOIN dossiers d ON d.code = l.dossier_code
               WHERE l.sha256 = p.sha256 AND d.unit = ${})",
            args.len()
        ));
    }
    // The owner's documents: linked to one of their dossiers, or carrying their citizen ID.
    if let Some(v) = &filter.owner {
        args.push(v);
        let n = args.len();
        sql.push_str(&format!(
            " AND (EXISTS (SELECT 1 FROM links l JOIN dossiers d ON d.code = l.dossier_code
                    WHERE l.sha256 = p.sha256 AND d.owner_id = ${n})
               OR EXISTS (SELECT 1 FROM fields f WHERE f.sha256 = p.sha256 AND f.name = 'citizen_id' AND f.value = ${n}))"
        ));
    }
    // Several pages of one document may match; the caller keeps the best page of each. Ties by
    // page, so that equal ranks come in a stable order.
    sql.push_str(&format!(" ORDER BY rank, p.sha256, p.page_no LIMIT {}", limit.max(1) * 4));
    sql
}
