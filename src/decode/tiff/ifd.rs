//! File structure: header, directory chain, tag values.

use super::{corrupt, unsupported};
use std::collections::HashSet;

/// More pages than this is taken for a damaged or hostile file rather than a document.
const MAX_PAGES: usize = 100_000;
/// More tags than this in one directory is taken for damage.
const MAX_TAGS: u64 = 65_535;

const NEW_SUBFILE_TYPE: u16 = 254;
const SUBFILE_TYPE: u16 = 255;
const IMAGE_WIDTH: u16 = 256;
const IMAGE_LENGTH: u16 = 257;
const BITS_PER_SAMPLE: u16 = 258;
const COMPRESSION: u16 = 259;
pub(super) const PHOTOMETRIC: u16 = 262;
const FILL_ORDER: u16 = 266;
pub(super) const STRIP_OFFSETS: u16 = 273;
const SAMPLES_PER_PIXEL: u16 = 277;
pub(super) const ROWS_PER_STRIP: u16 = 278;
pub(super) const STRIP_BYTE_COUNTS: u16 = 279;
pub(super) const X_RESOLUTION: u16 = 282;
pub(super) const Y_RESOLUTION: u16 = 283;
pub(super) const T4_OPTIONS: u16 = 292;
pub(super) const RESOLUTION_UNIT: u16 = 296;
pub(super) const COLOR_MAP: u16 = 320;
pub(super) const TILE_OFFSETS: u16 = 324;
pub(super) const JPEG_INTERCHANGE_FORMAT: u16 = 513;
pub(super) const JPEG_INTERCHANGE_LENGTH: u16 = 514;
const EXTRA_SAMPLES: u16 = 338;
const SAMPLE_FORMAT: u16 = 339;

/// A TIFF or BigTIFF file held in memory.
pub(super) struct File<'a> {
    pub(super) b: &'a [u8],
    pub(super) big_endian: bool,
    pub(super) big: bool,
}

/// One directory entry: where it sits in the file and what it says.
#[derive(Clone, Copy)]
pub(super) struct Entry {
    pub(super) tag: u16,
    typ: u16,
    count: u64,
    pub(super) pos: u64,
}

/// The entries of one image directory.
pub(super) struct Ifd {
    pub(super) entries: Vec<Entry>,
}

impl Ifd {
    /// The entry for `tag`; the last one wins, as in the tiff crate.
    pub(super) fn get(&self, tag: u16) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.tag == tag)
    }

    /// First value of an unsigned integer tag.
    pub(super) fn uint(&self, f: &File, tag: u16) -> Option<u64> {
        self.get(tag).and_then(|e| f.first_uint(e))
    }

    pub(super) fn real(&self, f: &File, tag: u16) -> Option<f64> {
        self.get(tag).and_then(|e| f.real(e))
    }
}

impl<'a> File<'a> {
    pub(super) fn open(b: &'a [u8]) -> Result<File<'a>, String> {
        let big_endian = match b.get(0..2) {
            Some(b"II") => false,
            Some(b"MM") => true,
            _ => return Err(corrupt("the file does not start with a TIFF header")),
        };
        let mut f = File { b, big_endian, big: false };
        match f.u16(2) {
            Some(42) if b.len() >= 8 => Ok(f),
            Some(43) if b.len() >= 16 && f.u16(4) == Some(8) && f.u16(6) == Some(0) => {
                f.big = true;
                Ok(f)
            }
            _ => Err(corrupt("the TIFF header is damaged")),
        }
    }

    pub(super) fn bytes(&self, off: u64, len: u64) -> Option<&'a [u8]> {
        let start = usize::try_from(off).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        self.b.get(start..end)
    }

    fn array<const N: usize>(&self, off: u64) -> Option<[u8; N]> {
        self.bytes(off, N as u64)?.try_into().ok()
    }

    fn u16(&self, off: u64) -> Option<u16> {
        let a = self.array(off)?;
        Some(if self.big_endian { u16::from_be_bytes(a) } else { u16::from_le_bytes(a) })
    }

    fn u32(&self, off: u64) -> Option<u32> {
        let a = self.array(off)?;
        Some(if self.big_endian { u32::from_be_bytes(a) } else { u32::from_le_bytes(a) })
    }

    fn u64(&self, off: u64) -> Option<u64> {
        let a = self.array(off)?;
        Some(if self.big_endian { u64::from_be_bytes(a) } else { u64::from_le_bytes(a) })
    }

    /// An offset field: 4 bytes in TIFF, 8 in BigTIFF.
    pub(super) fn offset(&self, off: u64) -> Option<u64> {
        if self.big { self.u64(off) } else { self.u32(off).map(u64::from) }
    }

    pub(super) fn entry_size(&self) -> u64 {
        if self.big { 20 } else { 12 }
    }

    /// Number of entries in the IFD at `off` and the offset of the next IFD, if it lies in the file.
    pub(super) fn ifd_extent(&self, off: u64) -> Option<(u64, u64)> {
        let (count, header) = if self.big { (self.u64(off)?, 8) } else { (u64::from(self.u16(off)?), 2) };
        if count == 0 || count > MAX_TAGS {
            return None;
        }
        let end = off.checked_add(header)?.checked_add(count.checked_mul(self.entry_size())?)?;
        Some((count, self.offset(end)?))
    }

    /// Offsets of the page IFDs, in file order.
    pub(super) fn pages(&self) -> Result<Vec<u64>, String> {
        let mut all = Vec::new();
        let mut seen = HashSet::new();
        let mut next = self.offset(if self.big { 8 } else { 4 }).unwrap_or(0);
        while next != 0 && seen.insert(next) {
            let Some((_, after)) = self.ifd_extent(next) else {
                if all.is_empty() {
                    return Err(corrupt("the first page's directory is missing or damaged"));
                }
                break; // a broken link after good pages: keep those
            };
            if all.len() >= MAX_PAGES {
                return Err(format!("TIFF has more than {MAX_PAGES} pages; refusing it as damaged"));
            }
            all.push((next, self.is_auxiliary(next)));
            next = after;
        }
        let pages: Vec<u64> = all.iter().filter(|(_, aux)| !aux).map(|(off, _)| *off).collect();
        Ok(if pages.is_empty() { all.into_iter().map(|(off, _)| off).collect() } else { pages })
    }

    /// Whether the IFD is a thumbnail or transparency mask rather than a page. Tags are sorted,
    /// so (New)SubfileType, the lowest baseline tags, come first; only the first few are looked at.
    fn is_auxiliary(&self, off: u64) -> bool {
        let Ok(ifd) = self.ifd_prefix(off, 4) else {
            return false;
        };
        let first = |tag| ifd.uint(self, tag);
        first(NEW_SUBFILE_TYPE).is_some_and(|v| v & 0b101 != 0) || first(SUBFILE_TYPE) == Some(2)
    }

    pub(super) fn ifd(&self, off: u64) -> Result<Ifd, String> {
        self.ifd_prefix(off, MAX_TAGS)
    }

    fn ifd_prefix(&self, off: u64, max_entries: u64) -> Result<Ifd, String> {
        let (count, _) = self.ifd_extent(off).ok_or_else(|| corrupt("a page directory is damaged"))?;
        let first = off + if self.big { 8 } else { 2 };
        let mut entries = Vec::new();
        for i in 0..count.min(max_entries) {
            let pos = first + i * self.entry_size();
            let (Some(tag), Some(typ)) = (self.u16(pos), self.u16(pos + 2)) else {
                return Err(corrupt("a page directory is damaged"));
            };
            let count = if self.big { self.u64(pos + 4) } else { self.u32(pos + 4).map(u64::from) };
            let count = count.ok_or_else(|| corrupt("a page directory is damaged"))?;
            entries.push(Entry { tag, typ, count, pos });
        }
        Ok(Ifd { entries })
    }

    /// Location and length of an entry's values, inline or elsewhere in the file.
    pub(super) fn values(&self, e: &Entry) -> Option<&'a [u8]> {
        let size: u64 = match e.typ {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 | 16 | 17 | 18 => 8,
            _ => return None,
        };
        let len = e.count.checked_mul(size)?;
        let field = e.pos + if self.big { 12 } else { 8 };
        let inline = if self.big { 8 } else { 4 };
        if len <= inline { self.bytes(field, len) } else { self.bytes(self.offset(field)?, len) }
    }

    /// Unsigned integer values of an entry (BYTE, SHORT, LONG, LONG8 or IFD types), at most `max`
    /// of them (more is an error, to bound what a hostile file can make us allocate).
    pub(super) fn uints(&self, e: &Entry, max: u64) -> Result<Vec<u64>, String> {
        if e.count > max {
            return Err(corrupt(format!("tag {} holds {} values, expected at most {max}", e.tag, e.count)));
        }
        let (data, size) = self.uint_values(e).ok_or_else(|| corrupt(format!("tag {} is unreadable", e.tag)))?;
        Ok(data.chunks_exact(size).map(|c| self.uint_of(c)).collect())
    }

    fn first_uint(&self, e: &Entry) -> Option<u64> {
        let (data, size) = self.uint_values(e)?;
        data.get(..size).map(|c| self.uint_of(c))
    }

    /// An integer entry's value bytes and the size of one value.
    fn uint_values(&self, e: &Entry) -> Option<(&'a [u8], usize)> {
        let size = match e.typ {
            1 => 1,
            3 => 2,
            4 | 13 => 4,
            16 | 18 => 8,
            _ => return None,
        };
        Some((self.values(e)?, size))
    }

    fn uint_of(&self, c: &[u8]) -> u64 {
        let mut v = 0u64;
        for (i, &byte) in c.iter().enumerate() {
            let shift = if self.big_endian { 8 * (c.len() - 1 - i) } else { 8 * i };
            v |= u64::from(byte) << shift;
        }
        v
    }

    /// First value of a numeric entry as a real number (rationals included).
    fn real(&self, e: &Entry) -> Option<f64> {
        let d = self.values(e)?;
        let u32_at = |i: usize| -> Option<u32> {
            let a: [u8; 4] = d.get(i..i + 4)?.try_into().ok()?;
            Some(if self.big_endian { u32::from_be_bytes(a) } else { u32::from_le_bytes(a) })
        };
        let v = match e.typ {
            1 | 3 | 4 | 16 => self.first_uint(e)? as f64,
            5 => f64::from(u32_at(0)?) / f64::from(u32_at(4)?),
            10 => f64::from(u32_at(0)? as i32) / f64::from(u32_at(4)? as i32),
            11 => f64::from(f32::from_bits(u32_at(0)?)),
            12 => {
                let a: [u8; 8] = d.get(0..8)?.try_into().ok()?;
                f64::from_bits(if self.big_endian { u64::from_be_bytes(a) } else { u64::from_le_bytes(a) })
            }
            _ => return None,
        };
        v.is_finite().then_some(v)
    }
}

/// The facts about a page that decide how it is decoded.
pub(super) struct Page {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) bits: u16,
    pub(super) samples: u16,
    pub(super) compression: u16,
    pub(super) photometric: Option<u16>,
    pub(super) lsb_first: bool,
    pub(super) extra: Vec<u64>,
    pub(super) sample_format: u64,
}

impl Page {
    pub(super) fn read(f: &File, ifd: &Ifd) -> Result<Page, String> {
        let dim = |tag, what| {
            ifd.uint(f, tag)
                .and_then(|v| u32::try_from(v).ok())
                .filter(|&v| v > 0)
                .ok_or_else(|| corrupt(format!("the page has no valid {what}")))
        };
        let (width, height) = (dim(IMAGE_WIDTH, "width")?, dim(IMAGE_LENGTH, "height")?);
        let all_bits = match ifd.get(BITS_PER_SAMPLE) {
            Some(e) => f.uints(e, 64)?,
            None => vec![1], // TIFF default
        };
        let bits = *all_bits.first().unwrap_or(&1);
        if all_bits.iter().any(|&b| b != bits) {
            return Err(unsupported(format!("page with different depths per channel ({all_bits:?} bits)")));
        }
        let bits = u16::try_from(bits).ok().filter(|&b| b > 0).ok_or_else(|| corrupt("bad bits per sample"))?;
        let samples = u16::try_from(ifd.uint(f, SAMPLES_PER_PIXEL).unwrap_or(1))
            .ok()
            .filter(|&s| s > 0)
            .ok_or_else(|| corrupt("bad samples per pixel"))?;
        let compression = ifd.uint(f, COMPRESSION).unwrap_or(1);
        let compression = u16::try_from(compression).map_err(|_| unsupported(format!("compression {compression}")))?;
        let photometric = ifd.uint(f, PHOTOMETRIC).map(|p| u16::try_from(p).unwrap_or(u16::MAX));
        let extra = match ifd.get(EXTRA_SAMPLES) {
            Some(e) => f.uints(e, 64)?,
            None => Vec::new(),
        };
        let sample_format = match ifd.get(SAMPLE_FORMAT) {
            Some(e) => f.uints(e, 64)?.first().copied().unwrap_or(1),
            None => 1,
        };
        Ok(Page {
            width,
            height,
            bits,
            samples,
            compression,
            photometric,
            lsb_first: ifd.uint(f, FILL_ORDER) == Some(2),
            extra,
            sample_format,
        })
    }
}
