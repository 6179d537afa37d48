//! TIFF pages → 8-bit grayscale for OCR: black ink is 0, white paper is 255.
//!
//! The work is split between the `tiff` crate (0.11) and a little code of our own:
//!
//! * We walk the chain of image directories (IFDs) ourselves. That gives the page count without
//!   parsing any page, and lets us reach page N without touching the other pages (the crate's
//!   `Decoder::new` always parses page 1 and fails the whole file when page 1 is odd). IFDs marked
//!   as reduced-resolution copies (thumbnails) or transparency masks are not counted as pages,
//!   unless the file holds nothing else.
//! * CCITT fax data (Compression 2, 3 and 4) is decoded here. tiff 0.11 cannot decode Group 3 at
//!   all, ignores FillOrder=2 (which fax software writes) and its Group 4 reader refuses strips
//!   taller than 65535 rows. Group 3 lines that fail to decode are replaced by the line above, as
//!   fax machines do; a page is refused only when more than half of its lines are unreadable.
//!   Group 4 data cannot resynchronise, so any damage is an error.
//! * Everything else is decoded by `tiff::decoder::Decoder`, reading a virtual file: the original
//!   bytes, a header pointing straight at the wanted page, and a copy of that page's IFD whose
//!   PhotometricInterpretation is rewritten to BlackIsZero for gray, WhiteIsZero and palette
//!   pages. The crate then hands us plain samples (it refuses palettes, and inverts WhiteIsZero
//!   only for some sample layouts), and we apply inversion and the colour map ourselves.
//! * Old-style JPEG (Compression 6, 1990s scanners) is decoded by `image` when, as usual, the page
//!   points at a complete JPEG stream (JPEGInterchangeFormat); the other layout is refused.
//!
//! Photometric meaning follows libtiff: in fax data a "white" run is a 0 bit, and 0 bits are white
//! under WhiteIsZero (the normal fax case) and black under BlackIsZero. Colour becomes gray with
//! the same Rec. 709 weights as `image`'s `to_luma8`; alpha is laid over white paper; CMYK is
//! converted naively (no ICC); JPEG-in-TIFF YCbCr pages use the Y channel as is.
//!
//! Resolution: XResolution in ResolutionUnit (2 = inch, also the TIFF default when the tag is
//! missing; 3 = centimetre). Unit 1 ("no absolute unit") is read as dots per inch too, because
//! many writers store their dpi that way (jTessBoxEditor, paperless-ngx samples); an aspect-only
//! value such as 1/1 is then rejected by the plausibility range of 50 to 5000 dpi like any other
//! nonsense. If XResolution is unusable, YResolution is used. When both are known and differ by
//! more than 2 % (a "normal" 204 × 98 dpi fax), the page is stretched along its coarser axis
//! (nearest neighbour) so pixels are square, and the finer resolution is returned: otherwise
//! text would reach the OCR engine squashed to half its height. The stretch is skipped when the
//! result would exceed `max_pixels`.

use image::GrayImage;
use std::collections::HashSet;
use std::fmt::Display;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::OnceLock;
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::{ColorType, TiffError, TiffFormatError};

/// More pages than this is taken for a damaged or hostile file rather than a document.
const MAX_PAGES: usize = 100_000;
/// More tags than this in one directory is taken for damage.
const MAX_TAGS: u64 = 65_535;
/// Resolutions outside this range are treated as not recorded.
const DPI_RANGE: std::ops::RangeInclusive<f64> = 50.0..=5000.0;

const NEW_SUBFILE_TYPE: u16 = 254;
const SUBFILE_TYPE: u16 = 255;
const IMAGE_WIDTH: u16 = 256;
const IMAGE_LENGTH: u16 = 257;
const BITS_PER_SAMPLE: u16 = 258;
const COMPRESSION: u16 = 259;
const PHOTOMETRIC: u16 = 262;
const FILL_ORDER: u16 = 266;
const STRIP_OFFSETS: u16 = 273;
const SAMPLES_PER_PIXEL: u16 = 277;
const ROWS_PER_STRIP: u16 = 278;
const STRIP_BYTE_COUNTS: u16 = 279;
const X_RESOLUTION: u16 = 282;
const Y_RESOLUTION: u16 = 283;
const T4_OPTIONS: u16 = 292;
const RESOLUTION_UNIT: u16 = 296;
const COLOR_MAP: u16 = 320;
const TILE_OFFSETS: u16 = 324;
const JPEG_INTERCHANGE_FORMAT: u16 = 513;
const JPEG_INTERCHANGE_LENGTH: u16 = 514;
const EXTRA_SAMPLES: u16 = 338;
const SAMPLE_FORMAT: u16 = 339;

/// Number of pages (IFDs) in a TIFF held in memory.
pub(crate) fn page_count(bytes: &[u8]) -> Result<usize, String> {
    Ok(File::open(bytes)?.pages()?.len())
}

/// Decode page `index` (0-based) to 8-bit grayscale, with its resolution in dpi when the file records one.
pub(crate) fn decode_page(
    bytes: &[u8],
    index: usize,
    max_pixels: u64,
) -> Result<(image::GrayImage, Option<f32>), String> {
    let file = File::open(bytes)?;
    let pages = file.pages()?;
    let Some(&at) = pages.get(index) else {
        return Err(format!(
            "TIFF page {} does not exist (the file has {})",
            index.saturating_add(1),
            pages.len()
        ));
    };
    let ifd = file.ifd(at)?;
    let page = Page::read(&file, &ifd)?;
    let (w, h) = (page.width, page.height);
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(format!(
            "page is {w}×{h} pixels, above the limit of {max_pixels}"
        ));
    }
    let image = match page.compression {
        2..=4 => decode_fax(&file, &ifd, &page)?,
        6 => decode_old_jpeg(&file, &ifd, &page, max_pixels)?,
        _ => decode_with_crate(&file, &ifd, &page, max_pixels)?,
    };
    let (x_dpi, y_dpi) = resolution(&file, &ifd);
    Ok(square_pixels(image, x_dpi, y_dpi, max_pixels))
}

fn corrupt(detail: impl Display) -> String {
    format!("truncated or corrupt TIFF: {detail}")
}

fn unsupported(what: impl Display) -> String {
    format!("unsupported TIFF {what}")
}

// ---------------------------------------------------------------------------------------------
// File structure: header, directory chain, tag values.

/// A TIFF or BigTIFF file held in memory.
struct File<'a> {
    b: &'a [u8],
    big_endian: bool,
    big: bool,
}

/// One directory entry: where it sits in the file and what it says.
#[derive(Clone, Copy)]
struct Entry {
    tag: u16,
    typ: u16,
    count: u64,
    pos: u64,
}

/// The entries of one image directory.
struct Ifd {
    entries: Vec<Entry>,
}

impl Ifd {
    /// The entry for `tag`; the last one wins, as in the tiff crate.
    fn get(&self, tag: u16) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.tag == tag)
    }

    /// First value of an unsigned integer tag.
    fn uint(&self, f: &File, tag: u16) -> Option<u64> {
        self.get(tag).and_then(|e| f.first_uint(e))
    }

    fn real(&self, f: &File, tag: u16) -> Option<f64> {
        self.get(tag).and_then(|e| f.real(e))
    }
}

impl<'a> File<'a> {
    fn open(b: &'a [u8]) -> Result<File<'a>, String> {
        let big_endian = match b.get(0..2) {
            Some(b"II") => false,
            Some(b"MM") => true,
            _ => return Err(corrupt("the file does not start with a TIFF header")),
        };
        let mut f = File {
            b,
            big_endian,
            big: false,
        };
        match f.u16(2) {
            Some(42) if b.len() >= 8 => Ok(f),
            Some(43) if b.len() >= 16 && f.u16(4) == Some(8) && f.u16(6) == Some(0) => {
                f.big = true;
                Ok(f)
            }
            _ => Err(corrupt("the TIFF header is damaged")),
        }
    }

    fn bytes(&self, off: u64, len: u64) -> Option<&'a [u8]> {
        let start = usize::try_from(off).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        self.b.get(start..end)
    }

    fn array<const N: usize>(&self, off: u64) -> Option<[u8; N]> {
        self.bytes(off, N as u64)?.try_into().ok()
    }

    fn u16(&self, off: u64) -> Option<u16> {
        let a = self.array(off)?;
        Some(if self.big_endian {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        })
    }

    fn u32(&self, off: u64) -> Option<u32> {
        let a = self.array(off)?;
        Some(if self.big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }

    fn u64(&self, off: u64) -> Option<u64> {
        let a = self.array(off)?;
        Some(if self.big_endian {
            u64::from_be_bytes(a)
        } else {
            u64::from_le_bytes(a)
        })
    }

    /// An offset field: 4 bytes in TIFF, 8 in BigTIFF.
    fn offset(&self, off: u64) -> Option<u64> {
        if self.big {
            self.u64(off)
        } else {
            self.u32(off).map(u64::from)
        }
    }

    fn entry_size(&self) -> u64 {
        if self.big { 20 } else { 12 }
    }

    /// Number of entries in the IFD at `off` and the offset of the next IFD, if it lies in the file.
    fn ifd_extent(&self, off: u64) -> Option<(u64, u64)> {
        let (count, header) = if self.big {
            (self.u64(off)?, 8)
        } else {
            (u64::from(self.u16(off)?), 2)
        };
        if count == 0 || count > MAX_TAGS {
            return None;
        }
        let end = off
            .checked_add(header)?
            .checked_add(count.checked_mul(self.entry_size())?)?;
        Some((count, self.offset(end)?))
    }

    /// Offsets of the page IFDs, in file order.
    fn pages(&self) -> Result<Vec<u64>, String> {
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
                return Err(format!(
                    "TIFF has more than {MAX_PAGES} pages; refusing it as damaged"
                ));
            }
            all.push((next, self.is_auxiliary(next)));
            next = after;
        }
        let pages: Vec<u64> = all
            .iter()
            .filter(|(_, aux)| !aux)
            .map(|(off, _)| *off)
            .collect();
        Ok(if pages.is_empty() {
            all.into_iter().map(|(off, _)| off).collect()
        } else {
            pages
        })
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

    fn ifd(&self, off: u64) -> Result<Ifd, String> {
        self.ifd_prefix(off, MAX_TAGS)
    }

    fn ifd_prefix(&self, off: u64, max_entries: u64) -> Result<Ifd, String> {
        let (count, _) = self
            .ifd_extent(off)
            .ok_or_else(|| corrupt("a page directory is damaged"))?;
        let first = off + if self.big { 8 } else { 2 };
        let mut entries = Vec::new();
        for i in 0..count.min(max_entries) {
            let pos = first + i * self.entry_size();
            let (Some(tag), Some(typ)) = (self.u16(pos), self.u16(pos + 2)) else {
                return Err(corrupt("a page directory is damaged"));
            };
            let count = if self.big {
                self.u64(pos + 4)
            } else {
                self.u32(pos + 4).map(u64::from)
            };
            let count = count.ok_or_else(|| corrupt("a page directory is damaged"))?;
            entries.push(Entry {
                tag,
                typ,
                count,
                pos,
            });
        }
        Ok(Ifd { entries })
    }

    /// Location and length of an entry's values, inline or elsewhere in the file.
    fn values(&self, e: &Entry) -> Option<&'a [u8]> {
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
        if len <= inline {
            self.bytes(field, len)
        } else {
            self.bytes(self.offset(field)?, len)
        }
    }

    /// Unsigned integer values of an entry (BYTE, SHORT, LONG, LONG8 or IFD types), at most `max`
    /// of them (more is an error, to bound what a hostile file can make us allocate).
    fn uints(&self, e: &Entry, max: u64) -> Result<Vec<u64>, String> {
        if e.count > max {
            return Err(corrupt(format!(
                "tag {} holds {} values, expected at most {max}",
                e.tag, e.count
            )));
        }
        let (data, size) = self
            .uint_values(e)
            .ok_or_else(|| corrupt(format!("tag {} is unreadable", e.tag)))?;
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
            let shift = if self.big_endian {
                8 * (c.len() - 1 - i)
            } else {
                8 * i
            };
            v |= u64::from(byte) << shift;
        }
        v
    }

    /// First value of a numeric entry as a real number (rationals included).
    fn real(&self, e: &Entry) -> Option<f64> {
        let d = self.values(e)?;
        let u32_at = |i: usize| -> Option<u32> {
            let a: [u8; 4] = d.get(i..i + 4)?.try_into().ok()?;
            Some(if self.big_endian {
                u32::from_be_bytes(a)
            } else {
                u32::from_le_bytes(a)
            })
        };
        let v = match e.typ {
            1 | 3 | 4 | 16 => self.first_uint(e)? as f64,
            5 => f64::from(u32_at(0)?) / f64::from(u32_at(4)?),
            10 => f64::from(u32_at(0)? as i32) / f64::from(u32_at(4)? as i32),
            11 => f64::from(f32::from_bits(u32_at(0)?)),
            12 => {
                let a: [u8; 8] = d.get(0..8)?.try_into().ok()?;
                f64::from_bits(if self.big_endian {
                    u64::from_be_bytes(a)
                } else {
                    u64::from_le_bytes(a)
                })
            }
            _ => return None,
        };
        v.is_finite().then_some(v)
    }
}

/// The facts about a page that decide how it is decoded.
struct Page {
    width: u32,
    height: u32,
    bits: u16,
    samples: u16,
    compression: u16,
    photometric: Option<u16>,
    lsb_first: bool,
    extra: Vec<u64>,
    sample_format: u64,
}

impl Page {
    fn read(f: &File, ifd: &Ifd) -> Result<Page, String> {
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
            return Err(unsupported(format!(
                "page with different depths per channel ({all_bits:?} bits)"
            )));
        }
        let bits = u16::try_from(bits)
            .ok()
            .filter(|&b| b > 0)
            .ok_or_else(|| corrupt("bad bits per sample"))?;
        let samples = u16::try_from(ifd.uint(f, SAMPLES_PER_PIXEL).unwrap_or(1))
            .ok()
            .filter(|&s| s > 0)
            .ok_or_else(|| corrupt("bad samples per pixel"))?;
        let compression = ifd.uint(f, COMPRESSION).unwrap_or(1);
        let compression = u16::try_from(compression)
            .map_err(|_| unsupported(format!("compression {compression}")))?;
        let photometric = ifd
            .uint(f, PHOTOMETRIC)
            .map(|p| u16::try_from(p).unwrap_or(u16::MAX));
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

// ---------------------------------------------------------------------------------------------
// Resolution.

/// X and Y resolution in dpi, each None when missing or implausible.
fn resolution(f: &File, ifd: &Ifd) -> (Option<f64>, Option<f64>) {
    let scale = match ifd.uint(f, RESOLUTION_UNIT).unwrap_or(2) {
        1 | 2 => 1.0,
        3 => 2.54,
        _ => return (None, None),
    };
    let dpi = |tag| {
        ifd.real(f, tag)
            .map(|v| v * scale)
            .filter(|v| DPI_RANGE.contains(v))
    };
    (dpi(X_RESOLUTION), dpi(Y_RESOLUTION))
}

/// Stretch a page with non-square pixels along its coarser axis; return it with its dpi.
fn square_pixels(
    img: GrayImage,
    x: Option<f64>,
    y: Option<f64>,
    max_pixels: u64,
) -> (GrayImage, Option<f32>) {
    let (x, y) = match (x, y) {
        (Some(x), Some(y)) => (x, y),
        (x, y) => return (img, x.or(y).map(|d| d as f32)),
    };
    if (x / y - 1.0).abs() <= 0.02 {
        return (img, Some(x as f32));
    }
    let (w, h) = img.dimensions();
    let (nw, nh) = if x > y {
        (f64::from(w), (f64::from(h) * x / y).round())
    } else {
        ((f64::from(w) * y / x).round(), f64::from(h))
    };
    if nw * nh > max_pixels as f64 || nw > f64::from(u32::MAX) || nh > f64::from(u32::MAX) {
        return (img, Some(x as f32));
    }
    let (nw, nh) = (nw as u32, nh as u32);
    let src =
        |o: u32, n: u32, old: u32| ((u64::from(o) * u64::from(old)) / u64::from(n.max(1))) as u32;
    let out = GrayImage::from_fn(nw, nh, |ox, oy| {
        let (sx, sy) = (src(ox, nw, w).min(w - 1), src(oy, nh, h).min(h - 1));
        *img.get_pixel(sx, sy)
    });
    (out, Some(x.max(y) as f32))
}

// ---------------------------------------------------------------------------------------------
// Everything but fax: the tiff crate, reading a virtual single-page file.

/// How decoded samples become gray, beyond the colour type.
enum Tone {
    Plain,
    /// WhiteIsZero: 0 is white.
    Invert,
    /// PhotometricInterpretation missing on a bilevel page: whichever reading gives a mostly
    /// white page.
    Guess,
    /// Palette: gray value of each index.
    Palette(Vec<u8>),
}

fn decode_with_crate(f: &File, ifd: &Ifd, p: &Page, max_pixels: u64) -> Result<GrayImage, String> {
    match p.compression {
        1 | 5 | 7 | 8 | 32946 | 32773 => {}
        other => {
            return Err(unsupported(format!(
                "compression: {}",
                compression_name(other)
            )));
        }
    }
    match (p.sample_format, p.bits) {
        (1, 1..=8 | 16 | 32 | 64) | (3, 16 | 32 | 64) => {}
        (1 | 3, b) => return Err(unsupported(format!("sample depth: {b} bits"))),
        (2, _) => return Err(unsupported("sample format: signed integers")),
        (s, _) => return Err(unsupported(format!("sample format {s}"))),
    }
    if p.bits < 8 && p.samples > 1 {
        return Err(unsupported(format!(
            "colour type: {} channels of {} bits",
            p.samples, p.bits
        )));
    }
    if p.compression == 5
        && first_strip(f, ifd)
            .is_some_and(|d| d.first() == Some(&0) && d.get(1).is_some_and(|b| b & 1 == 1))
    {
        return Err(unsupported(
            "compression: old-style LZW (written by libtiff before 1991)",
        ));
    }
    let colour_samples = usize::from(p.samples).saturating_sub(p.extra.len());
    let (photometric, tone) = match p.photometric {
        Some(0) => (1, Tone::Invert),
        Some(1) => (1, Tone::Plain),
        Some(3) => (1, Tone::Palette(colormap(f, ifd, p.bits)?)),
        Some(n @ (2 | 5 | 6)) => (n, Tone::Plain),
        Some(n) => return Err(unsupported(format!("colour type: {}", photometric_name(n)))),
        None if colour_samples >= 3 => (2, Tone::Plain),
        None if p.bits == 1 => (1, Tone::Guess),
        None => (1, Tone::Plain),
    };

    let limit = usize::try_from(max_pixels.saturating_mul(8)).unwrap_or(usize::MAX);
    let mut limits = Limits::default();
    limits.decoding_buffer_size = limit;
    limits.intermediate_buffer_size = limit;
    limits.ifd_value_size = 8 << 20;
    let mut dec = Decoder::new(Virtual::new(f, ifd, photometric)?)
        .map_err(crate_error)?
        .with_limits(limits);
    let ct = dec.colortype().map_err(crate_error)?;
    let mut buf = DecodingResult::U8(Vec::new());
    let layout = dec.read_image_to_buffer(&mut buf).map_err(crate_error)?;
    let planar = layout.planes > 1;
    if planar && buf.as_buffer(0).byte_len() < layout.complete_len {
        return Err(crate_error(TiffError::LimitsExceeded));
    }
    drop(dec);

    let (w, h) = (p.width as usize, p.height as usize);
    let alpha_of = |k: usize| match p.extra.first() {
        Some(1) => Some((k, true)),
        Some(2) => Some((k, false)),
        _ => None,
    };
    let plan = match ct {
        ColorType::Gray(_) => Plan {
            n: 1,
            colour: Colour::Gray,
            alpha: None,
        },
        ColorType::Multiband { num_samples, .. } if photometric == 1 => Plan {
            n: usize::from(num_samples),
            colour: Colour::Gray,
            alpha: alpha_of(1),
        },
        ColorType::RGB(_) => Plan {
            n: 3,
            colour: Colour::Rgb,
            alpha: None,
        },
        ColorType::RGBA(_) => Plan {
            n: 4,
            colour: Colour::Rgb,
            alpha: Some(alpha_of(3).unwrap_or((3, false))),
        },
        ColorType::CMYK(_) => Plan {
            n: 4,
            colour: Colour::Cmyk,
            alpha: None,
        },
        ColorType::CMYKA(_) => Plan {
            n: 5,
            colour: Colour::Cmyk,
            alpha: Some(alpha_of(4).unwrap_or((4, false))),
        },
        ColorType::YCbCr(_) => Plan {
            n: 3,
            colour: Colour::FirstIsLuma,
            alpha: None,
        },
        other => return Err(unsupported(format!("colour type: {other:?}"))),
    };
    let mut gray = if p.bits < 8 {
        let DecodingResult::U8(mut data) = buf else {
            return Err(corrupt("unexpected sample layout"));
        };
        if p.lsb_first && p.compression == 1 {
            data.iter_mut().for_each(|b| *b = b.reverse_bits());
        }
        convert_packed(&data, w, h, p.bits, &tone)?
    } else {
        match buf {
            DecodingResult::U8(d) => convert(&d, w, h, planar, &plan, &tone)?,
            DecodingResult::U16(d) => convert(&d, w, h, planar, &plan, &tone)?,
            DecodingResult::U32(d) => convert(&d, w, h, planar, &plan, &tone)?,
            DecodingResult::U64(d) => convert(&d, w, h, planar, &plan, &tone)?,
            DecodingResult::F32(d) => convert(&d, w, h, planar, &plan, &tone)?,
            DecodingResult::F64(d) => convert(&d, w, h, planar, &plan, &tone)?,
            DecodingResult::F16(d) => {
                let d: Vec<f32> = d.iter().map(|v| v.to_f32()).collect();
                convert(&d, w, h, planar, &plan, &tone)?
            }
            _ => return Err(unsupported("sample format: signed integers")),
        }
    };
    if let Tone::Guess = tone {
        let dark = gray.iter().filter(|&&v| v < 128).count();
        if dark > gray.len() / 2 {
            gray.iter_mut().for_each(|v| *v = 255 - *v);
        }
    }
    GrayImage::from_raw(p.width, p.height, gray)
        .ok_or_else(|| corrupt("decoded image has the wrong size"))
}

/// The first few bytes of the first strip or tile.
fn first_strip<'a>(f: &File<'a>, ifd: &Ifd) -> Option<&'a [u8]> {
    let off = ifd
        .uint(f, STRIP_OFFSETS)
        .or_else(|| ifd.uint(f, TILE_OFFSETS))?;
    let start = usize::try_from(off).ok()?;
    f.b.get(start..start.checked_add(2)?)
}

/// Old-style JPEG (compression 6), in its common form: JPEGInterchangeFormat points at a complete
/// JPEG stream for the page, which `image` decodes. The other form (bare tables and scans in the
/// strips) is refused.
fn decode_old_jpeg(f: &File, ifd: &Ifd, p: &Page, max_pixels: u64) -> Result<GrayImage, String> {
    let refuse = || unsupported(format!("compression: {}", compression_name(6)));
    let start = ifd.uint(f, JPEG_INTERCHANGE_FORMAT).ok_or_else(refuse)?;
    let start = usize::try_from(start).map_err(|_| refuse())?;
    let rest = f.b.get(start..).ok_or_else(refuse)?;
    let len = ifd
        .uint(f, JPEG_INTERCHANGE_LENGTH)
        .map_or(rest.len() as u64, |l| l.max(2));
    let jpeg = rest
        .get(..usize::try_from(len).unwrap_or(usize::MAX).min(rest.len()))
        .ok_or_else(refuse)?;
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return Err(refuse());
    }
    let mut reader =
        image::ImageReader::with_format(io::Cursor::new(jpeg), image::ImageFormat::Jpeg);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|_| refuse())?;
    if image::ImageDecoder::dimensions(&decoder) != (p.width, p.height) {
        return Err(refuse());
    }
    let img = image::DynamicImage::from_decoder(decoder)
        .map_err(|e| corrupt(format!("old-style JPEG data: {e}")))?;
    Ok(img.into_luma8())
}

fn crate_error(e: TiffError) -> String {
    match e {
        TiffError::FormatError(TiffFormatError::StripTileTagConflict) => {
            corrupt("the page does not say where its image data is")
        }
        TiffError::FormatError(TiffFormatError::InconsistentSizesEncountered) => {
            corrupt("the page's strips or tiles do not match its size")
        }
        TiffError::FormatError(e) => corrupt(e),
        TiffError::IoError(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            corrupt("the file ends in the middle of the image data")
        }
        TiffError::IoError(e) => corrupt(e),
        TiffError::UnsupportedError(e) => unsupported(format!("feature: {e}")),
        TiffError::LimitsExceeded => {
            "the page needs more memory than its pixel limit allows".into()
        }
        TiffError::IntSizeError => corrupt("sizes in the file are out of range"),
        other => format!("cannot decode TIFF page: {other}"),
    }
}

fn compression_name(c: u16) -> String {
    let name = match c {
        6 => "old-style JPEG",
        32809 => "ThunderScan",
        34661 => "JBIG",
        34676 | 34677 => "SGI LogLuv",
        34712 => "JPEG 2000",
        34887 => "LERC",
        34925 => "LZMA",
        50000 => "Zstandard",
        50001 | 34927 => "WebP",
        32895..=32898 => "IT8",
        _ => "unknown",
    };
    format!("{name} (compression {c})")
}

fn photometric_name(p: u16) -> String {
    let name = match p {
        4 => "transparency mask",
        8..=10 => "CIE L*a*b*",
        32803 => "colour filter array (raw camera data)",
        32844 | 32845 => "LogL / LogLuv",
        34892 => "linear raw",
        _ => "unknown",
    };
    format!("{name} (photometric {p})")
}

/// Gray value of each palette index (colour maps hold 16-bit values; some writers store 8-bit
/// ones, which libtiff also detects this way).
fn colormap(f: &File, ifd: &Ifd, bits: u16) -> Result<Vec<u8>, String> {
    if bits > 16 {
        return Err(unsupported(format!("palette of {bits} bits")));
    }
    let n = 1usize << bits;
    let e = ifd
        .get(COLOR_MAP)
        .ok_or_else(|| corrupt("palette page without a colour map"))?;
    let v = f.uints(e, 3 * n as u64)?;
    if v.len() < 3 * n {
        return Err(corrupt("the colour map is too short"));
    }
    let eight_bit = v.iter().all(|&x| x < 256);
    let to8 = |x: Option<&u64>| {
        let x = x.copied().unwrap_or(0);
        if eight_bit {
            x as u8
        } else {
            (x >> 8).min(255) as u8
        }
    };
    Ok((0..n)
        .map(|i| luma(to8(v.get(i)), to8(v.get(n + i)), to8(v.get(2 * n + i))))
        .collect())
}

/// Rec. 709 luma, as `image`'s `to_luma8`.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((2126 * u32::from(r) + 7152 * u32::from(g) + 722 * u32::from(b)) / 10000) as u8
}

/// Gray `v` seen through alpha `a` over white paper.
fn over_white(v: u8, a: u8, associated: bool) -> u8 {
    let (v, a) = (u32::from(v), u32::from(a));
    if associated {
        (v + 255 - a).min(255) as u8
    } else {
        ((v * a + 255 * (255 - a)) / 255) as u8
    }
}

trait Sample: Copy {
    fn to8(self) -> u8;
    fn index(self) -> usize;
}

impl Sample for u8 {
    fn to8(self) -> u8 {
        self
    }
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Sample for u16 {
    fn to8(self) -> u8 {
        ((u32::from(self) + 128) / 257) as u8
    }
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Sample for u32 {
    fn to8(self) -> u8 {
        (self >> 24) as u8
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

impl Sample for u64 {
    fn to8(self) -> u8 {
        (self >> 56) as u8
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

impl Sample for f32 {
    fn to8(self) -> u8 {
        (self.clamp(0.0, 1.0) * 255.0).round() as u8 // NaN becomes 0
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

impl Sample for f64 {
    fn to8(self) -> u8 {
        (self.clamp(0.0, 1.0) * 255.0).round() as u8
    }
    fn index(self) -> usize {
        usize::MAX
    }
}

enum Colour {
    Gray,
    Rgb,
    Cmyk,
    /// YCbCr: Y is already luma.
    FirstIsLuma,
}

struct Plan {
    /// Samples per pixel in the decoded buffer.
    n: usize,
    colour: Colour,
    /// Index of the alpha sample, and whether colour is premultiplied by it.
    alpha: Option<(usize, bool)>,
}

/// Samples of 8 bits or more, chunky (pixel after pixel) or planar (channel after channel).
fn convert<S: Sample>(
    data: &[S],
    w: usize,
    h: usize,
    planar: bool,
    plan: &Plan,
    tone: &Tone,
) -> Result<Vec<u8>, String> {
    let px = w.checked_mul(h).ok_or_else(|| corrupt("page too large"))?;
    let need = px
        .checked_mul(plan.n)
        .ok_or_else(|| corrupt("page too large"))?;
    if data.len() < need {
        return Err(corrupt("the decoded image data is shorter than the page"));
    }
    let (per_pixel, per_sample) = if planar { (1, px) } else { (plan.n, 1) };
    let mut out = Vec::with_capacity(px);
    for i in 0..px {
        let at = |k: usize| data.get(i * per_pixel + k * per_sample).copied();
        let v = |k: usize| at(k).map_or(0, Sample::to8);
        let mut g = match plan.colour {
            Colour::Gray => match tone {
                Tone::Palette(map) => at(0)
                    .and_then(|s| map.get(s.index()))
                    .copied()
                    .unwrap_or(255),
                _ => v(0),
            },
            Colour::Rgb => luma(v(0), v(1), v(2)),
            Colour::Cmyk => {
                let k = 255 - u32::from(v(3));
                let ink = |c: u8| ((255 - u32::from(c)) * k / 255) as u8;
                luma(ink(v(0)), ink(v(1)), ink(v(2)))
            }
            Colour::FirstIsLuma => v(0),
        };
        if let Tone::Invert = tone {
            g = 255 - g;
        }
        if let Some((k, associated)) = plan.alpha {
            g = over_white(g, v(k), associated);
        }
        out.push(g);
    }
    Ok(out)
}

/// One sample per pixel packed in 1 to 7 bits, each row starting on a byte boundary.
fn convert_packed(
    data: &[u8],
    w: usize,
    h: usize,
    bits: u16,
    tone: &Tone,
) -> Result<Vec<u8>, String> {
    let bits = usize::from(bits);
    let stride = w
        .checked_mul(bits)
        .ok_or_else(|| corrupt("page too large"))?
        .div_ceil(8);
    if data.len()
        < stride
            .checked_mul(h)
            .ok_or_else(|| corrupt("page too large"))?
    {
        return Err(corrupt("the decoded image data is shorter than the page"));
    }
    let max = (1u32 << bits) - 1;
    let mut out = Vec::with_capacity(w * h);
    for row in data.chunks_exact(stride).take(h) {
        for x in 0..w {
            let bit = x * bits;
            let byte = |i: usize| u32::from(row.get(i).copied().unwrap_or(0));
            let word = (byte(bit / 8) << 8) | byte(bit / 8 + 1); // a sample may straddle two bytes
            let v = (word >> (16 - bits - bit % 8)) & max;
            out.push(match tone {
                Tone::Palette(map) => map.get(v as usize).copied().unwrap_or(255),
                Tone::Invert => 255 - (v * 255 / max) as u8,
                _ => (v * 255 / max) as u8,
            });
        }
    }
    Ok(out)
}

/// The original file seen with a new header that points at a rewritten copy of one page's IFD,
/// appended after the original bytes.
struct Virtual<'a> {
    base: &'a [u8],
    head: Vec<u8>,
    tail_at: u64,
    tail: Vec<u8>,
    pos: u64,
}

impl<'a> Virtual<'a> {
    fn new(f: &File<'a>, ifd: &Ifd, photometric: u16) -> Result<Virtual<'a>, String> {
        let put16 = |v: &mut Vec<u8>, x: u16| {
            v.extend(if f.big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            })
        };
        let put32 = |v: &mut Vec<u8>, x: u32| {
            v.extend(if f.big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            })
        };
        let put64 = |v: &mut Vec<u8>, x: u64| {
            v.extend(if f.big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            })
        };
        let tail_at = (f.b.len() as u64 + 1) & !1;
        let too_big = || unsupported("file: too large for a classic (non-Big) TIFF");

        // Entries whose values do not lie in the file are dropped: the crate would fail on them
        // anyway, but only after allocating what their count claims (up to its limits).
        let kept: Vec<&Entry> = ifd
            .entries
            .iter()
            .filter(|e| e.tag != PHOTOMETRIC && f.values(e).is_some())
            .collect();
        let count = kept.len() as u64 + 1;
        let mut tail = Vec::new();
        if f.big {
            put64(&mut tail, count);
        } else {
            put16(
                &mut tail,
                u16::try_from(count).map_err(|_| corrupt("too many tags"))?,
            );
        }
        for e in kept {
            tail.extend_from_slice(
                f.bytes(e.pos, f.entry_size())
                    .ok_or_else(|| corrupt("a page directory is damaged"))?,
            );
        }
        put16(&mut tail, PHOTOMETRIC);
        put16(&mut tail, 3); // SHORT
        if f.big {
            put64(&mut tail, 1);
            put16(&mut tail, photometric);
            tail.extend([0; 6]);
            put64(&mut tail, 0); // no next IFD
        } else {
            put32(&mut tail, 1);
            put16(&mut tail, photometric);
            tail.extend([0; 2]);
            put32(&mut tail, 0);
        }

        let mut head = f.b.get(0..2).ok_or_else(|| corrupt("no header"))?.to_vec();
        if f.big {
            put16(&mut head, 43);
            put16(&mut head, 8);
            put16(&mut head, 0);
            put64(&mut head, tail_at);
        } else {
            put16(&mut head, 42);
            put32(&mut head, u32::try_from(tail_at).map_err(|_| too_big())?);
            u32::try_from(tail_at + tail.len() as u64).map_err(|_| too_big())?;
        }
        Ok(Virtual {
            base: f.b,
            head,
            tail_at,
            tail,
            pos: 0,
        })
    }

    fn len(&self) -> u64 {
        self.tail_at + self.tail.len() as u64
    }
}

impl Read for Virtual<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let pos = self.pos;
        let n = if pos < self.head.len() as u64 {
            copy_from(&self.head, pos, buf)
        } else if pos < self.base.len() as u64 {
            copy_from(self.base, pos, buf)
        } else if pos < self.tail_at {
            let n = buf.len().min((self.tail_at - pos) as usize);
            buf.iter_mut().take(n).for_each(|b| *b = 0);
            n
        } else {
            copy_from(&self.tail, pos - self.tail_at, buf)
        };
        self.pos += n as u64;
        Ok(n)
    }
}

fn copy_from(src: &[u8], pos: u64, buf: &mut [u8]) -> usize {
    let rest = usize::try_from(pos)
        .ok()
        .and_then(|p| src.get(p..))
        .unwrap_or(&[]);
    let n = rest.len().min(buf.len());
    buf[..n].copy_from_slice(&rest[..n]);
    n
}

impl Seek for Virtual<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len().checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek out of range"))?;
        Ok(self.pos)
    }
}

// ---------------------------------------------------------------------------------------------
// CCITT fax: Modified Huffman (compression 2), Group 3 / T.4 (3) and Group 4 / T.6 (4).

fn decode_fax(f: &File, ifd: &Ifd, p: &Page) -> Result<GrayImage, String> {
    if p.bits != 1 || p.samples != 1 {
        return Err(unsupported(format!(
            "fax page with {} channels of {} bits",
            p.samples, p.bits
        )));
    }
    if ifd.get(TILE_OFFSETS).is_some() {
        return Err(unsupported("layout: tiled fax pages"));
    }
    // A white run is a 0 bit; 0 is white under WhiteIsZero (the fax default) and black otherwise.
    let (white, black) = match p.photometric {
        None | Some(0) => (255u8, 0u8),
        Some(1) => (0, 255),
        Some(n) => {
            return Err(unsupported(format!(
                "colour type for fax data: {}",
                photometric_name(n)
            )));
        }
    };
    let (w, h) = (p.width, p.height);
    let rows_per_strip = match ifd.uint(f, ROWS_PER_STRIP) {
        Some(0) | None => h,
        Some(r) => u32::try_from(r).unwrap_or(u32::MAX).min(h),
    };
    let strips = h.div_ceil(rows_per_strip);
    let cap = u64::from(strips) + 1024;
    let offsets = f.uints(
        ifd.get(STRIP_OFFSETS)
            .ok_or_else(|| corrupt("the page has no image data"))?,
        cap,
    )?;
    let counts = match ifd.get(STRIP_BYTE_COUNTS) {
        Some(e) => Some(f.uints(e, cap)?),
        None => None,
    };
    let width = w as usize;
    let total = width
        .checked_mul(h as usize)
        .ok_or_else(|| corrupt("page too large"))?;
    let mut pixels = vec![white; total];
    let tables = tables();
    let two_d = ifd.uint(f, T4_OPTIONS).unwrap_or(0) & 1 != 0;
    let mut unreadable: u64 = 0;

    for (s, out) in pixels
        .chunks_mut(width * rows_per_strip as usize)
        .enumerate()
    {
        let rows = out.len() / width;
        let first_row = s as u64 * u64::from(rows_per_strip);
        // Strip data, clipped to the file; a missing strip reads as empty.
        let data = offsets
            .get(s)
            .and_then(|&off| {
                let start = usize::try_from(off).ok()?;
                let rest = f.b.get(start..)?;
                let len = counts
                    .as_ref()
                    .and_then(|c| c.get(s))
                    .map_or(rest.len() as u64, |&c| c);
                rest.get(..usize::try_from(len).unwrap_or(usize::MAX).min(rest.len()))
            })
            .unwrap_or(&[]);
        let mut bits = Bits {
            data,
            pos: 0,
            lsb_first: p.lsb_first,
        };
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
        let broken = |y: usize| {
            corrupt(format!(
                "the fax ({name}) data breaks off at row {} of {h}",
                first_row + y as u64 + 1
            ))
        };
        match p.compression {
            4 => g4_strip(&mut bits, w, rows, tables, &mut paint).map_err(broken)?,
            2 => mh_strip(&mut bits, w, rows, tables, &mut paint).map_err(broken)?,
            _ => unreadable += g3_strip(&mut bits, w, rows, two_d, tables, &mut paint) as u64,
        }
    }
    if unreadable * 2 > u64::from(h) {
        return Err(corrupt(format!(
            "the fax data is too damaged to read ({unreadable} of {h} rows unreadable)"
        )));
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
        let mut probe = Bits {
            data: self.data,
            pos: self.pos,
            lsb_first: self.lsb_first,
        };
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
                let after = Bits {
                    data: self.data,
                    pos: self.pos + 1,
                    lsb_first: self.lsb_first,
                };
                let more = after.zeros_ahead();
                let another_eol =
                    more >= 11 && after.pos + more < self.data.len().saturating_mul(8);
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
        Tables {
            white: build(&WHITE_CODES),
            black: build(&BLACK_CODES),
        }
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
fn row_2d(
    bits: &mut Bits,
    t: &Tables,
    width: u32,
    reference: &[u32],
    cur: &mut Vec<u32>,
) -> Option<()> {
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
                let (first, second) = if white {
                    (&t.white, &t.black)
                } else {
                    (&t.black, &t.white)
                };
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

fn g4_strip(
    bits: &mut Bits,
    w: u32,
    rows: usize,
    t: &Tables,
    paint: &mut impl FnMut(&[u32]),
) -> Result<(), usize> {
    let (mut reference, mut cur) = (Vec::new(), Vec::new());
    for y in 0..rows {
        row_2d(bits, t, w, &reference, &mut cur).ok_or(y)?;
        paint(&cur);
        std::mem::swap(&mut reference, &mut cur);
    }
    Ok(())
}

fn mh_strip(
    bits: &mut Bits,
    w: u32,
    rows: usize,
    t: &Tables,
    paint: &mut impl FnMut(&[u32]),
) -> Result<(), usize> {
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
fn g3_strip(
    bits: &mut Bits,
    w: u32,
    rows: usize,
    two_d: bool,
    t: &Tables,
    paint: &mut impl FnMut(&[u32]),
) -> usize {
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
        let ok = if one_d {
            row_1d(bits, t, w, &mut cur)
        } else {
            row_2d(bits, t, w, &reference, &mut cur)
        };
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
const WHITE_CODES: [(u16, u16, u8); 104] = [
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
const BLACK_CODES: [(u16, u16, u8); 104] = [
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

#[cfg(test)]
mod tests {
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
        let mut enc = TiffEncoder::new(&mut out)
            .unwrap()
            .with_compression(compression);
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
        assert_eq!(
            dpi, None,
            "the encoder writes 1/1 with no unit: an aspect ratio, not a dpi"
        );
        assert_eq!(gray(&file, 2).get_pixel(4, 2).0, [30]);
        assert_eq!(
            decode_page(&file, 3, LIMIT).unwrap_err(),
            "TIFF page 4 does not exist (the file has 3)"
        );
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
        for c in [
            Compression::Lzw,
            Compression::Deflate(DeflateLevel::Balanced),
            Compression::Packbits,
        ] {
            let file = gray8_pages(&[200, 100], c);
            assert!(gray(&file, 1).iter().all(|&v| v == 100));
        }
    }

    #[test]
    fn sixteen_bit_rgb_rgba_cmyk() {
        let mut out = Cursor::new(Vec::new());
        let mut enc = TiffEncoder::new(&mut out).unwrap();
        enc.write_image::<colortype::Gray16>(3, 1, &[0, 65535, 32896])
            .unwrap();
        enc.write_image::<colortype::RGB8>(2, 1, &[255, 0, 0, 0, 0, 255])
            .unwrap();
        enc.write_image::<colortype::RGB16>(1, 1, &[65535, 65535, 0])
            .unwrap();
        enc.write_image::<colortype::RGBA8>(3, 1, &[0, 0, 0, 0, 0, 0, 0, 255, 100, 100, 100, 128])
            .unwrap();
        enc.write_image::<colortype::CMYK8>(3, 1, &[0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0])
            .unwrap();
        let file = out.into_inner();
        assert_eq!(gray(&file, 0).as_raw(), &[0, 255, 128]);
        assert_eq!(
            gray(&file, 1).as_raw(),
            &[54, 18],
            "Rec. 709 weights, as image's to_luma8"
        );
        assert_eq!(gray(&file, 2).as_raw(), &[236]);
        assert_eq!(
            gray(&file, 3).as_raw(),
            &[255, 0, 177],
            "alpha laid over white"
        );
        assert_eq!(
            gray(&file, 4).as_raw(),
            &[255, 0, 200],
            "white, black ink, cyan"
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
        assert_eq!(
            &white_is_zero.as_raw()[..10],
            &[0, 255, 255, 255, 255, 255, 255, 255, 255, 0]
        );
        assert!(white_is_zero.as_raw()[10..].iter().all(|&v| v == 0));
        let black_is_zero = gray(&page(Some(1), false), 0);
        assert_eq!(
            &black_is_zero.as_raw()[..10],
            &[255, 0, 0, 0, 0, 0, 0, 0, 0, 255]
        );
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
            vec![
                (258, V::Short(4)),
                (262, V::Short(3)),
                (320, V::Shorts(map)),
            ],
            vec![vec![0x01, 0x20]],
        )]);
        assert_eq!(gray(&file, 0).as_raw(), &[0, 255, 54]);
        // 3-bit gray: samples straddle byte boundaries. Values 7, 0, 1, 6 → 255, 0, 36, 218.
        let file = raw_pages(&[(
            4,
            1,
            vec![(258, V::Short(3)), (262, V::Short(1))],
            vec![vec![0b1110_0000, 0b1110_0000]],
        )]);
        assert_eq!(gray(&file, 0).as_raw(), &[255, 0, 36, 218]);
        // FillOrder 2 on an uncompressed bilevel page: pixel 0 is the lowest bit.
        let file = raw_pages(&[(
            8,
            1,
            vec![(262, V::Short(0)), (266, V::Short(2))],
            vec![vec![0b0000_0001]],
        )]);
        assert_eq!(
            gray(&file, 0).as_raw(),
            &[0, 255, 255, 255, 255, 255, 255, 255]
        );
    }

    #[test]
    fn planar_rgb() {
        // Red, green, blue and white pixels stored plane after plane, one strip per plane.
        let tags = vec![
            (258, V::Shorts(vec![8, 8, 8])),
            (262, V::Short(2)),
            (277, V::Short(3)),
            (284, V::Short(2)),
        ];
        let planes = vec![
            vec![255, 0, 0, 255],
            vec![0, 255, 0, 255],
            vec![0, 0, 255, 255],
        ];
        let file = raw_pages(&[(4, 1, tags, planes)]);
        assert_eq!(gray(&file, 0).as_raw(), &[54, 182, 18, 255]);
    }

    #[test]
    fn resolution_units_and_square_pixels() {
        let with_res = |unit: Option<u16>, x: (u32, u32), y: (u32, u32)| {
            let mut tags = vec![
                (258, V::Short(8)),
                (262, V::Short(1)),
                (282, V::Ratio(x.0, x.1)),
                (283, V::Ratio(y.0, y.1)),
            ];
            if let Some(u) = unit {
                tags.push((296, V::Short(u)));
            }
            raw_pages(&[(4, 10, tags, vec![vec![128; 40]])])
        };
        let dpi = |file: Vec<u8>| decode_page(&file, 0, LIMIT).unwrap().1;
        assert_eq!(dpi(with_res(Some(2), (300, 1), (300, 1))), Some(300.0));
        assert_eq!(
            dpi(with_res(None, (600, 2), (300, 1))),
            Some(300.0),
            "inch is the default unit"
        );
        assert_eq!(
            dpi(with_res(Some(3), (11811, 100), (11811, 100))).map(f32::round),
            Some(300.0)
        );
        assert_eq!(
            dpi(with_res(Some(1), (300, 1), (300, 1))),
            Some(300.0),
            "unit 'none' used for dpi"
        );
        assert_eq!(
            dpi(with_res(Some(2), (30, 1), (30, 1))),
            None,
            "not credible"
        );
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
        let file = raw_pages(&[(
            100_000,
            100_000,
            vec![(258, V::Short(8)), (262, V::Short(1))],
            vec![vec![0; 16]],
        )]);
        assert_eq!(page_count(&file), Ok(1));
        assert_eq!(
            decode_page(&file, 0, 100_000_000).unwrap_err(),
            "page is 100000×100000 pixels, above the limit of 100000000"
        );
    }

    #[test]
    fn skips_thumbnails_and_survives_loops() {
        let page = |subfile: u32, v: u8| {
            (
                2,
                2,
                vec![
                    (254, V::Long(subfile)),
                    (258, V::Short(8)),
                    (262, V::Short(1)),
                ],
                vec![vec![v; 4]],
            )
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
            .map(|y| {
                (0..w)
                    .map(|x| (x * 7 + y * 13) % 23 < 5 || (x / 9 + y / 3) % 5 == 0 && y % 4 != 3)
                    .collect()
            })
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
            let ci = cur
                .iter()
                .position(|&c| i64::from(c) > a0 || (a0 < 0 && c == 0))
                .unwrap_or(cur.len());
            let (a1, a2) = (at(&cur, ci), at(&cur, ci + 1));
            let ri = refc
                .iter()
                .position(|&c| i64::from(c) > a0 || (a0 < 0 && c == 0))
                .unwrap_or(refc.len());
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
            let mut out = BitWriter {
                out: Vec::new(),
                bits: 0,
                n: 0,
            };
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
                            if one_d {
                                encode_1d(&mut out, row)
                            } else {
                                encode_2d(&mut out, row, reference)
                            }
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
            for (photometric, fill_order, rows_per_strip) in
                [(0, None, h), (1, Some(2), 7), (0, Some(1), 1)]
            {
                let file = fax_file(
                    compression,
                    photometric,
                    fill_order,
                    two_d,
                    &img,
                    w as u32,
                    rows_per_strip,
                );
                let (page, dpi) = decode_page(&file, 0, LIMIT)
                    .unwrap_or_else(|e| panic!("compression {compression}: {e}"));
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
        let strip = f
            .uints(
                f.ifd(f.pages().unwrap()[0])
                    .unwrap()
                    .get(STRIP_BYTE_COUNTS)
                    .unwrap(),
                1,
            )
            .unwrap()[0];
        let offset = f
            .ifd(f.pages().unwrap()[0])
            .unwrap()
            .uint(&f, STRIP_OFFSETS)
            .unwrap() as usize;
        let mut cut = g4.clone();
        cut[offset + strip as usize / 2..offset + strip as usize].fill(0);
        let err = decode_page(&cut, 0, LIMIT).unwrap_err();
        assert!(
            err.starts_with("truncated or corrupt TIFF: the fax (Group 4) data breaks off at row"),
            "{err}"
        );
        // Group 3 with a damaged line: that line repeats the one above, the rest is intact.
        let g3 = fax_file(3, 0, None, false, &img, w as u32, h);
        let mut bad = g3.clone();
        let line = offset + 10 * (g3.len() - offset) / h / 2; // somewhere past a few lines
        bad[line..line + 3].copy_from_slice(&[0xff, 0xff, 0xff]);
        let page = gray(&bad, 0);
        let good = expected(&img, 0);
        let differing = page
            .as_raw()
            .chunks(w)
            .zip(good.chunks(w))
            .filter(|(a, b)| a != b)
            .count();
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
            vec![
                (259, V::Short(6)),
                (262, V::Short(6)),
                (277, V::Short(3)),
                (258, V::Shorts(vec![8, 8, 8])),
            ],
            vec![vec![0; 8]],
        )]);
        assert_eq!(
            decode_page(&file, 0, LIMIT).unwrap_err(),
            "unsupported TIFF compression: old-style JPEG (compression 6)"
        );
        let file = raw_pages(&[(
            4,
            4,
            vec![
                (262, V::Short(8)),
                (277, V::Short(3)),
                (258, V::Shorts(vec![8, 8, 8])),
            ],
            vec![vec![0; 48]],
        )]);
        assert_eq!(
            decode_page(&file, 0, LIMIT).unwrap_err(),
            "unsupported TIFF colour type: CIE L*a*b* (photometric 8)"
        );
    }
}
