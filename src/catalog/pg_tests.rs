//! The PostgreSQL catalog against the SQLite one, on a throwaway server (crate::testing): the
//! same calls must give the same answers.

use super::*;
use crate::error::Stage;
use crate::fields::Field;
use crate::testing::TempPostgres;
use crate::text::{fold, skeleton};
use std::time::Duration;

fn words(s: &str) -> Vec<String> {
    s.split(' ').filter(|w| !w.is_empty()).map(String::from).collect()
}

fn page(no: u32, source: &str, text: &str, codes: &[&str]) -> PageRow {
    PageRow {
        page_no: no,
        source: source.into(),
        text: text.into(),
        confidence: (source == "ocr").then_some(87.25 + no as f32 / 3.0),
        dpi: (source == "ocr").then_some(300),
        rotation: if no == 2 { 90 } else { 0 },
        error: (source == "failed").then(|| "Tesseract gave up".to_string()),
        codes: codes.iter().map(|c| c.to_string()).collect(),
    }
}

fn document(sha: &str, pages: &[PageRow], stored: bool) -> DocumentRow {
    DocumentRow {
        sha256: sha.into(),
        size: 1000 + sha.len() as u64,
        media_type: if pages.len() > 1 { "application/pdf" } else { "image/tiff" }.into(),
        pages: pages.len() as u32,
        text_source: "ocr".into(),
        ocr_confidence: Some(88.123),
        store_path: stored.then(|| format!("ab/{sha}")),
        searchable_pdf: stored.then(|| StoredFile {
            sha256: format!("{sha}-pdf"),
            size: 2048,
            store_path: format!("pdf/{sha}.pdf"),
        }),
    }
}

fn file(path: &str, sha: &str) -> FileRow {
    FileRow {
        path: path.into(),
        sha256: sha.into(),
        size: 1000 + sha.len() as u64,
        mtime_ns: 1_700_000_000_123_456_789,
    }
}

fn processed(path: &str, sha: &str, pages: Vec<PageRow>, stored: bool) -> Record {
    Record::Processed { file: file(path, sha), document: document(sha, &pages, stored), pages }
}

fn dossier(code: &str, owner: Option<&str>, unit: &str, status: &str) -> Dossier {
    Dossier {
        code: code.into(),
        procedure_code: "1.001193".into(),
        unit: unit.into(),
        owner_id: owner.map(String::from),
        received_at: "2025-11-10 08:30:00".into(),
        due_at: Some("2025-11-15 17:00:00".into()),
        resolved_at: None,
        status: Some(status.into()),
        channel: None,
    }
}

fn segment(first: u32, last: u32, doc_type: &str, note: Option<&str>) -> SegmentRow {
    SegmentRow {
        first_page: first,
        last_page: last,
        doc_type: doc_type.into(),
        confidence: 0.8125,
        method: "title".into(),
        evidence: format!("tiêu đề trang {first}"),
        link_note: note.map(String::from),
    }
}

fn link(first: u32, code: &str, role: &str) -> LinkRow {
    LinkRow {
        first_page: first,
        dossier_code: code.into(),
        role: role.into(),
        role_reason: "tên giấy tờ".into(),
        method: "qr".into(),
        evidence: format!("QR {code}"),
    }
}

fn field(name: &str, value: &str) -> Field {
    Field { name: name.into(), value: value.into(), evidence: format!("{name}: {value}") }
}

const OWNER: &str = "001085017839";
const SHAS: &[&str] = &["d1", "d2", "d3", "d4", "zz"];
const PATHS: &[&str] =
    &["/a/khai-sinh.pdf", "/b/copy.pdf", "/a/don.tif", "/a/cccd.tif", "/c/broken.pdf", "/c/gone.pdf", "/nope"];

/// The same calls on any backend; what the writes answered.
fn scenario(cat: &mut dyn Catalog) -> Vec<String> {
    let mut log = Vec::new();
    let d1 = vec![
        page(
            1,
            "ocr",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nGIẤY KHAI SINH\nHọ và tên: Trần Văn Phú",
            &["QR-b", "QR-a"],
        ),
        page(2, "ocr", "Nơi cư trú: số 12 đường Trần Phú, phường Điện Biên\nSố CCCD: 001085017839", &[]),
        page(3, "blank", "", &[]),
        page(4, "failed", "", &[]),
    ];
    cat.commit(&processed(PATHS[0], "d1", d1.clone(), true)).unwrap();
    // A second worker found the same content elsewhere.
    cat.commit(&processed(PATHS[1], "d1", d1, true)).unwrap();
    cat.commit(&processed(PATHS[2], "d2", vec![page(1, "ocr", "Đơn đề nghị cấp bản sao trích lục", &["QR-x"])], false))
        .unwrap();
    let d3 = vec![page(1, "pdf-text", "Noi sinh: Ha Narn, CCCD OOl085Ol7839\ntran phu", &[])];
    cat.commit(&processed(PATHS[3], "d3", d3, true)).unwrap();
    cat.commit(&processed("/tmp/d4", "d4", vec![page(1, "ocr", "Giấy xác nhận tình trạng hôn nhân", &[])], false))
        .unwrap();
    cat.commit(&Record::Duplicate { file: file(PATHS[5], "d4") }).unwrap();
    let fail = |path: &str, sha: Option<&str>| FailureRow {
        path: path.into(),
        size: 9,
        mtime_ns: 5,
        sha256: sha.map(String::from),
        stage: "decode".into(),
        error: "PDF hỏng: thiếu xref".into(),
    };
    cat.commit(&Record::Failed(fail(PATHS[4], None))).unwrap();
    // A recorded path that now fails loses its file row.
    cat.commit(&Record::Failed(fail(PATHS[5], Some("d4")))).unwrap();
    log.push(format!("bad duplicate: {}", cat.commit(&Record::Duplicate { file: file("/x", "nope") }).is_err()));

    for d in [
        dossier("H30-0001", Some(OWNER), "H30", "Đang xử lý"),
        dossier("H30-0002", Some(OWNER), "H30", "Mới"),
        dossier("K10-0003", Some("079200000001"), "K10", "Mới"),
    ] {
        log.push(format!("new {}: {}", d.code, cat.upsert_dossier(&d).unwrap()));
    }
    let again = dossier("H30-0001", Some(OWNER), "H30", "Đã trả kết quả");
    log.push(format!("new again: {}", cat.upsert_dossier(&again).unwrap()));

    let segs = [segment(1, 2, "khai_sinh", None), segment(3, 4, "unknown", Some("no dossier named"))];
    let links = [link(1, "H30-0002", "input"), link(1, "H30-0001", "result")];
    cat.replace_assignment("d1", &segs, &links).unwrap();
    cat.replace_assignment("d2", &[segment(1, 1, "don", None)], &[link(1, "K10-0003", "input")]).unwrap();
    cat.replace_assignment("d3", &[segment(1, 1, "cccd", Some("owner only"))], &[]).unwrap();
    cat.replace_assignment("d4", &[segment(1, 1, "xac_nhan", None)], &[]).unwrap();
    log.push(format!("bad link: {}", cat.replace_assignment("d4", &[], &[link(1, "NOPE", "input")]).is_err()));

    cat.set_label("d1", 1, "khai_sinh").unwrap();
    cat.set_label("d3", 1, "to_khai").unwrap();
    cat.set_label("d3", 1, "cccd").unwrap();
    log.push(format!("bad label: {}", cat.set_label("nope", 1, "x").is_err()));

    cat.replace_fields("d1", &[(1, field("citizen_id", OWNER)), (1, field("name", "Trần Văn Phú"))]).unwrap();
    cat.replace_fields("d3", &[(1, field("citizen_id", OWNER)), (1, field("citizen_id", "001085017839"))]).unwrap();
    cat.replace_fields("d4", &[(1, field("date", "2025-01-01"))]).unwrap();
    // Re-cutting d4 forgets its fields, on both (they hang off the segments).
    cat.replace_assignment("d4", &[segment(1, 1, "xac_nhan", None)], &[]).unwrap();

    cat.record_signature("d1", 0xFFFF_0000_1234_5678, None).unwrap();
    cat.record_signature("d3", 0xFFFF_0001_1234_0000, Some(("d1", 0.937_5))).unwrap();
    cat.record_signature("d2", 0x0000_1111_2222_3333, None).unwrap();
    cat.record_signature("d2", 0x0000_1111_2222_3334, Some(("d3", 0.5))).unwrap();

    log.push(format!("reuse: {}", cat.add_reuse("K10-0003", "d3", 1, "cccd", "ID 001085017839").unwrap()));
    log.push(format!("reuse again: {}", cat.add_reuse("K10-0003", "d3", 1, "cccd", "again").unwrap()));
    log.push(format!("reuse old cut: {}", cat.add_reuse("H30-0002", "d1", 3, "to_khai", "H30-0001").unwrap()));
    log.push(format!("reuse d2: {}", cat.add_reuse("H30-0001", "d2", 1, "don", "K10-0003").unwrap()));
    log.push(format!("unreuse: {}", cat.remove_reuse("H30-0001", "d2", 1).unwrap()));
    log.push(format!("unreuse none: {}", cat.remove_reuse("H30-0001", "d2", 1).unwrap()));
    log
}

/// Every read method, on the data of `scenario`.
fn answers(cat: &dyn Catalog) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut say = |what: String, answer: String| out.push((what, answer));
    for sha in SHAS {
        say(format!("summary {sha}"), format!("{:?}", cat.document_summary(sha, true).unwrap()));
        say(format!("summary {sha} short"), format!("{:?}", cat.document_summary(sha, false).unwrap()));
        say(format!("has {sha}"), format!("{:?}", cat.has_document(sha).unwrap()));
        say(format!("pages {sha}"), format!("{:?}", cat.document_pages(sha).unwrap()));
        say(format!("paths {sha}"), format!("{:?}", cat.document_paths(sha).unwrap()));
        say(format!("assignment {sha}"), format!("{:?}", cat.assignment(sha).unwrap()));
        say(format!("fields {sha}"), format!("{:?}", cat.fields(sha).unwrap()));
        say(format!("near {sha}"), format!("{:?}", cat.near_duplicate_of(sha).unwrap()));
        say(format!("stored {sha}"), format!("{:?}", cat.stored(sha).unwrap()));
    }
    for path in PATHS {
        let size = 1000 + 2;
        for (size, mtime) in [(size, 1_700_000_000_123_456_789), (size, 1), (9, 5)] {
            say(format!("state {path} {size} {mtime}"), format!("{:?}", cat.path_state(path, size, mtime).unwrap()));
        }
        say(format!("sha {path}"), format!("{:?}", cat.sha_for_path(path).unwrap()));
    }
    say("dossiers".into(), format!("{:?}", cat.dossiers().unwrap()));
    say("documents".into(), format!("{:?}", cat.documents().unwrap()));
    say("linked".into(), format!("{:?}", cat.linked_documents().unwrap()));
    say("unresolved".into(), format!("{:?}", cat.unresolved_segments().unwrap()));
    say("labelled".into(), format!("{:?}", cat.labelled().unwrap()));
    for simhash in [0xFFFF_0000_0000_0000, 0x0000_0000_1234_0000, 0x0000_1111_0000_0000, 7] {
        // SQLite gives these in no particular order.
        let mut similar = cat.similar_signatures(simhash).unwrap();
        similar.sort();
        say(format!("similar {simhash:x}"), format!("{similar:?}"));
    }
    say("stored files".into(), format!("{:?}", cat.stored_files().unwrap()));
    for owner in [OWNER, "079200000001", "nobody"] {
        say(format!("owner {owner}"), format!("{:?}", cat.owner_segments(owner).unwrap()));
    }
    say("reused".into(), format!("{:?}", cat.reused_documents().unwrap()));
    say("attachments".into(), format!("{:?}", cat.attachments().unwrap()));
    say("integrity".into(), format!("{:?}", cat.integrity().unwrap()));
    for (what, hits) in searches(cat) {
        say(what, format!("{hits:?}"));
    }
    say("dump".into(), cat.dump().unwrap().join("\n"));
    out
}

/// Searches, as (sha256, page, text) in rank order where the ranks differ enough to agree.
type Hits = Vec<(String, u32, String)>;

fn searches(cat: &dyn Catalog) -> Vec<(String, Hits)> {
    let owner = SearchFilter { owner: Some(OWNER.into()), ..SearchFilter::default() };
    let khai_sinh = SearchFilter { doc_type: Some("khai_sinh".into()), ..SearchFilter::default() };
    let unit = SearchFilter { unit: Some("K10".into()), ..SearchFilter::default() };
    let none = SearchFilter::default();
    let cases: Vec<(&str, PageQuery, &SearchFilter, bool)> = vec![
        ("tran phu", PageQuery::Phrase(words(&fold("Trần Phú"))), &none, false),
        ("phu tran", PageQuery::Phrase(words(&fold("Phú Trần"))), &none, false),
        ("phu tran all", PageQuery::AllWords(words(&fold("Phú Trần"))), &none, false),
        ("tran phu owner", PageQuery::Phrase(words(&fold("tran phu"))), &owner, false),
        ("tran khai sinh", PageQuery::AllWords(words("tran")), &khai_sinh, false),
        ("ban sao unit", PageQuery::Phrase(words("ban sao")), &unit, false),
        ("ban sao owner", PageQuery::Phrase(words("ban sao")), &owner, false),
        ("ha nam exact", PageQuery::Phrase(words(&fold("Hà Nam"))), &none, false),
        ("ha nam tolerant", PageQuery::Phrase(words(&skeleton("Hà Nam"))), &none, true),
        ("cccd tolerant", PageQuery::AllWords(words(&skeleton("001085017839"))), &none, true),
        ("nothing", PageQuery::AllWords(vec![]), &none, false),
    ];
    cases
        .into_iter()
        .map(|(what, q, filter, tolerant)| {
            let mut hits: Hits =
                cat.search_pages(&q, filter, 10, tolerant).unwrap().into_iter().map(|(s, p, t, _)| (s, p, t)).collect();
            // FTS5's bm25 and ts_rank_cd rank differently; which pages match must not differ.
            hits.sort();
            (what.to_string(), hits)
        })
        .collect()
}

fn pg_catalog() -> (PgCatalog, String) {
    let pg = TempPostgres::shared();
    let db = pg.fresh_database();
    (PgCatalog::open(&pg.url_with_password(&db)).unwrap(), db)
}

#[test]
fn both_backends_answer_alike() {
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteCatalog::open(&dir.path().join("c.sqlite")).unwrap();
    let (mut pg, _) = pg_catalog();
    assert_eq!(scenario(&mut lite), scenario(&mut pg));
    let (a, b) = (answers(&lite), answers(&pg));
    assert_eq!(a.len(), b.len());
    for ((what, lite), (_, pg)) in a.iter().zip(&b) {
        assert_eq!(lite, pg, "{what}: SQLite, then PostgreSQL");
    }
    // The answers hold something worth comparing.
    let find = |what: &str| a.iter().find(|(w, _)| w == what).map(|(_, x)| x.clone()).unwrap();
    assert!(find("tran phu").contains("d1") && find("tran phu").contains("d3"), "{}", find("tran phu"));
    assert!(find("ha nam tolerant").contains("d3"));
    assert!(find(&format!("owner {OWNER}")).contains("H30-0001"));
    assert_eq!(find("integrity"), "[]");
    assert!(find("dump").lines().count() > 30, "{}", find("dump"));
}

#[test]
fn ranks_agree_on_which_page_is_best() {
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteCatalog::open(&dir.path().join("c.sqlite")).unwrap();
    let (mut pg, _) = pg_catalog();
    let filler = "văn bản hành chính của ủy ban nhân dân phường ".repeat(20);
    for cat in [&mut lite as &mut dyn Catalog, &mut pg] {
        cat.commit(&processed("/once", "once", vec![page(1, "ocr", &format!("Trần Phú {filler}"), &[])], false))
            .unwrap();
        let dense = "Trần Phú, Trần Phú, đường Trần Phú";
        cat.commit(&processed("/dense", "dense", vec![page(1, "ocr", dense, &[])], false)).unwrap();
    }
    for cat in [&lite as &dyn Catalog, &pg] {
        let hits =
            cat.search_pages(&PageQuery::Phrase(words("tran phu")), &SearchFilter::default(), 10, false).unwrap();
        let order: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
        assert_eq!(order, ["dense", "once"]);
        assert!(hits[0].3 < hits[1].3, "lower is better: {hits:?}");
    }
}

#[test]
fn text_is_ordered_by_bytes_whatever_the_database_collation() {
    let pg = TempPostgres::shared();
    let db = pg.fresh_database_with("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN'");
    let mut cat = PgCatalog::open(&pg.url_with_password(&db)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteCatalog::open(&dir.path().join("c.sqlite")).unwrap();
    for c in [&mut cat as &mut dyn Catalog, &mut lite] {
        for sha in ["b", "Z", "a", "Đ", "e"] {
            c.commit(&processed(&format!("/{sha}"), sha, vec![page(1, "ocr", "x", &[])], false)).unwrap();
        }
    }
    assert_eq!(cat.documents().unwrap(), ["Z", "a", "b", "e", "Đ"]);
    assert_eq!(cat.documents().unwrap(), lite.documents().unwrap());
    assert_eq!(cat.dump().unwrap(), lite.dump().unwrap());
}

#[test]
fn search_ignores_diacritics_and_finds_phrases_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteCatalog::open(&dir.path().join("c.sqlite")).unwrap();
    let (mut pg, _) = pg_catalog();
    for cat in [&mut lite as &mut dyn Catalog, &mut pg] {
        let text = "Nơi cư trú: số 12 đường Trần Phú\nphường Điện Biên";
        cat.commit(&processed("/a", "aa", vec![page(1, "ocr", text, &[])], false)).unwrap();
        cat.commit(&processed("/b", "bb", vec![page(1, "ocr", "Phú Trần, Hà Nội", &[])], false)).unwrap();
    }
    for cat in [&lite as &dyn Catalog, &pg] {
        let find = |q: PageQuery| -> Vec<String> {
            let mut hits: Vec<String> =
                cat.search_pages(&q, &SearchFilter::default(), 10, false).unwrap().into_iter().map(|h| h.0).collect();
            hits.sort();
            hits
        };
        assert_eq!(find(PageQuery::Phrase(words("tran phu"))), ["aa"]);
        assert_eq!(find(PageQuery::AllWords(words("tran phu"))), ["aa", "bb"]);
        assert_eq!(find(PageQuery::Phrase(words("dien bien"))), ["aa"], "across a line break");
        assert_eq!(find(PageQuery::Phrase(words("ha noi"))), ["bb"]);
        assert!(find(PageQuery::Phrase(words("tran pho"))).is_empty());
    }
}

#[test]
fn reopening_does_not_migrate_again() {
    let pg = TempPostgres::shared();
    let db = pg.fresh_database();
    let url = pg.url_with_password(&db);
    drop(PgCatalog::open(&url).unwrap());
    let cat = PgCatalog::open(&url).unwrap();
    let rows = cat.client().unwrap().query("SELECT version FROM schema_version ORDER BY version", &[]).unwrap();
    let versions: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(versions, (1..=super::pg_schema::MIGRATIONS.len() as i64).collect::<Vec<_>>());
}

#[test]
fn racing_opens_of_a_new_catalog_all_succeed() {
    let pg = TempPostgres::shared();
    let url = pg.url_with_password(&pg.fresh_database());
    let start = std::sync::Barrier::new(4);
    std::thread::scope(|s| {
        let opens: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    PgCatalog::open(&url).map(|_| ())
                })
            })
            .collect();
        for o in opens {
            o.join().unwrap().unwrap();
        }
    });
    let cat = PgCatalog::open(&url).unwrap();
    let n: i64 = cat.client().unwrap().query_one("SELECT count(*) FROM schema_version", &[]).unwrap().get(0);
    assert_eq!(n as usize, super::pg_schema::MIGRATIONS.len());
}

#[test]
fn two_workers_committing_the_same_content_is_harmless() {
    let pg = TempPostgres::shared();
    let url = pg.url_with_password(&pg.fresh_database());
    let pages = || vec![page(1, "ocr", "Giấy khai sinh", &["QR"]), page(2, "ocr", "Trang hai", &[])];
    std::thread::scope(|s| {
        for worker in 0..2 {
            let (url, pages) = (&url, &pages);
            s.spawn(move || {
                let mut cat = PgCatalog::open(url).unwrap();
                for i in 0..20 {
                    let sha = format!("doc{i}");
                    cat.commit(&processed(&format!("/w{worker}/{i}"), &sha, pages(), true)).unwrap();
                }
            });
        }
    });
    let mut cat = PgCatalog::open(&url).unwrap();
    // The very same record twice, as when a worker's commit is retried.
    let again = processed("/w0/0", "doc0", pages(), true);
    cat.commit(&again).unwrap();
    cat.commit(&again).unwrap();
    let dump = cat.dump().unwrap();
    let count = |table: &str| dump.iter().filter(|l| l.starts_with(&format!("{table}:"))).count();
    assert_eq!((count("documents"), count("pages"), count("page_codes")), (20, 40, 20));
    assert_eq!((count("files"), count("renditions")), (40, 20));
    assert_eq!(cat.document_paths("doc7").unwrap(), ["/w0/7", "/w1/7"]);
}

#[test]
fn a_workers_record_leaves_its_claim_open_until_settled_and_needs_the_claim() {
    use crate::queue::claims::{WorkItem, add, claim};
    let pg = TempPostgres::shared();
    let mut cat = PgCatalog::open(&pg.url_with_password(&pg.fresh_database())).unwrap();
    let items: Vec<WorkItem> = ["/a", "/b"]
        .iter()
        .map(|p| WorkItem { path: p.to_string(), shown: p.to_string(), size: 1, mtime_ns: 1, pages_estimate: 1 })
        .collect();
    add(&mut *cat.client().unwrap(), &items).unwrap();
    {
        let mut client = cat.client().unwrap();
        let mut tx = client.transaction().unwrap();
        claim(&mut tx, "A", 1, Duration::from_secs(60), 3).unwrap(); // "/a" and "/b" tie: one each
        claim(&mut tx, "B", 1, Duration::from_secs(60), 3).unwrap();
        tx.commit().unwrap();
    }
    let mine = |cat: &PgCatalog, w: &str| -> String {
        let r = cat.client().unwrap().query_one("SELECT path FROM work WHERE worker = $1", &[&w]).unwrap();
        r.get(0)
    };
    let state = |cat: &PgCatalog, p: &str| -> (String, i32) {
        let r = cat.client().unwrap().query_one("SELECT state, commits FROM work WHERE path = $1", &[&p]).unwrap();
        (r.get(0), r.get(1))
    };
    let (ours, theirs) = (mine(&cat, "A"), mine(&cat, "B"));
    cat.set_worker(Some("A".into()));

    let record = processed(&ours, "aa", vec![page(1, "ocr", "một", &[])], false);
    cat.commit(&record).unwrap();
    assert!(cat.has_document("aa").unwrap(), "recorded");
    assert_eq!(state(&cat, &ours), ("claimed".into(), 0), "not settled yet");
    cat.settle(&record).unwrap();
    assert_eq!(state(&cat, &ours), ("done".into(), 1));
    cat.settle(&record).unwrap(); // a retried settle whose first attempt landed
    cat.commit(&record).unwrap(); // finished before: nothing new, no error
    assert_eq!(state(&cat, &ours), ("done".into(), 1));

    let e = cat.commit(&processed(&theirs, "bb", vec![page(1, "ocr", "hai", &[])], false)).unwrap_err();
    assert_eq!(e.stage, Stage::Queue, "{e}");
    assert!(!cat.has_document("bb").unwrap(), "nothing written for another worker's file");
    // Writes about a document that is not there (a crash took its record back) fail as a lost
    // claim, not as a catalog error.
    assert_eq!(cat.record_signature("cc", 7, None).unwrap_err().stage, Stage::Queue);
}

#[test]
fn a_dropped_connection_is_reopened_and_the_call_done_on_the_new_one() {
    let pg = TempPostgres::shared();
    let db = pg.fresh_database();
    let mut cat = PgCatalog::open(&pg.url_with_password(&db)).unwrap();
    cat.commit(&processed("/a", "aa", vec![page(1, "ocr", "một", &[])], false)).unwrap();

    assert_eq!(pg.terminate_connections(&db), 1);
    assert!(cat.has_document("aa").unwrap(), "a read");
    assert_eq!(pg.terminate_connections(&db), 1);
    cat.commit(&Record::Duplicate { file: file("/b", "aa") }).unwrap();
    assert_eq!(pg.terminate_connections(&db), 1);
    cat.commit(&processed("/c", "cc", vec![page(1, "ocr", "hai", &[])], false)).unwrap();
    assert_eq!(cat.document_paths("aa").unwrap(), ["/a", "/b"]);
    let dump = cat.dump().unwrap();
    assert_eq!(dump.iter().filter(|l| l.starts_with("pages:")).count(), 2, "each page once: {dump:?}");

    // A write whose answer a second run would change is not retried, but says clearly what
    // happened, and the next call works.
    assert_eq!(pg.terminate_connections(&db), 1);
    let d = dossier("000.00.00.H00-261201-0001", None, "H00", "1");
    if let Err(e) = cat.upsert_dossier(&d) {
        let text = e.to_string();
        assert!(text.contains("the connection to the catalog was lost"), "{text}");
        assert!(text.starts_with(&format!("postgres://sohoa@127.0.0.1:{}/", pg.port())), "{text}");
        assert!(!text.contains(pg.password()), "{text}");
    }
    assert!(cat.has_document("cc").unwrap());
}

#[test]
fn a_call_whose_connection_is_cut_again_and_again_is_retried_through_the_window() {
    let pg = TempPostgres::shared();
    let mut cat = PgCatalog::open(&pg.url_with_password(&pg.fresh_database())).unwrap();
    // Each of the first `cuts` attempts loses its connection mid-call.
    let cut_then_answer = |cuts: u32| {
        let tries = std::cell::Cell::new(0);
        move |c: &mut ::postgres::Client| {
            tries.set(tries.get() + 1);
            if tries.get() <= cuts {
                c.batch_execute("SELECT pg_terminate_backend(pg_backend_pid())")?;
            }
            c.query_one("SELECT $1::int", &[&(tries.get() as i32)]).map(|r| r.get::<_, i32>(0))
        }
    };
    assert_eq!(cat.retrying(cut_then_answer(4)).unwrap(), 5, "done on the fifth connection");

    // Without a window: one retry (the connection may have been found gone on use), no more.
    cat.set_reconnect_window(Duration::ZERO, None);
    assert_eq!(cat.retrying(cut_then_answer(1)).unwrap(), 2);
    let e = cat.retrying(cut_then_answer(2)).unwrap_err().to_string();
    assert!(e.contains("the connection to the catalog was lost"), "{e}");
}

#[test]
fn a_restarted_server_is_waited_for_within_the_reconnect_window() {
    let pg = TempPostgres::start();
    let url = pg.url_with_password(&pg.fresh_database());
    let mut cat = PgCatalog::open(&url).unwrap();
    let mut impatient = PgCatalog::open(&url).unwrap();
    impatient.set_reconnect_window(Duration::ZERO, None);
    cat.commit(&processed("/a", "aa", vec![page(1, "ocr", "một", &[])], false)).unwrap();
    assert!(impatient.has_document("aa").unwrap());

    std::thread::scope(|s| {
        let restarting = s.spawn(|| pg.restart(Duration::from_secs(3)));
        std::thread::sleep(Duration::from_millis(500)); // the server is down now
        let started = std::time::Instant::now();
        let err = impatient.has_document("aa").unwrap_err().to_string();
        assert!(err.contains("cannot connect") && started.elapsed() < Duration::from_secs(2), "at once: {err}");
        // This one waits for the server and then does the write.
        cat.commit(&Record::Duplicate { file: file("/b", "aa") }).unwrap();
        assert!(started.elapsed() >= Duration::from_secs(1), "it did wait: {:?}", started.elapsed());
        restarting.join().unwrap();
    });
    assert_eq!(cat.document_paths("aa").unwrap(), ["/a", "/b"]);
    assert!(impatient.has_document("aa").unwrap(), "a later call reconnects");

    // A stop (Ctrl-C) ends the wait.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    cat.set_reconnect_window(Duration::from_secs(300), Some(stop));
    std::thread::scope(|s| {
        let restarting = s.spawn(|| pg.restart(Duration::from_secs(2)));
        std::thread::sleep(Duration::from_millis(500));
        let started = std::time::Instant::now();
        assert!(cat.has_document("aa").is_err());
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        restarting.join().unwrap();
    });
}

#[test]
fn errors_never_show_the_password() {
    let pg = TempPostgres::shared();
    let db = pg.fresh_database();
    let url = pg.url_with_password(&db);
    let wrong = url.replace(pg.password(), "not-the-password-42");
    let e = PgCatalog::open(&wrong).err().unwrap().to_string();
    assert!(e.contains("password authentication failed"), "{e}");
    assert!(!e.contains("not-the-password-42") && !e.contains(pg.password()), "{e}");
    assert!(e.starts_with(&format!("{db}: catalog: cannot connect")), "{e}");

    let mut cat = PgCatalog::open(&url).unwrap();
    assert_eq!(cat.url(), db, "the URL without its password");
    let e = cat.commit(&Record::Duplicate { file: file("/x", "unknown") }).unwrap_err().to_string();
    assert!(e.contains("foreign key"), "{e}");
    assert!(!e.contains(pg.password()), "{e}");

    let unreachable = PgCatalog::open("postgres://sohoa:s3cr3t-pw@127.0.0.1:1/x").err().unwrap().to_string();
    assert!(unreachable.starts_with("postgres://sohoa@127.0.0.1:1/x: catalog: cannot connect"), "{unreachable}");
    assert!(!unreachable.contains("s3cr3t-pw"), "{unreachable}");
}

#[test]
fn write_record_joins_the_callers_transaction() {
    let (cat, _) = pg_catalog();
    let mut client = cat.client().unwrap();
    let mut tx = client.transaction().unwrap();
    super::pg_write::write_record(&mut tx, &processed("/a", "aa", vec![page(1, "ocr", "một", &[])], false)).unwrap();
    tx.rollback().unwrap();
    drop(client);
    assert!(!cat.has_document("aa").unwrap(), "rolled back with the caller's transaction");
    assert!(cat.client().is_ok());
}

#[test]
fn integrity_reports_orphans_unindexed_pages_and_invalid_indexes() {
    let (mut cat, _) = pg_catalog();
    cat.commit(&processed("/a", "aa", vec![page(1, "ocr", "một", &[]), page(2, "ocr", "hai", &[])], false)).unwrap();
    assert_eq!(cat.integrity().unwrap(), Vec::<String>::new());
    cat.client()
        .unwrap()
        .batch_execute(
            "SET session_replication_role = replica;
             INSERT INTO files (path, sha256, size, mtime_ns) VALUES ('/orphan', 'gone', 1, 1);
             RESET session_replication_role;
             UPDATE pages SET folded = NULL WHERE page_no = 2;
             UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'pages_skeleton'::regclass;",
        )
        .unwrap();
    assert_eq!(
        cat.integrity().unwrap(),
        [
            "files (/orphan): refers to a missing documents row",
            "pages (aa, 2): has text but is missing from the search index",
            "index pages_skeleton: invalid (an interrupted build); rebuild it with REINDEX INDEX pages_skeleton",
        ]
    );
}

#[test]
fn backups_are_pg_dump_archives() {
    let (mut cat, _) = pg_catalog();
    cat.commit(&processed("/a", "aa", vec![page(1, "ocr", "một", &[])], false)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("catalog.dump");
    cat.backup(&dest).unwrap();
    let bytes = std::fs::read(&dest).unwrap();
    assert!(bytes.starts_with(b"PGDMP"), "a custom-format archive");
    let e = cat.backup(&dest).unwrap_err().to_string();
    assert!(e.contains("exists already"), "{e}");
}

#[test]
fn a_catalog_newer_than_this_sohoa_is_refused() {
    let pg = TempPostgres::shared();
    let url = pg.url_with_password(&pg.fresh_database());
    let cat = PgCatalog::open(&url).unwrap();
    cat.client().unwrap().batch_execute("INSERT INTO schema_version (version) VALUES (999)").unwrap();
    let e = PgCatalog::open(&url).err().unwrap().to_string();
    assert!(e.contains("schema version 999 is newer"), "{e}");
}

#[test]
fn a_unix_socket_url_needs_no_password_and_backs_up_too() {
    let pg = TempPostgres::shared();
    let db = pg.fresh_database();
    let name = db.rsplit('/').next().unwrap();
    let socket = pg.dir().display().to_string().replace('/', "%2F");
    let url = format!("postgres://sohoa@{socket}:{}/{name}", pg.port());
    let mut cat = PgCatalog::open(&url).unwrap();
    cat.commit(&processed("/a", "aa", vec![page(1, "ocr", "một", &[])], false)).unwrap();
    assert_eq!(cat.documents().unwrap(), ["aa"]);
    let dir = tempfile::tempdir().unwrap();
    cat.backup(&dir.path().join("c.dump")).unwrap();
}

#[test]
fn text_with_nul_is_kept_with_a_replacement_character_and_codes_stay_whole() {
    let (mut cat, _) = pg_catalog();
    let pages = vec![page(1, "pdf-text", "a\0b Trần Phú", &["BEGIN:VCARD\nFN:Trần\nEND:VCARD"])];
    cat.commit(&processed("/a", "aa", pages, false)).unwrap();
    let read = cat.document_pages("aa").unwrap();
    assert_eq!(read[0].text, "a\u{FFFD}b Trần Phú");
    assert_eq!(read[0].codes, ["BEGIN:VCARD\nFN:Trần\nEND:VCARD"]);
    let dir = tempfile::tempdir().unwrap();
    let mut lite = super::SqliteCatalog::open(&dir.path().join("c.sqlite")).unwrap();
    let codes = ["BEGIN:VCARD\nFN:Trần\nEND:VCARD", "123"];
    lite.commit(&processed("/a", "aa", vec![page(1, "ocr", "x", &codes)], false)).unwrap();
    assert_eq!(
        lite.document_pages("aa").unwrap()[0].codes,
        ["123", "BEGIN:VCARD\nFN:Trần\nEND:VCARD"],
        "whole on SQLite too"
    );
    let hits = cat.search_pages(&PageQuery::Phrase(words("tran phu")), &SearchFilter::default(), 5, false).unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn tls_is_used_as_sslmode_asks_and_verification_checks_the_certificate() {
    let pg = TempPostgres::start_with_tls();
    let base = pg.url_with_password(&pg.fresh_database());
    let ca = pg.ca_cert();
    let encrypted = |query: &str| -> bool {
        let cat = PgCatalog::open(&format!("{base}?{query}")).unwrap_or_else(|e| panic!("{query}: {e}"));
        let row = cat.client().unwrap().query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]);
        row.unwrap().get(0)
    };
    assert!(!encrypted("sslmode=disable"));
    assert!(encrypted("sslmode=prefer"), "taken when the server offers it");
    assert!(encrypted("sslmode=require"));
    assert!(encrypted(&format!("sslmode=verify-ca&sslrootcert={}", ca.display())));
    assert!(encrypted(&format!("sslmode=verify-full&sslrootcert={}", ca.display())));

    // A certificate that does not chain to the root given, or to the system's roots: refused,
    // at once, and without the password.
    let other = TempPostgres::start_with_tls();
    let e = PgCatalog::open(&format!("{base}?sslmode=verify-full&sslrootcert={}", other.ca_cert().display()))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("certificate") && !e.contains(pg.password()), "{e}");
    let e = PgCatalog::open(&format!("{base}?sslmode=verify-ca")).err().unwrap().to_string();
    assert!(e.contains("certificate"), "{e}");
    // A server without TLS: `require` is refused, `prefer` goes plain.
    let plain = TempPostgres::shared();
    let plain_url = plain.url_with_password(&plain.fresh_database());
    let e = PgCatalog::open(&format!("{plain_url}?sslmode=require")).err().unwrap().to_string();
    assert!(e.contains("cannot connect"), "{e}");
    assert!(PgCatalog::open(&plain_url).is_ok());
}
