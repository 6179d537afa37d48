//! `sohoa search`: full text over every page, ranked (BM25), ignoring diacritics and case, so
//! "tran phu" finds "Trần Phú" whether OCR kept the marks or lost them.

use crate::catalog::{self, SearchFilter};
use crate::config::Config;
use crate::error::Result;
use crate::text::fold;
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
}

#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub query: String,
    pub filter: SearchFilter,
    pub limit: usize,
}

/// Search the catalog. Words next to each other in the query are looked for as a phrase first
/// (names, streets), then as words anywhere on the page.
pub fn search(config: &Config, opts: &SearchOptions) -> Result<Vec<Hit>> {
    let terms: Vec<String> = fold(&opts.query).split(' ').filter(|t| !t.is_empty()).map(String::from).collect();
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let cat = catalog::open(&config.catalog)?;
    let quoted: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
    let phrase = format!("\"{}\"", terms.join(" "));
    let mut rows = cat.search_pages(&phrase, &opts.filter, opts.limit)?;
    if rows.is_empty() && terms.len() > 1 {
        rows = cat.search_pages(&quoted.join(" AND "), &opts.filter, opts.limit)?;
    }
    let mut hits: Vec<Hit> = Vec::new();
    for (sha256, page, text, rank) in rows {
        if hits.iter().any(|h| h.sha256 == sha256) || hits.len() >= opts.limit {
            continue;
        }
        let assignment = cat.assignment(&sha256)?;
        let seg = assignment.iter().find(|(s, _)| (s.first_page..=s.last_page).contains(&page));
        hits.push(Hit {
            paths: cat.document_paths(&sha256)?,
            doc_type: seg.map(|(s, _)| s.doc_type.clone()),
            dossier: seg.and_then(|(_, l)| l.first().map(|l| l.dossier_code.clone())),
            snippet: snippet(&text, &terms),
            sha256,
            page,
            rank,
        });
    }
    Ok(hits)
}

/// The line with the most query words, those words «marked» in their original spelling.
fn snippet(text: &str, terms: &[String]) -> String {
    let matches = |word: &str| {
        let f = fold(word);
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

    #[test]
    fn snippets_mark_the_words_in_their_original_spelling() {
        let text = "CỘNG HÒA\nNơi cư trú: số 12 đường Trần Phú, phường Điện Biên\nGhi chú";
        let terms = vec!["tran".to_string(), "phu".to_string()];
        assert_eq!(snippet(text, &terms), "Nơi cư trú: số 12 đường «Trần» «Phú,» phường Điện Biên");
    }
}
