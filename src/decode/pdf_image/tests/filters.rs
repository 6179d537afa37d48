use super::super::filters::{ascii85, lzw, paeth, run_length};
use super::*;
use std::io::Write;

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("write");
    e.finish().expect("finish")
}

/// A 300×150 gray ramp, placed on a 1 in × 0.5 in page: 300 dpi.
fn ramp() -> Vec<u8> {
    (0..150u32).flat_map(|y| (0..300u32).map(move |x| ((x + 2 * y) % 256) as u8)).collect()
}

#[test]
fn flate_gray() {
    let pixels = ramp();
    let mut dict = image_dict(300, 150, "DeviceGray", 8);
    dict.set("Filter", "FlateDecode");
    let doc = one_page(Stream::new(dict, zlib(&pixels)), [0, 0, 72, 36], [72.0, 0.0, 0.0, 36.0, 0.0, 0.0], vec![]);
    let (img, dpi) = expect_image(extract(&doc));
    assert_eq!((img.width(), img.height()), (300, 150));
    assert_eq!(img.as_raw(), &pixels);
    assert_eq!(dpi, 300.0);
}

#[test]
fn flate_png_predictors_and_parms_array() {
    let pixels = ramp();
    let (w, h) = (300usize, 150usize);
    // Encode with PNG predictors: rows alternate Sub, Up, Average, Paeth, None.
    let mut encoded = Vec::new();
    let mut prev = vec![0u8; w];
    for (y, row) in pixels.chunks(w).enumerate() {
        let tag = [1u8, 2, 3, 4, 0][y % 5];
        encoded.push(tag);
        for x in 0..w {
            let left = if x > 0 { row[x - 1] } else { 0 };
            let up = prev[x];
            let ul = if x > 0 { prev[x - 1] } else { 0 };
            let pred = match tag {
                1 => left,
                2 => up,
                3 => ((left as u16 + up as u16) / 2) as u8,
                4 => paeth(left, up, ul),
                _ => 0,
            };
            encoded.push(row[x].wrapping_sub(pred));
        }
        prev = row.to_vec();
    }
    assert_eq!(encoded.len(), h * (w + 1));
    let mut dict = image_dict(300, 150, "DeviceGray", 8);
    dict.set("Filter", vec![Object::Name(b"FlateDecode".to_vec())]);
    dict.set("DecodeParms", vec![Object::Dictionary(dictionary! { "Predictor" => 15, "Columns" => 300 })]);
    let doc = one_page(Stream::new(dict, zlib(&encoded)), [0, 0, 72, 36], [72.0, 0.0, 0.0, 36.0, 0.0, 0.0], vec![]);
    let (img, _) = expect_image(extract(&doc));
    assert_eq!(img.as_raw(), &pixels);
}

#[test]
fn hostile_data_does_not_panic() {
    let filters: [&[&str]; 9] = [
        &["FlateDecode"],
        &["LZWDecode"],
        &["RunLengthDecode"],
        &["ASCIIHexDecode"],
        &["ASCII85Decode"],
        &["CCITTFaxDecode"],
        &["DCTDecode"],
        &["ASCIIHexDecode", "FlateDecode"],
        &["Foo"],
    ];
    let mut seed = 12345u32;
    for round in 0..300 {
        let mut rnd = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let len = (rnd() % 400) as usize;
        let data: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
        let f = filters[round % filters.len()];
        let (w, h) = (1 + (rnd() % 40) as i64, 1 + (rnd() % 40) as i64);
        let bpc = [1, 2, 4, 8, 16][(rnd() % 5) as usize];
        let cs = ["DeviceGray", "DeviceRGB", "DeviceCMYK"][(rnd() % 3) as usize];
        let mut dict = image_dict(w, h, cs, bpc);
        dict.set("Filter", f.iter().map(|n| Object::Name(n.as_bytes().to_vec())).collect::<Vec<_>>());
        let k = [-1, 0, 2][(rnd() % 3) as usize];
        dict.set(
            "DecodeParms",
            dictionary! { "Predictor" => [1, 2, 12, 15][(rnd() % 4) as usize], "Columns" => w, "Colors" => 1, "K" => k, "BitsPerComponent" => bpc },
        );
        let doc = one_page(Stream::new(dict, data), [0, 0, 72, 72], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
        let _ = page_image(&doc, first_page(&doc), 1_000_000);
    }
    // Hostile content streams.
    for content in
        [&b"BI /W 5 /H 5 ID"[..], b"(unterminated", b"<< /a [ [ [", b"1 2 3 4 5 cm /X Do Q Q Q", b"/Im0 Do EI BI"]
    {
        let mut doc = one_page(small(), [0, 0, 72, 72], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
        let page = first_page(&doc);
        let c = doc.get_dictionary(page).unwrap().get(b"Contents").unwrap().as_reference().unwrap();
        doc.get_object_mut(c).unwrap().as_stream_mut().unwrap().set_content(content.to_vec());
        let _ = page_image(&doc, page, 1_000_000);
    }
}

#[test]
fn tiff_predictor_run_length_and_filter_chain() {
    let pixels = ramp();
    // TIFF predictor 2 under Flate under ASCIIHex.
    let mut diff = Vec::new();
    for row in pixels.chunks(300) {
        for x in 0..300 {
            diff.push(row[x].wrapping_sub(if x > 0 { row[x - 1] } else { 0 }));
        }
    }
    let hex: Vec<u8> = zlib(&diff).iter().flat_map(|b| format!("{b:02x} ").into_bytes()).chain(*b">").collect();
    let mut dict = image_dict(300, 150, "DeviceGray", 8);
    dict.set("Filter", vec![Object::Name(b"ASCIIHexDecode".to_vec()), Object::Name(b"FlateDecode".to_vec())]);
    dict.set("DecodeParms", vec![Object::Null, Object::Dictionary(dictionary! { "Predictor" => 2, "Columns" => 300 })]);
    let doc = one_page(Stream::new(dict, hex), [0, 0, 72, 36], [72.0, 0.0, 0.0, 36.0, 0.0, 0.0], vec![]);
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &pixels);

    // RunLength: literal runs of up to 128 bytes and one repeat.
    let mut rl = Vec::new();
    for chunk in pixels.chunks(100) {
        rl.push(99u8);
        rl.extend_from_slice(chunk);
    }
    rl.push(128);
    let mut dict = image_dict(300, 150, "DeviceGray", 8);
    dict.set("Filter", "RunLengthDecode");
    let doc = one_page(Stream::new(dict, rl), [0, 0, 72, 36], [72.0, 0.0, 0.0, 36.0, 0.0, 0.0], vec![]);
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &pixels);
    assert_eq!(run_length(&[254, 7, 1, 1, 2, 128, 9], 100), vec![7, 7, 7, 1, 2]);
    assert_eq!(ascii85(b"<~87cURD]i,\"Ebo80~>", 100), b"Hello World!".to_vec());
}

#[test]
fn lzw_round_trip_known_vector() {
    // The PDF specification's example: 2D 2D 2D 2D 2D 42 2D 2D 2D 2D 2D 2D 2D 42 ... encoded.
    let encoded = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
    assert_eq!(lzw(&encoded, true, 1000), vec![45, 45, 45, 45, 45, 65, 45, 45, 45, 66]);
}
