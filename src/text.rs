//! Text normalisation shared by every stage that stores or compares text.

use unicode_normalization::UnicodeNormalization;

/// Unicode NFC, lines trimmed at the end, runs of blank lines folded to one, no trailing blank lines.
/// OCR and PDF text layers both mix decomposed and precomposed Vietnamese; everything stored is NFC.
pub fn normalize_page_text(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    let mut blank_run = 0;
    for line in nfc.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// The form used to compare text that OCR may have damaged: no diacritics (so ễ, ế and e meet),
/// đ as d, lower case, and every run of other characters as one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Edit distance between two char slices.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Fewest edits that turn `needle` into some substring of `hay`.
pub fn substring_distance(needle: &[char], hay: &[char]) -> usize {
    let mut prev = vec![0usize; hay.len() + 1];
    for (i, cn) in needle.iter().enumerate() {
        let mut cur = vec![i + 1; hay.len() + 1];
        for (j, ch) in hay.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(cn != ch)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev.into_iter().min().unwrap_or(0)
}

/// Count of letters and digits: how much real text a PDF text layer holds.
pub fn letter_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_to_nfc_and_tidies_lines() {
        // "Tiếng" with a combining circumflex and acute, as some OCR output gives it.
        let decomposed = "Tie\u{302}\u{301}ng  \n\n\n\nVie\u{323}\u{302}t\n\n";
        assert_eq!(normalize_page_text(decomposed), "Tiếng\n\nViệt");
    }

    #[test]
    fn folding_forgets_diacritics_case_and_punctuation() {
        assert_eq!(fold("GIẤY XÁC NHẬN  Tình trạng hôn nhân!"), "giay xac nhan tinh trang hon nhan");
        assert_eq!(fold("Đơn đề nghị"), fold("DON DE NGHI"));
        assert_eq!(fold("Ê-đê, ễ ế"), "e de e e");
    }

    #[test]
    fn distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(levenshtein(&c("khai sinh"), &c("khai sinb")), 1);
        assert_eq!(substring_distance(&c("ket hon"), &c("to khai dang ky ket hon tiep theo")), 0);
        assert_eq!(substring_distance(&c("ket hon"), &c("ket hcn")), 1);
    }

    #[test]
    fn counts_letters_not_punctuation() {
        assert_eq!(letter_count("Đ.1 - ..."), 2);
    }
}
