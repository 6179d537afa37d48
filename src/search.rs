//! `sohoa search`: full text over every page, ranked (BM25), ignoring diacritics and case, so
//! "tran phu" finds "Trần Phú" whether OCR kept the marks or lost them.

use crate::catalog::{self, Catalog, PageQuery, SearchFilter};
use crate::config::Config;
use crate::error::Result;
use crate::text::{fold, skeleton};
use serde::Serialize;

/// One document found, at its best-matching page.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub sha256: String,
    pub page: u32,
    /// Paths the document was seen at.
    pub paths: Vec<String>,
    /// Type and dossier of the document the page belongs to, when known.
    pub doc_type: Option<String>,
    pub dossier: Option<String>,
    /// The best line of the page, matched words «marked».
    pub snippet: String,
    /// BM25 score: lower is better.
    pub rank: f64,
    /// Found only once OCR's confusions were allowed for (0/o, 1/l, rn/m...).
    pub tolerant: bool,
}

#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub query: String,
    pub filter: SearchFilter,
    pub limit: usize,
}

/// Search the catalog. Words next to each other in the query are looked for as a phrase first
/// (names, streets), then as words anywhere on the page; when that finds fewer than `limit`
/// documents, the same again over the pages' skeletons, where the shapes OCR confuses (0/o, 1/l,
/// rn/m) are one. Exact matches rank above tolerant ones.
pub fn search(config: &Config, opts: &SearchOptions) -> Result<Vec<Hit>> {
    let terms: Vec<String> = words(&fold(&opts.query));
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let cat = catalog::open(&config.catalog)?;
    let mut hits: Vec<Hit> = Vec::new();
    for tolerant in [false, true] {
        let terms = if tolerant { words(&skeleton(&opts.query)) } else { terms.clone() };
        for row in lookup(cat.as_ref(), &terms, opts, tolerant)? {
            if hits.len() >= opts.limit {
                return Ok(hits);
            }
            if !hits.iter().any(|h| h.sha256 == row.0) {
                hits.push(hit(cat.as_ref(), row, &terms, tolerant)?);
            }
        }
    }
    Ok(hits)
}

fn words(s: &str) -> Vec<String> {
    s.split(' ').filter(|t| !t.is_empty()).map(String::from).collect()
}

/// Pages matching the terms as a phrase, or failing that as words anywhere on the page.
fn lookup(cat: &dyn Catalog, terms: &[String], opts: &SearchOptions, tolerant: bool) -> Result<Vec<Row>> {
    let rows = cat.search_pages(&PageQuery::Phrase(terms.to_vec()), &opts.filter, opts.limit, tolerant)?;
    if rows.is_empty() && terms.len() > 1 {
        return cat.search_pages(&PageQuery::AllWords(terms.to_vec()), &opts.filter, opts.limit, tolerant);
    }
    Ok(rows)
}

type Row = (String, u32, String, f64);

fn hit(cat: &dyn Catalog, (sha256, page, text, rank): Row, terms: &[String], tolerant: bool) -> Result<Hit> {
    let assignment = cat.assignment(&sha256)?;
    let seg = assignment.iter().find(|(s, _)| (s.first_page..=s.last_page).contains(&page));
    let form: fn(&str) -> String = if tolerant { skeleton } else { fold };
    Ok(Hit {
        paths: cat.document_paths(&sha256)?,
        doc_type: seg.map(|(s, _)| s.doc_type.clone()),
        dossier: seg.and_then(|(_, l)| l.first().map(|l| l.dossier_code.clone())),
        snippet: snippet(&text, terms, form),
        sha256,
        page,
        rank,
        tolerant,
    })
}

/// The line with the most query words, those words «marked» in their original spelling.
fn snippet(text: &str, terms: &[String], form: fn(&str) -> String) -> String {
    let matches = |word: &str| {
        let f = form(word);
        !f.is_empty() && f.split(' ').any(|w| terms.iter().any(|t| *t == w))
    };
    let best = text.lines().max_by_key(|l| l.split_whitespace().filter(|w| matches(w)).count()).unwrap_or("");
    let marked: Vec<String> =
        best.split_whitespace().map(|w| if matches(w) { format!("«{w}»") } else { w.to_string() }).collect();
    let line = marked.join(" ");
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{DocumentRow, FileRow, PageRow, Record};

    fn catalog_with(pages: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.sqlite");
        let config = Config { catalog: crate::config::CatalogLocation::Sqlite(file), ..Config::default() };
        let mut cat = catalog::open(&config.catalog).unwrap();
        for (sha, text) in pages {
            let page = PageRow {
                page_no: 1,
                source: "ocr".into(),
                text: text.to_string(),
                confidence: Some(90.0),
                dpi: Some(300),
                rotation: 0,
                error: None,
                codes: vec![],
            };
            let document = DocumentRow {
                sha256: sha.to_string(),
                size: 1,
                media_type: "image/png".into(),
                pages: 1,
                text_source: "ocr".into(),
                ocr_confidence: Some(90.0),
                store_path: None,
                searchable_pdf: None,
            };
            let file = FileRow { path: format!("/{sha}.png"), sha256: sha.to_string(), size: 1, mtime_ns: 1 };
            cat.commit(&Record::Processed { file, document, pages: vec![page] }).unwrap();
        }
        (dir, config)
    }

    fn found(config: &Config, query: &str) -> Vec<(String, bool)> {
        let opts = SearchOptions { query: query.into(), limit: 10, ..SearchOptions::default() };
        search(config, &opts).unwrap().into_iter().map(|h| (h.sha256, h.tolerant)).collect()
    }

    #[test]
    fn ocr_confusions_are_tolerated_and_rank_below_exact_matches() {
        let (_dir, config) = catalog_with(&[
            ("exact", "Nơi sinh: Hà Nam"),
            ("misread", "Noi sinh: Ha Narn, CCCD OOl085Ol7839"),
            ("other", "Nơi sinh: Hà Nội"),
        ]);
        assert_eq!(found(&config, "ha nam"), vec![("exact".into(), false), ("misread".into(), true)]);
        assert_eq!(found(&config, "001085017839"), vec![("misread".into(), true)]);
        assert_eq!(found(&config, "ha noi"), vec![("other".into(), false)], "no confusion, no tolerance needed");
    }

    #[test]
    fn snippets_mark_the_words_in_their_original_spelling() {
        let text = "CỘNG HÒA\nNơi cư trú: số 12 đường Trần Phú, phường Điện Biên\nGhi chú";
        let terms = vec!["tran".to_string(), "phu".to_string()];
        assert_eq!(snippet(text, &terms, fold), "Nơi cư trú: số 12 đường «Trần» «Phú,» phường Điện Biên");
    }
}
