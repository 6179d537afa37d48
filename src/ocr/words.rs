//! Word boxes from Tesseract's TSV output, for the searchable PDF's text layer.

use unicode_normalization::UnicodeNormalization;

/// A word Tesseract read, in pixels of the upright image it read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OcrWord {
    pub text: String,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
}

/// Words of TSV text (`level page block par line word left top width height conf text`):
/// level-5 rows with text, NFC like the page text.
pub(crate) fn parse_tsv(tsv: &str) -> Vec<OcrWord> {
    tsv.lines().filter_map(parse_row).collect()
}

fn parse_row(line: &str) -> Option<OcrWord> {
    let cols: Vec<&str> = line.splitn(12, '\t').collect();
    if cols.len() < 12 || cols[0] != "5" {
        return None;
    }
    let text: String = cols[11].trim().nfc().collect();
    if text.is_empty() {
        return None;
    }
    let n = |i: usize| cols[i].parse::<u32>().ok();
    Some(OcrWord { text, left: n(6)?, top: n(7)?, width: n(8)?, height: n(9)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_from_level_five_rows_only() {
        let tsv = "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t300\t400\t900\t60\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t300\t400\t200\t60\t96.5\tC\u{1ed8}NG\n\
                   5\t1\t1\t1\t1\t2\t520\t402\t180\t58\t95.1\tHO\u{300}A\n\
                   5\t1\t1\t1\t1\t3\t720\t402\t10\t58\t10.0\t \n\
                   5\t1\t1\t1\t1\tx\tbad\t402\t10\t58\t10.0\tjunk\n";
        let words = parse_tsv(tsv);
        assert_eq!(words.len(), 2, "{words:?}");
        assert_eq!(words[0], OcrWord { text: "CỘNG".into(), left: 300, top: 400, width: 200, height: 60 });
        assert_eq!(words[1].text, "HÒA", "NFC like the page text");
    }
}
