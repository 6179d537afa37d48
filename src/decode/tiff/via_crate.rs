//! Everything but fax: the tiff crate, reading a virtual single-page file.

use super::ifd::{
    Entry, File, Ifd, JPEG_INTERCHANGE_FORMAT, JPEG_INTERCHANGE_LENGTH, PHOTOMETRIC, Page, STRIP_OFFSETS, TILE_OFFSETS,
};
use super::samples::{Colour, Plan, Tone, colormap, colormap_rgb, convert, convert_packed, convert_rgb};
use super::{corrupt, unsupported};
use image::{GrayImage, RgbImage};
use std::io::{self, Read, Seek, SeekFrom};
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::{ColorType, TiffError, TiffFormatError};

/// A page's samples as the crate decoded them, and how to read them.
struct Decoded {
    buf: DecodingResult,
    plan: Plan,
    tone: Tone,
    planar: bool,
}

pub(super) fn decode_with_crate(f: &File, ifd: &Ifd, p: &Page, max_pixels: u64) -> Result<GrayImage, String> {
    let Decoded { buf, plan, tone, planar } = read_samples(f, ifd, p, max_pixels)?;
    let (w, h) = (p.width as usize, p.height as usize);
    let mut gray = if p.bits < 8 {
        let DecodingResult::U8(mut data) = buf else {
            return Err(corrupt("unexpected sample layout"));
        };
        if p.lsb_first && p.compression == 1 {
            data.iter_mut().for_each(|b| *b = b.reverse_bits());
        }
        convert_packed(&data, w, h, p.bits, &tone)?
    } else {
        each_sample_type!(buf, |d| convert(&d, w, h, planar, &plan, &tone))?
    };
    if let Tone::Guess = tone {
        let dark = gray.iter().filter(|&&v| v < 128).count();
        if dark > gray.len() / 2 {
            gray.iter_mut().for_each(|v| *v = 255 - *v);
        }
    }
    GrayImage::from_raw(p.width, p.height, gray).ok_or_else(|| corrupt("decoded image has the wrong size"))
}

/// The page in colour, for showing it (the OCR reads gray): None when it is not a colour page
/// (gray, YCbCr, a gray palette, or a palette of under 8 bits, which stay gray).
pub(super) fn decode_colour_with_crate(
    f: &File,
    ifd: &Ifd,
    p: &Page,
    max_pixels: u64,
) -> Result<Option<RgbImage>, String> {
    let colour_samples = usize::from(p.samples).saturating_sub(p.extra.len());
    let palette = match p.photometric {
        _ if p.bits < 8 => return Ok(None),
        Some(3) => match colormap_rgb(f, ifd, p.bits)? {
            map if map.iter().any(|[r, g, b]| r != g || g != b) => Some(map),
            _ => return Ok(None), // a palette of grays
        },
        Some(2 | 5) => None,
        None if colour_samples >= 3 => None,
        _ => return Ok(None),
    };
    let Decoded { buf, plan, planar, .. } = read_samples(f, ifd, p, max_pixels)?;
    if palette.is_none() && !matches!(plan.colour, Colour::Rgb | Colour::Cmyk) {
        return Ok(None);
    }
    let (w, h) = (p.width as usize, p.height as usize);
    let rgb = each_sample_type!(buf, |d| convert_rgb(&d, w, h, planar, &plan, palette.as_deref()))?;
    RgbImage::from_raw(p.width, p.height, rgb).map(Some).ok_or_else(|| corrupt("decoded image has the wrong size"))
}

/// Apply a conversion generic over the sample type to whichever samples the crate gave.
macro_rules! each_sample_type {
    ($buf:expr, |$d:ident| $convert:expr) => {
        match $buf {
            DecodingResult::U8($d) => $convert,
            DecodingResult::U16($d) => $convert,
            DecodingResult::U32($d) => $convert,
            DecodingResult::U64($d) => $convert,
            DecodingResult::F32($d) => $convert,
            DecodingResult::F64($d) => $convert,
            DecodingResult::F16(d16) => {
                let $d: Vec<f32> = d16.iter().map(|v| v.to_f32()).collect();
                $convert
            }
            _ => Err(unsupported("sample format: signed integers")),
        }
    };
}
use each_sample_type;

fn read_samples(f: &File, ifd: &Ifd, p: &Page, max_pixels: u64) -> Result<Decoded, String> {
    match p.compression {
        1 | 5 | 7 | 8 | 32946 | 32773 => {}
        other => {
            return Err(unsupported(format!("compression: {}", compression_name(other))));
        }
    }
    match (p.sample_format, p.bits) {
        (1, 1..=8 | 16 | 32 | 64) | (3, 16 | 32 | 64) => {}
        (1 | 3, b) => return Err(unsupported(format!("sample depth: {b} bits"))),
        (2, _) => return Err(unsupported("sample format: signed integers")),
        (s, _) => return Err(unsupported(format!("sample format {s}"))),
    }
    if p.bits < 8 && p.samples > 1 {
        return Err(unsupported(format!("colour type: {} channels of {} bits", p.samples, p.bits)));
    }
    if p.compression == 5
        && first_strip(f, ifd).is_some_and(|d| d.first() == Some(&0) && d.get(1).is_some_and(|b| b & 1 == 1))
    {
        return Err(unsupported("compression: old-style LZW (written by libtiff before 1991)"));
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
    let mut dec = Decoder::new(Virtual::new(f, ifd, photometric)?).map_err(crate_error)?.with_limits(limits);
    let ct = dec.colortype().map_err(crate_error)?;
    let mut buf = DecodingResult::U8(Vec::new());
    let layout = dec.read_image_to_buffer(&mut buf).map_err(crate_error)?;
    let planar = layout.planes > 1;
    if planar && buf.as_buffer(0).byte_len() < layout.complete_len {
        return Err(crate_error(TiffError::LimitsExceeded));
    }
    drop(dec);

    let alpha_of = |k: usize| match p.extra.first() {
        Some(1) => Some((k, true)),
        Some(2) => Some((k, false)),
        _ => None,
    };
    let plan = match ct {
        ColorType::Gray(_) => Plan { n: 1, colour: Colour::Gray, alpha: None },
        ColorType::Multiband { num_samples, .. } if photometric == 1 => {
            Plan { n: usize::from(num_samples), colour: Colour::Gray, alpha: alpha_of(1) }
        }
        ColorType::RGB(_) => Plan { n: 3, colour: Colour::Rgb, alpha: None },
        ColorType::RGBA(_) => Plan { n: 4, colour: Colour::Rgb, alpha: Some(alpha_of(3).unwrap_or((3, false))) },
        ColorType::CMYK(_) => Plan { n: 4, colour: Colour::Cmyk, alpha: None },
        ColorType::CMYKA(_) => Plan { n: 5, colour: Colour::Cmyk, alpha: Some(alpha_of(4).unwrap_or((4, false))) },
        ColorType::YCbCr(_) => Plan { n: 3, colour: Colour::FirstIsLuma, alpha: None },
        other => return Err(unsupported(format!("colour type: {other:?}"))),
    };
    Ok(Decoded { buf, plan, tone, planar })
}

/// The first few bytes of the first strip or tile.
fn first_strip<'a>(f: &File<'a>, ifd: &Ifd) -> Option<&'a [u8]> {
    let off = ifd.uint(f, STRIP_OFFSETS).or_else(|| ifd.uint(f, TILE_OFFSETS))?;
    let start = usize::try_from(off).ok()?;
    f.b.get(start..start.checked_add(2)?)
}

/// Old-style JPEG (compression 6), in its common form: JPEGInterchangeFormat points at a complete
/// JPEG stream for the page, which `image` decodes. The other form (bare tables and scans in the
/// strips) is refused.
pub(super) fn decode_old_jpeg(f: &File, ifd: &Ifd, p: &Page, max_pixels: u64) -> Result<GrayImage, String> {
    let refuse = || unsupported(format!("compression: {}", compression_name(6)));
    let start = ifd.uint(f, JPEG_INTERCHANGE_FORMAT).ok_or_else(refuse)?;
    let start = usize::try_from(start).map_err(|_| refuse())?;
    let rest = f.b.get(start..).ok_or_else(refuse)?;
    let len = ifd.uint(f, JPEG_INTERCHANGE_LENGTH).map_or(rest.len() as u64, |l| l.max(2));
    let jpeg = rest.get(..usize::try_from(len).unwrap_or(usize::MAX).min(rest.len())).ok_or_else(refuse)?;
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return Err(refuse());
    }
    let mut reader = image::ImageReader::with_format(io::Cursor::new(jpeg), image::ImageFormat::Jpeg);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|_| refuse())?;
    if image::ImageDecoder::dimensions(&decoder) != (p.width, p.height) {
        return Err(refuse());
    }
    let img = image::DynamicImage::from_decoder(decoder).map_err(|e| corrupt(format!("old-style JPEG data: {e}")))?;
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
        TiffError::LimitsExceeded => "the page needs more memory than its pixel limit allows".into(),
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

pub(super) fn photometric_name(p: u16) -> String {
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
        let put16 = |v: &mut Vec<u8>, x: u16| v.extend(if f.big_endian { x.to_be_bytes() } else { x.to_le_bytes() });
        let put32 = |v: &mut Vec<u8>, x: u32| v.extend(if f.big_endian { x.to_be_bytes() } else { x.to_le_bytes() });
        let put64 = |v: &mut Vec<u8>, x: u64| v.extend(if f.big_endian { x.to_be_bytes() } else { x.to_le_bytes() });
        let tail_at = (f.b.len() as u64 + 1) & !1;
        let too_big = || unsupported("file: too large for a classic (non-Big) TIFF");

        // Entries whose values do not lie in the file are dropped: the crate would fail on them
        // anyway, but only after allocating what their count claims (up to its limits).
        let kept: Vec<&Entry> = ifd.entries.iter().filter(|e| e.tag != PHOTOMETRIC && f.values(e).is_some()).collect();
        let count = kept.len() as u64 + 1;
        let mut tail = Vec::new();
        if f.big {
            put64(&mut tail, count);
        } else {
            put16(&mut tail, u16::try_from(count).map_err(|_| corrupt("too many tags"))?);
        }
        for e in kept {
            tail.extend_from_slice(
                f.bytes(e.pos, f.entry_size()).ok_or_else(|| corrupt("a page directory is damaged"))?,
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
        Ok(Virtual { base: f.b, head, tail_at, tail, pos: 0 })
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
    let rest = usize::try_from(pos).ok().and_then(|p| src.get(p..)).unwrap_or(&[]);
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
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek out of range"))?;
        Ok(self.pos)
    }
}
