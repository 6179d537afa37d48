//! A page's Group 4 fax data as stored, for writers that can copy it unchanged (a searchable
//! PDF's /CCITTFaxDecode image) instead of decoding and re-encoding it.

use super::ifd::{File, Page, ROWS_PER_STRIP, STRIP_BYTE_COUNTS, STRIP_OFFSETS, TILE_OFFSETS};
use std::borrow::Cow;

const T6_OPTIONS: u16 = 293;

/// One page's Group 4 data, byte-aligned and most significant bit first, as PDF wants it.
pub(crate) struct G4Page<'a> {
    pub width: u32,
    pub height: u32,
    /// The fax "white" runs are black ink on this page (PhotometricInterpretation BlackIsZero).
    pub black_is_1: bool,
    pub data: Cow<'a, [u8]>,
}

/// Page `index`'s data when it is one Group 4 strip that a PDF reader can decode as it is;
/// None when the page is anything else (other compression, several strips, tiles, odd options).
pub(crate) fn g4_page(bytes: &[u8], index: usize) -> Result<Option<G4Page<'_>>, String> {
    let file = File::open(bytes)?;
    let pages = file.pages()?;
    let Some(&at) = pages.get(index) else {
        return Ok(None);
    };
    let ifd = file.ifd(at)?;
    let page = Page::read(&file, &ifd)?;
    // Uncompressed mode (T6Options bit 1) is an extension PDF readers need not support.
    let plain_g4 = page.compression == 4 && ifd.uint(&file, T6_OPTIONS).unwrap_or(0) & 2 == 0;
    let rows = ifd.uint(&file, ROWS_PER_STRIP).unwrap_or(u64::MAX);
    let single_strip = rows == 0 || rows >= u64::from(page.height);
    let black_is_1 = match page.photometric {
        None | Some(0) => false,
        Some(1) => true,
        Some(_) => return Ok(None),
    };
    if !plain_g4 || !single_strip || page.bits != 1 || page.samples != 1 || ifd.get(TILE_OFFSETS).is_some() {
        return Ok(None);
    }
    let (Some(offset), Some(count)) = (ifd.uint(&file, STRIP_OFFSETS), ifd.uint(&file, STRIP_BYTE_COUNTS)) else {
        return Ok(None);
    };
    let Some(data) = file.bytes(offset, count) else {
        return Ok(None);
    };
    // FillOrder 2 stores each byte's bits reversed; PDF has no such option.
    let data = if page.lsb_first { Cow::Owned(data.iter().map(|b| b.reverse_bits()).collect()) } else { data.into() };
    Ok(Some(G4Page { width: page.width, height: page.height, black_is_1, data }))
}
