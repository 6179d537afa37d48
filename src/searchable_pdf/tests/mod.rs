//! End-to-end checks: build searchable PDFs from synthetic scans, then read them back with
//! pdf-extract (in process) and with poppler's tools (a real PDF reader).

use super::*;
use image::GrayImage;
use std::path::Path;
use std::process::Command;

mod images;
mod pdf_input;
mod robustness;
mod samples;
mod tiff_input;

/// The words of a form, on an upright A4 page at 100 dpi (827 × 1169 pixels): the national
/// motto, a name, a title, as (text, left, top, width, height).
const WORDS: [(&str, u32, u32, u32, u32); 13] = [
    ("Cộng", 120, 100, 80, 28),
    ("hòa", 210, 100, 56, 28),
    ("xã", 276, 100, 36, 28),
    ("hội", 322, 100, 50, 28),
    ("chủ", 382, 100, 56, 28),
    ("nghĩa", 448, 100, 86, 28),
    ("Việt", 544, 100, 62, 28),
    ("Nam", 616, 100, 64, 28),
    ("Trần", 300, 400, 90, 40),
    ("Phú", 402, 400, 76, 40),
    ("Giấy", 300, 700, 70, 24),
    ("khai", 380, 700, 60, 24),
    ("sinh", 450, 700, 58, 24),
];
const PAGE: (u32, u32, u32) = (827, 1169, 100);

/// The lines a reader must give back, in NFC, each word separated.
const LINES: [&str; 3] = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Trần Phú", "Giấy khai sinh"];

fn layer(rotation: u16) -> TextLayer {
    let (width, height, dpi) = PAGE;
    let words = WORDS
        .iter()
        .map(|&(text, left, top, width, height)| Word { text: text.into(), left, top, width, height })
        .collect();
    TextLayer { width, height, dpi, rotation, words }
}

/// The upright page: a black bar under each word's box (the "ink"), a frame to show orientation.
fn upright_page() -> GrayImage {
    let (w, h, _) = PAGE;
    GrayImage::from_fn(w, h, |x, y| {
        let inked = WORDS.iter().any(|&(_, l, t, bw, bh)| x >= l && x < l + bw && y >= t + bh / 2 && y < t + bh);
        let corner = x < 60 && y < 30; // a mark in the top-left corner
        image::Luma([if inked || corner { 0 } else { 255 }])
    })
}

/// The page as a scanner stored it when it had to be turned `rotation` clockwise to read.
fn stored_sideways(upright: &GrayImage, rotation: u16) -> GrayImage {
    match rotation {
        90 => image::imageops::rotate270(upright),
        180 => image::imageops::rotate180(upright),
        270 => image::imageops::rotate90(upright),
        _ => upright.clone(),
    }
}

fn build(bytes: &[u8], media: MediaType, layers: &[Option<TextLayer>]) -> Vec<u8> {
    match searchable_pdf(bytes, media, layers) {
        Ok(Some(pdf)) => pdf,
        Ok(None) => panic!("no PDF was made"),
        Err(e) => panic!("building the PDF failed: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Readers

/// Run a poppler tool on `pdf`; its standard output. A missing tool fails the test.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = run(tool, args, &path, None);
    String::from_utf8_lossy(&out).into_owned()
}

fn run(tool: &str, args: &[&str], pdf: &Path, out: Option<&Path>) -> Vec<u8> {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(pdf);
    cmd.arg(out.map_or(Path::new("-"), |o| o));
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("poppler's {tool} is missing: install poppler-utils (`make deps` does)")
        }
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{tool} failed: {err}");
    assert!(!err.contains("Syntax Error") && !err.contains("Syntax Warning"), "{tool} complains: {err}");
    output.stdout
}

/// pdftotext without the output-file argument order problem: it wants `in out`.
fn pdftotext(args: &[&str], pdf: &[u8]) -> String {
    poppler("pdftotext", args, pdf)
}

fn pdfinfo(pdf: &[u8], last_page: usize) -> String {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let mut cmd = Command::new("pdfinfo");
    cmd.args(["-f", "1", "-l", &last_page.to_string()]).arg(&path);
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("poppler's pdfinfo cannot run ({e}): install poppler-utils (`make deps` does)"));
    assert!(output.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `pdfinfo`'s page count and each page's size in points.
fn pages_and_sizes(pdf: &[u8], expected_pages: usize) -> (usize, Vec<(f64, f64)>) {
    let info = pdfinfo(pdf, expected_pages);
    let field = |line: &str| line.split(':').nth(1).map(str::trim).unwrap_or("").to_string();
    let pages = info.lines().find(|l| l.starts_with("Pages:")).map(field).and_then(|v| v.parse().ok()).unwrap_or(0);
    let sizes = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .map(|l| {
            let v: Vec<f64> =
                field(&l[l.find("size").unwrap_or(0)..]).split_whitespace().filter_map(|t| t.parse().ok()).collect();
            (v.first().copied().unwrap_or(0.0), v.get(1).copied().unwrap_or(0.0))
        })
        .collect();
    (pages, sizes)
}

/// One `pdfimages -list` row: page, width, height, colour, components, bits per component, encoding.
#[derive(Debug, PartialEq)]
struct Listed {
    page: usize,
    width: u32,
    height: u32,
    color: String,
    bpc: u32,
    enc: String,
}

fn pdfimages(pdf: &[u8]) -> Vec<Listed> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let output =
        Command::new("pdfimages").arg("-list").arg(&path).output().unwrap_or_else(|e| {
            panic!("poppler's pdfimages cannot run ({e}): install poppler-utils (`make deps` does)")
        });
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Listed {
                page: f[0].parse().unwrap(),
                width: f[3].parse().unwrap(),
                height: f[4].parse().unwrap(),
                color: f[5].into(),
                bpc: f[7].parse().unwrap(),
                enc: f[8].into(),
            }
        })
        .collect()
}

/// A word as `pdftotext -bbox` places it: page (from 1), text, and its box in points from the
/// page's top-left corner as shown.
#[derive(Debug)]
struct Placed {
    page: usize,
    text: String,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
}

fn bbox_words(pdf: &[u8]) -> Vec<Placed> {
    let html = pdftotext(&["-bbox"], pdf);
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
        }
        let Some(rest) = line.strip_prefix("<word ") else { continue };
        let attr = |name: &str| -> f64 {
            let key = format!("{name}=\"");
            let start = rest.find(&key).map(|i| i + key.len()).unwrap_or(0);
            rest[start..].split('"').next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
        };
        let text = rest.split('>').nth(1).and_then(|t| t.split('<').next()).unwrap_or("");
        words.push(Placed {
            page,
            text: text.to_string(),
            x_min: attr("xMin"),
            y_min: attr("yMin"),
            x_max: attr("xMax"),
            y_max: attr("yMax"),
        });
    }
    words
}

/// Every word of `layer` is on `page` at its box (in points), within `tolerance` points.
fn assert_words_at_boxes(pdf: &[u8], page: usize, layer: &TextLayer, tolerance: f64) {
    let placed = bbox_words(pdf);
    let s = 72.0 / f64::from(layer.dpi);
    for w in &layer.words {
        let found = placed
            .iter()
            .find(|p| p.page == page && p.text == w.text)
            .unwrap_or_else(|| panic!("{:?} is not on page {page}: {placed:?}", w.text));
        let expect = [w.left, w.top, w.left + w.width, w.top + w.height].map(|v| f64::from(v) * s);
        let got = [found.x_min, found.y_min, found.x_max, found.y_max];
        for (e, g) in expect.iter().zip(got) {
            assert!((e - g).abs() <= tolerance, "{:?} is at {got:?}, expected {expect:?} (points)", w.text);
        }
    }
}

/// The text both readers give back contains every line, word for word, in NFC.
fn assert_text_reads_back(pdf: &[u8]) {
    let layout = pdftotext(&["-layout", "-enc", "UTF-8"], pdf);
    let extracted = pdf_extract::extract_text_from_mem(pdf).expect("pdf-extract reads the PDF");
    for text in [&layout, &extracted] {
        let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for line in LINES {
            assert!(squeezed.contains(line), "{line:?} not in {squeezed:?}");
        }
    }
}

/// Page `page` rendered by poppler at `dpi`, in gray.
fn render(pdf: &[u8], page: usize, dpi: u32) -> GrayImage {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let n = page.to_string();
    let prefix = dir.path().join("page");
    let args = ["-r", &dpi.to_string(), "-gray", "-singlefile", "-f", &n, "-l", &n];
    run("pdftoppm", &args, &path, Some(&prefix));
    image::open(prefix.with_extension("pgm")).expect("pdftoppm's page").into_luma8()
}

/// Whether a rendering shows `want`: poppler smooths the edges of ink when it renders, so a
/// few pixels along edges may differ; a page turned or inverted differs almost everywhere.
fn looks_like(rendered: &GrayImage, want: &GrayImage) -> bool {
    differing(rendered, want, 40) < 0.003
}

/// Image `index` (from 0, in page order) of the PDF as poppler decodes it, in its stored
/// orientation: to check that pixels survived exactly.
fn extracted(pdf: &[u8], index: usize) -> image::DynamicImage {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let prefix = dir.path().join("img");
    run("pdfimages", &["-png"], &path, Some(&prefix));
    image::open(dir.path().join(format!("img-{index:03}.png"))).expect("pdfimages' image")
}

/// The share of pixels that differ by more than `by` between two same-size pictures.
fn differing(a: &GrayImage, b: &GrayImage, by: u8) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions(), "rendered size");
    let n = a.iter().zip(b.iter()).filter(|(x, y)| x.abs_diff(**y) > by).count();
    n as f64 / a.len() as f64
}

/// The streams of every image XObject in the PDF, in object order.
fn image_streams(pdf: &[u8]) -> Vec<lopdf::Stream> {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).is_ok_and(|n| n == b"Image"))
        .cloned()
        .collect()
}
