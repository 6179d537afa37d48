//! The invisible text's font: Tesseract's glyphless font, addressed by UTF-16 code units.
//!
//! `glyphless.ttf` is a copy of Tesseract's `tessdata/pdf.ttf` (572 bytes, one empty glyph,
//! designed by Ken Sharp for Tesseract's PDF renderer). Tesseract, this file included, is
//! Apache-2.0 licensed (Debian's libtesseract5 copyright file: "Files: * / License:
//! Apache-2.0"), compatible with this crate's MIT OR Apache-2.0. Embedding a copy keeps the
//! PDFs independent of what is installed where they are made.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};
use std::collections::BTreeSet;
use std::fmt::Write as _;

const GLYPHLESS_TTF: &[u8] = include_bytes!("glyphless.ttf");

/// Every character advances half an em, the glyph's width in the font.
pub(super) const ADVANCE: f64 = 0.5;

/// Add the font's objects to `doc`, able to give back the characters `codes` (UTF-16 code
/// units); returns the Type0 font to list in page resources.
pub(super) fn add_font(doc: &mut Document, codes: &BTreeSet<u16>) -> Result<ObjectId, String> {
    let file = doc.add_object(flate_stream(dictionary! { "Length1" => GLYPHLESS_TTF.len() as i64 }, GLYPHLESS_TTF)?);
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "GlyphLessFont",
        "Flags" => 5,
        "FontBBox" => [0, 0, 500, 1000].iter().map(|&v| Object::Integer(v)).collect::<Vec<_>>(),
        "ItalicAngle" => 0,
        "Ascent" => 1000,
        // The glyph sits on the baseline: a word's box is [baseline, baseline + size].
        "Descent" => -1,
        "CapHeight" => 1000,
        "StemV" => 80,
        "FontFile2" => file,
    });
    let gid_map = doc.add_object(flate_stream(Dictionary::new(), &cid_to_gid_map())?);
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "GlyphLessFont",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => (ADVANCE * 1000.0) as i64,
        "CIDToGIDMap" => gid_map,
    });
    let to_unicode = doc.add_object(flate_stream(Dictionary::new(), to_unicode_cmap(codes).as_bytes())?);
    Ok(doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "GlyphLessFont",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_font)],
        "ToUnicode" => to_unicode,
    }))
}

/// Every CID (a UTF-16 code unit) to glyph 1, the font's only real glyph. A map rather than
/// /Identity: the font has two glyphs, and a CID naming a missing glyph upsets strict readers.
fn cid_to_gid_map() -> Vec<u8> {
    [0u8, 1].repeat(1 << 16)
}

/// Character code → Unicode is the identity. Only the codes the document uses are listed (a
/// map of the whole plane costs 1.7 KB compressed, more than everything else added), as runs
/// of consecutive codes that stay within one high byte, as the CMap format requires, in
/// sections of at most 100 entries.
fn to_unicode_cmap(codes: &BTreeSet<u16>) -> String {
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for &c in codes {
        match runs.last_mut() {
            Some((_, end)) if u32::from(*end) + 1 == u32::from(c) && *end >> 8 == c >> 8 => *end = c,
            _ => runs.push((c, c)),
        }
    }
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for section in runs.chunks(100) {
        let _ = writeln!(s, "{} beginbfrange", section.len());
        for (start, end) in section {
            let _ = writeln!(s, "<{start:04X}> <{end:04X}> <{start:04X}>");
        }
        s.push_str("endbfrange\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// A stream holding `data` compressed with Flate.
pub(super) fn flate_stream(mut dict: Dictionary, data: &[u8]) -> Result<Stream, String> {
    dict.set("Filter", "FlateDecode");
    Ok(Stream::new(dict, deflate(data)?).with_compression(false))
}

pub(super) fn deflate(data: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let fail = |e: std::io::Error| format!("cannot compress a PDF stream: {e}");
    enc.write_all(data).map_err(fail)?;
    enc.finish().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_is_tesseracts_glyphless_font() {
        // A TrueType file (version 1.0) with the name table Tesseract's font carries.
        assert_eq!(&GLYPHLESS_TTF[..4], &[0, 1, 0, 0]);
        assert_eq!(GLYPHLESS_TTF.len(), 572);
        // "Cộng hòa" and a space: C ộ n g h ò a, with n, o... as runs where they touch.
        let codes: BTreeSet<u16> = "Cộng hòa abc".encode_utf16().collect();
        let cmap = to_unicode_cmap(&codes);
        assert!(cmap.contains("7 beginbfrange\n"), "{cmap}");
        for entry in ["<0020> <0020> <0020>", "<0061> <0063> <0061>", "<1ED9> <1ED9> <1ED9>", "<00F2> <00F2> <00F2>"] {
            assert!(cmap.contains(entry), "{entry} in {cmap}");
        }
        let all: BTreeSet<u16> = (0xFE..=0x103).collect();
        assert!(
            to_unicode_cmap(&all).contains("<00FE> <00FF> <00FE>\n<0100> <0103> <0100>"),
            "runs stop at a high byte"
        );
        let many: BTreeSet<u16> = (0..500).map(|i| i * 2).collect();
        assert_eq!(to_unicode_cmap(&many).matches("beginbfrange").count(), 5);
    }
}
