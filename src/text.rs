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
    fn counts_letters_not_punctuation() {
        assert_eq!(letter_count("Đ.1 - ..."), 2);
    }
}
