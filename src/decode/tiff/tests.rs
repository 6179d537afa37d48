use super::fax::{BLACK_CODES, WHITE_CODES};
use super::ifd::{File, STRIP_BYTE_COUNTS, STRIP_OFFSETS};
use super::*;
use std::io::Cursor;
use tiff::encoder::{Compression, DeflateLevel, Rational, TiffEncoder, colortype};
use tiff::tags::Tag;

const LIMIT: u64 = 10_000_000;

fn gray(bytes: &[u8], index: usize) -> GrayImage {
    decode_page(bytes, index, LIMIT).expect("page decodes").0
}

/// Pages written by the tiff crate's own image encoder.
fn gray8_pages(values: &[u8], compression: Compression) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap().with_compression(compression);
    for &v in values {
        enc.write_image::<colortype::Gray8>(5, 3, &[v; 15]).unwrap();
    }
    out.into_inner()
}

/// A tag value for hand-made directories.
enum V {
    Short(u16),
    Long(u32),
    Shorts(Vec<u16>),
    Ratio(u32, u32),
}

/// Width, height, tags, strips.
type RawPage = (u32, u32, Vec<(u16, V)>, Vec<Vec<u8>>);

/// Pages with exactly the tags given (plus size and strip layout), written with the tiff
/// crate's directory encoder: for what its image encoder cannot express (1 bit per sample,
/// palettes, fax data, missing tags).
fn raw_pages(pages: &[RawPage]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap();
    for (w, h, tags, strips) in pages {
        let mut dir = enc.image_directory().unwrap();
        let mut offsets = Vec::new();
        for s in strips {
            offsets.push(dir.write_data(&s[..]).unwrap() as u32);
        }
        let counts: Vec<u32> = strips.iter().map(|s| s.len() as u32).collect();
        dir.write_tag(Tag::ImageWidth, *w).unwrap();
        dir.write_tag(Tag::ImageLength, *h).unwrap();
        dir.write_tag(Tag::StripOffsets, &offsets[..]).unwrap();
        dir.write_tag(Tag::StripByteCounts, &counts[..]).unwrap();
        for (tag, v) in tags {
            let tag = Tag::from_u16_exhaustive(*tag);
            match v {
                V::Short(x) => dir.write_tag(tag, *x),
                V::Long(x) => dir.write_tag(tag, *x),
                V::Shorts(x) => dir.write_tag(tag, &x[..]),
                V::Ratio(n, d) => dir.write_tag(tag, Rational { n: *n, d: *d }),
            }
            .unwrap();
        }
        dir.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn multi_page_gray_counts_and_seeks() {
    let file = gray8_pages(&[10, 20, 30], Compression::Uncompressed);
    assert_eq!(page_count(&file), Ok(3));
    let (img, dpi) = decode_page(&file, 1, LIMIT).unwrap();
    assert_eq!(img.dimensions(), (5, 3));
    assert!(img.iter().all(|&v| v == 20));
    assert_eq!(dpi, None, "the encoder writes 1/1 with no unit: an aspect ratio, not a dpi");
    assert_eq!(gray(&file, 2).get_pixel(4, 2).0, [30]);
    assert_eq!(decode_page(&file, 3, LIMIT).unwrap_err(), "TIFF page 4 does not exist (the file has 3)");
}

#[test]
fn bigtiff_and_compressions() {
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new_big(&mut out).unwrap();
    enc.write_image::<colortype::Gray8>(4, 4, &[7; 16]).unwrap();
    enc.write_image::<colortype::Gray8>(4, 4, &[9; 16]).unwrap();
    let file = out.into_inner();
    assert_eq!(page_count(&file), Ok(2));
    assert!(gray(&file, 1).iter().all(|&v| v == 9));
    for c in [Compression::Lzw, Compression::Deflate(DeflateLevel::Balanced), Compression::Packbits] {
        let file = gray8_pages(&[200, 100], c);
        assert!(gray(&file, 1).iter().all(|&v| v == 100));
    }
}

/// Five one-row pages: 16-bit gray, RGB, 16-bit RGB, RGB with alpha, CMYK.
fn gray16_rgb8_rgb16_rgba8_cmyk8_pages() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap();
    enc.write_image::<colortype::Gray16>(3, 1, &[0, 65535, 32896]).unwrap();
    enc.write_image::<colortype::RGB8>(2, 1, &[255, 0, 0, 0, 0, 255]).unwrap();
    enc.write_image::<colortype::RGB16>(1, 1, &[65535, 65535, 0]).unwrap();
    enc.write_image::<colortype::RGBA8>(3, 1, &[0, 0, 0, 0, 0, 0, 0, 255, 100, 100, 100, 128]).unwrap();
    enc.write_image::<colortype::CMYK8>(3, 1, &[0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0]).unwrap();
    out.into_inner()
}

#[test]
fn sixteen_bit_rgb_rgba_cmyk() {
    let file = gray16_rgb8_rgb16_rgba8_cmyk8_pages();
    assert_eq!(gray(&file, 0).as_raw(), &[0, 255, 128]);
    assert_eq!(gray(&file, 1).as_raw(), &[54, 18], "Rec. 709 weights, as image's to_luma8");
    assert_eq!(gray(&file, 2).as_raw(), &[236]);
    assert_eq!(gray(&file, 3).as_raw(), &[255, 0, 177], "alpha laid over white");
    assert_eq!(gray(&file, 4).as_raw(), &[255, 0, 200], "white, black ink, cyan");
}

fn colour(file: &[u8], index: usize) -> Option<Vec<u8>> {
    decode_page_colour(file, index, LIMIT).unwrap().map(|rgb| rgb.into_raw())
}

#[test]
fn colour_pages_are_decoded_in_colour_for_showing_and_the_others_are_not() {
    let file = gray16_rgb8_rgb16_rgba8_cmyk8_pages();
    assert_eq!(colour(&file, 0), None, "gray stays gray");
    assert_eq!(colour(&file, 1), Some(vec![255, 0, 0, 0, 0, 255]));
    assert_eq!(colour(&file, 2), Some(vec![255, 255, 0]));
    assert_eq!(colour(&file, 3), Some(vec![255, 255, 255, 0, 0, 0, 177, 177, 177]), "alpha laid over white");
    assert_eq!(colour(&file, 4), Some(vec![255, 255, 255, 0, 0, 0, 0, 255, 255]), "white, black ink, cyan");

    // An 8-bit palette with red in it is colour; one of grays is not.
    let palette = |red: bool| {
        let mut map = vec![0u16; 768];
        for i in 0..256 {
            map[i] = (i as u16) << 8;
            map[256 + i] = (i as u16) << 8;
            map[512 + i] = (i as u16) << 8;
        }
        if red {
            map[256 + 7] = 0;
            map[512 + 7] = 0;
        }
        raw_pages(&[(2, 1, vec![(258, V::Short(8)), (262, V::Short(3)), (320, V::Shorts(map))], vec![vec![7, 255]])])
    };
    assert_eq!(colour(&palette(true), 0), Some(vec![7, 0, 0, 255, 255, 255]));
    assert_eq!(colour(&palette(false), 0), None);
    // Planar RGB.
    let tags = vec![(258, V::Shorts(vec![8, 8, 8])), (262, V::Short(2)), (277, V::Short(3)), (284, V::Short(2))];
    let planes = vec![vec![255, 0, 0, 255], vec![0, 255, 0, 255], vec![0, 0, 255, 255]];
    assert_eq!(
        colour(&raw_pages(&[(4, 1, tags, planes)]), 0),
        Some(vec![255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
    );
}

#[test]
fn bilevel_both_photometrics_and_missing_depth() {
    // 10×2 pixels; first row 1000000001, second row all 1 bits.
    let rows = vec![0b1000_0000, 0b0100_0000, 0xff, 0xc0];
    let page = |photometric: Option<u16>, depth: bool| {
        let mut tags = Vec::new();
        if let Some(p) = photometric {
            tags.push((262, V::Short(p)));
        }
        if depth {
            tags.push((258, V::Short(1)));
        }
        raw_pages(&[(10, 2, tags, vec![rows.clone()])])
    };
    let white_is_zero = gray(&page(Some(0), true), 0);
    assert_eq!(&white_is_zero.as_raw()[..10], &[0, 255, 255, 255, 255, 255, 255, 255, 255, 0]);
    assert!(white_is_zero.as_raw()[10..].iter().all(|&v| v == 0));
    let black_is_zero = gray(&page(Some(1), false), 0);
    assert_eq!(&black_is_zero.as_raw()[..10], &[255, 0, 0, 0, 0, 0, 0, 0, 0, 255]);
    // No photometric at all: the reading that gives mostly white paper (here BlackIsZero).
    assert_eq!(gray(&page(None, true), 0), black_is_zero);
}

#[test]
fn palette_and_bit_order() {
    // 4-bit palette: index 0 = black, 1 = white, 2 = pure red; colour map values 16-bit.
    let mut map = vec![0u16; 48];
    map[1] = 65535;
    map[16 + 1] = 65535;
    map[32 + 1] = 65535;
    map[2] = 65535;
    let file = raw_pages(&[(
        3,
        1,
        vec![(258, V::Short(4)), (262, V::Short(3)), (320, V::Shorts(map))],
        vec![vec![0x01, 0x20]],
    )]);
    assert_eq!(gray(&file, 0).as_raw(), &[0, 255, 54]);
    // 3-bit gray: samples straddle byte boundaries. Values 7, 0, 1, 6 → 255, 0, 36, 218.
    let file = raw_pages(&[(4, 1, vec![(258, V::Short(3)), (262, V::Short(1))], vec![vec![0b1110_0000, 0b1110_0000]])]);
    assert_eq!(gray(&file, 0).as_raw(), &[255, 0, 36, 218]);
    // FillOrder 2 on an uncompressed bilevel page: pixel 0 is the lowest bit.
    let file = raw_pages(&[(8, 1, vec![(262, V::Short(0)), (266, V::Short(2))], vec![vec![0b0000_0001]])]);
    assert_eq!(gray(&file, 0).as_raw(), &[0, 255, 255, 255, 255, 255, 255, 255]);
}

#[test]
fn planar_rgb() {
    // Red, green, blue and white pixels stored plane after plane, one strip per plane.
    let tags = vec![(258, V::Shorts(vec![8, 8, 8])), (262, V::Short(2)), (277, V::Short(3)), (284, V::Short(2))];
    let planes = vec![vec![255, 0, 0, 255], vec![0, 255, 0, 255], vec![0, 0, 255, 255]];
    let file = raw_pages(&[(4, 1, tags, planes)]);
    assert_eq!(gray(&file, 0).as_raw(), &[54, 182, 18, 255]);
}

#[test]
fn resolution_units_and_square_pixels() {
    let with_res = |unit: Option<u16>, x: (u32, u32), y: (u32, u32)| {
        let mut tags =
            vec![(258, V::Short(8)), (262, V::Short(1)), (282, V::Ratio(x.0, x.1)), (283, V::Ratio(y.0, y.1))];
        if let Some(u) = unit {
            tags.push((296, V::Short(u)));
        }
        raw_pages(&[(4, 10, tags, vec![vec![128; 40]])])
    };
    let dpi = |file: Vec<u8>| decode_page(&file, 0, LIMIT).unwrap().1;
    assert_eq!(dpi(with_res(Some(2), (300, 1), (300, 1))), Some(300.0));
    assert_eq!(dpi(with_res(None, (600, 2), (300, 1))), Some(300.0), "inch is the default unit");
    assert_eq!(dpi(with_res(Some(3), (11811, 100), (11811, 100))).map(f32::round), Some(300.0));
    assert_eq!(dpi(with_res(Some(1), (300, 1), (300, 1))), Some(300.0), "unit 'none' used for dpi");
    assert_eq!(dpi(with_res(Some(2), (30, 1), (30, 1))), None, "not credible");
    assert_eq!(dpi(with_res(Some(2), (300, 0), (300, 0))), None);
    // A normal-resolution fax: 204 × 98 dpi becomes square pixels at 204 dpi.
    let (img, dpi) = decode_page(&with_res(Some(2), (204, 1), (98, 1)), 0, LIMIT).unwrap();
    assert_eq!((img.dimensions(), dpi), ((4, 21), Some(204.0)));
    // ... unless that would pass the pixel limit.
    let (img, _) = decode_page(&with_res(Some(2), (204, 1), (98, 1)), 0, 60).unwrap();
    assert_eq!(img.dimensions(), (4, 10));
}

#[test]
fn refuses_oversized_pages_before_decoding() {
    let file = raw_pages(&[(100_000, 100_000, vec![(258, V::Short(8)), (262, V::Short(1))], vec![vec![0; 16]])]);
    assert_eq!(page_count(&file), Ok(1));
    assert_eq!(
        decode_page(&file, 0, 100_000_000).unwrap_err(),
        "page is 100000×100000 pixels, above the limit of 100000000"
    );
}

#[test]
fn skips_thumbnails_and_survives_loops() {
    let page = |subfile: u32, v: u8| {
        (2, 2, vec![(254, V::Long(subfile)), (258, V::Short(8)), (262, V::Short(1))], vec![vec![v; 4]])
    };
    let mut file = raw_pages(&[page(0, 1), page(1, 2), page(2, 3)]);
    assert_eq!(page_count(&file), Ok(2));
    assert_eq!(gray(&file, 1).as_raw(), &[3; 4]);
    // Point the last page's "next" link back at the first: a loop, read as the end.
    let f = File::open(&file).unwrap();
    let offsets: Vec<u64> = f.pages().unwrap();
    let last = *offsets.last().unwrap();
    let (count, _) = f.ifd_extent(last).unwrap();
    let first = f.offset(4).unwrap() as u32;
    let link = (last + 2 + count * 12) as usize;
    file[link..link + 4].copy_from_slice(&first.to_le_bytes());
    assert_eq!(page_count(&file), Ok(2));
}

#[test]
fn garbage_and_truncation_give_errors_not_panics() {
    assert!(page_count(b"").is_err());
    assert!(page_count(b"%PDF-1.4").is_err());
    assert!(decode_page(b"II*\0\x08\0\0\0", 0, LIMIT).is_err());
    let mut file = gray8_pages(&[1, 2], Compression::Deflate(DeflateLevel::Fast));
    file.extend(fax_file(4, 3, None, false, &test_pattern(40, 9), 40, 9));
    for len in 0..file.len() {
        let cut = &file[..len];
        if let Ok(n) = page_count(cut) {
            for i in 0..n + 1 {
                let _ = decode_page(cut, i, LIMIT);
            }
        }
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..2000 {
        let mut f = file.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % f.len() as u64) as usize;
            f[at] = (seed >> 32) as u8;
        }
        if let Ok(n) = page_count(&f) {
            for i in 0..n {
                let _ = decode_page(&f, i, LIMIT);
            }
        }
    }
}

// --- CCITT fax: a small encoder for the tests, then round trips through the decoder.

fn test_pattern(w: usize, h: usize) -> Vec<Vec<bool>> {
    (0..h)
        .map(|y| (0..w).map(|x| (x * 7 + y * 13) % 23 < 5 || (x / 9 + y / 3) % 5 == 0 && y % 4 != 3).collect())
        .collect()
}

struct BitWriter {
    out: Vec<u8>,
    bits: u32,
    n: u32,
}

impl BitWriter {
    fn put(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.bits = (self.bits << 1) | ((code >> i) & 1);
            self.n += 1;
            if self.n == 8 {
                self.out.push(self.bits as u8);
                self.bits = 0;
                self.n = 0;
            }
        }
    }
    fn align(&mut self) {
        while self.n != 0 {
            self.put(0, 1);
        }
    }
    fn run(&mut self, white: bool, mut run: u32) {
        let table: &[(u16, u16, u8)] = if white { &WHITE_CODES } else { &BLACK_CODES };
        let mut code = |r: u32| {
            let &(_, c, l) = table.iter().find(|e| u32::from(e.0) == r).unwrap();
            self.put(u32::from(c), u32::from(l));
        };
        while run >= 2560 {
            code(2560);
            run -= 2560;
        }
        if run >= 64 {
            code(run / 64 * 64);
            run %= 64;
        }
        code(run);
    }
}

fn changes(row: &[bool]) -> Vec<u32> {
    let mut colour = false;
    let mut out = Vec::new();
    for (x, &b) in row.iter().enumerate() {
        if b != colour {
            out.push(x as u32);
            colour = b;
        }
    }
    out
}

fn encode_1d(out: &mut BitWriter, row: &[bool]) {
    let mut last = 0;
    let mut white = true;
    for c in changes(row).into_iter().chain([row.len() as u32]) {
        out.run(white, c - last);
        last = c;
        white = !white;
    }
}

/// T.6 two-dimensional coding of `row` against `reference`, using pass, vertical and
/// horizontal modes.
fn encode_2d(out: &mut BitWriter, row: &[bool], reference: &[bool]) {
    let w = row.len() as i64;
    let (cur, refc) = (changes(row), changes(reference));
    let at = |v: &[u32], i: usize| v.get(i).map_or(w, |&c| i64::from(c));
    let (mut a0, mut white) = (-1i64, true);
    while a0 < w {
        let ci = cur.iter().position(|&c| i64::from(c) > a0 || (a0 < 0 && c == 0)).unwrap_or(cur.len());
        let (a1, a2) = (at(&cur, ci), at(&cur, ci + 1));
        let ri = refc.iter().position(|&c| i64::from(c) > a0 || (a0 < 0 && c == 0)).unwrap_or(refc.len());
        let b1i = if (ri % 2 == 0) == white { ri } else { ri + 1 };
        let (b1, b2) = (at(&refc, b1i), at(&refc, b1i + 1));
        if b2 < a1 {
            out.put(1, 4);
            a0 = b2;
        } else if (a1 - b1).abs() <= 3 {
            let (code, len) = match a1 - b1 {
                0 => (1, 1),
                1 => (3, 3),
                -1 => (2, 3),
                2 => (3, 6),
                -2 => (2, 6),
                3 => (3, 7),
                _ => (2, 7),
            };
            out.put(code, len);
            a0 = a1;
            white = !white;
        } else {
            out.put(1, 3);
            out.run(white, (a1 - a0.max(0)) as u32);
            out.run(!white, (a2 - a1) as u32);
            a0 = a2;
        }
    }
}

/// A fax page: compression 2, 3 (2D when `two_d`) or 4; strips of `rows_per_strip` rows.
fn fax_file(
    compression: u16,
    photometric: u16,
    fill_order: Option<u16>,
    two_d: bool,
    img: &[Vec<bool>],
    w: u32,
    rows_per_strip: usize,
) -> Vec<u8> {
    let mut strips = Vec::new();
    for strip in img.chunks(rows_per_strip) {
        let mut out = BitWriter { out: Vec::new(), bits: 0, n: 0 };
        let blank = vec![false; w as usize];
        let mut reference: &[bool] = &blank;
        for (i, row) in strip.iter().enumerate() {
            match compression {
                2 => {
                    encode_1d(&mut out, row);
                    out.align();
                }
                3 => {
                    out.put(1, 12); // EOL
                    if two_d {
                        let one_d = i % 3 == 0;
                        out.put(u32::from(one_d), 1);
                        if one_d { encode_1d(&mut out, row) } else { encode_2d(&mut out, row, reference) }
                    } else {
                        encode_1d(&mut out, row);
                    }
                }
                _ => encode_2d(&mut out, row, reference),
            }
            reference = row;
        }
        if compression == 3 {
            for _ in 0..6 {
                out.put(1, 12);
                if two_d {
                    out.put(1, 1);
                }
            }
        }
        out.align();
        if fill_order == Some(2) {
            out.out.iter_mut().for_each(|b| *b = b.reverse_bits());
        }
        strips.push(out.out);
    }
    let mut tags = vec![
        (259, V::Short(compression)),
        (262, V::Short(photometric)),
        (278, V::Long(rows_per_strip as u32)),
        (282, V::Ratio(300, 1)),
        (283, V::Ratio(300, 1)),
    ];
    if let Some(f) = fill_order {
        tags.push((266, V::Short(f)));
    }
    if two_d {
        tags.push((292, V::Long(1)));
    }
    raw_pages(&[(w, img.len() as u32, tags, strips)])
}

fn expected(img: &[Vec<bool>], photometric: u16) -> Vec<u8> {
    let ink = |b: bool| if b == (photometric == 0) { 0 } else { 255 };
    img.iter().flatten().map(|&b| ink(b)).collect()
}

#[test]
fn fax_round_trips() {
    let (w, h) = (3000usize, 23usize); // wide enough for make-up and extended make-up codes
    let mut img = test_pattern(w, h);
    img[5] = vec![false; w];
    img[6] = vec![true; w];
    for (compression, two_d) in [(4, false), (3, false), (3, true), (2, false)] {
        for (photometric, fill_order, rows_per_strip) in [(0, None, h), (1, Some(2), 7), (0, Some(1), 1)] {
            let file = fax_file(compression, photometric, fill_order, two_d, &img, w as u32, rows_per_strip);
            let (page, dpi) = decode_page(&file, 0, LIMIT).unwrap_or_else(|e| panic!("compression {compression}: {e}"));
            assert_eq!(dpi, Some(300.0));
            assert_eq!(page.dimensions(), (w as u32, h as u32));
            assert!(
                page.as_raw() == &expected(&img, photometric)[..],
                "compression {compression} 2D {two_d} photometric {photometric} fill {fill_order:?}"
            );
        }
    }
}

#[test]
fn fax_damage() {
    let (w, h) = (64usize, 40usize);
    let img = test_pattern(w, h);
    // Group 4 cut short: an error naming the row.
    let g4 = fax_file(4, 0, None, false, &img, w as u32, h);
    let f = File::open(&g4).unwrap();
    let strip = f.uints(f.ifd(f.pages().unwrap()[0]).unwrap().get(STRIP_BYTE_COUNTS).unwrap(), 1).unwrap()[0];
    let offset = f.ifd(f.pages().unwrap()[0]).unwrap().uint(&f, STRIP_OFFSETS).unwrap() as usize;
    let mut cut = g4.clone();
    cut[offset + strip as usize / 2..offset + strip as usize].fill(0);
    let err = decode_page(&cut, 0, LIMIT).unwrap_err();
    assert!(err.starts_with("truncated or corrupt TIFF: the fax (Group 4) data breaks off at row"), "{err}");
    // Group 3 with a damaged line: that line repeats the one above, the rest is intact.
    let g3 = fax_file(3, 0, None, false, &img, w as u32, h);
    let mut bad = g3.clone();
    let line = offset + 10 * (g3.len() - offset) / h / 2; // somewhere past a few lines
    bad[line..line + 3].copy_from_slice(&[0xff, 0xff, 0xff]);
    let page = gray(&bad, 0);
    let good = expected(&img, 0);
    let differing = page.as_raw().chunks(w).zip(good.chunks(w)).filter(|(a, b)| a != b).count();
    assert!((1..=3).contains(&differing), "{differing} rows differ");
    // Group 3 whose data stops after a third of the page: too damaged.
    let mut short = g3.clone();
    short.truncate(offset + (g3.len() - offset) / 3);
    assert!(decode_page(&short, 0, LIMIT).is_err());
}

#[test]
fn unsupported_things_are_named() {
    let file = raw_pages(&[(
        4,
        4,
        vec![(259, V::Short(6)), (262, V::Short(6)), (277, V::Short(3)), (258, V::Shorts(vec![8, 8, 8]))],
        vec![vec![0; 8]],
    )]);
    assert_eq!(
        decode_page(&file, 0, LIMIT).unwrap_err(),
        "unsupported TIFF compression: old-style JPEG (compression 6)"
    );
    let file = raw_pages(&[(
        4,
        4,
        vec![(262, V::Short(8)), (277, V::Short(3)), (258, V::Shorts(vec![8, 8, 8]))],
        vec![vec![0; 48]],
    )]);
    assert_eq!(decode_page(&file, 0, LIMIT).unwrap_err(), "unsupported TIFF colour type: CIE L*a*b* (photometric 8)");
}
