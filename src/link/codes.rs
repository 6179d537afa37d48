//! Dossier codes (Thông tư 01/2018 art. 19): `<agency code>-YYMMDD-NNNN`. The agency code has
//! dots (QCVN 102:2016), so the date and sequence are read from the end.

use regex::Regex;
use std::sync::OnceLock;

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // OCR puts spaces around hyphens and dots now and then; they are removed before checking.
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b([0-9A-Z]{1,6}(?:\s?\.\s?[0-9A-Z]{1,6}){1,6})\s?-\s?(\d{6})\s?-\s?(\d{4,7})\b")
            .unwrap_or_else(|e| unreachable!("dossier code pattern: {e}"))
    })
}

/// Every well-formed dossier code in `text`, upper-cased, each once, in order of appearance.
pub(crate) fn dossier_codes(text: &str) -> Vec<String> {
    // File names glue codes to words with '_', which regex word boundaries do not split.
    let text = text.replace('_', " ");
    let mut out: Vec<String> = Vec::new();
    for m in pattern().captures_iter(&text) {
        let agency: String = m[1].chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let (date, seq) = (&m[2], &m[3]);
        if !valid_yymmdd(date) || !agency.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let code = format!("{agency}-{date}-{seq}");
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// Whether `code` as a whole is a well-formed dossier code.
pub(crate) fn is_dossier_code(code: &str) -> bool {
    dossier_codes(code).first().is_some_and(|c| c == code)
}

fn valid_yymmdd(d: &str) -> bool {
    let n = |r: std::ops::Range<usize>| d.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    (1..=12).contains(&n(2..4)) && (1..=31).contains(&n(4..6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_codes_in_text_paths_and_ocr_spacing() {
        assert_eq!(dossier_codes("Mã hồ sơ: H15.50.05.13-261008-0975."), ["H15.50.05.13-261008-0975"]);
        assert_eq!(dossier_codes("/scans/000.00.12.H30-250714-0003/to-khai.tif"), ["000.00.12.H30-250714-0003"]);
        assert_eq!(dossier_codes("Mã hồ sơ: 000.00.12.H30 - 250714 - 0003"), ["000.00.12.H30-250714-0003"]);
        assert_eq!(dossier_codes("HS_000.00.12.H30-250825-0008_don.tif"), ["000.00.12.H30-250825-0008"]);
        assert!(dossier_codes("ngày 12-03-2025, số 1.001193").is_empty());
        assert!(dossier_codes("000.00.12.H30-251399-0003").is_empty(), "month 13 is no date");
        assert!(is_dossier_code("000.00.00.H30-261108-0012"));
        assert!(!is_dossier_code("H30-2507-12"));
    }
}
