//! Field extraction (bóc tách dữ liệu): the data a clerk would copy off a document. Precision
//! over recall: a value is kept only when a label on the same line names it (or, for a citizen ID,
//! when the number passes DOMAIN.md's structure check), and the line it came from is kept as
//! evidence. Labels are matched on folded text, so OCR's lost diacritics do not hide them.

use crate::text::fold;
use regex::Regex;
use std::sync::OnceLock;

/// The extractors the catalog may name in a document type's `fields`.
pub(crate) const KNOWN: [&str; 6] =
    ["citizen_id", "full_name", "date_of_birth", "document_number", "issue_date", "issuing_body"];

/// One extracted value and the line it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub evidence: String,
}

/// Extract `wanted` fields from a document's text.
pub(crate) fn extract(text: &str, wanted: &[String]) -> Vec<Field> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut out = Vec::new();
    for name in wanted {
        let found = match name.as_str() {
            "citizen_id" => citizen_id(&lines),
            "full_name" => labelled(&lines, &["ho chu dem ten", "ho va ten", "ho ten"], name_value),
            "date_of_birth" => labelled(&lines, &["ngay thang nam sinh", "ngay sinh"], date_value),
            "document_number" => labelled(&lines, &["so"], number_value),
            "issue_date" => labelled(&lines, &["ngay cap"], date_value).or_else(|| signing_date(&lines)),
            "issuing_body" => labelled(&lines, &["co quan cap", "noi cap", "co quan dang ky"], text_value),
            _ => None,
        };
        if let Some((value, evidence)) = found {
            out.push(Field { name: name.clone(), value, evidence: evidence.to_string() });
        }
    }
    out
}

/// The first line that starts with one of `labels` followed by ':' and a value `parse` accepts.
fn labelled<'a>(lines: &[&'a str], labels: &[&str], parse: fn(&str) -> Option<String>) -> Option<(String, &'a str)> {
    for line in lines {
        let Some((head, rest)) = line.split_once(':') else { continue };
        let head = fold(head);
        if labels.iter().any(|l| head == *l) {
            // "Số: 215/2025; Quyển số: 01/2025": the value ends at the next field.
            let value = rest.split(';').next().unwrap_or("").trim();
            if let Some(v) = parse(value) {
                return Some((v, line));
            }
        }
    }
    None
}

fn name_value(v: &str) -> Option<String> {
    let words: Vec<&str> = v.split_whitespace().collect();
    // A Vietnamese full name: 2 to 6 words of letters, each starting with a capital.
    let ok = (2..=6).contains(&words.len())
        && words.iter().all(|w| w.chars().all(char::is_alphabetic) && w.chars().next().is_some_and(char::is_uppercase));
    ok.then(|| words.join(" "))
}

fn date_value(v: &str) -> Option<String> {
    let re = date_pattern();
    let c = re.captures(v)?;
    let (d, m, y): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    crate::dossiers::parse_date(&format!("{y:04}-{m:02}-{d:02}")).map(|s| s[..10].to_string())
}

fn date_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b").unwrap_or_else(|e| unreachable!("{e}")))
}

fn number_value(v: &str) -> Option<String> {
    let v = v.trim().trim_end_matches(['.', ',']);
    (!v.is_empty() && v.len() <= 30 && v.chars().any(|c| c.is_ascii_digit()) && !v.contains(' ')).then(|| v.to_string())
}

fn text_value(v: &str) -> Option<String> {
    let v = v.trim().trim_end_matches('.');
    (v.chars().filter(|c| c.is_alphabetic()).count() >= 3).then(|| v.to_string())
}

/// "…, ngày 12 tháng 3 năm 2025": the date a document was signed, on the last such line.
fn signing_date<'a>(lines: &[&'a str]) -> Option<(String, &'a str)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})$").unwrap_or_else(|e| unreachable!("{e}"))
    });
    lines.iter().rev().find_map(|line| {
        let folded = fold(line);
        let c = re.captures(&folded)?;
        let v = date_value(&format!("{}/{}/{}", &c[1], &c[2], &c[3]))?;
        Some((v, *line))
    })
}

/// A 12-digit citizen ID that passes the structure check, on a line that names it; or, failing
/// that, the only valid 12-digit number in the document.
fn citizen_id<'a>(lines: &[&'a str]) -> Option<(String, &'a str)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\b(\d{12})\b").unwrap_or_else(|e| unreachable!("{e}")));
    let mut all: Vec<(String, &str, bool)> = Vec::new();
    for line in lines {
        let f = fold(line);
        let named = ["dinh danh", "cccd", "can cuoc", "so giay to"].iter().any(|l| f.contains(l));
        for c in re.captures_iter(line) {
            if valid_citizen_id(&c[1]) {
                all.push((c[1].to_string(), line, named));
            }
        }
    }
    if let Some((id, line, _)) = all.iter().find(|(_, _, named)| *named) {
        return Some((id.clone(), line));
    }
    let mut distinct: Vec<&String> = all.iter().map(|(id, _, _)| id).collect();
    distinct.dedup();
    match distinct.len() {
        1 => all.first().map(|(id, line, _)| (id.clone(), *line)),
        _ => None,
    }
}

/// DOMAIN.md: 3 digits birth-registration province (001–096), 1 digit century and sex (0–3 for
/// the 1900s and 2000s), 2 digits year of birth, 6 digits.
pub fn valid_citizen_id(id: &str) -> bool {
    let d: Vec<u32> = id.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 12 || id.len() != 12 {
        return false;
    }
    let province = d[0] * 100 + d[1] * 10 + d[2];
    (1..=96).contains(&province) && d[3] <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nGIẤY KHAI SINH\nSố: 215/2025; Quyển số: 01/2025\n\
        Họ, chữ đệm, tên: Nguyễn Minh Khang\nNgày, tháng, năm sinh: 05/03/2025\n\
        Số định danh cá nhân: 001225012345\nHọ, chữ đệm, tên người mẹ: Trần Thị Thu Hà\n\
        Mẹ: số CCCD 001192004567\nHà Nội, ngày 12 tháng 3 năm 2025";

    fn all(text: &str) -> Vec<(String, String)> {
        let wanted: Vec<String> = KNOWN.iter().map(|s| s.to_string()).collect();
        extract(text, &wanted).into_iter().map(|f| (f.name, f.value)).collect()
    }

    #[test]
    fn reads_labelled_fields_and_keeps_the_subjects_not_the_parents() {
        let got = all(PAGE);
        let want = [
            ("citizen_id", "001225012345"),
            ("full_name", "Nguyễn Minh Khang"),
            ("date_of_birth", "2025-03-05"),
            ("document_number", "215/2025"),
            ("issue_date", "2025-03-12"),
        ];
        assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
    }

    #[test]
    fn labels_survive_lost_diacritics_and_uncertain_values_stay_empty() {
        let ocr = "Ho, chu dem, ten: Nguyen Minh Khang\nNgay, thang, nam sinh: 31/02/2025\nSo: \n";
        let got = all(ocr);
        assert_eq!(
            got,
            [("full_name".to_string(), "Nguyen Minh Khang".to_string())],
            "bad date and empty number dropped"
        );
        assert!(all("Ho va ten: nguyen van an").is_empty(), "a name in lower case is not taken");
    }

    #[test]
    fn citizen_ids_are_checked() {
        assert!(valid_citizen_id("001225012345"));
        assert!(!valid_citizen_id("097225012345"), "no province 097");
        assert!(!valid_citizen_id("001525012345"), "century digit 5");
        // Two valid unlabelled numbers: which one is the owner's is not certain.
        assert!(all("A 001225012345\nB 001192004567").is_empty());
        assert_eq!(all("Ghi chú 001225012345"), [("citizen_id".to_string(), "001225012345".to_string())]);
    }
}
