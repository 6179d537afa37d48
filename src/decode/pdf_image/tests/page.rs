use super::*;

#[test]
fn rotate_90() {
    // Page 3 in × 2 in shown rotated clockwise: the output is 2 wide, 3 tall.
    let doc =
        one_page(small(), [0, 0, 216, 144], [216.0, 0.0, 0.0, 144.0, 0.0, 0.0], vec![("Rotate", Object::Integer(90))]);
    let (img, dpi) = expect_image(extract(&doc));
    assert_eq!((img.width(), img.height()), (2, 3));
    // Rotated clockwise: the left column (bottom to top) becomes the top row.
    assert_eq!(img.as_raw(), &vec![40, 10, 50, 20, 60, 30]);
    // Displayed width is the image's 2 rows over 2 inches.
    assert_eq!(dpi, 1.0);
}

#[test]
fn rotate_inherited_negative_and_flipped_placement() {
    // /Rotate -90 on the Pages node (= 270), and an image drawn bottom-up (d < 0).
    let mut doc = one_page(small(), [0, 0, 216, 144], [216.0, 0.0, 0.0, -144.0, 0.0, 144.0], vec![]);
    let page = first_page(&doc);
    let parent = doc.get_dictionary(page).unwrap().get(b"Parent").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(parent).unwrap().set("Rotate", -90);
    let (img, _) = expect_image(extract(&doc));
    // Flipped: rows 40 50 60 / 10 20 30; then a quarter turn counter-clockwise.
    assert_eq!((img.width(), img.height()), (2, 3));
    assert_eq!(img.as_raw(), &vec![60, 30, 50, 20, 40, 10]);
}

#[test]
fn rotated_by_matrix() {
    // A landscape image stood up by its placement matrix (90° counter-clockwise on the page).
    let doc = one_page(small(), [0, 0, 144, 216], [0.0, 216.0, -144.0, 0.0, 144.0, 0.0], vec![]);
    let (img, _) = expect_image(extract(&doc));
    assert_eq!((img.width(), img.height()), (2, 3));
    assert_eq!(img.as_raw(), &vec![30, 60, 20, 50, 10, 40]);
}

#[test]
fn no_image_several_images_and_forms() {
    // A page that draws nothing (its resources list an image all the same).
    let mut doc = one_page(small(), [0, 0, 72, 72], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
    let page = first_page(&doc);
    let content = doc.get_dictionary(page).unwrap().get(b"Contents").unwrap().as_reference().unwrap();
    doc.get_object_mut(content).unwrap().as_stream_mut().unwrap().set_content(b"0 0 m 10 10 l S".to_vec());
    assert!(matches!(extract(&doc), PageImage::NoImage));

    // Two strips, each half the page.
    doc.get_object_mut(content)
        .unwrap()
        .as_stream_mut()
        .unwrap()
        .set_content(b"q 72 0 0 36 0 0 cm /Im0 Do Q q 72 0 0 36 0 36 cm /Im0 Do Q".to_vec());
    assert!(matches!(extract(&doc), PageImage::NeedsRender(r) if r == "page made of several images"));

    // The image inside a Form XObject with its own matrix.
    let image_id =
        doc.objects.iter().find(|(_, o)| o.as_stream().is_ok_and(|s| s.dict.has(b"Width"))).map(|(id, _)| *id).unwrap();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 1.into(), 1.into()],
            "Matrix" => vec![72.into(), 0.into(), 0.into(), 72.into(), 0.into(), 0.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "I" => image_id } },
        },
        b"q 1 0 0 1 0 0 cm /I Do Q".to_vec(),
    );
    let form_id = doc.add_object(form);
    let res = doc.get_dictionary_mut(page).unwrap().get_mut(b"Resources").unwrap().as_dict_mut().unwrap();
    res.get_mut(b"XObject").unwrap().as_dict_mut().unwrap().set("Fm0", form_id);
    doc.get_object_mut(content).unwrap().as_stream_mut().unwrap().set_content(b"/Fm0 Do".to_vec());
    let (img, dpi) = expect_image(extract(&doc));
    assert_eq!((img.width(), img.height(), dpi), (3, 3, 3.0), "squared: 3 px across, 2 down, on 1 in");

    // Resources inherited from the Pages node.
    let resources = doc.get_dictionary_mut(page).unwrap().remove(b"Resources").unwrap();
    let parent = doc.get_dictionary(page).unwrap().get(b"Parent").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(parent).unwrap().set("Resources", resources);
    assert!(matches!(extract(&doc), PageImage::Image { .. }));
}

#[test]
fn non_square_pixels_are_squared() {
    // 4×2 pixels on a 4 pt square: 72 dpi across, 36 dpi down (like a fax in normal mode).
    let stream = Stream::new(image_dict(4, 2, "DeviceGray", 8), vec![1, 2, 3, 4, 5, 6, 7, 8]);
    let doc = one_page(stream, [0, 0, 4, 4], [4.0, 0.0, 0.0, 4.0, 0.0, 0.0], vec![]);
    let (img, dpi) = expect_image(extract(&doc));
    assert_eq!((img.width(), img.height(), dpi), (4, 4, 72.0));
    assert_eq!(img.as_raw(), &vec![1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8]);
}

#[test]
fn what_needs_rendering() {
    let mut doc = one_page(small(), [0, 0, 720, 720], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
    let page = first_page(&doc);
    let content = doc.get_dictionary(page).unwrap().get(b"Contents").unwrap().as_reference().unwrap();
    // A small image beside text: part of the page.
    doc.get_object_mut(content)
        .unwrap()
        .as_stream_mut()
        .unwrap()
        .set_content(b"q 72 0 0 72 0 0 cm /Im0 Do Q BT /F1 12 Tf (Hi) Tj ET".to_vec());
    assert!(matches!(extract(&doc), PageImage::NeedsRender(r) if r == "image covers only part of the page"));
    // Alone on the page it is the page's content.
    doc.get_object_mut(content).unwrap().as_stream_mut().unwrap().set_content(b"q 72 0 0 72 0 0 cm /Im0 Do Q".to_vec());
    assert!(matches!(extract(&doc), PageImage::Image { .. }));
    // An inline image covering the page.
    doc.get_object_mut(content)
        .unwrap()
        .as_stream_mut()
        .unwrap()
        .set_content(b"q 720 0 0 720 0 0 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\xff EI Q".to_vec());
    assert!(matches!(extract(&doc), PageImage::NeedsRender(r) if r == "inline image"));
    // Lab.
    let mut dict = image_dict(3, 2, "DeviceGray", 8);
    dict.set("ColorSpace", vec![Object::Name(b"Lab".to_vec()), Object::Dictionary(dictionary! {})]);
    let doc = one_page(Stream::new(dict, vec![0; 18]), [0, 0, 72, 72], [72.0, 0.0, 0.0, 72.0, 0.0, 0.0], vec![]);
    assert!(matches!(extract(&doc), PageImage::NeedsRender(r) if r == "Lab colour image"));
}

#[test]
fn dpi_rounding() {
    assert_eq!(round_dpi(2480.0 / (595.0 / 72.0)), 300.0);
    assert_eq!(round_dpi(2550.0 / 8.5), 300.0);
    assert_eq!(round_dpi(1700.0 / 8.5), 200.0);
    assert_eq!(round_dpi(1234.0 / 8.5), 145.0);
}
