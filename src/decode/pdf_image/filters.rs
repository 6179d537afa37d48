// ---------------------------------------------------------------------------------------------
// Filters

use std::borrow::Cow;
use std::io::Read;

use lopdf::{Dictionary, Document, Object, Stream};

use super::{Res, deref, dict_of, get, get_int, get2, render, show_name};

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Codec {
    Dct,
    Ccitt,
    Jbig2,
    Jpx,
}

/// The stream's /Filter list with each filter's parameters (/DecodeParms may be a dict or an
/// array aligned with the filters; a lone dict with several filters is offered to each).
pub(super) fn filter_list<'a>(doc: &'a Document, dict: &'a Dictionary) -> Res<Vec<(&'a [u8], Option<&'a Dictionary>)>> {
    let names: Vec<&[u8]> = match get2(doc, dict, b"Filter", b"F") {
        None => Vec::new(),
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(items)) => {
            let mut names = Vec::new();
            for item in items {
                match deref(doc, item) {
                    Object::Name(n) => names.push(n.as_slice()),
                    _ => return render("image with an invalid /Filter"),
                }
            }
            names
        }
        Some(_) => return render("image with an invalid /Filter"),
    };
    let parms = get2(doc, dict, b"DecodeParms", b"DP");
    Ok(names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let p = match parms {
                Some(Object::Array(items)) => items.get(i).and_then(|o| dict_of(deref(doc, o))),
                Some(other) => dict_of(other),
                None => None,
            };
            (name, p)
        })
        .collect())
}

/// The image codec that ends a filter chain, with its parameters.
type CodecStage<'a> = Option<(Codec, Option<&'a Dictionary>)>;

/// Runs the byte-to-byte filters; stops at an image codec, which must be the last filter.
/// Each stage's output is capped at `cap` bytes.
pub(super) fn decode_filters<'a>(
    doc: &'a Document,
    stream: &'a Stream,
    cap: usize,
) -> Res<(Cow<'a, [u8]>, CodecStage<'a>)> {
    let filters = filter_list(doc, &stream.dict)?;
    let mut data: Cow<'a, [u8]> = Cow::Borrowed(&stream.content);
    let count = filters.len();
    for (i, (name, parms)) in filters.into_iter().enumerate() {
        let codec = match name {
            b"DCTDecode" | b"DCT" => Some(Codec::Dct),
            b"CCITTFaxDecode" | b"CCF" => Some(Codec::Ccitt),
            b"JBIG2Decode" => Some(Codec::Jbig2),
            b"JPXDecode" => Some(Codec::Jpx),
            _ => None,
        };
        if let Some(codec) = codec {
            if i + 1 != count {
                return render("image with filters after its image codec");
            }
            return Ok((data, Some((codec, parms))));
        }
        let out = match name {
            b"FlateDecode" | b"Fl" => predict(doc, inflate(&data, cap), parms, cap)?,
            b"LZWDecode" | b"LZW" => {
                let early = parms.and_then(|p| get_int(doc, p, b"EarlyChange")).unwrap_or(1) != 0;
                predict(doc, lzw(&data, early, cap), parms, cap)?
            }
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data, cap),
            b"ASCII85Decode" | b"A85" => ascii85(&data, cap),
            b"RunLengthDecode" | b"RL" => run_length(&data, cap),
            b"Crypt" => {
                let identity = match parms.and_then(|p| get(doc, p, b"Name")) {
                    None => true,
                    Some(Object::Name(n)) => n.as_slice() == b"Identity",
                    Some(_) => false,
                };
                if !identity {
                    return render("stream with a Crypt filter");
                }
                continue;
            }
            other => {
                return render(format!("image with the unsupported filter {}", show_name(other)));
            }
        };
        data = Cow::Owned(out);
    }
    Ok((data, None))
}

fn inflate(data: &[u8], cap: usize) -> Vec<u8> {
    let limit = cap as u64;
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).min(cap).min(64 << 20));
    let zlib = flate2::read::ZlibDecoder::new(data).take(limit).read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() {
        // A missing or damaged zlib header: try raw deflate, with and without the header.
        let _ = flate2::read::DeflateDecoder::new(data).take(limit).read_to_end(&mut out);
        if out.is_empty()
            && let Some(rest) = data.get(2..)
        {
            out.clear();
            let _ = flate2::read::DeflateDecoder::new(rest).take(limit).read_to_end(&mut out);
        }
    }
    out
}

/// PDF's LZW: MSB-first codes of 9 to 12 bits, 256 = clear table, 257 = end of data.
pub(super) fn lzw(data: &[u8], early_change: bool, cap: usize) -> Vec<u8> {
    let early = usize::from(early_change);
    let mut prefix = vec![0u16; 4096];
    let mut suffix = vec![0u8; 4096];
    let mut first = vec![0u8; 4096];
    let mut length = vec![0u16; 4096];
    for i in 0..256usize {
        if let (Some(s), Some(f), Some(l)) = (suffix.get_mut(i), first.get_mut(i), length.get_mut(i)) {
            *s = i as u8;
            *f = i as u8;
            *l = 1;
        }
    }
    let mut out = Vec::new();
    let mut next = 258usize;
    let mut bits = 9u32;
    let mut prev: Option<usize> = None;
    let mut acc: u32 = 0;
    let mut acc_bits = 0u32;
    let mut scratch = vec![0u8; 4096];
    let mut input = data.iter();
    loop {
        while acc_bits < bits {
            match input.next() {
                Some(&b) => {
                    acc = (acc << 8) | u32::from(b);
                    acc_bits += 8;
                }
                None => return out,
            }
        }
        let code = ((acc >> (acc_bits - bits)) & ((1 << bits) - 1)) as usize;
        acc_bits -= bits;
        acc &= (1u32 << acc_bits).wrapping_sub(1);
        if code == 256 {
            next = 258;
            bits = 9;
            prev = None;
            continue;
        }
        if code == 257 {
            return out;
        }
        let emit_from = match prev {
            None => {
                if code > 255 {
                    return out;
                }
                code
            }
            Some(p) => {
                if code < next {
                    if next < 4096 {
                        let f = first.get(code).copied().unwrap_or(0);
                        add_entry(&mut prefix, &mut suffix, &mut first, &mut length, next, p, f);
                        next += 1;
                    }
                    code
                } else if code == next && next < 4096 {
                    let f = first.get(p).copied().unwrap_or(0);
                    add_entry(&mut prefix, &mut suffix, &mut first, &mut length, next, p, f);
                    next += 1;
                    code
                } else {
                    return out;
                }
            }
        };
        // Write the string for `emit_from` (built backwards through the prefixes).
        let len = usize::from(length.get(emit_from).copied().unwrap_or(0));
        let mut k = emit_from;
        for slot in scratch.iter_mut().take(len).rev() {
            *slot = suffix.get(k).copied().unwrap_or(0);
            k = usize::from(prefix.get(k).copied().unwrap_or(0));
        }
        out.extend_from_slice(scratch.get(..len).unwrap_or(&[]));
        if out.len() >= cap {
            out.truncate(cap);
            return out;
        }
        prev = Some(emit_from);
        if next + early >= (1 << bits) && bits < 12 {
            bits += 1;
        }
    }
}

fn add_entry(
    prefix: &mut [u16],
    suffix: &mut [u8],
    first: &mut [u8],
    length: &mut [u16],
    at: usize,
    p: usize,
    byte: u8,
) {
    let pf = first.get(p).copied().unwrap_or(0);
    let pl = length.get(p).copied().unwrap_or(0);
    if let (Some(a), Some(b), Some(c), Some(d)) =
        (prefix.get_mut(at), suffix.get_mut(at), first.get_mut(at), length.get_mut(at))
    {
        *a = p as u16;
        *b = byte;
        *c = pf;
        *d = pl.saturating_add(1).min(4096);
    }
}

fn ascii_hex(data: &[u8], cap: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut high: Option<u8> = None;
    for &c in data {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            b'>' => break,
            _ => continue,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
        if out.len() >= cap {
            return out;
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out
}

pub(super) fn ascii85(data: &[u8], cap: usize) -> Vec<u8> {
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    let mut out = Vec::with_capacity(body.len() * 4 / 5 + 4);
    let mut group = [0u8; 5];
    let mut n = 0usize;
    let flush = |group: &[u8; 5], n: usize, out: &mut Vec<u8>| {
        let mut value: u64 = 0;
        for (i, slot) in group.iter().enumerate() {
            value = value * 85 + u64::from(if i < n { *slot } else { 84 });
        }
        let bytes = (value as u32).to_be_bytes();
        out.extend_from_slice(bytes.get(..n.saturating_sub(1)).unwrap_or(&[]));
    };
    for &c in body {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                if let Some(slot) = group.get_mut(n) {
                    *slot = c - b'!';
                }
                n += 1;
                if n == 5 {
                    flush(&group, 5, &mut out);
                    n = 0;
                }
            }
            _ => {}
        }
        if out.len() >= cap {
            return out;
        }
    }
    if n > 1 {
        flush(&group, n, &mut out);
    }
    out
}

pub(super) fn run_length(data: &[u8], cap: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(&len) = data.get(i) {
        if out.len() >= cap {
            break;
        }
        match len {
            0..=127 => {
                let n = usize::from(len) + 1;
                let chunk = data.get(i + 1..i + 1 + n).unwrap_or_else(|| data.get(i + 1..).unwrap_or(&[]));
                out.extend_from_slice(chunk);
                i += 1 + n;
            }
            128 => break,
            _ => {
                let Some(&b) = data.get(i + 1) else { break };
                out.extend(std::iter::repeat_n(b, 257 - usize::from(len)));
                i += 2;
            }
        }
    }
    out
}

/// Undo a PNG (10–15) or TIFF (2) predictor described by `parms`.
fn predict(doc: &Document, data: Vec<u8>, parms: Option<&Dictionary>, cap: usize) -> Res<Vec<u8>> {
    let Some(parms) = parms else { return Ok(data) };
    let predictor = get_int(doc, parms, b"Predictor").unwrap_or(1);
    if predictor == 1 {
        return Ok(data);
    }
    let colors = get_int(doc, parms, b"Colors").unwrap_or(1);
    let bpc = get_int(doc, parms, b"BitsPerComponent").unwrap_or(8);
    let columns = get_int(doc, parms, b"Columns").unwrap_or(1);
    if !(1..=32).contains(&colors) || ![1, 2, 4, 8, 16].contains(&bpc) || columns < 1 {
        return render("image with invalid predictor parameters");
    }
    let (colors, bpc) = (colors as usize, bpc as usize);
    let row_bits = (columns as u64).checked_mul((colors * bpc) as u64);
    let row_bytes = match row_bits.map(|b| b.div_ceil(8)).and_then(|b| usize::try_from(b).ok()) {
        Some(r) if r > 0 && r <= cap.max(1) => r,
        _ => return render("image with invalid predictor parameters"),
    };
    let bpp = (colors * bpc).div_ceil(8).max(1);
    match predictor {
        2 => {
            let mut data = data;
            for row in data.chunks_mut(row_bytes) {
                tiff_predict_row(row, colors, bpc);
            }
            Ok(data)
        }
        10..=15 => {
            let mut out = Vec::with_capacity(data.len());
            let mut prev = vec![0u8; row_bytes];
            for chunk in data.chunks(row_bytes + 1) {
                let Some((&tag, body)) = chunk.split_first() else {
                    break;
                };
                let mut row = body.to_vec();
                row.resize(row_bytes, 0);
                if chunk.len() < row_bytes + 1 {
                    // A partial last row: keep only what the data held.
                    png_unfilter(tag, &mut row, &prev, bpp)?;
                    out.extend_from_slice(row.get(..body.len()).unwrap_or(&[]));
                    break;
                }
                png_unfilter(tag, &mut row, &prev, bpp)?;
                out.extend_from_slice(&row);
                prev = row;
            }
            Ok(out)
        }
        _ => render(format!("image with unknown predictor {predictor}")),
    }
}

fn png_unfilter(tag: u8, row: &mut [u8], prev: &[u8], bpp: usize) -> Res<()> {
    match tag {
        0 => {}
        1 => {
            for i in bpp..row.len() {
                let left = row.get(i - bpp).copied().unwrap_or(0);
                if let Some(x) = row.get_mut(i) {
                    *x = x.wrapping_add(left);
                }
            }
        }
        2 => {
            for (x, up) in row.iter_mut().zip(prev) {
                *x = x.wrapping_add(*up);
            }
        }
        3 => {
            for i in 0..row.len() {
                let left = if i >= bpp { row.get(i - bpp).copied().unwrap_or(0) } else { 0 };
                let up = prev.get(i).copied().unwrap_or(0);
                if let Some(x) = row.get_mut(i) {
                    *x = x.wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8);
                }
            }
        }
        4 => {
            for i in 0..row.len() {
                let (left, upleft) = if i >= bpp {
                    (row.get(i - bpp).copied().unwrap_or(0), prev.get(i - bpp).copied().unwrap_or(0))
                } else {
                    (0, 0)
                };
                let up = prev.get(i).copied().unwrap_or(0);
                if let Some(x) = row.get_mut(i) {
                    *x = x.wrapping_add(paeth(left, up, upleft));
                }
            }
        }
        _ => return render("damaged image data (bad PNG predictor)"),
    }
    Ok(())
}

pub(super) fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn tiff_predict_row(row: &mut [u8], colors: usize, bpc: usize) {
    match bpc {
        8 => {
            for i in colors..row.len() {
                let left = row.get(i - colors).copied().unwrap_or(0);
                if let Some(x) = row.get_mut(i) {
                    *x = x.wrapping_add(left);
                }
            }
        }
        16 => {
            let step = 2 * colors;
            let mut i = step;
            while i + 1 < row.len() {
                let left = u16::from_be_bytes([
                    row.get(i - step).copied().unwrap_or(0),
                    row.get(i - step + 1).copied().unwrap_or(0),
                ]);
                let cur = u16::from_be_bytes([row.get(i).copied().unwrap_or(0), row.get(i + 1).copied().unwrap_or(0)]);
                let [a, b] = cur.wrapping_add(left).to_be_bytes();
                if let Some(x) = row.get_mut(i) {
                    *x = a;
                }
                if let Some(x) = row.get_mut(i + 1) {
                    *x = b;
                }
                i += 2;
            }
        }
        _ => {
            let samples = row.len() * 8 / bpc;
            let mask = (1u16 << bpc) - 1;
            for s in colors..samples {
                let left = get_bits(row, s - colors, bpc);
                let cur = get_bits(row, s, bpc);
                set_bits(row, s, bpc, (cur + left) & mask);
            }
        }
    }
}

pub(super) fn get_bits(row: &[u8], index: usize, bpc: usize) -> u16 {
    let bit = index * bpc;
    let byte = row.get(bit / 8).copied().unwrap_or(0);
    let shift = 8 - bpc - bit % 8;
    u16::from(byte >> shift) & ((1u16 << bpc) - 1)
}

fn set_bits(row: &mut [u8], index: usize, bpc: usize, value: u16) {
    let bit = index * bpc;
    let shift = 8 - bpc - bit % 8;
    let mask = (((1u16 << bpc) - 1) as u8) << shift;
    if let Some(b) = row.get_mut(bit / 8) {
        *b = (*b & !mask) | (((value as u8) << shift) & mask);
    }
}
