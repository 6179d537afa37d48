//! Document types from text. Two sources of evidence, both tolerant of OCR damage (all
//! comparisons are on folded text: no diacritics, no case, no punctuation):
//! - the catalog's titles, matched against the lines near the top of the page (where a Vietnamese
//!   administrative document prints its heading), with the body's cue phrases as support;
//! - a nearest-neighbour model over documents staff confirmed with `sohoa label`.
//!
//! Below the threshold the answer is `unknown`: a confident wrong label is worse than none.

use crate::procedures::Procedures;
use crate::text::{fold, levenshtein, substring_distance};
use std::collections::HashMap;

/// Lines from the top of a page searched for a title.
const TITLE_LINES: usize = 14;
/// A title line must match at least this well to count as a heading.
pub(crate) const TITLE_MATCH: f32 = 0.75;

pub(crate) const UNKNOWN: &str = "unknown";

struct TypeModel {
    code: String,
    titles: Vec<Vec<char>>,
    cues: Vec<Vec<char>>,
}

/// A staff-confirmed example: its type and its word profile.
struct Example {
    doc_type: String,
    profile: HashMap<String, f32>,
}

pub(crate) struct Classifier {
    types: Vec<TypeModel>,
    examples: Vec<Example>,
    /// sha256 → type, for the confirmed documents themselves.
    confirmed: HashMap<(String, u32), String>,
    threshold: f32,
}

/// What one page says about itself.
#[derive(Debug, Clone)]
pub(crate) struct PageSignal {
    /// Best type by its title, with the score, when the page shows a heading.
    pub title: Option<(String, f32)>,
    /// The heading says the page continues the previous one ("(tiếp theo)").
    pub continuation: bool,
}

/// The answer for a run of pages.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Verdict {
    pub doc_type: String,
    pub confidence: f32,
    /// `title`, `model`, `label`, or `none`.
    pub method: String,
    pub evidence: String,
}

impl Classifier {
    /// `labelled`: (sha256, first page, type, text) of confirmed documents.
    pub fn new(procs: &Procedures, labelled: &[(String, u32, String, String)], threshold: f32) -> Self {
        let chars = |s: &String| fold(s).chars().collect::<Vec<_>>();
        let types = procs
            .doc_types
            .iter()
            .map(|t| TypeModel {
                code: t.code.clone(),
                titles: t.titles.iter().map(chars).collect(),
                cues: t.cues.iter().map(chars).collect(),
            })
            .collect();
        let examples =
            labelled.iter().map(|(_, _, t, text)| Example { doc_type: t.clone(), profile: profile(text) }).collect();
        let confirmed = labelled.iter().map(|(sha, p, t, _)| ((sha.clone(), *p), t.clone())).collect();
        Classifier { types, examples, confirmed, threshold }
    }

    /// Title evidence of one page: used to cut multi-document files into documents.
    pub fn page_signal(&self, text: &str) -> PageSignal {
        let lines: Vec<Vec<char>> =
            text.lines().map(fold).filter(|l| !l.is_empty()).take(TITLE_LINES).map(|l| l.chars().collect()).collect();
        let mut best: Option<(String, f32, usize)> = None;
        for t in &self.types {
            for (i, cand) in candidates(&lines).iter().enumerate() {
                let s = t.titles.iter().map(|title| title_score(title, cand)).fold(0.0, f32::max);
                if s >= TITLE_MATCH && best.as_ref().is_none_or(|b| s > b.1) {
                    best = Some((t.code.clone(), s, i));
                }
            }
        }
        let continuation = best.as_ref().is_some_and(|(_, _, i)| {
            let line: String = candidates(&lines)[*i].iter().collect();
            line.contains("tiep theo")
        });
        PageSignal { title: best.map(|(c, s, _)| (c, s)), continuation }
    }

    /// Classify a document made of `pages` (texts in order); `key` is (sha256, first page).
    pub fn classify(&self, key: (&str, u32), pages: &[&str]) -> Verdict {
        if let Some(t) = self.confirmed.get(&(key.0.to_string(), key.1)) {
            return Verdict {
                doc_type: t.clone(),
                confidence: 1.0,
                method: "label".into(),
                evidence: "confirmed by staff".into(),
            };
        }
        let first = pages.first().copied().unwrap_or("");
        let whole = fold(&pages.join("\n"));
        let whole: Vec<char> = whole.chars().collect();
        let mut scores: Vec<(String, f32, String)> = Vec::new();
        let signal = self.page_signal(first);
        for t in &self.types {
            let title = match &signal.title {
                Some((code, s)) if *code == t.code => *s,
                _ => 0.0,
            };
            let cues = cue_fraction(&t.cues, &whole);
            let score = if title >= TITLE_MATCH { 0.85 * title + 0.15 * cues } else { 0.5 * cues };
            scores.push((t.code.clone(), score, format!("title {title:.2}, cues {cues:.2}")));
        }
        let own = profile(&pages.join("\n"));
        for ex in &self.examples {
            let sim = cosine(&own, &ex.profile);
            if let Some(s) = scores.iter_mut().find(|s| s.0 == ex.doc_type)
                && sim > s.1
            {
                *s = (s.0.clone(), sim, format!("like a confirmed example (similarity {sim:.2})"));
            }
        }
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (best, second) = (scores.first(), scores.get(1));
        let Some((code, score, why)) = best.cloned() else {
            return unknown("no document types in the catalog".into());
        };
        // Two types nearly tied: the page does not decide between them.
        let margin = second.map_or(score, |s| score - s.1);
        let confidence = if margin < 0.1 { score * (0.5 + margin * 5.0) } else { score };
        let method = if why.starts_with("like") { "model" } else { "title" };
        if confidence < self.threshold {
            return unknown(format!(
                "best guess {code} at {confidence:.2} ({why}), below the threshold {:.2}",
                self.threshold
            ));
        }
        Verdict { doc_type: code, confidence: confidence.min(1.0), method: method.into(), evidence: why }
    }
}

fn unknown(evidence: String) -> Verdict {
    Verdict { doc_type: UNKNOWN.into(), confidence: 0.0, method: "none".into(), evidence }
}

/// Each line, and each run of two or three adjacent lines: long titles wrap.
fn candidates(lines: &[Vec<char>]) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = lines.to_vec();
    for n in [2, 3] {
        for w in lines.windows(n) {
            let mut joined = w[0].clone();
            for l in &w[1..] {
                joined.push(' ');
                joined.extend_from_slice(l);
            }
            out.push(joined);
        }
    }
    out
}

/// How well a line is this title: the title's characters found in order, less half a point
/// per extra character on the line, so "tờ khai cấp giấy xác nhận…" is a better match for its
/// own title than for the shorter "giấy xác nhận…" it contains.
fn title_score(title: &[char], line: &[char]) -> f32 {
    if title.is_empty() || line.len() * 2 < title.len() {
        return 0.0;
    }
    let d = if line.len() <= title.len() { levenshtein(title, line) } else { substring_distance(title, line) };
    let extra = line.len().saturating_sub(title.len()) as f32;
    (1.0 - (d as f32 + 0.5 * extra) / title.len() as f32).max(0.0)
}

/// Share of the cue phrases found (allowing one edit in eight characters).
fn cue_fraction(cues: &[Vec<char>], text: &[char]) -> f32 {
    if cues.is_empty() {
        return 0.0;
    }
    let found = cues.iter().filter(|c| substring_distance(c, text) * 8 <= c.len()).count();
    found as f32 / cues.len() as f32
}

/// Word and word-pair frequencies of folded text, as a unit vector.
fn profile(text: &str) -> HashMap<String, f32> {
    let folded = fold(text);
    let words: Vec<&str> =
        folded.split(' ').filter(|w| w.len() > 1 && !w.chars().all(|c| c.is_ascii_digit())).collect();
    let mut v: HashMap<String, f32> = HashMap::new();
    for w in &words {
        *v.entry((*w).to_string()).or_default() += 1.0;
    }
    for p in words.windows(2) {
        *v.entry(format!("{} {}", p[0], p[1])).or_default() += 1.0;
    }
    let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|x| *x /= norm);
    }
    v
}

fn cosine(a: &HashMap<String, f32>, b: &HashMap<String, f32>) -> f32 {
    let (small, large) = if a.len() < b.len() { (a, b) } else { (b, a) };
    small.iter().filter_map(|(k, x)| large.get(k).map(|y| x * y)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Procedures {
        Procedures::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/procedures.toml")).unwrap()
    }

    const HEAD: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n";

    #[test]
    fn titles_survive_ocr_damage_and_nested_titles_are_told_apart() {
        let c = Classifier::new(&catalog(), &[], 0.6);
        let cases = [
            ("TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", "to_khai_xac_nhan_tinh_trang_hon_nhan"),
            ("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", "giay_xac_nhan_tinh_trang_hon_nhan"),
            ("GIAY XAC NHAN TINH TRANG H0N NHAN", "giay_xac_nhan_tinh_trang_hon_nhan"),
            ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUÁ", "giay_tiep_nhan_ho_so"),
            ("Tờ khai đăng ký khai sinh", "to_khai_khai_sinh"),
            ("GIẤY KHAI SINH", "giay_khai_sinh"),
        ];
        for (title, want) in cases {
            let text = format!("{HEAD}{title}\nHọ, chữ đệm, tên: Nguyễn Văn An\n");
            let v = c.classify(("x", 1), &[&text]);
            assert_eq!(v.doc_type, want, "{title}: {v:?}");
            assert!(v.confidence >= 0.6, "{title}: {v:?}");
        }
    }

    #[test]
    fn no_title_means_unknown_not_a_guess() {
        let c = Classifier::new(&catalog(), &[], 0.6);
        let v = c.classify(("x", 1), &[&format!("{HEAD}Danh sách cán bộ trực ban tháng 7\n")]);
        assert_eq!(v.doc_type, UNKNOWN);
    }

    #[test]
    fn confirmed_examples_teach_the_model() {
        let memo = "THÔNG BÁO\nVề việc bổ sung hồ sơ đăng ký hộ kinh doanh\nĐề nghị ông bà bổ sung giấy tờ còn thiếu";
        let other = "THÔNG BÁO\nVề việc bổ sung hồ sơ đăng ký hộ kinh doanh\nĐề nghị bà bổ sung bản sao giấy tờ";
        let before = Classifier::new(&catalog(), &[], 0.6);
        assert_eq!(before.classify(("b", 1), &[other]).doc_type, UNKNOWN);
        let labelled = [("a".to_string(), 1, "giay_de_nghi_dang_ky_ho_kinh_doanh".to_string(), memo.to_string())];
        let after = Classifier::new(&catalog(), &labelled, 0.6);
        let v = after.classify(("b", 1), &[other]);
        assert_eq!((v.doc_type.as_str(), v.method.as_str()), ("giay_de_nghi_dang_ky_ho_kinh_doanh", "model"), "{v:?}");
        assert_eq!(after.classify(("a", 1), &[memo]).method, "label");
    }

    #[test]
    fn continuation_pages_are_marked() {
        let c = Classifier::new(&catalog(), &[], 0.6);
        let s = c.page_signal(&format!("{HEAD}TỜ KHAI ĐĂNG KÝ KẾT HÔN (tiếp theo)\n"));
        assert!(s.continuation, "{s:?}");
        let s = c.page_signal(&format!("{HEAD}TỜ KHAI ĐĂNG KÝ KẾT HÔN\n"));
        assert!(!s.continuation && s.title.is_some(), "{s:?}");
    }
}
