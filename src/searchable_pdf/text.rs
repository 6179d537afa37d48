//! The invisible words of one page, as content-stream operators.

use super::TextLayer;
use super::font::ADVANCE;
use super::geometry::num;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use unicode_normalization::UnicodeNormalization;

/// The page's words, drawn invisibly in a space of `width × height` points (y upwards) that
/// is the OCR'd image at its resolution, using font resource `font`. Empty when there are no
/// words to draw.
pub(super) fn text_operators(layer: &TextLayer, font: &str) -> String {
    let scale = 72.0 / f64::from(layer.dpi);
    let page_height = f64::from(layer.height) * scale;
    let mut ops = String::new();
    let mut size_set = None;
    for word in &layer.words {
        let codes = utf16_codes(&word.text);
        if codes.is_empty() || word.width == 0 || word.height == 0 {
            continue;
        }
        let size = f64::from(word.height) * scale;
        let width = f64::from(word.width) * scale;
        // Stretch so the glyphs, spaces left out, span the box.
        let stretch = 100.0 * width / (codes.len() as f64 * ADVANCE * size);
        let x = f64::from(word.left) * scale;
        let baseline = page_height - (f64::from(word.top) + f64::from(word.height)) * scale;
        let size = num(size);
        if size_set.as_ref() != Some(&size) {
            let _ = writeln!(ops, "/{font} {size} Tf");
            size_set = Some(size);
        }
        let _ = write!(ops, "{} Tz 1 0 0 1 {} {} Tm <", num(stretch), num(x), num(baseline));
        for c in codes {
            let _ = write!(ops, "{c:04X}");
        }
        // A trailing space: readers then see separate words whatever the gaps.
        ops.push_str("0020> Tj\n");
    }
    if ops.is_empty() { ops } else { format!("BT\n3 Tr\n{ops}ET\n") }
}

/// Every code the layers' words are written with, the space included.
pub(super) fn used_codes<'a>(layers: impl IntoIterator<Item = &'a TextLayer>) -> BTreeSet<u16> {
    let mut codes = BTreeSet::from([0x20]);
    for layer in layers {
        codes.extend(layer.words.iter().flat_map(|w| utf16_codes(&w.text)));
    }
    codes
}

/// The word in NFC as UTF-16 code units, one per character. Characters outside the Basic
/// Multilingual Plane (two code units) and control characters are dropped: the font gives
/// each code one advance, and Vietnamese needs none of them.
fn utf16_codes(text: &str) -> Vec<u16> {
    text.nfc()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .filter_map(|c| u16::try_from(u32::from(c)).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::Word;
    use super::*;

    fn layer(words: Vec<Word>) -> TextLayer {
        TextLayer { width: 300, height: 600, dpi: 300, rotation: 0, words }
    }

    #[test]
    fn words_become_nfc_code_units_stretched_over_their_box() {
        // "Việt" written decomposed (e + combining marks) comes out precomposed.
        let w = Word { text: "Vie\u{323}\u{302}t".into(), left: 30, top: 100, width: 120, height: 50 };
        let ops = text_operators(&layer(vec![w]), "F0");
        assert!(ops.starts_with("BT\n3 Tr\n/F0 12 Tf\n"), "{ops}");
        // 4 characters of half an em at 12 pt = 24 pt; the box is 28.8 pt wide.
        assert!(ops.contains("120 Tz 1 0 0 1 7.2 108 Tm <005600691EC700740020> Tj"), "{ops}");
        assert!(ops.ends_with("ET\n"));
    }

    #[test]
    fn nothing_to_draw_gives_nothing() {
        let empty = Word { text: "\u{1F600}\n".into(), left: 0, top: 0, width: 10, height: 10 };
        let flat = Word { text: "a".into(), left: 0, top: 0, width: 10, height: 0 };
        assert_eq!(text_operators(&layer(vec![empty, flat]), "F0"), "");
    }
}
