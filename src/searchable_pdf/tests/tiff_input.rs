//! Multi-page TIFFs: Group 4 pages copied, other pages decoded and re-encoded losslessly.

use super::*;
use ::tiff::encoder::{Compression, DeflateLevel, Rational, TiffEncoder, colortype};
use ::tiff::tags::{ResolutionUnit, Tag};
use std::io::Cursor;

/// Group 4 data of `img`'s rows; `ink_is_white_run` codes black pixels as fax "white" runs,
/// as a BlackIsZero page stores them.
fn g4(img: &GrayImage, rows: std::ops::Range<u32>, ink_is_white_run: bool) -> Vec<u8> {
    let mut enc = fax::encoder::Encoder::new(fax::VecWriter::new());
    for y in rows {
        let pels = (0..img.width()).map(|x| {
            if (img.get_pixel(x, y)[0] == 0) != ink_is_white_run { fax::Color::Black } else { fax::Color::White }
        });
        enc.encode_line(pels, img.width()).unwrap();
    }
    enc.finish().unwrap().finish()
}

enum TiffPage<'a> {
    /// Group 4, in strips of this many rows, with this PhotometricInterpretation, the bits of
    /// each byte in reverse order if `lsb_first` (FillOrder 2).
    Fax {
        img: &'a GrayImage,
        rows_per_strip: u32,
        photometric: u16,
        lsb_first: bool,
    },
    Gray(&'a GrayImage),
    /// A page no decoder here reads (JPEG 2000 compression).
    Unreadable,
}

fn tiff_file(pages: &[TiffPage]) -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut out = Cursor::new(Vec::new());
    let mut strips_written = Vec::new();
    let mut enc = TiffEncoder::new(&mut out).unwrap().with_compression(Compression::Deflate(DeflateLevel::Balanced));
    for page in pages {
        match page {
            TiffPage::Gray(img) => {
                let mut image = enc.new_image::<colortype::Gray8>(img.width(), img.height()).unwrap();
                image.resolution(ResolutionUnit::Inch, Rational { n: 100, d: 1 });
                image.write_data(img.as_raw()).unwrap();
            }
            TiffPage::Fax { img, rows_per_strip, photometric, lsb_first } => {
                let strips: Vec<Vec<u8>> = (0..img.height())
                    .step_by(*rows_per_strip as usize)
                    .map(|y| g4(img, y..(y + rows_per_strip).min(img.height()), *photometric == 1))
                    .collect();
                strips_written.push(strips.concat());
                let reverse = |s: &Vec<u8>| s.iter().map(|b| if *lsb_first { b.reverse_bits() } else { *b }).collect();
                let stored: Vec<Vec<u8>> = strips.iter().map(reverse).collect();
                let fill_order = if *lsb_first { 2 } else { 1 };
                raw_page(&mut enc, img.width(), img.height(), (4, *photometric, fill_order), *rows_per_strip, &stored);
            }
            TiffPage::Unreadable => raw_page(&mut enc, 64, 64, (34712, 1, 1), 64, &[vec![0; 100]]),
        }
    }
    (out.into_inner(), strips_written)
}

fn raw_page<W: std::io::Write + std::io::Seek>(
    enc: &mut TiffEncoder<W>,
    w: u32,
    h: u32,
    (compression, photometric, fill_order): (u16, u16, u16),
    rows_per_strip: u32,
    strips: &[Vec<u8>],
) {
    let mut dir = enc.image_directory().unwrap();
    let offsets: Vec<u32> = strips.iter().map(|s| dir.write_data(&s[..]).unwrap() as u32).collect();
    let counts: Vec<u32> = strips.iter().map(|s| s.len() as u32).collect();
    dir.write_tag(Tag::ImageWidth, w).unwrap();
    dir.write_tag(Tag::ImageLength, h).unwrap();
    dir.write_tag(Tag::BitsPerSample, if compression == 4 { 1u16 } else { 8 }).unwrap();
    dir.write_tag(Tag::Compression, compression).unwrap();
    dir.write_tag(Tag::PhotometricInterpretation, photometric).unwrap();
    dir.write_tag(Tag::FillOrder, fill_order).unwrap();
    dir.write_tag(Tag::StripOffsets, &offsets[..]).unwrap();
    dir.write_tag(Tag::RowsPerStrip, rows_per_strip).unwrap();
    dir.write_tag(Tag::StripByteCounts, &counts[..]).unwrap();
    dir.write_tag(Tag::XResolution, Rational { n: 100, d: 1 }).unwrap();
    dir.write_tag(Tag::YResolution, Rational { n: 100, d: 1 }).unwrap();
    dir.write_tag(Tag::ResolutionUnit, 2u16).unwrap();
    dir.finish().unwrap();
}

/// The upright page with gray shading, so that it is not mere black and white.
fn shaded_page() -> GrayImage {
    let page = upright_page();
    GrayImage::from_fn(page.width(), page.height(), |x, y| {
        image::Luma([if x < 40 { (y % 200) as u8 } else { page.get_pixel(x, y)[0] }])
    })
}

#[test]
fn a_fax_page_is_copied_and_a_gray_page_kept_lossless() {
    let fax_page = upright_page();
    let gray = stored_sideways(&shaded_page(), 90);
    let (file, strips) = tiff_file(&[
        TiffPage::Fax { img: &fax_page, rows_per_strip: 2000, photometric: 0, lsb_first: false },
        TiffPage::Gray(&gray),
    ]);
    let pdf = build(&file, MediaType::Tiff, &[Some(layer(0)), Some(layer(90))]);

    assert_eq!(image_streams(&pdf)[0].content, strips[0], "the Group 4 strip is the stream, byte for byte");
    let listed = pdfimages(&pdf);
    let kinds: Vec<(usize, u32, u32, &str, u32, &str)> =
        listed.iter().map(|l| (l.page, l.width, l.height, l.color.as_str(), l.bpc, l.enc.as_str())).collect();
    assert_eq!(kinds, vec![(1, 827, 1169, "gray", 1, "ccitt"), (2, 1169, 827, "gray", 8, "image")]);
    assert_eq!(pages_and_sizes(&pdf, 2), (2, vec![(595.44, 841.68), (595.44, 841.68)]));
    assert!(extracted(&pdf, 0).to_luma8() == fax_page, "the fax page, pixel for pixel");
    assert!(extracted(&pdf, 1).to_luma8() == gray, "the gray page, pixel for pixel");
    assert!(looks_like(&render(&pdf, 1, 100), &fax_page));
    assert!(looks_like(&render(&pdf, 2, 100), &shaded_page()), "the gray page, turned upright");
    assert_words_at_boxes(&pdf, 1, &layer(0), 1.0);
    assert_words_at_boxes(&pdf, 2, &layer(90), 1.0);
    assert_text_reads_back(&pdf);
    assert!(pdf.len() < file.len() + 8192, "PDF {} bytes for a {}-byte TIFF", pdf.len(), file.len());
}

#[test]
fn black_is_zero_and_multi_strip_fax_pages_render_as_decoded() {
    let page = upright_page();
    let file = tiff_file(&[
        TiffPage::Fax { img: &page, rows_per_strip: 2000, photometric: 1, lsb_first: false },
        TiffPage::Fax { img: &page, rows_per_strip: 100, photometric: 0, lsb_first: false },
        TiffPage::Fax { img: &page, rows_per_strip: 2000, photometric: 0, lsb_first: true },
    ]);
    for i in 0..3 {
        let (decoded, _) = crate::decode::tiff::decode_page(&file.0, i, 10_000_000).unwrap();
        assert!(decoded == page, "page {}: the decoder's reading", i + 1);
    }
    let (file, strips) = (file.0, file.1);
    let pdf = build(&file, MediaType::Tiff, &[Some(layer(0)), Some(layer(0)), Some(layer(0))]);
    let streams = image_streams(&pdf);
    assert!(streams[2].content == strips[2], "FillOrder 2 data is copied, its bits put in order");
    let parms = |s: &lopdf::Stream| s.dict.get(b"DecodeParms").and_then(|p| p.as_dict()).cloned().unwrap();
    assert_eq!(parms(&streams[0]).get(b"BlackIs1").and_then(|b| b.as_bool()).ok(), Some(true));
    let listed = pdfimages(&pdf);
    assert!(listed.iter().all(|l| l.enc == "ccitt"), "{listed:?}: strips re-encoded as Group 4");
    assert_eq!(listed.len(), 3);
    assert!(extracted(&pdf, 0).to_luma8() == page, "BlackIsZero page");
    assert!(extracted(&pdf, 1).to_luma8() == page, "multi-strip page");
    assert!(extracted(&pdf, 2).to_luma8() == page, "FillOrder 2 page");
    assert!(looks_like(&render(&pdf, 1, 100), &page), "BlackIsZero page shown");
}

#[test]
fn pages_without_ocr_keep_their_place_and_unreadable_ones_are_left_out() {
    let page = upright_page();
    let shaded = shaded_page();
    let (file, _) = tiff_file(&[
        TiffPage::Gray(&shaded),
        TiffPage::Unreadable,
        TiffPage::Fax { img: &page, rows_per_strip: 2000, photometric: 0, lsb_first: false },
    ]);
    let pdf = build(&file, MediaType::Tiff, &[None, None, Some(layer(0))]);
    assert_eq!(pages_and_sizes(&pdf, 2), (2, vec![(595.44, 841.68), (595.44, 841.68)]));
    assert!(extracted(&pdf, 0).to_luma8() == shaded, "the page without OCR is shown");
    assert!(bbox_words(&pdf).iter().all(|w| w.page == 2), "only the OCR'd page has text");
    assert_words_at_boxes(&pdf, 2, &layer(0), 1.0);

    let err = searchable_pdf(&file, MediaType::Tiff, &[None, Some(layer(0)), None]).unwrap_err();
    assert!(err.starts_with("page 2: unsupported TIFF compression"), "{err}");
    let err = searchable_pdf(&file, MediaType::Tiff, &[Some(layer(0))]).unwrap_err();
    assert_eq!(err, "the TIFF has 3 pages but the OCR gave 1 layer");
}

#[test]
fn a_colour_page_is_kept_in_colour_pixel_for_pixel() {
    let shaded = shaded_page();
    // A red stamp over the shaded page: what a gray copy would lose.
    let rgb = image::RgbImage::from_fn(shaded.width(), shaded.height(), |x, y| {
        let v = shaded.get_pixel(x, y)[0];
        image::Rgb(if x > 700 && y > 1000 { [200, 20, 30] } else { [v, v, v] })
    });
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap().with_compression(Compression::Deflate(DeflateLevel::Balanced));
    let mut image = enc.new_image::<colortype::RGB8>(rgb.width(), rgb.height()).unwrap();
    image.resolution(ResolutionUnit::Inch, Rational { n: 100, d: 1 });
    image.write_data(rgb.as_raw()).unwrap();
    let file = out.into_inner();

    let pdf = build(&file, MediaType::Tiff, &[Some(layer(0))]);
    let listed = &pdfimages(&pdf)[0];
    assert_eq!((listed.color.as_str(), listed.bpc, listed.enc.as_str()), ("rgb", 8, "image"));
    assert!(extracted(&pdf, 0).to_rgb8() == rgb, "the colour page, pixel for pixel");
    assert_eq!(pages_and_sizes(&pdf, 1), (1, vec![(595.44, 841.68)]));
    assert_words_at_boxes(&pdf, 1, &layer(0), 1.0);
    assert_text_reads_back(&pdf);
}
