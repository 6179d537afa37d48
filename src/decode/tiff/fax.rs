//! CCITT fax: Modified Huffman (compression 2), Group 3 / T.4 (3) and Group 4 / T.6 (4).

use super::ifd::{File, Ifd, Page, ROWS_PER_STRIP, STRIP_BYTE_COUNTS, STRIP_OFFSETS, T4_OPTIONS, TILE_OFFSETS};
use super::via_crate::photometric_name;
use super::{corrupt, unsupported};
use image::GrayImage;
use std::sync::OnceLock;

pub(super) fn decode_fax(f: &File, ifd: &Ifd, p: &Page) -> Result<GrayImage, String> {
    if p.bits != 1 || p.samples != 1 {
        return Err(unsupported(format!("fax page with {} channels of {} bits", p.samples, p.bits)));
    }
    if ifd.get(TILE_OFFSETS).is_some() {
        return Err(unsupported("layout: tiled fax pages"));
    }
    // A white run is a 0 bit; 0 is white under WhiteIsZero (the fax default) and black otherwise.
    let (white, black) = match p.photometric {
        None | Some(0) => (255u8, 0u8),
        Some(1) => (0, 255),
        Some(n) => {
            return Err(unsupported(format!("colour type for fax data: {}", photometric_name(n))));
        }
    };
    let (w, h) = (p.width, p.height);
    let rows_per_strip = match ifd.uint(f, ROWS_PER_STRIP) {
        Some(0) | None => h,
        Some(r) => u32::try_from(r).unwrap_or(u32::MAX).min(h),
    };
    let strips = h.div_ceil(rows_per_strip);
    let cap = u64::from(strips) + 1024;
    let offsets = f.uints(ifd.get(STRIP_OFFSETS).ok_or_else(|| corrupt("the page has no image data"))?, cap)?;
    let counts = match ifd.get(STRIP_BYTE_COUNTS) {
        Some(e) => Some(f.uints(e, cap)?),
        None => None,
    };
    let width = w as usize;
    let total = width.checked_mul(h as usize).ok_or_else(|| corrupt("page too large"))?;
    let mut pixels = vec![white; total];
    let tables = tables();
    let two_d = ifd.uint(f, T4_OPTIONS).unwrap_or(0) & 1 != 0;
    let mut unreadable: u64 = 0;

    for (s, out) in pixels.chunks_mut(width * rows_per_strip as usize).enumerate() {
        let rows = out.len() / width;
        let first_row = s as u64 * u64::from(rows_per_strip);
        // Strip data, clipped to the file; a missing strip reads as empty.
        let data = offsets
            .get(s)
            .and_then(|&off| {
                let start = usize::try_from(off).ok()?;
                let rest = f.b.get(start..)?;
                let len = counts.as_ref().and_then(|c| c.get(s)).map_or(rest.len() as u64, |&c| c);
                rest.get(..usize::try_from(len).unwrap_or(usize::MAX).min(rest.len()))
            })
            .unwrap_or(&[]);
        let mut bits = Bits { data, pos: 0, lsb_first: p.lsb_first };
        let mut rows_out = out.chunks_exact_mut(width);
        let mut paint = |changes: &[u32]| {
            if let Some(row) = rows_out.next() {
                paint_row(row, changes, white, black);
            }
        };
        let name = match p.compression {
            4 => "Group 4",
            3 => "Group 3",
            _ => "Modified Huffman",
        };
        let broken =
            |y: usize| corrupt(format!("the fax ({name}) data breaks off at row {} of {h}", first_row + y as u64 + 1));
        match p.compression {
            4 => g4_strip(&mut bits, w, rows, tables, &mut paint).map_err(broken)?,
            2 => mh_strip(&mut bits, w, rows, tables, &mut paint).map_err(broken)?,
            _ => unreadable += g3_strip(&mut bits, w, rows, two_d, tables, &mut paint) as u64,
        }
    }
    if unreadable * 2 > u64::from(h) {
        return Err(corrupt(format!("the fax data is too damaged to read ({unreadable} of {h} rows unreadable)")));
    }
    GrayImage::from_raw(w, h, pixels).ok_or_else(|| corrupt("decoded image has the wrong size"))
}

/// Fill a row from its changing elements (positions where the colour flips, starting white).
fn paint_row(row: &mut [u8], changes: &[u32], white: u8, black: u8) {
    row.fill(white);
    let w = row.len();
    for pair in changes.chunks(2) {
        let start = pair.first().map_or(w, |&c| (c as usize).min(w));
        let end = pair.get(1).map_or(w, |&c| (c as usize).min(w));
        if let Some(run) = row.get_mut(start..end.max(start)) {
            run.fill(black);
        }
    }
}

/// Bits of fax data, most significant first (or least, for FillOrder 2). Past the end, all zero.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    lsb_first: bool,
}

impl Bits<'_> {
    fn byte(&self, i: usize) -> u32 {
        let b = self.data.get(i).copied().unwrap_or(0);
        u32::from(if self.lsb_first { b.reverse_bits() } else { b })
    }

    /// The next `n` (≤ 16) bits.
    fn peek(&self, n: u32) -> u32 {
        let i = self.pos / 8;
        let word = (self.byte(i) << 16) | (self.byte(i + 1) << 8) | self.byte(i + 2);
        (word >> (24 - (self.pos % 8) as u32 - n)) & ((1 << n) - 1)
    }

    fn skip(&mut self, n: u32) {
        self.pos = self.pos.saturating_add(n as usize);
    }

    fn at_end(&self) -> bool {
        self.pos >= self.data.len().saturating_mul(8)
    }

    /// Number of 0 bits from the current position (stops at the end of the data).
    fn zeros_ahead(&self) -> usize {
        let mut n = 0;
        let mut probe = Bits { data: self.data, pos: self.pos, lsb_first: self.lsb_first };
        while !probe.at_end() && probe.peek(1) == 0 {
            probe.pos += 1;
            n += 1;
        }
        n
    }

    /// Move to the start of the next EOL (eleven or more 0 bits then a 1), or to the end.
    fn find_eol(&mut self) {
        let mut zeros = 0;
        while !self.at_end() {
            let bit = self.peek(1);
            self.pos += 1;
            if bit == 0 {
                zeros += 1;
            } else if zeros >= 11 {
                self.pos -= zeros + 1;
                return;
            } else {
                zeros = 0;
            }
        }
    }

    /// Consume any EOLs (with their fill bits) before a Group 3 line, including the six of RTC.
    fn skip_eols(&mut self, two_d: bool) {
        loop {
            let zeros = self.zeros_ahead();
            if self.pos + zeros >= self.data.len().saturating_mul(8) {
                self.pos = self.data.len().saturating_mul(8); // only fill bits left
                return;
            }
            if zeros < 11 {
                return;
            }
            self.pos += zeros + 1;
            if two_d {
                // The 1D/2D tag bit follows an EOL; in RTC another EOL follows it.
                let after = Bits { data: self.data, pos: self.pos + 1, lsb_first: self.lsb_first };
                let more = after.zeros_ahead();
                let another_eol = more >= 11 && after.pos + more < self.data.len().saturating_mul(8);
                if !another_eol {
                    return;
                }
                self.pos += 1;
            }
        }
    }
}

/// Run-length code tables: 13-bit prefix → (run << 4) | code length; length 0 = invalid.
struct Tables {
    white: Vec<u16>,
    black: Vec<u16>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let build = |codes: &[(u16, u16, u8)]| {
            let mut t = vec![0u16; 1 << 13];
            for &(run, code, len) in codes {
                let shift = 13 - u32::from(len);
                let start = usize::from(code) << shift;
                for e in t.iter_mut().skip(start).take(1 << shift) {
                    *e = (run << 4) | u16::from(len);
                }
            }
            t
        };
        Tables { white: build(&WHITE_CODES), black: build(&BLACK_CODES) }
    })
}

/// One run length (make-up codes plus a terminating code), at most `max`.
fn read_run(bits: &mut Bits, table: &[u16], max: u32) -> Option<u32> {
    let mut total = 0u32;
    loop {
        let e = *table.get(bits.peek(13) as usize)?;
        let len = u32::from(e & 15);
        if len == 0 {
            return None;
        }
        bits.skip(len);
        let run = u32::from(e >> 4);
        total = total.checked_add(run).filter(|&t| t <= max)?;
        if run < 64 {
            return Some(total);
        }
    }
}

/// A one-dimensional (Modified Huffman) line.
fn row_1d(bits: &mut Bits, t: &Tables, width: u32, cur: &mut Vec<u32>) -> Option<()> {
    cur.clear();
    let (mut a0, mut white) = (0u32, true);
    while a0 < width {
        a0 += read_run(bits, if white { &t.white } else { &t.black }, width - a0)?;
        cur.push(a0);
        if cur.len() > width as usize + 2 {
            return None;
        }
        white = !white;
    }
    Some(())
}

enum Mode {
    Pass,
    Horizontal,
    Vertical(i64),
}

fn read_mode(bits: &mut Bits) -> Option<Mode> {
    let p = bits.peek(7);
    let (mode, len) = if p & 0x40 != 0 {
        (Mode::Vertical(0), 1)
    } else if p & 0x20 != 0 {
        (Mode::Vertical(if p & 0x10 != 0 { 1 } else { -1 }), 3)
    } else if p & 0x10 != 0 {
        (Mode::Horizontal, 3)
    } else if p & 0x08 != 0 {
        (Mode::Pass, 4)
    } else if p & 0x04 != 0 {
        (Mode::Vertical(if p & 0x02 != 0 { 2 } else { -2 }), 6)
    } else if p & 0x02 != 0 {
        (Mode::Vertical(if p & 0x01 != 0 { 3 } else { -3 }), 7)
    } else {
        return None; // uncompressed-mode extension, EOL, or garbage
    };
    bits.skip(len);
    Some(mode)
}

/// A two-dimensional line coded against `reference` (its changing elements; all white if empty).
fn row_2d(bits: &mut Bits, t: &Tables, width: u32, reference: &[u32], cur: &mut Vec<u32>) -> Option<()> {
    cur.clear();
    let end = i64::from(width);
    let (mut a0, mut white, mut ri) = (-1i64, true, 0usize);
    let at = |i: usize| reference.get(i).map_or(end, |&c| i64::from(c));
    while a0 < end {
        while ri < reference.len() && at(ri) <= a0 {
            ri += 1;
        }
        // b1: first change right of a0 towards the colour opposite to a0's; b2: the one after.
        let b1i = if (ri % 2 == 0) == white { ri } else { ri + 1 };
        let (b1, b2) = (at(b1i), at(b1i + 1));
        match read_mode(bits)? {
            Mode::Pass => a0 = b2,
            Mode::Horizontal => {
                let start = a0.max(0) as u32;
                let (first, second) = if white { (&t.white, &t.black) } else { (&t.black, &t.white) };
                let a1 = start + read_run(bits, first, width - start)?;
                let a2 = a1 + read_run(bits, second, width - a1)?;
                cur.push(a1);
                cur.push(a2);
                a0 = i64::from(a2);
            }
            Mode::Vertical(d) => {
                let a1 = b1 + d;
                if a1 < a0.max(0) || a1 > end {
                    return None;
                }
                cur.push(a1 as u32);
                a0 = a1;
                white = !white;
            }
        }
        if cur.len() > width as usize + 2 {
            return None;
        }
    }
    Some(())
}

fn g4_strip(bits: &mut Bits, w: u32, rows: usize, t: &Tables, paint: &mut impl FnMut(&[u32])) -> Result<(), usize> {
    let (mut reference, mut cur) = (Vec::new(), Vec::new());
    for y in 0..rows {
        row_2d(bits, t, w, &reference, &mut cur).ok_or(y)?;
        paint(&cur);
        std::mem::swap(&mut reference, &mut cur);
    }
    Ok(())
}

fn mh_strip(bits: &mut Bits, w: u32, rows: usize, t: &Tables, paint: &mut impl FnMut(&[u32])) -> Result<(), usize> {
    let mut cur = Vec::new();
    for y in 0..rows {
        row_1d(bits, t, w, &mut cur).ok_or(y)?;
        paint(&cur);
        bits.pos = bits.pos.div_ceil(8).saturating_mul(8); // each line starts on a byte
    }
    Ok(())
}

/// Group 3: a damaged line repeats the line above and decoding resumes at the next EOL; lines
/// missing at the end stay white. Returns the number of such lines.
fn g3_strip(bits: &mut Bits, w: u32, rows: usize, two_d: bool, t: &Tables, paint: &mut impl FnMut(&[u32])) -> usize {
    let (mut reference, mut cur) = (Vec::new(), Vec::new());
    let mut unreadable = 0;
    for y in 0..rows {
        bits.skip_eols(two_d);
        if bits.at_end() {
            return unreadable + rows - y;
        }
        let one_d = !two_d || {
            let tag = bits.peek(1) == 1;
            bits.skip(1);
            tag
        };
        let ok = if one_d { row_1d(bits, t, w, &mut cur) } else { row_2d(bits, t, w, &reference, &mut cur) };
        if ok.is_some() {
            paint(&cur);
            std::mem::swap(&mut reference, &mut cur);
        } else {
            unreadable += 1;
            paint(&reference);
            bits.find_eol();
        }
    }
    unreadable
}

/// (run length, code, code length) of the white runs: terminating, make-up, extended make-up.
#[rustfmt::skip]
pub(super) const WHITE_CODES: [(u16, u16, u8); 104] = [
    (0, 0x35, 8), (1, 0x7, 6), (2, 0x7, 4), (3, 0x8, 4), (4, 0xb, 4), (5, 0xc, 4),
    (6, 0xe, 4), (7, 0xf, 4), (8, 0x13, 5), (9, 0x14, 5), (10, 0x7, 5), (11, 0x8, 5),
    (12, 0x8, 6), (13, 0x3, 6), (14, 0x34, 6), (15, 0x35, 6), (16, 0x2a, 6), (17, 0x2b, 6),
    (18, 0x27, 7), (19, 0xc, 7), (20, 0x8, 7), (21, 0x17, 7), (22, 0x3, 7), (23, 0x4, 7),
    (24, 0x28, 7), (25, 0x2b, 7), (26, 0x13, 7), (27, 0x24, 7), (28, 0x18, 7), (29, 0x2, 8),
    (30, 0x3, 8), (31, 0x1a, 8), (32, 0x1b, 8), (33, 0x12, 8), (34, 0x13, 8), (35, 0x14, 8),
    (36, 0x15, 8), (37, 0x16, 8), (38, 0x17, 8), (39, 0x28, 8), (40, 0x29, 8), (41, 0x2a, 8),
    (42, 0x2b, 8), (43, 0x2c, 8), (44, 0x2d, 8), (45, 0x4, 8), (46, 0x5, 8), (47, 0xa, 8),
    (48, 0xb, 8), (49, 0x52, 8), (50, 0x53, 8), (51, 0x54, 8), (52, 0x55, 8), (53, 0x24, 8),
    (54, 0x25, 8), (55, 0x58, 8), (56, 0x59, 8), (57, 0x5a, 8), (58, 0x5b, 8), (59, 0x4a, 8),
    (60, 0x4b, 8), (61, 0x32, 8), (62, 0x33, 8), (63, 0x34, 8), (64, 0x1b, 5), (128, 0x12, 5),
    (192, 0x17, 6), (256, 0x37, 7), (320, 0x36, 8), (384, 0x37, 8), (448, 0x64, 8), (512, 0x65, 8),
    (576, 0x68, 8), (640, 0x67, 8), (704, 0xcc, 9), (768, 0xcd, 9), (832, 0xd2, 9), (896, 0xd3, 9),
    (960, 0xd4, 9), (1024, 0xd5, 9), (1088, 0xd6, 9), (1152, 0xd7, 9), (1216, 0xd8, 9), (1280, 0xd9, 9),
    (1344, 0xda, 9), (1408, 0xdb, 9), (1472, 0x98, 9), (1536, 0x99, 9), (1600, 0x9a, 9), (1664, 0x18, 6),
    (1728, 0x9b, 9), (1792, 0x8, 11), (1856, 0xc, 11), (1920, 0xd, 11), (1984, 0x12, 12), (2048, 0x13, 12),
    (2112, 0x14, 12), (2176, 0x15, 12), (2240, 0x16, 12), (2304, 0x17, 12), (2368, 0x1c, 12), (2432, 0x1d, 12),
    (2496, 0x1e, 12), (2560, 0x1f, 12),
];

/// (run length, code, code length) of the black runs.
#[rustfmt::skip]
pub(super) const BLACK_CODES: [(u16, u16, u8); 104] = [
    (0, 0x37, 10), (1, 0x2, 3), (2, 0x3, 2), (3, 0x2, 2), (4, 0x3, 3), (5, 0x3, 4),
    (6, 0x2, 4), (7, 0x3, 5), (8, 0x5, 6), (9, 0x4, 6), (10, 0x4, 7), (11, 0x5, 7),
    (12, 0x7, 7), (13, 0x4, 8), (14, 0x7, 8), (15, 0x18, 9), (16, 0x17, 10), (17, 0x18, 10),
    (18, 0x8, 10), (19, 0x67, 11), (20, 0x68, 11), (21, 0x6c, 11), (22, 0x37, 11), (23, 0x28, 11),
    (24, 0x17, 11), (25, 0x18, 11), (26, 0xca, 12), (27, 0xcb, 12), (28, 0xcc, 12), (29, 0xcd, 12),
    (30, 0x68, 12), (31, 0x69, 12), (32, 0x6a, 12), (33, 0x6b, 12), (34, 0xd2, 12), (35, 0xd3, 12),
    (36, 0xd4, 12), (37, 0xd5, 12), (38, 0xd6, 12), (39, 0xd7, 12), (40, 0x6c, 12), (41, 0x6d, 12),
    (42, 0xda, 12), (43, 0xdb, 12), (44, 0x54, 12), (45, 0x55, 12), (46, 0x56, 12), (47, 0x57, 12),
    (48, 0x64, 12), (49, 0x65, 12), (50, 0x52, 12), (51, 0x53, 12), (52, 0x24, 12), (53, 0x37, 12),
    (54, 0x38, 12), (55, 0x27, 12), (56, 0x28, 12), (57, 0x58, 12), (58, 0x59, 12), (59, 0x2b, 12),
    (60, 0x2c, 12), (61, 0x5a, 12), (62, 0x66, 12), (63, 0x67, 12), (64, 0xf, 10), (128, 0xc8, 12),
    (192, 0xc9, 12), (256, 0x5b, 12), (320, 0x33, 12), (384, 0x34, 12), (448, 0x35, 12), (512, 0x6c, 13),
    (576, 0x6d, 13), (640, 0x4a, 13), (704, 0x4b, 13), (768, 0x4c, 13), (832, 0x4d, 13), (896, 0x72, 13),
    (960, 0x73, 13), (1024, 0x74, 13), (1088, 0x75, 13), (1152, 0x76, 13), (1216, 0x77, 13), (1280, 0x52, 13),
    (1344, 0x53, 13), (1408, 0x54, 13), (1472, 0x55, 13), (1536, 0x5a, 13), (1600, 0x5b, 13), (1664, 0x64, 13),
    (1728, 0x65, 13), (1792, 0x8, 11), (1856, 0xc, 11), (1920, 0xd, 11), (1984, 0x12, 12), (2048, 0x13, 12),
    (2112, 0x14, 12), (2176, 0x15, 12), (2240, 0x16, 12), (2304, 0x17, 12), (2368, 0x1c, 12), (2432, 0x1d, 12),
    (2496, 0x1e, 12), (2560, 0x1f, 12),
];
