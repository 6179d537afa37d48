//! The stages that are not OCR, timed on the sample batch: hashing, decoding, classification and
//! catalog writes. OCR costs about a second a page; these should stay a small fraction of it.
//! Run with `cargo bench --bench pipeline` (or `make bench`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sohoa::bench_api::{Classifier, decode_pages};
use sohoa::catalog::{Catalog, DocumentRow, FileRow, PageRow, Record, SqliteCatalog};
use sohoa::procedures::Procedures;
use std::hint::black_box;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hashing(c: &mut Criterion) {
    let data: Vec<u8> = (0..64u64 << 20).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let mut g = c.benchmark_group("hash");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.sample_size(10);
    g.bench_function("sha256 64 MiB", |b| b.iter(|| sohoa::sha256_hex(black_box(&data))));
    g.finish();
}

fn decoding(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    g.sample_size(10);
    for name in [
        "khai-sinh-01.png",
        "khai-sinh-03.jpg",
        "xay-dung-08.tif",
        "ket-hon-07.tif",
        "ho-kinh-doanh-09.pdf",
        "chung-sinh-11.pdf",
    ] {
        let bytes = std::fs::read(repo().join("samples/batch").join(name)).unwrap();
        g.bench_function(name, |b| b.iter(|| decode_pages(black_box(bytes.clone())).unwrap()));
    }
    g.finish();
}

fn classification(c: &mut Criterion) {
    let procedures = Procedures::load(&repo().join("samples/procedures.toml")).unwrap();
    let classifier = Classifier::new(&procedures);
    let truth = repo().join("samples/truth");
    let pages: Vec<String> = std::fs::read_dir(&truth)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt").then(|| std::fs::read_to_string(p).ok()).flatten()
        })
        .flat_map(|t| t.split('\x0c').map(String::from).collect::<Vec<_>>())
        .collect();
    assert!(pages.len() > 10, "the sample truth texts are missing");
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function(format!("{} sample pages", pages.len()), |b| {
        b.iter(|| pages.iter().map(|p| classifier.classify(black_box(p)).len()).sum::<usize>())
    });
    g.finish();
}

fn catalog_writes(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut cat = SqliteCatalog::open(&dir.path().join("bench.sqlite")).unwrap();
    let text = std::fs::read_to_string(repo().join("samples/truth/ket-hon-07.tif.txt")).unwrap();
    let mut n = 0u64;
    let mut g = c.benchmark_group("catalog");
    g.bench_function("commit a 3-page document", |b| {
        b.iter(|| {
            n += 1;
            let sha = sohoa::sha256_hex(&n.to_le_bytes());
            let pages = text
                .split('\x0c')
                .enumerate()
                .map(|(i, t)| PageRow {
                    page_no: i as u32 + 1,
                    source: "ocr".into(),
                    text: t.to_string(),
                    confidence: Some(91.0),
                    dpi: Some(300),
                    rotation: 0,
                    error: None,
                    codes: vec![],
                })
                .collect::<Vec<_>>();
            let document = DocumentRow {
                sha256: sha.clone(),
                size: 1000,
                media_type: "image/tiff".into(),
                pages: pages.len() as u32,
                text_source: "ocr".into(),
                ocr_confidence: Some(91.0),
                store_path: None,
                searchable_pdf: None,
            };
            let file = FileRow { path: format!("/scans/{n}.tif"), sha256: sha, size: 1000, mtime_ns: 1 };
            cat.commit(&Record::Processed { file, document, pages }).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, hashing, decoding, classification, catalog_writes);
criterion_main!(benches);
