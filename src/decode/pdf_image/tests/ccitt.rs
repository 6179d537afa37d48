use super::super::ccitt::T4Decoder;
use super::*;

/// A pseudo-random bilevel page with text-like blobs; `true` = black.
fn bilevel(w: usize, h: usize, seed: u32) -> Vec<bool> {
    let mut s = seed;
    let mut rnd = move || {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        s
    };
    let mut px = vec![false; w * h];
    for _ in 0..(w * h / 200) {
        let (x0, y0) = ((rnd() as usize) % w, (rnd() as usize) % h);
        let (bw, bh) = (1 + (rnd() as usize) % 12, 1 + (rnd() as usize) % 9);
        for y in y0..(y0 + bh).min(h) {
            for x in x0..(x0 + bw).min(w) {
                px[y * w + x] = true;
            }
        }
    }
    // A black first column and a fully black row exercise the edges.
    for y in 0..h {
        px[y * w] = true;
    }
    for x in 0..w {
        px[(h / 2) * w + x] = true;
    }
    px
}

fn g4_encode(px: &[bool], w: usize) -> Vec<u8> {
    let mut enc = fax::encoder::Encoder::new(fax::VecWriter::new());
    for row in px.chunks(w) {
        let pels = row.iter().map(|&b| if b { fax::Color::Black } else { fax::Color::White });
        enc.encode_line(pels, w as u32).unwrap();
    }
    enc.finish().unwrap().finish()
}

fn gray_of(px: &[bool]) -> Vec<u8> {
    px.iter().map(|&b| if b { 0 } else { 255 }).collect()
}

fn ccitt_image(data: Vec<u8>, w: i64, h: i64, parms: Dictionary) -> Stream {
    let mut dict = image_dict(w, h, "DeviceGray", 1);
    dict.set("Filter", "CCITTFaxDecode");
    dict.set("DecodeParms", parms);
    Stream::new(dict, data)
}

#[test]
fn ccitt_g4() {
    let (w, h) = (203usize, 97usize);
    let px = bilevel(w, h, 7);
    let data = g4_encode(&px, w);
    let parms = dictionary! { "K" => -1, "Columns" => w as i64, "Rows" => h as i64 };
    let doc = one_page(
        ccitt_image(data.clone(), w as i64, h as i64, parms),
        [0, 0, 203, 97],
        [203.0, 0.0, 0.0, 97.0, 0.0, 0.0],
        vec![],
    );
    let (img, dpi) = expect_image(extract(&doc));
    assert_eq!(img.as_raw(), &gray_of(&px));
    assert_eq!(dpi, 72.0);

    // BlackIs1 inverts; /Decode [1 0] inverts back.
    let parms = dictionary! { "K" => -1, "Columns" => w as i64, "BlackIs1" => true };
    let doc = one_page(
        ccitt_image(data.clone(), w as i64, h as i64, parms),
        [0, 0, 203, 97],
        [203.0, 0.0, 0.0, 97.0, 0.0, 0.0],
        vec![],
    );
    let (img, _) = expect_image(extract(&doc));
    assert_eq!(img.as_raw(), &px.iter().map(|&b| if b { 255 } else { 0 }).collect::<Vec<_>>());
    let mut stream =
        ccitt_image(data, w as i64, h as i64, dictionary! { "K" => -1, "Columns" => w as i64, "BlackIs1" => true });
    stream.dict.set("Decode", vec![1.into(), 0.into()]);
    let doc = one_page(stream, [0, 0, 203, 97], [203.0, 0.0, 0.0, 97.0, 0.0, 0.0], vec![]);
    let (img, _) = expect_image(extract(&doc));
    assert_eq!(img.as_raw(), &gray_of(&px));
}

/// Bits, for building T.4 streams by hand.
#[derive(Default)]
struct Bits(Vec<bool>);

impl Bits {
    fn put(&mut self, b: fax::Bits) {
        for i in (0..b.len).rev() {
            self.0.push(b.data >> i & 1 == 1);
        }
    }
    fn eol(&mut self) {
        self.put(fax::Bits { data: 1, len: 12 });
    }
    fn align(&mut self) {
        while !self.0.len().is_multiple_of(8) {
            self.0.push(false);
        }
    }
    fn run(&mut self, black: bool, mut n: u16) {
        let code = |v: u16| if black { fax::maps::black::encode(v) } else { fax::maps::white::encode(v) }.unwrap();
        while n >= 2560 {
            self.put(code(2560));
            n -= 2560;
        }
        if n >= 64 {
            self.put(code(n / 64 * 64));
        }
        self.put(code(n % 64));
    }
    fn mh_row(&mut self, row: &[bool]) {
        let mut color = false;
        let mut i = 0;
        loop {
            let start = i;
            while i < row.len() && row[i] == color {
                i += 1;
            }
            self.run(color, (i - start) as u16);
            if i == row.len() {
                break;
            }
            color = !color;
        }
    }
    fn bytes(&self) -> Vec<u8> {
        self.0.chunks(8).map(|c| c.iter().enumerate().fold(0u8, |a, (i, &b)| a | (u8::from(b) << (7 - i)))).collect()
    }
}

/// A 2-D coded row (relative to `prev`), taken from `fax`'s G4 encoder output.
fn g4_row_bits(prev: Option<&[bool]>, row: &[bool], w: usize) -> Vec<bool> {
    // Encode (prev, row) and (prev) alone; the difference is the row's codes.
    let enc_lines = |lines: &[&[bool]]| {
        let mut enc = fax::encoder::Encoder::new(BitVec::default());
        for l in lines {
            enc.encode_line(l.iter().map(|&b| if b { fax::Color::Black } else { fax::Color::White }), w as u32)
                .unwrap();
        }
        enc.finish().unwrap().0
    };
    let with: Vec<bool> = match prev {
        Some(p) => enc_lines(&[p, row]),
        None => enc_lines(&[row]),
    };
    let without: Vec<bool> = match prev {
        Some(p) => enc_lines(&[p]),
        None => Vec::new(),
    };
    // The encoder's finish() adds EOFB (24 bits) in both cases.
    let eofb = 24;
    with[without.len() - eofb.min(without.len())..with.len() - eofb].to_vec()
}

#[derive(Default)]
struct BitVec(Vec<bool>);

impl fax::BitWriter for BitVec {
    type Error = std::convert::Infallible;
    fn write(&mut self, bits: fax::Bits) -> Result<(), Self::Error> {
        for i in (0..bits.len).rev() {
            self.0.push(bits.data >> i & 1 == 1);
        }
        Ok(())
    }
}

fn decode_t4_direct(data: &[u8], w: usize, h: usize, k: i64, eol: bool, align: bool) -> Option<Vec<u8>> {
    let mut out = vec![255u8; w * h];
    let mut rows = out.chunks_exact_mut(w);
    let mut fill = |changes: &[u32]| {
        let row = rows.next().unwrap();
        for pair in changes.chunks(2) {
            let a = pair[0] as usize;
            let b = pair.get(1).map_or(w, |&v| v as usize);
            row[a..b].fill(0);
        }
    };
    T4Decoder::new(data, w as u32, k, eol, align).decode(h, &mut fill).then_some(out)
}

#[test]
fn ccitt_g3_1d_2d_and_aligned() {
    let (w, h) = (181usize, 61usize);
    let px = bilevel(w, h, 99);
    let want = gray_of(&px);
    let rows: Vec<&[bool]> = px.chunks(w).collect();

    // K = 0, with EOLs (and leading EOL), and without.
    for with_eol in [true, false] {
        let mut b = Bits::default();
        for row in &rows {
            if with_eol {
                b.eol();
            }
            b.mh_row(row);
        }
        for _ in 0..6 {
            b.eol();
        }
        assert_eq!(
            decode_t4_direct(&b.bytes(), w, h, 0, false, false).as_deref(),
            Some(&want[..]),
            "K=0 eol={with_eol}"
        );
    }
    // K = 0, EncodedByteAlign, no EOLs: every row starts on a byte.
    let mut b = Bits::default();
    for row in &rows {
        b.mh_row(row);
        b.align();
    }
    assert_eq!(decode_t4_direct(&b.bytes(), w, h, 0, false, true).as_deref(), Some(&want[..]));

    // K = 4: EOL + tag bit, 1-D every 4th row.
    let mut b = Bits::default();
    for (y, row) in rows.iter().enumerate() {
        b.eol();
        if y % 4 == 0 {
            b.0.push(true);
            b.mh_row(row);
        } else {
            b.0.push(false);
            b.0.extend(g4_row_bits(Some(rows[y - 1]), row, w));
        }
    }
    let data = b.bytes();
    assert_eq!(decode_t4_direct(&data, w, h, 4, false, false).as_deref(), Some(&want[..]));
    // The same through a PDF.
    let parms = dictionary! { "K" => 4, "Columns" => w as i64, "Rows" => h as i64 };
    let doc = one_page(
        ccitt_image(data, w as i64, h as i64, parms),
        [0, 0, 181, 61],
        [181.0, 0.0, 0.0, 61.0, 0.0, 0.0],
        vec![],
    );
    let (img, _) = expect_image(extract(&doc));
    assert_eq!(img.as_raw(), &want);

    // G4 with EncodedByteAlign.
    let mut b = Bits::default();
    for (y, row) in rows.iter().enumerate() {
        b.0.extend(g4_row_bits(if y == 0 { None } else { Some(rows[y - 1]) }, row, w));
        b.align();
    }
    assert_eq!(decode_t4_direct(&b.bytes(), w, h, -1, false, true).as_deref(), Some(&want[..]));

    // Plain G4 through this decoder agrees with `fax`'s.
    let data = g4_encode(&px, w);
    assert_eq!(decode_t4_direct(&data, w, h, -1, false, false).as_deref(), Some(&want[..]));
}
