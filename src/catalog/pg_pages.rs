//! The PostgreSQL catalog's questions about files and documents that the pipeline asks for
//! every file: is this path known, what does this document hold.

use super::pg_rows::u32_at;
use super::{DocumentSummary, PathState};
use postgres::Client;

type PgResult<T> = Result<T, postgres::Error>;

pub(super) fn document_summary(c: &mut Client, sha: &str, with_text: bool) -> PgResult<Option<DocumentSummary>> {
    let Some(head) =
        c.query_opt("SELECT pages, text_source, ocr_confidence FROM documents WHERE sha256 = $1", &[&sha])?
    else {
        return Ok(None);
    };
    let (pages, text_source, ocr_confidence) = (u32_at(&head, 0)?, head.try_get(1)?, head.try_get(2)?);
    let text = if with_text {
        let texts: Vec<String> = c
            .query("SELECT text FROM pages WHERE sha256 = $1 ORDER BY page_no", &[&sha])?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<PgResult<_>>()?;
        texts.join("\x0c")
    } else {
        String::new()
    };
    Ok(Some(DocumentSummary { pages, text_source, ocr_confidence, text }))
}

pub(super) fn path_state(c: &mut Client, path: &str, size: u64, mtime_ns: i64) -> PgResult<PathState> {
    use postgres::types::Type;
    // One typed statement, one round trip: asked for every file of a run or a worker's claims.
    // A path is never in both tables (each write clears the other).
    let row = c.query_typed_opt(
        "SELECT true, sha256 FROM files WHERE path = $1 AND size = $2 AND mtime_ns = $3
         UNION ALL
         SELECT false, error FROM failures WHERE path = $1 AND size = $2 AND mtime_ns = $3
         LIMIT 1",
        &[(&path, Type::TEXT), (&(size as i64), Type::INT8), (&mtime_ns, Type::INT8)],
    )?;
    Ok(match row {
        Some(r) if r.try_get::<_, bool>(0)? => PathState::Unchanged { sha256: r.try_get(1)? },
        Some(r) => PathState::FailedBefore { error: r.try_get(1)? },
        None => PathState::Unknown,
    })
}
