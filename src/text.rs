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

/// Folded text with the shapes OCR confuses made one: 0/o, 1/l/i, 5/s, rn/m, vv/w, cl/d, so a
/// search for "Nam" finds "Narn" and "001085" finds "OOl085". Only for matching, never stored
/// as the text or shown.
pub fn skeleton(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let b = folded.as_bytes();
    let mut i = 0;
    while i < folded.len() {
        let pair = b.get(i..i + 2);
        let (c, step) = match pair {
            Some(b"rn") => ('m', 2),
            Some(b"vv") => ('w', 2),
            Some(b"cl") => ('d', 2),
            _ => {
                let ch = folded[i..].chars().next().unwrap_or(' ');
                let c = match ch {
                    '0' => 'o',
                    '1' | 'i' => 'l',
                    '5' => 's',
                    c => c,
                };
                (c, ch.len_utf8())
            }
        };
        out.push(c);
        i += step;
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
    fn skeletons_make_ocr_confusions_meet() {
        assert_eq!(skeleton("Hà Nam"), skeleton("Ha Narn"));
        assert_eq!(skeleton("001085017839"), skeleton("OOl085Ol7839"));
        assert_eq!(skeleton("Điện Biên"), skeleton("dien bien"));
        assert_ne!(skeleton("Trần Phú"), skeleton("Trần Phố"), "other letters stay apart");
    }

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
