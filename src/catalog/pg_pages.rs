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
    let args: [&(dyn postgres::types::ToSql + Sync); 3] = [&path, &(size as i64), &mtime_ns];
    let known = c.query_opt("SELECT sha256 FROM files WHERE path = $1 AND size = $2 AND mtime_ns = $3", &args)?;
    if let Some(r) = known {
        return Ok(PathState::Unchanged { sha256: r.try_get(0)? });
    }
    let failed = c.query_opt("SELECT error FROM failures WHERE path = $1 AND size = $2 AND mtime_ns = $3", &args)?;
    Ok(match failed {
        Some(r) => PathState::FailedBefore { error: r.try_get(0)? },
        None => PathState::Unknown,
    })
}
