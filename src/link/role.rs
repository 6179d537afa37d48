//! A linked document's role in its dossier, decided by the dossier's procedure, not by the type
//! alone, and always with the reason.

use crate::catalog::{PageText, SegmentRow};
use crate::dossiers::Dossier;
use crate::procedures::Procedures;
use crate::text::fold;
use regex::Regex;
use std::sync::OnceLock;

pub(super) fn decide(procs: &Procedures, d: &Dossier, s: &SegmentRow, pages: &[PageText]) -> (String, String) {
    let r = |role: &str, why: String| (role.to_string(), why);
    let Some(p) = procs.procedure(&d.procedure_code) else {
        return r("extra", format!("procedure {} is not in the catalog", d.procedure_code));
    };
    let t = s.doc_type.as_str();
    if procs.doc_type(t).is_some_and(|dt| dt.receipt) {
        return r("receipt", "the dossier's receipt".into());
    }
    let is_result = p.results.iter().any(|x| x == t);
    let is_input = p.components.iter().any(|c| c.doc_type == t);
    match (is_input, is_result) {
        (true, true) => by_dates(d, s, pages),
        (false, true) => r("result", format!("{t} is what procedure {} issues", p.code)),
        (true, false) => r("input", format!("{t} is a component of procedure {}", p.code)),
        (false, false) if t == crate::classify::UNKNOWN => r("extra", "type unknown".into()),
        (false, false) => r("extra", format!("{t} is neither a component nor a result of procedure {}", p.code)),
    }
}

/// The same type is submitted and issued (a land certificate updated by the transfer): a date on
/// it after the dossier was received, or a recorded change, makes it the result.
fn by_dates(d: &Dossier, s: &SegmentRow, pages: &[PageText]) -> (String, String) {
    let text: String = pages
        .iter()
        .filter(|p| (s.first_page..=s.last_page).contains(&p.page_no))
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let received = &d.received_at[..10.min(d.received_at.len())];
    let latest = dates(&text).into_iter().max();
    let records_change = fold(&text).contains("nhung thay doi sau khi cap");
    match latest {
        Some(l) if l.as_str() > received => (
            "result".into(),
            format!(
                "{} dated {l}, after the dossier was received on {received}{}",
                s.doc_type,
                if records_change { ", with a recorded change" } else { "" }
            ),
        ),
        Some(l) => (
            "input".into(),
            format!("latest date on it is {l}, before the dossier was received on {received}: the copy submitted"),
        ),
        None => (
            "input".into(),
            format!("no date after the receipt date {received} found on it: taken as the copy submitted"),
        ),
    }
}

/// Dates written as dd/mm/yyyy or "ngày dd tháng mm năm yyyy", as ISO strings.
fn dates(text: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
        )
        .unwrap_or_else(|e| unreachable!("date pattern: {e}"))
    });
    re.captures_iter(text)
        .filter_map(|c| {
            let g = |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).and_then(|m| m.as_str().parse::<u32>().ok());
            let (d, m, y) = (g(1, 4)?, g(2, 5)?, g(3, 6)?);
            ((1..=31).contains(&d) && (1..=12).contains(&m) && (1900..=2200).contains(&y))
                .then(|| format!("{y:04}-{m:02}-{d:02}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_date_spellings() {
        assert_eq!(dates("cấp ngày 05/03/2015; ngày 12 tháng 9 năm 2025"), ["2015-03-05", "2025-09-12"]);
    }
}
