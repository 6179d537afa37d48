// ---------------------------------------------------------------------------------------------
// CCITT fax

use lopdf::{Dictionary, Document, Object};

use super::{Res, get, int, render};

/// Decodes CCITT data to gray rows: `gray.0` for a sample value of 0, `gray.1` for 1.
pub(super) fn decode_ccitt(
    doc: &Document,
    data: &[u8],
    parms: Option<&Dictionary>,
    width: usize,
    height: usize,
    gray: (u8, u8),
) -> Res<Vec<u8>> {
    let p = |key: &[u8]| parms.and_then(|d| get(doc, d, key));
    let k = p(b"K").and_then(int).unwrap_or(0);
    let columns = p(b"Columns").and_then(int).unwrap_or(1728);
    let black_is_1 = matches!(p(b"BlackIs1"), Some(Object::Boolean(true)));
    let byte_align = matches!(p(b"EncodedByteAlign"), Some(Object::Boolean(true)));
    let end_of_line = matches!(p(b"EndOfLine"), Some(Object::Boolean(true)));
    if columns != width as i64 {
        return render("CCITT image whose /Columns differs from its width");
    }
    // Decoded black pels are 0 bits unless BlackIs1; the colour mapping then applies.
    let (black, white) = if black_is_1 { (gray.1, gray.0) } else { (gray.0, gray.1) };
    let mut out = vec![white; width * height];
    let mut decode_with = |use_fax: bool| -> bool {
        out.fill(white);
        let mut rows = out.chunks_exact_mut(width.max(1));
        let mut fill = |changes: &[u32]| {
            if let Some(row) = rows.next() {
                paint_row(row, changes, black);
            }
        };
        if use_fax {
            g4_fax(data, width as u32, height, &mut fill)
        } else {
            T4Decoder::new(data, width as u32, k, end_of_line, byte_align).decode(height, &mut fill)
        }
    };
    // Plain G4 goes to `fax` first; this module's decoder covers the rest, and G4 data that
    // `fax` refuses (seen: /EndOfBlock false followed by padding).
    let ok = (k < 0 && !byte_align && decode_with(true)) || decode_with(false);
    if ok { Ok(out) } else { render("damaged CCITT data") }
}

/// Paint the black runs of one decoded row; `changes` alternate white→black, black→white.
fn paint_row(row: &mut [u8], changes: &[u32], black: u8) {
    let width = row.len();
    for pair in changes.chunks(2) {
        let a = pair.first().map_or(width, |&v| (v as usize).min(width));
        let b = pair.get(1).map_or(width, |&v| (v as usize).min(width));
        if let Some(run) = row.get_mut(a..b.max(a)) {
            run.fill(black);
        }
    }
}

/// Group 4 through the `fax` crate. Missing rows at the end of the data are left white.
fn g4_fax(data: &[u8], width: u32, height: usize, fill: &mut impl FnMut(&[u32])) -> bool {
    use fax::decoder::{DecodeStatus, Group4Decoder};
    let bytes = data.iter().copied().map(Ok::<u8, std::convert::Infallible>);
    let Ok(mut decoder) = Group4Decoder::new(bytes, width);
    for _ in 0..height {
        match decoder.advance() {
            Ok(DecodeStatus::Incomplete) => fill(decoder.transition()),
            Ok(DecodeStatus::End) => break,
            Err(_) => return false,
        }
    }
    true
}

/// A bit reader over a slice for `fax`'s code tables; reads zeros past the end.
struct BitSource<'a> {
    data: &'a [u8],
    pos: usize,
}

impl BitSource<'_> {
    fn bits_total(&self) -> usize {
        self.data.len().saturating_mul(8)
    }
    fn exhausted(&self) -> bool {
        self.pos >= self.bits_total()
    }
    fn look(&self, bits: u8) -> Option<u16> {
        fax::BitReader::peek(self, bits)
    }
    fn eat(&mut self, bits: usize) {
        self.pos = self.pos.saturating_add(bits);
    }
    fn align(&mut self) {
        self.pos = self.pos.div_ceil(8).saturating_mul(8);
    }
}

impl fax::BitReader for BitSource<'_> {
    type Error = ();
    fn peek(&self, bits: u8) -> Option<u16> {
        if bits > 16 || self.exhausted() {
            return None;
        }
        let byte = self.pos / 8;
        let b = |k: usize| u32::from(self.data.get(byte + k).copied().unwrap_or(0));
        let window = (b(0) << 16) | (b(1) << 8) | b(2);
        let shift = 24 - (self.pos % 8) as u32 - u32::from(bits);
        Some(((window >> shift) & ((1u32 << bits) - 1)) as u16)
    }
    fn consume(&mut self, bits: u8) -> Result<(), ()> {
        self.eat(usize::from(bits));
        Ok(())
    }
    fn bits_to_byte_boundary(&self) -> u8 {
        ((8 - self.pos % 8) % 8) as u8
    }
}

/// T.4 (Group 3, 1-D and 2-D) and byte-aligned T.6 decoding, after pdf.js's CCITTFaxDecoder,
/// with the `fax` crate's code tables.
pub(super) struct T4Decoder<'a> {
    src: BitSource<'a>,
    columns: u32,
    k: i64,
    end_of_line: bool,
    byte_align: bool,
    coding: Vec<u32>,
    reference: Vec<u32>,
    coding_pos: usize,
    err: bool,
    eof: bool,
}

impl<'a> T4Decoder<'a> {
    pub(super) fn new(data: &'a [u8], columns: u32, k: i64, end_of_line: bool, byte_align: bool) -> Self {
        let n = columns as usize + 2;
        let mut coding = vec![columns; n];
        if let Some(c) = coding.first_mut() {
            *c = columns;
        }
        T4Decoder {
            src: BitSource { data, pos: 0 },
            columns,
            k,
            end_of_line,
            byte_align,
            coding,
            reference: vec![columns; n],
            coding_pos: 0,
            err: false,
            eof: false,
        }
    }

    fn at(v: &[u32], i: usize, default: u32) -> u32 {
        v.get(i).copied().unwrap_or(default)
    }

    fn cur(&self) -> u32 {
        Self::at(&self.coding, self.coding_pos, self.columns)
    }

    fn add_pixels(&mut self, a1: u32, black: usize) {
        let mut p = self.coding_pos;
        if a1 > Self::at(&self.coding, p, self.columns) {
            let a1 = if a1 > self.columns {
                self.err = true;
                self.columns
            } else {
                a1
            };
            if (p & 1) ^ black != 0 {
                p += 1;
            }
            match self.coding.get_mut(p) {
                Some(slot) => *slot = a1,
                None => {
                    self.err = true;
                    p = p.saturating_sub(1);
                    if let Some(slot) = self.coding.get_mut(p) {
                        *slot = self.columns;
                    }
                }
            }
        }
        self.coding_pos = p;
    }

    fn add_pixels_neg(&mut self, a1: i64, black: usize) {
        let cur = i64::from(self.cur());
        if a1 > cur {
            self.add_pixels(a1.min(i64::from(u32::MAX)) as u32, black);
            return;
        }
        if a1 < cur {
            let a1 = if a1 < 0 {
                self.err = true;
                0
            } else {
                a1 as u32
            };
            let mut p = self.coding_pos;
            while p > 0 && a1 < Self::at(&self.coding, p - 1, 0) {
                p -= 1;
            }
            if let Some(slot) = self.coding.get_mut(p) {
                *slot = a1;
            }
            self.coding_pos = p;
        }
    }

    fn run(&mut self, black: bool) -> Option<u32> {
        let mut total: u32 = 0;
        loop {
            let n =
                if black { fax::maps::black::decode(&mut self.src) } else { fax::maps::white::decode(&mut self.src) };
            let n = u32::from(n?);
            total = total.checked_add(n)?;
            if n < 64 {
                return Some(total);
            }
        }
    }

    fn row_1d(&mut self) {
        if let Some(c) = self.coding.first_mut() {
            *c = 0;
        }
        self.coding_pos = 0;
        let mut black = 0usize;
        while self.cur() < self.columns {
            match self.run(black == 1) {
                Some(r) => {
                    let a1 = self.cur().saturating_add(r);
                    self.add_pixels(a1, black);
                    black ^= 1;
                }
                None => {
                    self.err = true;
                    self.add_pixels(self.columns, 0);
                    break;
                }
            }
        }
    }

    fn row_2d(&mut self) {
        use fax::maps::Mode;
        let cols = self.columns;
        // The previous row becomes the reference.
        let mut i = 0usize;
        while Self::at(&self.coding, i, cols) < cols {
            if let Some(slot) = self.reference.get_mut(i) {
                *slot = Self::at(&self.coding, i, cols);
            }
            i += 1;
        }
        for j in i..(i + 2).min(self.reference.len()) {
            if let Some(slot) = self.reference.get_mut(j) {
                *slot = cols;
            }
        }
        if let Some(c) = self.coding.first_mut() {
            *c = 0;
        }
        self.coding_pos = 0;
        let mut r = 0usize;
        let mut black = 0usize;
        let refl = |s: &Self, i: usize| Self::at(&s.reference, i, cols);
        while self.cur() < cols {
            match fax::maps::mode::decode(&mut self.src) {
                Some(Mode::Pass) => {
                    let b2 = refl(self, r + 1);
                    self.add_pixels(b2, black);
                    if b2 < cols {
                        r += 2;
                    }
                }
                Some(Mode::Horizontal) => {
                    let first = self.run(black == 1);
                    let second = self.run(black == 0);
                    let (Some(c1), Some(c2)) = (first, second) else {
                        self.err = true;
                        self.add_pixels(cols, 0);
                        break;
                    };
                    let a1 = self.cur().saturating_add(c1);
                    self.add_pixels(a1, black);
                    if self.cur() < cols {
                        let a2 = self.cur().saturating_add(c2);
                        self.add_pixels(a2, black ^ 1);
                    }
                    while refl(self, r) <= self.cur() && refl(self, r) < cols {
                        r += 2;
                    }
                }
                Some(Mode::Vertical(d)) => {
                    let b1 = i64::from(refl(self, r));
                    if d >= 0 {
                        self.add_pixels((b1 + i64::from(d)).min(i64::from(u32::MAX)) as u32, black);
                    } else {
                        self.add_pixels_neg(b1 + i64::from(d), black);
                    }
                    black ^= 1;
                    if self.cur() < cols {
                        if d >= 0 || r == 0 {
                            r += 1;
                        } else {
                            r -= 1;
                        }
                        while refl(self, r) <= self.cur() && refl(self, r) < cols {
                            r += 2;
                        }
                    }
                }
                Some(Mode::EOF) => {
                    self.add_pixels(cols, 0);
                    self.eof = true;
                }
                Some(Mode::Extension) | None => {
                    self.add_pixels(cols, 0);
                    self.err = true;
                }
            }
        }
    }

    /// The current row's colour changes (starting with white), without the terminator.
    fn changes(&self) -> &[u32] {
        let end = self.coding.iter().position(|&c| c >= self.columns).unwrap_or(self.coding.len());
        self.coding.get(..end).unwrap_or(&[])
    }

    /// Skip fill zeros; eat an EOL if one is there.
    fn eat_eol(&mut self) -> bool {
        while self.src.look(12) == Some(0) {
            self.src.eat(1);
        }
        if self.src.look(12) == Some(1) {
            self.src.eat(12);
            true
        } else {
            false
        }
    }

    pub(super) fn decode(mut self, rows: usize, fill: &mut impl FnMut(&[u32])) -> bool {
        self.eat_eol();
        let mut next_2d = self.k < 0;
        if self.k > 0 {
            next_2d = self.src.look(1) == Some(0);
            self.src.eat(1);
        }
        for row in 0..rows {
            if self.src.exhausted() {
                break; // Missing rows stay white.
            }
            self.err = false;
            if next_2d {
                self.row_2d();
            } else {
                self.row_1d();
            }
            if self.eof {
                break; // EOFB: the end of the data.
            }
            if self.err {
                // Damaged rows are an error, unless the data simply ran out.
                return self.src.pos >= self.src.bits_total();
            }
            fill(self.changes());
            if row + 1 == rows {
                break;
            }
            if self.byte_align {
                self.src.align();
            }
            let got_eol = if self.end_of_line {
                // Resynchronise on the next EOL.
                while self.src.look(12).is_some_and(|c| c != 1) {
                    self.src.eat(1);
                }
                self.eat_eol()
            } else {
                self.eat_eol()
            };
            if self.k > 0 {
                next_2d = self.src.look(1) == Some(0);
                self.src.eat(1);
            }
            // A second EOL right away is RTC (G3) or EOFB (G4): the end.
            if got_eol {
                let save = self.src.pos;
                if self.eat_eol() {
                    break;
                }
                self.src.pos = save;
            }
        }
        true
    }
}
