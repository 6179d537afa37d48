//! Search over a catalog of 100,000 pages (10,000 documents of 10 pages): how long a query takes.
//! The catalog is built once in a temporary folder from deterministic synthetic Vietnamese text.
//! Run with `cargo bench --bench search`.

use criterion::{Criterion, criterion_group, criterion_main};
use sohoa::catalog::{Catalog, DocumentRow, FileRow, PageRow, Record, SqliteCatalog};
use sohoa::search::{SearchOptions, search};
use sohoa::{CatalogLocation, Config, sha256_hex};
use std::hint::black_box;

const DOCUMENTS: u64 = 10_000;
const PAGES: u32 = 10;

const WORDS: &[&str] = &[
    "giấy",
    "khai",
    "sinh",
    "chứng",
    "nhận",
    "đăng",
    "ký",
    "hộ",
    "kinh",
    "doanh",
    "xác",
    "tình",
    "trạng",
    "hôn",
    "nhân",
    "quyền",
    "sử",
    "dụng",
    "đất",
    "phường",
    "xã",
    "quận",
    "huyện",
    "thành",
    "phố",
    "Hà",
    "Nội",
    "Nguyễn",
    "Văn",
    "Thị",
    "Lê",
    "Phạm",
    "Hoàng",
    "Đặng",
    "Vũ",
    "số",
    "ngày",
    "tháng",
    "năm",
    "nơi",
    "cư",
    "trú",
    "địa",
    "chỉ",
    "họ",
    "tên",
    "chữ",
    "đệm",
    "dân",
    "tộc",
    "Kinh",
    "quốc",
    "tịch",
    "Việt",
    "Nam",
    "ủy",
    "ban",
];

/// A page of ~60 words; about one page in a hundred mentions "đường Trần Phú".
fn page_text(seed: u64) -> String {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut words = Vec::with_capacity(64);
    for _ in 0..60 {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51afd7ed558ccd);
        words.push(WORDS[(x % WORDS.len() as u64) as usize]);
    }
    if seed % 100 == 7 {
        words.extend(["số", "12", "đường", "Trần", "Phú"]);
    }
    words.join(" ")
}

fn build(path: &std::path::Path) {
    let mut cat = SqliteCatalog::open(path).unwrap();
    for d in 0..DOCUMENTS {
        let sha = sha256_hex(&d.to_le_bytes());
        let pages: Vec<PageRow> = (1..=PAGES)
            .map(|p| PageRow {
                page_no: p,
                source: "ocr".into(),
                text: page_text(d * u64::from(PAGES) + u64::from(p)),
                confidence: Some(90.0),
                dpi: Some(300),
                rotation: 0,
                error: None,
                codes: Vec::new(),
            })
            .collect();
        let document = DocumentRow {
            sha256: sha.clone(),
            size: 1,
            media_type: "image/tiff".into(),
            pages: PAGES,
            text_source: "ocr".into(),
            ocr_confidence: Some(90.0),
            store_path: None,
            searchable_pdf: None,
        };
        let file = FileRow { path: format!("/scans/{d}.tif"), sha256: sha, size: 1, mtime_ns: 0 };
        cat.commit(&Record::Processed { file, document, pages }).unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.sqlite");
    build(&file);
    let config = Config { catalog: CatalogLocation::Sqlite(file), ..Config::default() };
    let mut group = c.benchmark_group(format!("search {} pages", DOCUMENTS * u64::from(PAGES)));
    for query in ["tran phu", "giấy chứng nhận quyền sử dụng đất", "nguyen van"] {
        let opts = SearchOptions { query: query.into(), limit: 20, ..SearchOptions::default() };
        group.bench_function(query, |b| b.iter(|| black_box(search(&config, &opts).unwrap())));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
