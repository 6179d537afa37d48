//! Writing one file's record to the PostgreSQL catalog, with the SQLite writer's semantics.
//! Workers on other machines may commit the same content at the same moment: whoever inserts
//! the document first writes its pages; the others only add their path.

use super::{DocumentRow, FailureRow, FileRow, PageRow, Record};
use postgres::Transaction;
use postgres::types::Type;
use std::borrow::Cow;

// Every statement here is sent with its parameter types (`execute_typed`): one round trip, where
// an untyped one is two (the server describes it first). A worker far from the database pays
// each round trip per file.

/// The whole of one file's record, inside the caller's transaction.
pub(crate) fn write_record(tx: &mut Transaction<'_>, record: &Record) -> Result<(), postgres::Error> {
    match record {
        Record::Processed { file, document, pages } => {
            if insert_document(tx, document)? {
                insert_pages(tx, &document.sha256, pages)?;
            }
            upsert_file(tx, file)
        }
        Record::Duplicate { file } => upsert_file(tx, file),
        Record::Failed(f) => record_failure(tx, f),
    }
}

/// Insert the document and its searchable PDF; false when it was there already.
fn insert_document(tx: &mut Transaction<'_>, d: &DocumentRow) -> Result<bool, postgres::Error> {
    // DO NOTHING: another worker may have recorded the same content a moment ago; this waits for
    // its transaction, then finds the row.
    let inserted = tx.execute_typed(
        "INSERT INTO documents (sha256, size, media_type, pages, text_source, ocr_confidence, store_path)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING",
        &[
            (&d.sha256, Type::TEXT),
            (&(d.size as i64), Type::INT8),
            (&d.media_type, Type::TEXT),
            (&i64::from(d.pages), Type::INT8),
            (&d.text_source, Type::TEXT),
            (&d.ocr_confidence, Type::FLOAT4),
            (&d.store_path, Type::TEXT),
        ],
    )?;
    if inserted == 1
        && let Some(pdf) = &d.searchable_pdf
    {
        super::pg_store::upsert_rendition(tx, &d.sha256, pdf)?;
    }
    Ok(inserted == 1)
}

/// All the pages and their codes, one statement each, whatever the page count: a worker may be
/// far from the database, and every statement is a round trip.
fn insert_pages(tx: &mut Transaction<'_>, sha: &str, pages: &[PageRow]) -> Result<(), postgres::Error> {
    if pages.is_empty() {
        return Ok(());
    }
    let indexed = |form: fn(&str) -> String| -> Vec<Option<String>> {
        pages.iter().map(|p| (!p.text.is_empty()).then(|| searchable(form(&p.text)))).collect()
    };
    let page_no: Vec<i64> = pages.iter().map(|p| i64::from(p.page_no)).collect();
    let source: Vec<&str> = pages.iter().map(|p| p.source.as_str()).collect();
    let text: Vec<Cow<'_, str>> = pages.iter().map(|p| no_nul(&p.text)).collect();
    let text: Vec<&str> = text.iter().map(|t| t.as_ref()).collect();
    let confidence: Vec<Option<f32>> = pages.iter().map(|p| p.confidence).collect();
    let dpi: Vec<Option<i64>> = pages.iter().map(|p| p.dpi.map(i64::from)).collect();
    let rotation: Vec<i64> = pages.iter().map(|p| i64::from(p.rotation)).collect();
    let error: Vec<Option<String>> = pages.iter().map(|p| p.error.as_deref().map(|e| no_nul(e).into_owned())).collect();
    let (folded, skeleton) = (indexed(crate::text::fold), indexed(crate::text::skeleton));
    tx.execute_typed(
        "INSERT INTO pages (sha256, page_no, source, text, confidence, dpi, rotation, error, folded, skeleton)
         SELECT $1::text, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::real[], $6::bigint[],
                                        $7::bigint[], $8::text[], $9::text[], $10::text[])",
        &[
            (&sha, Type::TEXT),
            (&page_no, Type::INT8_ARRAY),
            (&source, Type::TEXT_ARRAY),
            (&text, Type::TEXT_ARRAY),
            (&confidence, Type::FLOAT4_ARRAY),
            (&dpi, Type::INT8_ARRAY),
            (&rotation, Type::INT8_ARRAY),
            (&error, Type::TEXT_ARRAY),
            (&folded, Type::TEXT_ARRAY),
            (&skeleton, Type::TEXT_ARRAY),
        ],
    )?;
    let (code_pages, codes): (Vec<i64>, Vec<String>) =
        pages.iter().flat_map(|p| p.codes.iter().map(|c| (i64::from(p.page_no), no_nul(c).into_owned()))).unzip();
    if !codes.is_empty() {
        tx.execute_typed(
            "INSERT INTO page_codes (sha256, page_no, value) SELECT $1::text, * FROM unnest($2::bigint[], $3::text[])
             ON CONFLICT DO NOTHING",
            &[(&sha, Type::TEXT), (&code_pages, Type::INT8_ARRAY), (&codes, Type::TEXT_ARRAY)],
        )?;
    }
    Ok(())
}

pub(super) fn upsert_file(tx: &mut Transaction<'_>, f: &FileRow) -> Result<(), postgres::Error> {
    // One statement: the file's row, and no failure left for the path.
    tx.execute_typed(
        "WITH cleared AS (DELETE FROM failures WHERE path = $1)
         INSERT INTO files (path, sha256, size, mtime_ns) VALUES ($1, $2, $3, $4)
         ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
           mtime_ns = excluded.mtime_ns, seen_at = now()",
        &[(&f.path, Type::TEXT), (&f.sha256, Type::TEXT), (&(f.size as i64), Type::INT8), (&f.mtime_ns, Type::INT8)],
    )?;
    Ok(())
}

/// A failure replaces whatever the path held before.
fn record_failure(tx: &mut Transaction<'_>, f: &FailureRow) -> Result<(), postgres::Error> {
    tx.execute("DELETE FROM files WHERE path = $1", &[&f.path])?;
    tx.execute(
        "INSERT INTO failures (path, size, mtime_ns, sha256, stage, error) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
           sha256 = excluded.sha256, stage = excluded.stage, error = excluded.error, at = now()",
        &[&f.path, &(f.size as i64), &f.mtime_ns, &f.sha256, &f.stage, &no_nul(&f.error)],
    )?;
    Ok(())
}

/// PostgreSQL's text cannot hold NUL, which a PDF's text layer or a barcode may: it becomes
/// U+FFFD (SQLite keeps it).
pub(super) fn no_nul(s: &str) -> Cow<'_, str> {
    if s.contains('\0') { Cow::Owned(s.replace('\0', "\u{FFFD}")) } else { Cow::Borrowed(s) }
}

/// A page's folded text or skeleton as indexed. A tsvector holds at most 1 MiB, and an insert
/// whose text makes a bigger one fails; a quarter of that in words stays below it whatever the
/// words (each costs at most about 4 times its length there), and is far more than a page holds.
fn searchable(mut form: String) -> String {
    const MAX: usize = 256 * 1024;
    if form.len() > MAX {
        let mut cut = MAX;
        while !form.is_char_boundary(cut) {
            cut -= 1;
        }
        form.truncate(cut);
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_becomes_a_replacement_character() {
        assert_eq!(no_nul("a\0b"), "a\u{FFFD}b");
        assert!(matches!(no_nul("ab"), Cow::Borrowed(_)));
    }

    #[test]
    fn huge_texts_are_cut_at_a_character_boundary() {
        let s = "ế".repeat(200_000);
        let cut = searchable(s);
        assert!(cut.len() <= 256 * 1024 && cut.len() > 256 * 1024 - 4);
        assert!(searchable("short".into()) == "short");
    }
}
