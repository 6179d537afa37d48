use super::super::color::rgb_gray;
use super::*;

#[test]
fn uncompressed_rgb() {
    // 2×2: red, green / blue, white.
    let data = vec![255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];
    let doc = one_page(
        Stream::new(image_dict(2, 2, "DeviceRGB", 8), data),
        [0, 0, 144, 144],
        [144.0, 0.0, 0.0, 144.0, 0.0, 0.0],
        vec![],
    );
    let (img, dpi) = expect_image(extract(&doc));
    assert_eq!(img.as_raw(), &vec![rgb_gray(255, 0, 0), rgb_gray(0, 255, 0), rgb_gray(0, 0, 255), 255]);
    assert_eq!(rgb_gray(255, 0, 0), 76);
    assert_eq!(dpi, 1.0);
}

#[test]
fn dct_gray() {
    let (w, h) = (64u32, 32u32);
    let pixels: Vec<u8> = (0..h).flat_map(|_| (0..w).map(|x| if x < 32 { 0 } else { 255 })).collect();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode(&pixels, w, h, image::ExtendedColorType::L8)
        .unwrap();
    let mut dict = image_dict(64, 32, "DeviceGray", 8);
    dict.set("Filter", "DCTDecode");
    let doc = one_page(Stream::new(dict, jpeg), [0, 0, 144, 72], [144.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
    let (img, dpi) = expect_image(extract(&doc));
    assert_eq!((img.width(), img.height()), (64, 32));
    assert_eq!(dpi, 32.0);
    for (x, y) in [(2, 2), (20, 30), (40, 5), (62, 16)] {
        let v = img.get_pixel(x, y).0[0];
        let want = if x < 32 { 0 } else { 255 };
        assert!((i32::from(v) - want).abs() < 12, "pixel ({x},{y}) = {v}");
    }
}

#[test]
fn dct_rgb_with_inverting_decode() {
    let (w, h) = (16u32, 16u32);
    let pixels: Vec<u8> = (0..w * h).flat_map(|_| [200u8, 200, 200]).collect();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut dict = image_dict(16, 16, "DeviceRGB", 8);
    dict.set("Filter", "DCTDecode");
    dict.set("Decode", vec![1.into(), 0.into(), 1.into(), 0.into(), 1.into(), 0.into()]);
    let doc = one_page(Stream::new(dict, jpeg), [0, 0, 72, 72], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
    let (img, _) = expect_image(extract(&doc));
    let v = img.get_pixel(8, 8).0[0];
    assert!((i32::from(v) - 55).abs() < 6, "{v}");
}

#[test]
fn image_mask_indexed_and_2bit() {
    // Stencil: 0 paints black; with /Decode [1 0], 1 paints.
    let mut dict =
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 8, "Height" => 1, "ImageMask" => true };
    let doc =
        one_page(Stream::new(dict.clone(), vec![0b1010_0000]), [0, 0, 72, 9], [72.0, 0.0, 0.0, 9.0, 0.0, 0.0], vec![]);
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &vec![255, 0, 255, 0, 0, 0, 0, 0]);
    dict.set("Decode", vec![1.into(), 0.into()]);
    let doc = one_page(Stream::new(dict, vec![0b1010_0000]), [0, 0, 72, 9], [72.0, 0.0, 0.0, 9.0, 0.0, 0.0], vec![]);
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &vec![0, 255, 0, 255, 255, 255, 255, 255]);

    // Indexed, 4 bits: palette 0 = white, 1 = black, 2 = pure red.
    let mut dict = image_dict(3, 1, "DeviceGray", 4);
    dict.set(
        "ColorSpace",
        vec![
            "Indexed".into(),
            "DeviceRGB".into(),
            2.into(),
            Object::string_literal(vec![255, 255, 255, 0, 0, 0, 255, 0, 0]),
        ],
    );
    let doc = one_page(Stream::new(dict, vec![0x01, 0x20]), [0, 0, 72, 24], [72.0, 0.0, 0.0, 24.0, 0.0, 0.0], vec![]);
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &vec![255, 0, 76]);

    // 2-bit gray.
    let doc = one_page(
        Stream::new(image_dict(4, 1, "DeviceGray", 2), vec![0b00_01_10_11]),
        [0, 0, 72, 18],
        [72.0, 0.0, 0.0, 18.0, 0.0, 0.0],
        vec![],
    );
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &vec![0, 85, 170, 255]);

    // 16-bit RGB: the high bytes count.
    let doc = one_page(
        Stream::new(image_dict(1, 1, "DeviceRGB", 16), vec![255, 0, 255, 0, 255, 0]),
        [0, 0, 72, 72],
        [72.0, 0.0, 0.0, 72.0, 0.0, 0.0],
        vec![],
    );
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &vec![255]);

    // CMYK.
    let doc = one_page(
        Stream::new(image_dict(2, 1, "DeviceCMYK", 8), vec![0, 0, 0, 255, 0, 0, 0, 0]),
        [0, 0, 72, 36],
        [72.0, 0.0, 0.0, 36.0, 0.0, 0.0],
        vec![],
    );
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &vec![0, 255]);
}

#[test]
fn soft_mask_composites_over_white() {
    let smask = Stream::new(image_dict(2, 1, "DeviceGray", 8), vec![255, 0]);
    let mut doc = one_page(
        Stream::new(image_dict(2, 1, "DeviceGray", 8), vec![0, 0]),
        [0, 0, 72, 36],
        [72.0, 0.0, 0.0, 36.0, 0.0, 0.0],
        vec![],
    );
    let smask_id = doc.add_object(smask);
    let image_id =
        doc.objects.iter().find(|(_, o)| o.as_stream().is_ok_and(|s| s.dict.has(b"Width"))).map(|(id, _)| *id).unwrap();
    doc.get_object_mut(image_id).unwrap().as_stream_mut().unwrap().dict.set("SMask", smask_id);
    assert_eq!(expect_image(extract(&doc)).0.as_raw(), &vec![0, 255]);
}

#[test]
fn limits_and_refusals() {
    let doc = one_page(
        Stream::new(image_dict(3000, 2000, "DeviceGray", 8), vec![]),
        [0, 0, 72, 48],
        [72.0, 0.0, 0.0, 48.0, 0.0, 0.0],
        vec![],
    );
    let err = page_image(&doc, first_page(&doc), 1_000_000).err().expect("an error");
    assert_eq!(err, "image is 3000×2000 pixels, above the limit of 1000000");

    let mut dict = image_dict(10, 10, "DeviceGray", 1);
    dict.set("Filter", "JBIG2Decode");
    let doc = one_page(Stream::new(dict, vec![1, 2, 3]), [0, 0, 72, 72], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
    assert!(matches!(extract(&doc), PageImage::NeedsRender(r) if r == "JBIG2 image"));

    let mut dict = image_dict(10, 10, "DeviceRGB", 8);
    dict.set("Filter", vec![Object::Name(b"JPXDecode".to_vec())]);
    let doc = one_page(Stream::new(dict, vec![1, 2, 3]), [0, 0, 72, 72], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
    assert!(matches!(extract(&doc), PageImage::NeedsRender(r) if r == "JPEG 2000 image"));

    // Truncated data.
    let doc = one_page(
        Stream::new(image_dict(10, 10, "DeviceGray", 8), vec![0; 50]),
        [0, 0, 72, 72],
        [72.0, 0.0, 0.0, 72.0, 0.0, 0.0],
        vec![],
    );
    assert!(matches!(extract(&doc), PageImage::NeedsRender(_)));
}
