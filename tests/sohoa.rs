//! End-to-end tests: the real `sohoa` binary, real Tesseract, the sample batch and fixtures.

use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use unicode_normalization::UnicodeNormalization;

const BIN: &str = env!("CARGO_BIN_EXE_sohoa");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    repo().join("samples/batch").join(name)
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A scratch folder with a batch folder, a catalog, and the binary to run on them.
struct TestEnv {
    dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

struct RunResult {
    code: i32,
    stdout: String,
    stderr: String,
    records: Vec<Value>,
}

impl RunResult {
    fn record(&self, path: &str) -> &Value {
        self.records
            .iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("no record for {path}; stderr:\n{}", self.stderr))
    }

    fn statuses(&self) -> BTreeMap<String, String> {
        self.records
            .iter()
            .map(|r| (r["path"].as_str().unwrap().to_string(), r["status"].as_str().unwrap().to_string()))
            .collect()
    }
}

impl TestEnv {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let env = TestEnv { dir: tmp.path().to_path_buf(), _tmp: Some(tmp) };
        std::fs::create_dir_all(env.batch()).unwrap();
        env
    }

    /// A fixed folder under target/ that outlives the test (for the shared sample run).
    fn persistent(name: &str) -> Self {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("batch")).unwrap();
        TestEnv { dir, _tmp: None }
    }

    fn batch(&self) -> PathBuf {
        self.dir.join("batch")
    }

    fn catalog(&self) -> PathBuf {
        self.dir.join("data/catalog.sqlite")
    }

    fn add(&self, src: &Path, name: &str) -> PathBuf {
        let dest = self.batch().join(name);
        std::fs::copy(src, &dest).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        dest
    }

    fn add_samples(&self, names: &[&str]) {
        for n in names {
            self.add(&sample(n), n);
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--catalog").arg(self.catalog()).args(args).current_dir(&self.dir);
        cmd
    }

    fn sohoa(&self, args: &[&str]) -> Output {
        self.command(args).bounded_output()
    }

    /// `sohoa run batch/ --jsonl` with extra flags; returns the exit code, output and records.
    fn run(&self, extra: &[&str]) -> RunResult {
        let jsonl = self.dir.join("out.jsonl");
        let mut args = vec!["run", "batch", "--jsonl", jsonl.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = self.sohoa(&args);
        let records = read_jsonl(&jsonl);
        RunResult {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            records,
        }
    }

    fn db(&self) -> Connection {
        let c = Connection::open(self.catalog()).unwrap();
        c.busy_timeout(Duration::from_secs(30)).unwrap();
        c
    }

    /// The catalog's content without timestamps, in a stable order.
    fn dump(&self) -> Vec<String> {
        let db = self.db();
        let mut out = Vec::new();
        for sql in [
            "SELECT sha256, size, media_type, pages, text_source, ocr_confidence, store_path FROM documents ORDER BY sha256",
            "SELECT path, sha256, size, mtime_ns FROM files ORDER BY path",
            "SELECT sha256, page_no, source, text, confidence, dpi, rotation, error FROM pages ORDER BY sha256, page_no",
            "SELECT path, size, mtime_ns, sha256, stage, error FROM failures ORDER BY path",
        ] {
            let mut st = db.prepare(sql).unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    let cols: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                    Ok(cols.join("|"))
                })
                .unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        out
    }

    fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Rows recorded so far by a run still starting up: 0 until its tables exist.
    fn recorded_so_far(&self) -> i64 {
        if !self.catalog().exists() {
            return 0;
        }
        self.db().query_row("SELECT count(*) FROM files", [], |r| r.get(0)).unwrap_or(0)
    }

    /// Every stored file exists and matches the hash it is stored under.
    fn assert_store_matches_hashes(&self) {
        let db = self.db();
        let mut st = db.prepare("SELECT sha256, store_path FROM documents").unwrap();
        let rows: Vec<(String, String)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        assert!(!rows.is_empty());
        for (sha, rel) in rows {
            let bytes = std::fs::read(self.dir.join("data/store").join(&rel)).unwrap();
            assert_eq!(sohoa::sha256_hex(&bytes), sha, "{rel}");
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `--jsonl` records of a run; none when the file was not written.
fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn norm(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Character error rate: edit distance over the truth's length, both normalised.
fn cer(ocr: &str, truth: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (norm(ocr).chars().collect(), norm(truth).chars().collect());
    sohoa::levenshtein(&a, &b) as f64 / b.len().max(1) as f64
}

/// samples/truth/MANIFEST.tsv as (file, per-page quality, per-page stored rotation).
fn manifest() -> Vec<(String, Vec<String>, Vec<u16>)> {
    let text = std::fs::read_to_string(repo().join("samples/truth/MANIFEST.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let quality = f[4].split(',').map(String::from).collect();
            let rotation = f[5].split(',').map(|r| r.parse().unwrap()).collect();
            (f[0].to_string(), quality, rotation)
        })
        .collect()
}

/// A batch run once and shared by the tests that read its results.
struct SharedRun {
    env: TestEnv,
    result: RunResult,
}

fn sample_run() -> &'static SharedRun {
    static RUN: OnceLock<SharedRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let env = TestEnv::persistent("sample-run");
        for (name, ..) in manifest() {
            env.add(&sample(&name), &name);
        }
        let result = env.run(&[]);
        SharedRun { env, result }
    })
}

fn page_texts(env: &TestEnv, sha: &str) -> Vec<(String, String, u16, Option<u32>)> {
    let db = env.db();
    let mut st =
        db.prepare("SELECT text, source, rotation, dpi FROM pages WHERE sha256 = ?1 ORDER BY page_no").unwrap();
    st.query_map([sha], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

fn sha_of(result: &RunResult, path: &str) -> String {
    result.record(path)["sha256"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------- the sample batch

#[test]
fn sample_batch_is_processed_completely() {
    let run = sample_run();
    assert_eq!(run.result.code, 0, "stdout:\n{}\nstderr:\n{}", run.result.stdout, run.result.stderr);
    let m = manifest();
    assert_eq!(run.result.records.len(), m.len());
    for (name, quality, _) in &m {
        let r = run.result.record(name);
        assert_eq!(r["status"], "processed", "{name}: {r}");
        assert_eq!(r["pages"].as_u64().unwrap() as usize, quality.len(), "{name}");
        assert!(r["error"].is_null(), "{name}: {r}");
    }
    assert_eq!(run.result.record("khai-sinh-truc-tuyen-12.pdf")["text_source"], "pdf-text");
    assert_eq!(run.result.record("ho-kinh-doanh-09.pdf")["text_source"], "ocr");
    assert!(run.result.stdout.contains("13 processed"), "{}", run.result.stdout);
    assert!(run.result.stdout.contains("pages/min"), "{}", run.result.stdout);
    // Tesseract's own CPU time is measured per page: about a second for these pages.
    let ocr = run.result.stdout.lines().find(|l| l.starts_with("OCR: ")).expect("an OCR line in the summary");
    let per_page: f64 = ocr.split(", ").nth(1).and_then(|s| s.split(' ').next()).unwrap().parse().unwrap();
    assert!((0.2..5.0).contains(&per_page), "{ocr}");
}

/// Fewest edits turning `needle` into some substring of `hay` (free start and end in `hay`).
fn substring_distance(needle: &str, hay: &str) -> usize {
    let (n, h): (Vec<char>, Vec<char>) = (needle.chars().collect(), hay.chars().collect());
    sohoa::substring_distance(&n, &h)
}

#[test]
fn titles_with_diacritics_are_found_on_every_page() {
    let run = sample_run();
    let pages = std::fs::read_to_string(repo().join("samples/truth/PAGES.tsv")).unwrap();
    let (mut exact, mut total) = (0, 0);
    for line in pages.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, page, title) = (f[0], f[1].parse::<usize>().unwrap(), f[3]);
        let texts = page_texts(&run.env, &sha_of(&run.result, file));
        let text = norm(&texts[page - 1].0);
        for phrase in [norm(title), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string()] {
            // OCR may swap one diacritic (ả/á); more than one edit in ten is a page read wrong.
            let d = substring_distance(&phrase, &text);
            assert!(d * 10 <= phrase.chars().count(), "{file} page {page}: {phrase:?} ({d} edits) not in {text:?}");
            exact += usize::from(d == 0);
            total += 1;
        }
    }
    // Diacritics must survive: almost every phrase is found letter for letter.
    assert!(exact * 10 >= total * 9, "only {exact} of {total} phrases found exactly");
}

#[test]
fn character_error_rate_is_within_bounds() {
    let run = sample_run();
    let mut report = Vec::new();
    for (name, quality, _) in manifest() {
        let truth = std::fs::read_to_string(repo().join(format!("samples/truth/{name}.txt"))).unwrap();
        let truth_pages: Vec<&str> = truth.split('\x0c').collect();
        let pages = page_texts(&run.env, &sha_of(&run.result, &name));
        assert_eq!(pages.len(), truth_pages.len(), "{name}");
        for (i, ((text, ..), truth)) in pages.iter().zip(&truth_pages).enumerate() {
            let limit = if quality[i] == "noisy" { 0.08 } else { 0.03 };
            let rate = cer(text, truth);
            report.push(format!("{name} p{} {} {:.2}%", i + 1, quality[i], rate * 100.0));
            assert!(
                rate <= limit,
                "{name} page {}: CER {:.2}% over {:.0}%\n{}",
                i + 1,
                rate * 100.0,
                limit * 100.0,
                report.join("\n")
            );
        }
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn turned_pages_come_out_upright() {
    let run = sample_run();
    for (name, _, stored) in manifest() {
        let pages = page_texts(&run.env, &sha_of(&run.result, &name));
        for (i, (_, source, rotation, _)) in pages.iter().enumerate() {
            if source == "pdf-text" {
                continue;
            }
            // A page stored turned by r degrees clockwise is put right by turning it 360 - r more.
            let expected = (360 - stored[i]) % 360;
            assert_eq!(*rotation, expected, "{name} page {}", i + 1);
        }
    }
    // EXIF orientation is applied by the decoder, so OCR sees the page upright already.
    let exif = page_texts(&run.env, &sha_of(&run.result, "xac-nhan-hon-nhan-05.jpg"));
    assert_eq!(exif[0].2, 0);
}

#[test]
fn over_resolved_scans_are_read_at_the_pipeline_dpi() {
    let run = sample_run();
    let pages = page_texts(&run.env, &sha_of(&run.result, "khai-sinh-400dpi-13.jpg"));
    assert_eq!(pages[0].3, Some(300), "the default max_dpi");
    let pages = page_texts(&run.env, &sha_of(&run.result, "khai-sinh-01.png"));
    assert_eq!(pages[0].3, Some(200));
}

#[test]
fn every_document_is_stored_under_its_hash() {
    let run = sample_run();
    run.env.assert_store_matches_hashes();
    assert_eq!(run.env.count("SELECT count(*) FROM documents WHERE store_path IS NULL"), 0);
}

// ---------------------------------------------------------------- re-runs and duplicates

#[test]
fn every_scanned_document_has_a_searchable_pdf_with_its_text_and_no_worse_images() {
    let run = sample_run();
    let db = run.env.db();
    let mut st = db
        .prepare(
            "SELECT d.sha256, d.size, d.media_type, d.text_source, r.pdf_sha256, r.size, r.store_path
             FROM documents d LEFT JOIN renditions r USING (sha256) ORDER BY d.sha256",
        )
        .unwrap();
    type Row = (String, i64, String, String, Option<String>, Option<i64>, Option<String>);
    let rows: Vec<Row> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), manifest().len());
    for (sha, size, media, source, pdf_sha, pdf_size, pdf_path) in rows {
        if source == "pdf-text" {
            assert!(pdf_sha.is_none(), "a born-digital PDF is searchable already: {sha}");
            continue;
        }
        let (pdf_sha, pdf_size, pdf_path) = (pdf_sha.unwrap(), pdf_size.unwrap(), pdf_path.unwrap());
        let path = run.env.dir.join("data/store").join(&pdf_path);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(sohoa::sha256_hex(&bytes), pdf_sha, "stored under its own hash");
        assert_eq!(bytes.len() as i64, pdf_size);
        // Images are carried as they were scanned (JPEG bytes, PNG data, G4 strips, the PDF's own
        // pages), so the PDF is the scan plus a few kilobytes of text; deflated TIFFs are redone
        // losslessly and may come out a little smaller or larger.
        let slack = if media == "image/tiff" { size / 5 } else { 0 };
        assert!(pdf_size <= size + slack + 16_000, "{media} {sha}: {size} bytes became a {pdf_size}-byte PDF");
        // A real reader finds the OCR text in it.
        let out = Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils) is needed");
        assert!(out.status.success(), "pdftotext refused {}", path.display());
        let extracted: std::collections::HashSet<String> =
            sohoa::fold(&String::from_utf8_lossy(&out.stdout)).split(' ').map(String::from).collect();
        let ocr: Vec<String> = page_texts(&run.env, &sha)
            .iter()
            .flat_map(|(t, ..)| sohoa::fold(t).split(' ').map(String::from).collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .collect();
        let found = ocr.iter().filter(|w| extracted.contains(*w)).count();
        assert!(found as f64 >= 0.97 * ocr.len() as f64, "{sha}: {found} of {} OCR words in its PDF", ocr.len());
    }
}

#[test]
fn a_rerun_does_nothing_but_say_so() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-01.png", "khai-sinh-truc-tuyen-12.pdf"]);
    let first = env.run(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = env.dump();
    let second = env.run(&[]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(second.statuses().values().all(|s| s == "unchanged"), "{:?}", second.statuses());
    assert!(second.stdout.contains("0 processed, 2 unchanged"), "{}", second.stdout);
    assert!(second.stdout.contains("0 pages read"), "{}", second.stdout);
    // Unchanged records still carry the text, from the catalog.
    assert_eq!(second.record("khai-sinh-01.png")["text"], first.record("khai-sinh-01.png")["text"]);
    assert_eq!(env.dump(), before);
}

#[test]
fn a_copy_under_a_new_name_is_a_duplicate_not_ocrd_again() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-01.png"]);
    let first = env.run(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    env.add(&sample("khai-sinh-01.png"), "ban-sao.png");
    let second = env.run(&[]);
    assert_eq!(second.record("ban-sao.png")["status"], "duplicate");
    assert_eq!(second.record("ban-sao.png")["sha256"], first.record("khai-sinh-01.png")["sha256"]);
    assert!(second.stdout.contains("0 pages read"), "{}", second.stdout);
    assert_eq!(env.count("SELECT count(*) FROM files"), 2);
    assert_eq!(env.count("SELECT count(*) FROM documents"), 1);
}

#[test]
fn two_copies_in_one_batch_are_read_once() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-01.png"]);
    env.add(&sample("khai-sinh-01.png"), "copy.png");
    let r = env.run(&["--jobs", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut statuses: Vec<String> = r.statuses().into_values().collect();
    statuses.sort();
    assert_eq!(statuses, ["duplicate", "processed"]);
    assert!(r.stdout.contains("1 pages read"), "{}", r.stdout);
}

// ---------------------------------------------------------------- bad input

#[test]
fn bad_files_fail_with_clear_reasons_and_the_batch_goes_on() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-01.png"]);
    let cases = [
        ("fails-empty-file.png", "empty file"),
        ("fails-truncated.jpg", "truncated"),
        ("fails-random-bytes.pdf", "not a scan or PDF"),
        ("fails-encrypted-needs-password.pdf", "encrypted PDF"),
    ];
    for (name, _) in cases {
        env.add(&fixture(name), name);
    }
    let r = env.run(&[]);
    assert_eq!(r.code, 1, "some files failed: exit 1\n{}", r.stdout);
    assert_eq!(r.record("khai-sinh-01.png")["status"], "processed");
    for (name, reason) in cases {
        let rec = r.record(name);
        assert_eq!(rec["status"], "failed", "{name}");
        let error = rec["error"].as_str().unwrap();
        assert!(error.to_lowercase().contains(&reason.to_lowercase()), "{name}: {error:?} should say {reason:?}");
        assert!(r.stdout.contains(name), "summary lists {name}:\n{}", r.stdout);
        let stage: String = env
            .db()
            .query_row("SELECT stage FROM failures WHERE path LIKE ?1", [format!("%/{name}")], |row| row.get(0))
            .unwrap();
        assert_eq!(stage, "decode", "{name}");
    }
    // Failures are not retried while the file is unchanged, and say so.
    let again = env.run(&[]);
    assert!(again.record("fails-truncated.jpg")["error"].as_str().unwrap().contains("unchanged since it failed"));
    assert_eq!(again.code, 1);
}

#[test]
fn a_run_that_cannot_start_exits_2_and_says_what_to_do() {
    let env = TestEnv::new();
    let out = env.sohoa(&["run", "does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"));

    std::fs::write(env.dir.join("typo.toml"), "[ocr]\nlanguage = \"vie\"\n").unwrap();
    let out = env.sohoa(&["run", "batch", "--pipeline", "typo.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("typo.toml") && err.contains("language"), "{err}");

    std::fs::write(env.dir.join("klingon.toml"), "[ocr]\nlanguages = \"vie+tlh\"\n").unwrap();
    let out = env.sohoa(&["run", "batch", "--pipeline", "klingon.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tesseract-ocr-tlh"), "{err}");

    std::fs::write(env.dir.join("not-a-db.sqlite"), vec![b'x'; 4096]).unwrap();
    let out =
        Command::new(BIN).args(["--catalog", "not-a-db.sqlite", "run", "batch"]).current_dir(&env.dir).bounded_output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a sohoa catalog"));
}

// ---------------------------------------------------------------- parallelism and crashes

#[test]
fn one_job_and_two_jobs_give_the_same_catalog() {
    let env = TestEnv::new();
    env.add_samples(&[
        "xay-dung-08.tif",
        "chung-sinh-11.pdf",
        "khai-sinh-truc-tuyen-12.pdf",
        "tiep-nhan-ho-kinh-doanh-10.pdf",
    ]);
    env.add(&sample("chung-sinh-11.pdf"), "copy-of-11.pdf");
    env.add(&fixture("fails-truncated.jpg"), "fails-truncated.jpg");
    let one = env.run(&["--jobs", "1"]);
    assert_eq!(one.code, 1, "{}", one.stderr);
    let dump_one = env.dump();
    std::fs::remove_dir_all(env.dir.join("data")).unwrap();
    let two = env.run(&["--jobs", "2"]);
    assert_eq!(two.code, 1, "{}", two.stderr);
    assert_eq!(env.dump(), dump_one);
}

/// Five small files: a run with one job over them can be interrupted between two files.
const INTERRUPTED_BATCH: [&str; 5] =
    ["khai-sinh-01.png", "chung-sinh-02.png", "xay-dung-08.tif", "chung-sinh-11.pdf", "tiep-nhan-ho-kinh-doanh-10.pdf"];

/// Block until the running `child` has committed a file; fail if it ends first or takes too long.
fn wait_for_first_record(env: &TestEnv, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while env.recorded_so_far() < 1 {
        assert!(Instant::now() < deadline, "nothing was recorded in time");
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be interrupted");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_killed_run_resumes_recording_each_file_once() {
    let env = TestEnv::new();
    let names = INTERRUPTED_BATCH;
    env.add_samples(&names);
    let mut child = env.command(&["run", "batch", "--jobs", "1", "--quiet"]).spawn().unwrap();
    // Wait until at least one file is committed, then kill -9 in the middle of the next.
    wait_for_first_record(&env, &mut child);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let recorded = env.count("SELECT count(*) FROM files") as usize;
    assert!(recorded < names.len(), "killed before the end");

    let rerun = env.run(&[]);
    assert_eq!(rerun.code, 0, "{}\n{}", rerun.stdout, rerun.stderr);
    let statuses = rerun.statuses();
    let unchanged = statuses.values().filter(|s| *s == "unchanged").count();
    assert_eq!(unchanged, recorded, "nothing finished is redone: {statuses:?}");
    assert_eq!(statuses.values().filter(|s| *s == "processed").count(), names.len() - recorded);
    assert_eq!(env.count("SELECT count(*) FROM files") as usize, names.len());
    assert_eq!(env.count("SELECT count(*) FROM documents") as usize, names.len());
    assert_eq!(env.count("SELECT count(*) FROM failures"), 0);
    assert_eq!(
        env.count("SELECT count(*) FROM pages p LEFT JOIN documents d USING (sha256) WHERE d.sha256 IS NULL"),
        0
    );
    let check: String = env.db().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    env.assert_store_matches_hashes();
}

#[test]
fn jsonl_records_carry_the_promised_fields() {
    let run = sample_run();
    for r in &run.result.records {
        for key in ["path", "sha256", "status", "error", "pages", "text_source", "ocr_confidence", "text"] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    let r = run.result.record("ket-hon-07.tif");
    assert_eq!(r["text"].as_str().unwrap().matches('\x0c').count(), 2, "pages are separated by form feeds");
    let conf = r["ocr_confidence"].as_f64().unwrap();
    assert!((50.0..=100.0).contains(&conf), "{conf}");
}

#[test]
fn ctrl_c_stops_after_the_files_in_flight_and_the_next_run_finishes() {
    let env = TestEnv::new();
    let names = INTERRUPTED_BATCH;
    env.add_samples(&names);
    // Started without OMP_THREAD_LIMIT: the binary must restart itself with it set.
    let mut child = env
        .command(&["run", "batch", "--jobs", "1"])
        .env_remove("OMP_THREAD_LIMIT")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    wait_for_first_record(&env, &mut child);
    let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    assert!(environ.split(|&b| b == 0).any(|v| v == b"OMP_THREAD_LIMIT=1"), "sohoa runs with OMP_THREAD_LIMIT=1");
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let out = wait_bounded(child, "the interrupted run", CHILD_LIMIT, String::new);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "{stdout}");
    assert!(stdout.contains("stopped early"), "{stdout}");
    let recorded = env.count("SELECT count(*) FROM files") as usize;
    assert!((1..names.len()).contains(&recorded), "{recorded} recorded");

    let rerun = env.run(&[]);
    assert_eq!(rerun.code, 0, "{}", rerun.stdout);
    let statuses = rerun.statuses();
    assert_eq!(statuses.values().filter(|s| *s == "unchanged").count(), recorded, "{statuses:?}");
    assert_eq!(env.count("SELECT count(*) FROM files") as usize, names.len());
}

// ---------------------------------------------------------------- dossiers

const EXPORT_HEADER: &str =
    "MaHoSo,MaTTHC,MaCoQuan,SoDinhDanh,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThai,KenhThucHien\n";

impl TestEnv {
    /// Run a subcommand with the default pipeline (it names samples/procedures.toml).
    fn sohoa_with_pipeline(&self, args: &[&str]) -> (i32, String, String) {
        let pipeline = repo().join("pipelines/default.toml");
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--pipeline", pipeline.to_str().unwrap()]);
        let out =
            Command::new(BIN).arg("--catalog").arg(self.catalog()).args(&full).current_dir(repo()).bounded_output();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Import these rows of a one-stop system export (the header is added), then run the batch;
    /// both must succeed.
    fn import_and_run(&self, rows: &str) {
        let export = self.dir.join("export.csv");
        std::fs::write(&export, format!("{EXPORT_HEADER}{rows}")).unwrap();
        let (code, out, err) = self.sohoa_with_pipeline(&["dossiers", "import", export.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        let n = rows.lines().count();
        assert!(out.contains(&format!("{n} dossiers imported")), "{out}");
        let (code, out, err) = self.sohoa_with_pipeline(&["run", self.batch().to_str().unwrap(), "--quiet"]);
        assert_eq!(code, 0, "{out}{err}");
    }

    fn add_to_folder(&self, folder: &str, names: &[&str]) {
        std::fs::create_dir_all(self.batch().join(folder)).unwrap();
        for n in names {
            self.add(&sample(n), &format!("{folder}/{n}"));
        }
    }
}

/// Three dossiers in two units, documents filed in folders named by dossier code:
/// A (unit X, birth registration): declaration + birth certificate + the issued birth
///   certificate; resolved. B (unit X, same procedure): only the declaration (the same scan as
///   A's, filed again); resolved without a digitized result. C (unit Y, marital-status
///   certificate): nothing scanned; not resolved.
fn three_dossiers() -> TestEnv {
    let env = TestEnv::new();
    let (a, b) = ("000.00.12.H30-250714-0001", "000.00.12.H30-250715-0002");
    env.add_to_folder(a, &["khai-sinh-01.png", "chung-sinh-02.png", "khai-sinh-03.jpg"]);
    env.add_to_folder(b, &["khai-sinh-01.png"]);
    env.import_and_run(&format!(
        "{a},1.001193,000.00.12.H30,001192004567,2025-07-14 08:00:00,2025-07-14 17:00:00,2025-07-14 16:00:00,Đã trả kết quả,1\n\
         {b},1.001193.000.00.12.H30,000.00.12.H30,001192004568,2025-07-15 09:00:00,2025-07-15 17:00:00,2025-08-01 10:00:00,Đã trả kết quả,2\n\
         000.00.15.H30-250802-0001,1.004873,000.00.15.H30,001085001234,2025-08-02 10:00:00,2025-08-07 10:00:00,,Đang xử lý,1\n"
    ));
    env
}

#[test]
fn report_figures_equal_the_hand_computed_ones() {
    let env = three_dossiers();
    let (code, json, err) = env.sohoa_with_pipeline(&["report", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&json).unwrap();
    // Received 3; inputs complete only for A (B lacks the birth certificate, C has nothing).
    assert_eq!((r["received"].as_u64(), r["input_digitized"].as_u64()), (Some(3), Some(1)), "{json}");
    assert!((r["input_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    // Resolved: A and B; only A's result (the birth certificate) is digitized.
    assert_eq!((r["resolved"].as_u64(), r["result_digitized"].as_u64()), (Some(2), Some(1)));
    assert_eq!(r["result_rate"].as_f64(), Some(0.5));
    let units = r["units"].as_array().unwrap();
    let x = units.iter().find(|u| u["unit"] == "000.00.12.H30").unwrap();
    let y = units.iter().find(|u| u["unit"] == "000.00.15.H30").unwrap();
    assert_eq!(
        (x["received"].as_u64(), x["input_digitized"].as_u64(), x["resolved"].as_u64()),
        (Some(2), Some(1), Some(2))
    );
    assert_eq!(
        (y["received"].as_u64(), y["input_digitized"].as_u64(), y["resolved"].as_u64()),
        (Some(1), Some(0), Some(0))
    );
    // By month: B was received in July but resolved in August.
    let months = r["months"].as_array().unwrap();
    let aug = months.iter().find(|m| m["month"] == "2025-08").unwrap();
    assert_eq!(
        (aug["received"].as_u64(), aug["resolved"].as_u64(), aug["result_digitized"].as_u64()),
        (Some(1), Some(1), Some(0))
    );
    // A period filter: only July's receipts.
    let (_, json, _) =
        env.sohoa_with_pipeline(&["report", "--format", "json", "--from", "2025-07-01", "--to", "2025-07-31"]);
    let july: Value = serde_json::from_str(&json).unwrap();
    assert_eq!((july["received"].as_u64(), july["resolved"].as_u64()), (Some(2), Some(1)));

    let (_, table, _) = env.sohoa_with_pipeline(&["report"]);
    for col in ["Tiếp nhận", "Chưa số hóa TPHS", "Có số hóa TPHS", "Đã giải quyết", "KQ đã số hóa", "33.33%", "50.00%"]
    {
        assert!(table.contains(col), "{col} missing in\n{table}");
    }
    let html_path = env.dir.join("r.html");
    let (code, _, err) = env.sohoa_with_pipeline(&["report", "--format", "html", "-o", html_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(html_path).unwrap();
    assert!(html.contains("<svg") && html.contains("33,33%") && !html.contains("http"), "self-contained with charts");
}

#[test]
fn dossier_show_lists_components_attachments_and_whats_missing() {
    let env = three_dossiers();
    let (code, out, err) = env.sohoa_with_pipeline(&["dossier", "show", "000.00.12.H30-250715-0002"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("[digitized] Tờ khai đăng ký khai sinh"), "{out}");
    assert!(out.contains("[MISSING] Giấy chứng sinh"), "{out}");
    assert!(out.contains("resolved, result NOT digitized"), "{out}");
    assert!(out.contains("linked by folder"), "{out}");
    let (_, out, _) = env.sohoa_with_pipeline(&["dossier", "show", "000.00.12.H30-250714-0001"]);
    assert!(out.contains("inputs: complete") && out.contains("result: digitized"), "{out}");
    assert!(out.contains("giay_khai_sinh is what procedure 1.001193 issues"), "the role says why:\n{out}");
    let (code, _, err) = env.sohoa_with_pipeline(&["dossier", "show", "000.00.12.H30-250101-9999"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such dossier"), "{err}");
}

#[test]
fn a_label_correction_changes_the_next_answer() {
    let env = three_dossiers();
    let doc = env.batch().join("000.00.12.H30-250714-0001/chung-sinh-02.png");
    let (_, before, _) = env.sohoa_with_pipeline(&["report", "--format", "json"]);
    let (code, out, err) = env.sohoa_with_pipeline(&["label", doc.to_str().unwrap(), "ban_ve_thiet_ke"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ban_ve_thiet_ke (1.00, label)"), "{out}");
    // The correction removes A's birth certificate from its inputs: A is no longer complete.
    let (_, after, _) = env.sohoa_with_pipeline(&["report", "--format", "json"]);
    let (b, a): (Value, Value) = (serde_json::from_str(&before).unwrap(), serde_json::from_str(&after).unwrap());
    assert_eq!((b["input_digitized"].as_u64(), a["input_digitized"].as_u64()), (Some(1), Some(0)));
    let (code, _, err) = env.sohoa_with_pipeline(&["label", doc.to_str().unwrap(), "no_such_type"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown doc_type \"no_such_type\""), "{err}");
}

#[test]
fn reimporting_updates_and_bad_rows_are_reported_with_their_line() {
    let env = TestEnv::new();
    let export = env.dir.join("export.csv");
    std::fs::write(
        &export,
        format!(
            "{EXPORT_HEADER}\
             000.00.12.H30-250714-0001,1.001193,000.00.12.H30,,2025-07-14 08:00:00,,,,1\n\
             000.00.12.H30-250714-0002,9.999999,000.00.12.H30,,2025-07-14 08:00:00,,,,1\n\
             H30-2507-12,1.001193,000.00.12.H30,,2025-07-14 08:00:00,,,,1\n\
             000.00.12.H30-250714-0003,1.001193,000.00.12.H30,,31/02/2025x,,,,1\n"
        ),
    )
    .unwrap();
    let (code, out, _) = env.sohoa_with_pipeline(&["dossiers", "import", export.to_str().unwrap()]);
    assert_eq!(code, 1, "some rows were skipped: exit 1\n{out}");
    assert!(out.contains("1 dossiers imported, 0 updated, 3 rows skipped"), "{out}");
    assert!(out.contains("line 3: MaTTHC \"9.999999\" is not in the procedure catalog"), "{out}");
    assert!(out.contains("line 4: MaHoSo \"H30-2507-12\" is not a dossier code"), "{out}");
    assert!(out.contains("line 5: NgayTiepNhan"), "{out}");
    let (_, out, _) = env.sohoa_with_pipeline(&["dossiers", "import", export.to_str().unwrap()]);
    assert!(out.contains("0 dossiers imported, 1 updated"), "{out}");
    assert_eq!(env.count("SELECT count(*) FROM dossiers"), 1);
}

#[test]
fn a_bad_procedure_catalog_is_an_error_naming_the_entry() {
    let env = TestEnv::new();
    let bad = env.dir.join("procedures.toml");
    std::fs::write(
        &bad,
        "[[doc_type]]\ncode = \"a\"\nname = \"A\"\ntitles = [\"TỜ A\"]\n\
         [[procedure]]\ncode = \"1.000001\"\nname = \"P\"\nresults = [\"a\"]\n\
         components = [{ doc_type = \"zz\", name = \"Z\", must_digitize = true }]\n",
    )
    .unwrap();
    let pipeline = env.dir.join("p.toml");
    std::fs::write(&pipeline, format!("[dossiers]\nprocedures = {:?}\n", bad.to_str().unwrap())).unwrap();
    let out = env.sohoa(&["run", "batch", "--pipeline", pipeline.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("procedures.toml") && err.contains("\"1.000001\"") && err.contains("unknown doc_type \"zz\""),
        "{err}"
    );
}

// ---------------------------------------------------------------- the dossier samples

/// (doc_type, dossier, role) of each (file, first page).
type SegmentsByFile = BTreeMap<(String, u64), (String, Option<String>, Option<String>)>;

/// Per (file, first page): what `sohoa run --jsonl` reported.
fn segments_by_file(records: &[Value]) -> SegmentsByFile {
    let mut out = BTreeMap::new();
    for r in records {
        let path = r["path"].as_str().unwrap().to_string();
        let segs: Vec<Value> = match r.get("segments").and_then(Value::as_array) {
            Some(list) => list.clone(),
            None => vec![serde_json::json!({
                "first_page": 1, "doc_type": r["doc_type"], "dossier": r["dossier"], "role": r["role"]
            })],
        };
        for s in segs {
            let key = (path.clone(), s["first_page"].as_u64().unwrap());
            let text = |k: &str| s[k].as_str().map(String::from);
            out.insert(key, (text("doc_type").unwrap_or_default(), text("dossier"), text("role")));
        }
    }
    out
}

fn tsv(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(repo().join("samples/truth").join(name)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().map(|h| h.to_string()).zip(l.split('\t').map(String::from)).collect())
        .collect()
}

fn dossier_run() -> &'static SharedRun {
    static RUN: OnceLock<SharedRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let env = TestEnv::persistent("dossier-run");
        let (code, out, err) = env.sohoa_with_pipeline(&["dossiers", "import", "samples/dossiers.csv"]);
        assert_eq!(code, 0, "{out}{err}");
        let jsonl = env.dir.join("out.jsonl");
        let (code, out, err) =
            env.sohoa_with_pipeline(&["run", "samples/dossiers", "--jsonl", jsonl.to_str().unwrap(), "--quiet"]);
        assert!(code == 0, "{out}{err}");
        SharedRun { env, result: RunResult { code, stdout: out, stderr: err, records: read_jsonl(&jsonl) } }
    })
}

#[test]
fn dossier_samples_are_classified_and_never_linked_to_a_wrong_dossier() {
    let run = dossier_run();
    let got = segments_by_file(&run.result.records);
    let expected = tsv("dossiers-expected.tsv");
    let (mut types_right, mut linked_right, mut roles_right, mut should_link) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for e in &expected {
        let key = (e["file"].clone(), e["first_page"].parse::<u64>().unwrap());
        let Some((doc_type, dossier, role)) = got.get(&key) else {
            misses.push(format!("{key:?}: no such document found (segmentation)"));
            continue;
        };
        if *doc_type == e["doc_type"] {
            types_right += 1;
        } else {
            misses.push(format!("{key:?}: type {doc_type}, expected {}", e["doc_type"]));
        }
        let want = Some(e["dossier"].clone()).filter(|d| !d.is_empty());
        // The worst error: attached to a dossier it does not belong to.
        assert!(
            dossier.is_none() || *dossier == want,
            "{key:?} linked to {dossier:?}, expected {want:?} ({})",
            e["note"]
        );
        if want.is_some() {
            should_link += 1;
            if *dossier == want {
                linked_right += 1;
                if role.as_deref() == Some(e["role"].as_str()) {
                    roles_right += 1;
                } else {
                    misses.push(format!("{key:?}: role {role:?}, expected {}", e["role"]));
                }
            } else {
                misses.push(format!("{key:?}: not linked, expected {want:?} by {}", e["cue"]));
            }
        }
    }
    let n = expected.len();
    eprintln!(
        "types {types_right}/{n}, links {linked_right}/{should_link}, roles {roles_right}/{linked_right}\n{}",
        misses.join("\n")
    );
    assert!(types_right * 100 >= n * 97, "classification {types_right}/{n} below 97%:\n{}", misses.join("\n"));
    assert!(linked_right * 100 >= should_link * 90, "links {linked_right}/{should_link}:\n{}", misses.join("\n"));
    assert!(roles_right * 100 >= linked_right * 97, "roles {roles_right}/{linked_right}:\n{}", misses.join("\n"));
}

#[test]
fn classification_holds_on_layouts_it_was_not_built_on() {
    let env = TestEnv::persistent("heldout-run");
    let jsonl = env.dir.join("out.jsonl");
    let (code, out, err) =
        env.sohoa_with_pipeline(&["run", "samples/heldout", "--jsonl", jsonl.to_str().unwrap(), "--quiet"]);
    assert_eq!(code, 0, "{out}{err}");
    let got = segments_by_file(&read_jsonl(&jsonl));
    let expected = tsv("heldout-expected.tsv");
    let mut wrong = Vec::new();
    for e in &expected {
        let key = (e["file"].clone(), e["first_page"].parse::<u64>().unwrap());
        let t = got.get(&key).map(|g| g.0.as_str()).unwrap_or("(missing)");
        if t != e["doc_type"] {
            wrong.push(format!("{key:?}: {t}, expected {}", e["doc_type"]));
        }
    }
    let right = expected.len() - wrong.len();
    eprintln!("held-out: {right}/{}\n{}", expected.len(), wrong.join("\n"));
    assert!(right * 100 >= expected.len() * 95, "held-out {right}/{}:\n{}", expected.len(), wrong.join("\n"));
}

#[test]
fn sample_report_matches_the_figures_computed_when_the_samples_were_made() {
    let run = dossier_run();
    let fields = ["received", "input_digitized", "resolved", "result_digitized"];
    for e in tsv("dossiers-expected-report.tsv") {
        let mut args = vec!["report", "--format", "json"];
        if e["unit"] != "ALL" {
            args.extend(["--unit", e["unit"].as_str()]);
        }
        let (code, json, err) = run.env.sohoa_with_pipeline(&args);
        assert_eq!(code, 0, "{err}");
        let r: Value = serde_json::from_str(&json).unwrap();
        let row = if e["period"] == "ALL" {
            r.clone()
        } else {
            let months = r["months"].as_array().unwrap();
            months.iter().find(|m| m["month"] == e["period"].as_str()).cloned().unwrap_or_else(
                || serde_json::json!({"received": 0, "input_digitized": 0, "resolved": 0, "result_digitized": 0}),
            )
        };
        for f in fields {
            assert_eq!(row[f].as_u64().unwrap().to_string(), e[f], "{} {} {f}", e["unit"], e["period"]);
        }
    }
}

#[test]
fn review_lists_what_stayed_unlinked_and_why() {
    let run = dossier_run();
    let (code, out, err) = run.env.sohoa_with_pipeline(&["review"]);
    assert_eq!(code, 0, "{err}");
    let unlinked: Vec<BTreeMap<String, String>> =
        tsv("dossiers-expected.tsv").into_iter().filter(|e| e["dossier"].is_empty()).collect();
    assert!(!unlinked.is_empty());
    for e in &unlinked {
        let name = Path::new(&e["file"]).file_name().unwrap().to_string_lossy().into_owned();
        assert!(out.contains(&name), "{name} ({}) not in the review list:\n{out}", e["note"]);
    }
    for why in ["conflicting dossier codes", "is not among the imported dossiers", "no dossier code"] {
        assert!(out.contains(why), "no document unlinked because {why:?}:\n{out}");
    }
}

#[test]
fn the_json_export_and_the_bad_rows_fixture_import_as_documented() {
    let env = TestEnv::new();
    let (code, out, err) = env.sohoa_with_pipeline(&["dossiers", "import", "samples/dossiers.json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("33 dossiers imported, 0 updated, 0 rows skipped"), "{out}");
    // The CSV export holds the same dossiers: importing it updates all, adds none.
    let (_, out, _) = env.sohoa_with_pipeline(&["dossiers", "import", "samples/dossiers.csv"]);
    assert!(out.contains("0 dossiers imported, 33 updated"), "{out}");

    let fresh = TestEnv::new();
    let fixture = fixture("dossiers-with-bad-rows.csv");
    let (code, out, _) = fresh.sohoa_with_pipeline(&["dossiers", "import", fixture.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("6 dossiers imported, 0 updated, 4 rows skipped"), "{out}");
    for line in [5, 7, 9, 11] {
        assert!(out.contains(&format!("line {line}:")), "line {line} not reported:\n{out}");
    }
}

// ---------------------------------------------------------------- search

#[test]
fn search_ignores_diacritics_and_case_and_finds_exactly_the_documents_that_mention_it() {
    let run = sample_run();
    // The truth, from the catalog: documents with "Trần Phú" on a page, compared folded.
    let db = run.env.db();
    let mut st = db.prepare("SELECT sha256, text FROM pages").unwrap();
    let mut expected: Vec<String> = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, text)| sohoa::fold(text).contains("tran phu"))
        .map(|(sha, _)| sha)
        .collect();
    expected.sort();
    expected.dedup();
    assert!(expected.len() >= 2, "the samples mention Trần Phú in several documents");
    for query in ["tran phu", "Trần Phú", "TRAN PHU"] {
        let out = run.env.sohoa(&["search", query, "--json", "--limit", "100"]);
        assert_eq!(out.status.code(), Some(0), "{query}");
        let hits = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect::<Vec<Value>>();
        let mut found: Vec<String> = hits.iter().map(|h| h["sha256"].as_str().unwrap().to_string()).collect();
        found.sort();
        assert_eq!(found, expected, "{query}");
        assert!(hits.iter().all(|h| h["snippet"].as_str().unwrap().contains("«Trần» «Phú")), "{hits:?}");
    }
    let none = run.env.sohoa(&["search", "xylophone"]);
    assert_eq!(none.status.code(), Some(1), "nothing found: exit 1");
}

// ---------------------------------------------------------------- fields

/// Dates written in a text, as ISO strings: dd/mm/yyyy and "ngày d tháng m năm yyyy".
fn dates_in(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"(\d{1,2})/(\d{1,2})/(\d{4})|ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})").unwrap();
    re.captures_iter(text)
        .map(|c| {
            let g = |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).unwrap().as_str().parse::<u32>().unwrap();
            format!("{:04}-{:02}-{:02}", g(3, 6), g(2, 5), g(1, 4))
        })
        .collect()
}

#[test]
fn extracted_fields_are_what_the_documents_say() {
    let run = dossier_run();
    let base = repo().join("samples/dossiers").canonicalize().unwrap();
    let db = run.env.db();
    let mut st = db.prepare("SELECT f.path, x.name, x.value FROM files f JOIN fields x USING (sha256)").unwrap();
    let rows: Vec<(String, String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    let (mut right, mut wrong) = (0, Vec::new());
    for (path, name, value) in &rows {
        let rel = Path::new(path).strip_prefix(&base).unwrap();
        let truth =
            std::fs::read_to_string(repo().join("samples/truth/dossiers").join(format!("{}.txt", rel.display())))
                .unwrap()
                .nfc()
                .collect::<String>();
        let ok = match name.as_str() {
            "date_of_birth" | "issue_date" => dates_in(&truth).contains(value),
            "citizen_id" => truth.contains(value.as_str()) && value.len() == 12,
            _ => truth.contains(value.as_str()),
        };
        if ok {
            right += 1;
        } else {
            wrong.push(format!("{}: {name} = {value:?}", rel.display()));
        }
    }
    eprintln!("fields: {right} right, {} wrong\n{}", wrong.len(), wrong.join("\n"));
    assert!(right >= 150, "most documents give their fields: only {right}");
    // Precision over recall: a value is either what the document says or not there at all.
    assert!(wrong.len() * 100 <= right + wrong.len(), "over 1% of extracted values are wrong:\n{}", wrong.join("\n"));
    let ids: i64 = run.env.count("SELECT count(DISTINCT sha256) FROM fields WHERE name = 'citizen_id'");
    assert!(ids >= 60, "citizen IDs read on {ids} documents");
}

// ---------------------------------------------------------------- near-duplicates

#[test]
fn a_rescan_is_flagged_as_a_near_duplicate_and_different_documents_are_not() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-01.png", "chung-sinh-02.png"]);
    let first = env.sohoa_with_pipeline(&["run", env.batch().to_str().unwrap(), "--quiet"]);
    assert_eq!(first.0, 0, "{}{}", first.1, first.2);
    // The same page scanned again: decoded and saved as JPEG, so other bytes, same content.
    let page = image::open(sample("khai-sinh-01.png")).unwrap();
    page.to_luma8().save(env.batch().join("quet-lai.jpg")).unwrap();
    let jsonl = env.dir.join("again.jsonl");
    let (code, out, err) =
        env.sohoa_with_pipeline(&["run", env.batch().to_str().unwrap(), "--jsonl", jsonl.to_str().unwrap(), "--quiet"]);
    assert_eq!(code, 0, "{out}{err}");
    let records = read_jsonl(&jsonl);
    let original = records.iter().find(|r| r["path"] == "khai-sinh-01.png").unwrap();
    let rescan = records.iter().find(|r| r["path"] == "quet-lai.jpg").unwrap();
    assert_eq!(rescan["status"], "processed");
    assert_ne!(rescan["sha256"], original["sha256"], "different bytes");
    assert_eq!(rescan["near_duplicate_of"], original["sha256"], "{rescan}");
    let other = records.iter().find(|r| r["path"] == "chung-sinh-02.png").unwrap();
    assert!(other["near_duplicate_of"].is_null());

    // A copy of the original, met later: the original's answer stands, not turned around to
    // point at the re-scan recorded since.
    env.add(&sample("khai-sinh-01.png"), "ban-sao.png");
    let (code, out, err) =
        env.sohoa_with_pipeline(&["run", env.batch().to_str().unwrap(), "--jsonl", jsonl.to_str().unwrap(), "--quiet"]);
    assert_eq!(code, 0, "{out}{err}");
    let records = read_jsonl(&jsonl);
    let copy = records.iter().find(|r| r["path"] == "ban-sao.png").unwrap();
    assert_eq!((copy["status"].as_str(), &copy["sha256"]), (Some("duplicate"), &original["sha256"]));
    assert!(copy["near_duplicate_of"].is_null(), "{copy}");
}

#[test]
fn near_duplicates_among_the_dossier_samples_are_true_rescans() {
    let run = dossier_run();
    let base = repo().join("samples/dossiers").canonicalize().unwrap();
    let truth_of = |sha: &str| -> String {
        let path: String =
            run.env.db().query_row("SELECT path FROM files WHERE sha256 = ?1 LIMIT 1", [sha], |r| r.get(0)).unwrap();
        let rel = Path::new(&path).strip_prefix(&base).unwrap().to_path_buf();
        std::fs::read_to_string(repo().join("samples/truth/dossiers").join(format!("{}.txt", rel.display()))).unwrap()
    };
    let db = run.env.db();
    let mut st =
        db.prepare("SELECT sha256, near_duplicate_of FROM signatures WHERE near_duplicate_of IS NOT NULL").unwrap();
    let pairs: Vec<(String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    let documents = run.env.count("SELECT count(*) FROM signatures");
    assert!(documents > 50, "signatures recorded for {documents} documents");
    for (a, b) in &pairs {
        assert_eq!(
            norm(&truth_of(a)),
            norm(&truth_of(b)),
            "{a} flagged as a re-scan of {b}, but they say different things"
        );
    }
    // The samples hold one certificate scanned twice (a result of one dossier, an input of another).
    assert!(!pairs.is_empty(), "the re-scanned certificate was not recognised");
}

// ---------------------------------------------------------------- reuse, export, verify

const OLD_BUSINESS: &str = "000.00.15.H30-250709-0002"; // owner 001085017839: the ID card was scanned
const OLD_MARITAL: &str = "000.00.15.H30-250811-0007"; // owner 034094007215: the certificate is its result
const NEW_BUSINESS: &str = "000.00.15.H30-251110-0001"; // the same owners come back: nothing new scanned
const NEW_MARRIAGE: &str = "000.00.12.H30-251112-0002";

/// Two owners with documents on file from earlier dossiers, and a new dossier for each.
fn owners_on_file() -> TestEnv {
    let env = TestEnv::new();
    for (folder, file) in [(OLD_BUSINESS, "scan3.jpg"), (OLD_MARITAL, "3.png")] {
        std::fs::create_dir_all(env.batch().join(folder)).unwrap();
        env.add(&repo().join("samples/dossiers").join(folder).join(file), &format!("{folder}/{file}"));
    }
    env.import_and_run(&format!(
        "{OLD_BUSINESS},2.000575,000.00.15.H30,001085017839,2025-07-09 09:00:00,2025-07-14 16:00:00,2025-07-11 15:30:00,Đã trả kết quả,1\n\
         {OLD_MARITAL},1.004873,000.00.15.H30,034094007215,2025-08-11 09:00:00,2025-08-14 16:00:00,2025-08-13 16:00:00,Đã trả kết quả,1\n\
         {NEW_BUSINESS},2.000575,000.00.15.H30,001085017839,2025-11-10 09:00:00,2025-11-13 16:00:00,,Đang xử lý,1\n\
         {NEW_MARRIAGE},1.000894,000.00.12.H30,034094007215,2025-11-12 10:00:00,2025-11-19 16:00:00,,Đang xử lý,2\n"
    ));
    env
}

impl TestEnv {
    fn sha_at(&self, rel: &str) -> String {
        let path = self.batch().join(rel).canonicalize().unwrap();
        self.db().query_row("SELECT sha256 FROM files WHERE path = ?1", [path.to_str().unwrap()], |r| r.get(0)).unwrap()
    }

    fn report_json(&self) -> Value {
        let (code, json, err) = self.sohoa_with_pipeline(&["report", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&json).unwrap()
    }
}

#[test]
fn reuse_attaches_what_the_owner_has_on_file_and_the_report_counts_it() {
    let env = owners_on_file();
    let id_card = env.sha_at(&format!("{OLD_BUSINESS}/scan3.jpg"));
    let certificate = env.sha_at(&format!("{OLD_MARITAL}/3.png"));
    let before = env.report_json();
    assert_eq!((before["received"].as_u64(), before["reused"].as_u64()), (Some(4), Some(0)), "{before}");

    let (code, out, err) = env.sohoa_with_pipeline(&["reuse", "--dossier", NEW_BUSINESS]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&id_card[..16]) && out.contains("Căn cước công dân"), "the ID card is offered:\n{out}");
    assert!(out.contains(&format!("input of dossier {OLD_BUSINESS}")), "with where it came from:\n{out}");
    assert!(!out.contains(&certificate[..16]), "another owner's document is never offered:\n{out}");

    // A hash that is not a candidate is refused, and nothing is attached.
    let (code, _, err) = env.sohoa_with_pipeline(&["reuse", "--dossier", NEW_BUSINESS, "--attach", &certificate[..12]]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not one of the candidates"), "{err}");
    assert_eq!(env.count("SELECT count(*) FROM reuses"), 0);

    let (code, out, err) = env.sohoa_with_pipeline(&["reuse", "--dossier", NEW_BUSINESS, "--attach", &id_card[..12]]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("attached as reused: Căn cước công dân"), "{out}");
    // The certificate a marital-status dossier resulted in is an input of the marriage dossier.
    let (code, out, err) = env.sohoa_with_pipeline(&["reuse", "--dossier", NEW_MARRIAGE, "--all"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&certificate[..16]) && out.contains(&format!("result of dossier {OLD_MARITAL}")), "{out}");

    let (_, show, _) = env.sohoa_with_pipeline(&["dossier", "show", NEW_BUSINESS]);
    assert!(show.contains("[reused] Căn cước công dân"), "{show}");
    assert!(show.contains("reused, not scanned again"), "{show}");
    let after = env.report_json();
    assert_eq!((after["reused"].as_u64(), after["reuse_rate"].as_f64()), (Some(2), Some(0.5)), "{after}");
    let unit = after["units"].as_array().unwrap().iter().find(|u| u["unit"] == "000.00.12.H30").unwrap().clone();
    assert_eq!((unit["received"].as_u64(), unit["reused"].as_u64()), (Some(1), Some(1)));
    let (_, table, _) = env.sohoa_with_pipeline(&["report"]);
    assert!(table.contains("Có tái sử dụng thành phần"), "{table}");

    // Linking everything again keeps what staff chose; undoing a reuse is counted at once.
    let (code, _, err) = env.sohoa_with_pipeline(&["relink"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(env.report_json()["reused"].as_u64(), Some(2));
    let (code, out, err) =
        env.sohoa_with_pipeline(&["reuse", "--dossier", NEW_MARRIAGE, "--detach", &certificate[..12]]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no longer reused"), "{out}");
    assert_eq!(env.report_json()["reused"].as_u64(), Some(1));
}

#[test]
fn an_exported_bag_validates_and_verify_names_every_damaged_file() {
    let env = owners_on_file();
    let id_card = env.sha_at(&format!("{OLD_BUSINESS}/scan3.jpg"));
    let (code, _, err) = env.sohoa_with_pipeline(&["reuse", "--dossier", NEW_BUSINESS, "--all"]);
    assert_eq!(code, 0, "{err}");
    let bags = env.dir.join("bags");
    let (code, out, err) =
        env.sohoa_with_pipeline(&["export", NEW_BUSINESS, OLD_MARITAL, "-o", bags.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 dossiers exported, 0 failed"), "{out}");

    // The manifest lists every payload file with its real hash, and nothing else is in data/.
    let bag = bags.join(NEW_BUSINESS);
    let manifest = std::fs::read_to_string(bag.join("manifest-sha256.txt")).unwrap();
    let mut listed = 0;
    for line in manifest.lines() {
        let (sha, rel) = line.split_once("  ").unwrap();
        assert_eq!(sohoa::sha256_hex(&std::fs::read(bag.join(rel)).unwrap()), sha, "{rel}");
        listed += 1;
    }
    let in_data =
        walkdir::WalkDir::new(bag.join("data")).into_iter().filter(|e| e.as_ref().unwrap().file_type().is_file());
    assert_eq!(in_data.count(), listed);
    assert!(std::fs::read_to_string(bag.join("bagit.txt")).unwrap().starts_with("BagIt-Version: 1.0"));
    assert!(
        manifest.contains(&format!("can_cuoc_cong_dan-{}.ocr.pdf", &id_card[..16])),
        "with its searchable PDF:\n{manifest}"
    );
    assert!(
        std::fs::read_to_string(bag.join("bag-info.txt"))
            .unwrap()
            .contains(&format!("External-Identifier: {NEW_BUSINESS}"))
    );

    let json: Value = serde_json::from_str(&std::fs::read_to_string(bag.join("dossier.json")).unwrap()).unwrap();
    assert_eq!(json["MaHoSo"], NEW_BUSINESS);
    assert_eq!(json["SoDinhDanh"], "001085017839");
    let parts = json["TaiLieuNop"].as_array().unwrap();
    let card = parts.iter().find(|c| c["MaLoaiTaiLieu"] == "can_cuoc_cong_dan").unwrap();
    assert_eq!((card["DuocSoHoa"].as_u64(), card["DuocLayTuKho"].as_u64()), (Some(1), Some(1)), "{card}");
    assert_eq!(card["TepTin"][0]["SHA256"], id_card.as_str());
    let form = parts.iter().find(|c| c["MaLoaiTaiLieu"] == "giay_de_nghi_dang_ky_ho_kinh_doanh").unwrap();
    assert_eq!(form["DuocSoHoa"].as_u64(), Some(0), "nothing was scanned for the form");
    let marital: Value =
        serde_json::from_str(&std::fs::read_to_string(bags.join(OLD_MARITAL).join("dossier.json")).unwrap()).unwrap();
    let result = &marital["KetQua"][0];
    assert_eq!(result["MaKetQua"], format!("{OLD_MARITAL}-KQ1"));
    assert!(bags.join(OLD_MARITAL).join(result["DuongDanTepTinKetQua"].as_str().unwrap()).is_file(), "{result}");

    let (code, out, err) = env.sohoa_with_pipeline(&["verify", bag.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("all present and intact"), "{out}");
    let (code, out, _) = env.sohoa_with_pipeline(&["verify"]);
    assert_eq!(code, 0, "the store is intact: {out}");

    // Damage the bag and the store: each damaged file is named, and nothing altered is exported.
    let (_, rel) = manifest.lines().next().unwrap().split_once("  ").unwrap();
    std::fs::write(bag.join(rel), b"not the scan").unwrap();
    let (code, out, _) = env.sohoa_with_pipeline(&["verify", bag.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("altered: {}", bag.join(rel).display())), "{out}");
    let stored: String =
        env.db().query_row("SELECT store_path FROM documents WHERE sha256 = ?1", [&id_card], |r| r.get(0)).unwrap();
    let store_file = env.dir.join("data/store").join(&stored);
    std::fs::write(&store_file, b"bit rot").unwrap();
    let (code, out, _) = env.sohoa_with_pipeline(&["verify"]);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("altered: {}", store_file.display())) && out.contains("1 problems"), "{out}");
    let (_, check, _) = env.sohoa_with_pipeline(&["check"]);
    assert!(check.contains("catalog: ok") && check.contains(&format!("altered: {}", store_file.display())), "{check}");
    let (code, out, err) = env.sohoa_with_pipeline(&["export", NEW_BUSINESS, "-o", bags.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("altered in the store"), "{err}");
    std::fs::remove_file(&store_file).unwrap();
    let (_, out, _) = env.sohoa_with_pipeline(&["verify"]);
    assert!(out.contains(&format!("missing: {}", store_file.display())), "{out}");
}

// ---------------------------------------------------------------- reliability

/// A small pseudo-random sequence (no dependency); the seed is printed with every failure.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

impl TestEnv {
    /// What must hold after any stop, however abrupt: each path once, no orphan rows, the store
    /// matching its hashes, a sound database.
    fn assert_consistent(&self, context: &str) {
        let orphans = [
            "SELECT count(*) FROM pages p LEFT JOIN documents d USING (sha256) WHERE d.sha256 IS NULL",
            "SELECT count(*) FROM files f LEFT JOIN documents d USING (sha256) WHERE d.sha256 IS NULL",
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = d.sha256)",
            "SELECT count(*) FROM files f JOIN failures x USING (path)",
        ];
        for sql in orphans {
            assert_eq!(self.count(sql), 0, "{context}: {sql}");
        }
        let check: String = self.db().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "{context}");
        if self.count("SELECT count(*) FROM documents") > 0 {
            self.assert_store_matches_hashes();
        }
    }
}

#[test]
fn kill_9_at_random_moments_loses_nothing_and_ends_as_an_uninterrupted_run() {
    let env = TestEnv::new();
    env.add_samples(&INTERRUPTED_BATCH);
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let mut rng = Lcg(seed);
    for round in 0..4 {
        let mut child = env.command(&["run", "batch", "--jobs", "2", "--quiet"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(300 + rng.below(4000)));
        let ended_by_itself = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        if env.catalog().exists() {
            env.assert_consistent(&format!("seed {seed}, after kill {round}"));
        }
        if ended_by_itself {
            break;
        }
    }
    let last = env.run(&[]);
    assert_eq!(last.code, 0, "seed {seed}: {}", last.stderr);
    assert!(last.statuses().values().all(|s| s == "processed" || s == "unchanged"), "{:?}", last.statuses());
    env.assert_consistent(&format!("seed {seed}, at the end"));
    let resumed = env.dump();
    std::fs::remove_dir_all(env.dir.join("data")).unwrap();
    assert_eq!(env.run(&[]).code, 0);
    assert_eq!(resumed, env.dump(), "seed {seed}: the resumed catalog differs from an uninterrupted one");
}

#[test]
fn two_runs_on_one_catalog_with_overlapping_folders_agree_with_one_run() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.batch().join("sub")).unwrap();
    env.add(&sample("khai-sinh-01.png"), "khai-sinh-01.png");
    env.add(&sample("chung-sinh-02.png"), "chung-sinh-02.png");
    env.add(&sample("chung-sinh-11.pdf"), "sub/chung-sinh-11.pdf");
    env.add(&sample("tiep-nhan-ho-kinh-doanh-10.pdf"), "sub/tiep-nhan-ho-kinh-doanh-10.pdf");
    env.add(&sample("khai-sinh-01.png"), "sub/copy-of-01.png");
    let spawn = |args: &[&str]| {
        env.command(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    };
    let a = spawn(&["run", "batch", "--jobs", "1", "--quiet"]);
    let b = spawn(&["run", "batch/sub", "batch/chung-sinh-02.png", "--jobs", "1", "--quiet"]);
    for child in [a, b] {
        let out = wait_bounded(child, "a run", CHILD_LIMIT, String::new);
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
        assert!(!format!("{stdout}{stderr}").contains("locked"), "{stdout}{stderr}");
    }
    env.assert_consistent("after two concurrent runs");
    assert_eq!(env.count("SELECT count(*) FROM files"), 5);
    assert_eq!(env.count("SELECT count(*) FROM documents"), 4);
    let together = env.dump();
    std::fs::remove_dir_all(env.dir.join("data")).unwrap();
    assert_eq!(env.run(&["--jobs", "1"]).code, 0);
    assert_eq!(together, env.dump(), "two concurrent runs recorded something one run does not");
}

#[test]
fn check_finds_damage_and_backup_copies_a_catalog_being_written() {
    let env = TestEnv::new();
    env.add_samples(&INTERRUPTED_BATCH);
    let mut child = env.command(&["run", "batch", "--jobs", "1", "--quiet"]).spawn().unwrap();
    wait_for_first_record(&env, &mut child);
    let copy = env.dir.join("copy.sqlite");
    let out = env.sohoa(&["backup", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(wait_bounded(child, "the run", CHILD_LIMIT, String::new).status.code(), Some(0));
    let copied = Connection::open(&copy).unwrap();
    let in_copy: i64 = copied.query_row("SELECT count(*) FROM files", [], |r| r.get(0)).unwrap();
    assert!((1..=INTERRUPTED_BATCH.len() as i64).contains(&in_copy), "a moment's catalog: {in_copy} files");
    let ok: String = copied.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let again = env.sohoa(&["backup", copy.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "an existing file is never overwritten");

    let out = env.sohoa(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("catalog: ok") && text.contains("all present and intact"), "{text}");
    // A row whose document is gone (written with foreign keys off), and a damaged stored file.
    let db = env.db();
    db.execute_batch(
        "PRAGMA foreign_keys = OFF; DELETE FROM documents WHERE rowid = (SELECT min(rowid) FROM documents);",
    )
    .unwrap();
    drop(db);
    let out = env.sohoa(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("refers to a missing documents row"), "{text}");

    // Garbage over the file: a clear error and exit code, not a crash.
    std::fs::write(env.catalog(), b"this is not a catalog at all, just some bytes").unwrap();
    let _ = std::fs::remove_file(env.dir.join("data/catalog.sqlite-wal"));
    let _ = std::fs::remove_file(env.dir.join("data/catalog.sqlite-shm"));
    let out = env.sohoa(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a sohoa catalog"), "{}", stderr(&out));
}

#[test]
fn a_file_over_its_time_limit_fails_and_the_batch_goes_on() {
    let env = TestEnv::new();
    env.add_samples(&["ket-hon-07.tif", "khai-sinh-truc-tuyen-12.pdf"]);
    let pipeline = env.dir.join("limits.toml");
    std::fs::write(&pipeline, "[limits]\nfile_seconds = 1\n").unwrap();
    let r = env.run(&["--jobs", "1", "--pipeline", pipeline.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let slow = r.record("ket-hon-07.tif");
    assert_eq!(slow["status"], "failed");
    assert!(slow["error"].as_str().unwrap().contains("limits.file_seconds = 1 s"), "{slow}");
    // Every file has its own budget: the next one (a text PDF, read in milliseconds) is recorded.
    assert_eq!(r.record("khai-sinh-truc-tuyen-12.pdf")["status"], "processed", "{}", r.stdout);
    assert_eq!(env.count("SELECT count(*) FROM failures WHERE stage = 'limit'"), 1);
    let bad = std::fs::write(&pipeline, "[limits]\npage_seconds = 0\n");
    assert!(bad.is_ok());
    let out = env.sohoa(&["run", "batch", "--pipeline", pipeline.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("limits.page_seconds = 0"), "{}", stderr(&out));
}

#[test]
fn a_file_changed_while_it_is_processed_is_not_recorded_and_the_next_run_reads_it() {
    let env = TestEnv::new();
    let path = env.add(&sample("ket-hon-07.tif"), "ket-hon-07.tif");
    let child = env.command(&["run", "batch", "--jobs", "1", "--quiet"]).spawn().unwrap();
    // Read at once, then three pages of OCR (~3 s): change it in the middle.
    std::thread::sleep(Duration::from_millis(1200));
    let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    std::io::Write::write_all(&mut f, b"\0").unwrap();
    drop(f);
    assert_eq!(wait_bounded(child, "the run", CHILD_LIMIT, String::new).status.code(), Some(1));
    assert_eq!(
        env.count("SELECT count(*) FROM files"),
        0,
        "no path recorded with the hash of bytes it no longer holds"
    );
    let why: String = env.db().query_row("SELECT error FROM failures", [], |r| r.get(0)).unwrap();
    assert!(why.contains("changed while it was being processed"), "{why}");
    let next = env.run(&[]);
    assert_eq!(next.record("ket-hon-07.tif")["status"], "processed", "{}", next.stdout);
    let sha = sohoa::sha256_hex(&std::fs::read(&path).unwrap());
    assert_eq!(next.record("ket-hon-07.tif")["sha256"], sha.as_str(), "recorded with the hash of what it holds now");
    assert_eq!(env.count("SELECT count(*) FROM failures"), 0);
}

#[test]
fn names_that_are_not_utf8_are_each_recorded_once() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    for name in [&b"h\xe0 s\xf4-1.pdf"[..], &b"h\xe1 s\xf4-1.pdf"[..]] {
        let dest = env.batch().join(std::ffi::OsStr::from_bytes(name));
        std::fs::copy(sample("khai-sinh-truc-tuyen-12.pdf"), dest).unwrap();
    }
    let first = env.run(&[]);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert_eq!(first.records.len(), 2);
    assert_eq!(env.count("SELECT count(*) FROM files"), 2, "two names, two keys");
    let second = env.run(&[]);
    assert!(second.statuses().values().all(|s| s == "unchanged"), "{:?}", second.statuses());
    for bad in [&["run", "no/such/folder"][..], &["dossier", "show"][..], &["run", "batch", "--no-such-flag"][..]] {
        let out = env.sohoa(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).trim().is_empty(), "{bad:?} says why");
    }
}

/// A small tmpfs mounted for one test (as root, which `make test` is here), unmounted on drop.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(at).output();
        let ok = out.as_ref().is_ok_and(|o| o.status.success());
        assert!(ok, "this test mounts a small tmpfs to fill a disk: it needs root ({out:?})");
        SmallDisk(at.to_path_buf())
    }

    fn read_only(&self) {
        let out = Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).output().unwrap();
        assert!(out.status.success(), "{out:?}");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_store_disk_fails_those_files_and_leaves_nothing_half_written() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-03.jpg", "chung-sinh-11.pdf"]);
    let store = env.dir.join("data/store");
    let _disk = SmallDisk::mount(&store, "64k");
    let r = env.run(&[]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let big = r.record("khai-sinh-03.jpg");
    assert_eq!(big["status"], "failed");
    assert!(big["error"].as_str().unwrap().contains("No space left on device"), "{big}");
    assert_eq!(r.record("chung-sinh-11.pdf")["status"], "processed", "a file that fits is stored: {}", r.stdout);
    let leftovers: Vec<_> = walkdir::WalkDir::new(&store)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "half-written files left in the store: {leftovers:?}");
    env.assert_consistent("after the store disk filled up");
}

#[test]
fn a_catalog_on_a_read_only_disk_is_refused_with_a_clear_error() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-truc-tuyen-12.pdf"]);
    let disk = SmallDisk::mount(&env.dir.join("data"), "8m");
    assert_eq!(env.run(&[]).code, 0);
    disk.read_only();
    env.add_samples(&["chung-sinh-11.pdf"]);
    let out = env.sohoa(&["run", "batch", "--quiet"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("read-only"), "{err}");
}

/// fuzz/regressions/<target>/ (inputs a fuzzer crashed on once fixed, and hand-made edge cases),
/// replayed in-process: each must come back as a value (a page, a row, a config or an error),
/// never a panic.
#[test]
fn fuzz_regressions_and_seeds_come_back_as_values() {
    let procedures =
        sohoa::procedures::Procedures::load(&repo().join("samples/procedures.toml")).expect("the sample catalog");
    let mut replayed = 0;
    for target in ["decode", "dossier_import", "pipeline_toml"] {
        let dir = repo().join("fuzz/regressions").join(target);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let outcome = std::panic::catch_unwind(|| match target {
                "decode" => drop(sohoa::bench_api::decode_pages(bytes.clone())),
                "dossier_import" => drop(sohoa::dossiers::parse_export(&text, &procedures)),
                _ => drop(sohoa::Config::from_pipeline_str(&text)),
            });
            assert!(outcome.is_ok(), "{target} panics again on {}", path.display());
            replayed += 1;
        }
    }
    // The seeds are replayed too: the same functions must take ordinary inputs.
    for entry in std::fs::read_dir(repo().join("fuzz/seeds/decode")).unwrap() {
        let pixels = sohoa::bench_api::decode_pages(std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        assert!(pixels > 1_000_000, "a seed scan decodes to a page");
        replayed += 1;
    }
    assert!(replayed >= 3, "{replayed} inputs replayed");
}

#[test]
fn a_tesseract_variable_it_does_not_know_stops_the_run_before_any_file() {
    let env = TestEnv::new();
    env.add_samples(&["khai-sinh-01.png"]);
    let pipeline = env.dir.join("vars.toml");
    std::fs::write(&pipeline, "[ocr.variables]\nno_such_variable_xyz = 1\n").unwrap();
    let out = env.sohoa(&["run", "batch", "--pipeline", pipeline.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("ocr.variables.no_such_variable_xyz"), "{err}");
    assert!(!env.catalog().exists() || env.count("SELECT count(*) FROM files") == 0, "nothing was processed");
}

// ---------------------------------------------------------------- a shared PostgreSQL catalog

/// A command's exit code, standard output and standard error.
type Outcome = (i32, String, String);

/// A fresh database on the test process's own throwaway PostgreSQL server, and a store folder
/// every worker of the test shares.
struct PgEnv {
    env: TestEnv,
    db: String,
    url: String,
    /// None: the test process's shared server.
    own: Option<sohoa::testing::TempPostgres>,
}

impl PgEnv {
    fn new() -> Self {
        Self::on(None)
    }

    /// On a server of its own, for tests that stop it.
    fn on_own_server() -> Self {
        Self::on(Some(sohoa::testing::TempPostgres::start()))
    }

    fn on(own: Option<sohoa::testing::TempPostgres>) -> Self {
        let server = own.as_ref().unwrap_or_else(|| sohoa::testing::TempPostgres::shared());
        let url = server.fresh_database();
        let db = url.rsplit('/').next().unwrap().to_string();
        PgEnv { env: TestEnv::new(), db, url, own }
    }

    fn server(&self) -> &sohoa::testing::TempPostgres {
        self.own.as_ref().unwrap_or_else(|| sohoa::testing::TempPostgres::shared())
    }

    /// `sohoa --catalog URL --store DIR ARGS --pipeline default.toml`, from the repository, the
    /// password in the environment as an operator would give it.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--catalog").arg(&self.url).arg("--store").arg(self.env.dir.join("store"));
        cmd.args(args).arg("--pipeline").arg(repo().join("pipelines/default.toml"));
        cmd.env("PGPASSWORD", self.server().password()).current_dir(repo());
        cmd
    }

    fn sohoa(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.command(args).bounded_output();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn worker(&self, id: &str, extra: &[&str]) -> std::process::Child {
        let jsonl = self.env.dir.join(format!("{id}.jsonl"));
        let mut args = vec!["worker", "--jobs", "1", "--quiet", "--poll", "0.3", "--id", id];
        args.extend(["--jsonl", jsonl.to_str().unwrap()]);
        args.extend_from_slice(extra);
        self.command(&args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    }

    /// Wait for a worker to exit 0; one that hangs fails with the catalog's sessions and queue.
    fn wait_ok(&self, child: std::process::Child, what: &str) -> Output {
        let out = wait_bounded(child, what, CHILD_LIMIT, || self.sessions_and_work());
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "{what}:\n{text}");
        out
    }

    fn sessions_and_work(&self) -> String {
        let sessions = self.server().admin().query(
            "SELECT application_name, state, wait_event_type, wait_event, left(query, 120) \
             FROM pg_stat_activity WHERE datname = $1",
            &[&self.db],
        );
        let sessions: Vec<String> = match sessions {
            Ok(rows) => rows
                .iter()
                .map(|r| {
                    let col = |i| r.get::<_, Option<String>>(i).unwrap_or_default();
                    format!("{} | {} | {} {} | {}", col(0), col(1), col(2), col(3), col(4))
                })
                .collect(),
            Err(e) => vec![format!("cannot list sessions: {e}")],
        };
        format!("sessions:\n{}\nqueue: {:?}", sessions.join("\n"), self.work())
    }

    fn records_of(&self, id: &str) -> Vec<Value> {
        read_jsonl(&self.env.dir.join(format!("{id}.jsonl")))
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.server().url_with_password(&self.db), postgres::NoTls).unwrap()
    }

    /// (path, state, commits, attempts, worker) of every queued file.
    fn work(&self) -> Vec<(String, String, i32, i32, Option<String>)> {
        let rows = self.client().query("SELECT path, state, commits, attempts, worker FROM work ORDER BY path", &[]);
        rows.unwrap().iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))).collect()
    }

    /// How many queued files are done.
    fn done(&self) -> usize {
        self.work().iter().filter(|w| w.1 == "done").count()
    }

    fn dump(&self) -> Vec<String> {
        let loc = sohoa::CatalogLocation::parse(self.server().url_with_password(&self.db).as_ref());
        sohoa::catalog::open(&loc).unwrap().dump().unwrap()
    }

    fn enqueue(&self, path: &Path) -> String {
        let (code, out, err) = self.sohoa(&["enqueue", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        out
    }
}

fn sqlite_dump(catalog: &Path) -> Vec<String> {
    sohoa::catalog::open(&sohoa::CatalogLocation::Sqlite(catalog.to_path_buf())).unwrap().dump().unwrap()
}

/// A child's output once it exits; a child still running after `limit` is killed, and the test
/// fails with what it printed and `diagnose()`, so a hang is a failure, never a stuck suite.
fn wait_bounded(mut child: std::process::Child, what: &str, limit: Duration, diagnose: impl Fn() -> String) -> Output {
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let hung = status.is_none();
    let state = if hung { diagnose() } else { String::new() };
    if hung {
        let _ = child.kill();
    }
    let status = status.unwrap_or_else(|| child.wait().unwrap());
    let output = Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() };
    assert!(
        !hung,
        "{what} was still running after {} s and was killed; {state}\nits output:\n{}{}",
        limit.as_secs(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Commands of the binary under test run bounded: one that hangs fails its test.
trait BoundedOutput {
    fn bounded_output(&mut self) -> Output;
}

impl BoundedOutput for Command {
    fn bounded_output(&mut self) -> Output {
        use std::process::Stdio;
        let child = self.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        wait_bounded(child, &format!("{self:?}"), CHILD_LIMIT, String::new)
    }
}

/// How long a test waits for a child that should end by itself: far above any healthy run.
const CHILD_LIMIT: Duration = Duration::from_secs(600);

/// Every queued file done, recorded by exactly one commit.
fn assert_each_done_once(work: &[(String, String, i32, i32, Option<String>)]) {
    assert!(!work.is_empty());
    for (path, state, commits, ..) in work {
        assert_eq!((state.as_str(), *commits), ("done", 1), "{path}");
    }
}

#[test]
fn three_postgres_workers_record_the_dossier_samples_exactly_as_one_sqlite_run() {
    let sqlite = dossier_run();
    let pg = PgEnv::new();
    let (code, out, err) = pg.sohoa(&["dossiers", "import", "samples/dossiers.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let files = sqlite.result.records.len();
    let first = pg.enqueue(&repo().join("samples/dossiers"));
    assert!(first.starts_with(&format!("{files} files found: {files} queued")), "{first}");
    let again = pg.enqueue(&repo().join("samples/dossiers"));
    assert!(again.contains(": 0 queued, 0 changed"), "enqueueing again adds nothing: {again}");

    let workers: Vec<_> = ["w1", "w2", "w3"].iter().map(|id| (id, pg.worker(id, &[]))).collect();
    for (id, child) in workers {
        pg.wait_ok(child, id);
    }
    // Each file was handled by one worker, once; the work was spread.
    let mut seen = BTreeMap::new();
    for id in ["w1", "w2", "w3"] {
        let records = pg.records_of(id);
        assert!(!records.is_empty(), "{id} did some of the work");
        for r in records {
            let path = r["path"].as_str().unwrap().to_string();
            assert!(seen.insert(path.clone(), id).is_none(), "{path} handled twice");
        }
    }
    assert_eq!(seen.len(), files);
    assert_each_done_once(&pg.work());

    // The same catalog, and the same answers to what staff ask of it.
    let (a, b) = (sqlite_dump(&sqlite.env.catalog()), pg.dump());
    let differ: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).take(5).collect();
    assert!(
        a.len() == b.len() && differ.is_empty(),
        "{} vs {} lines; first differences: {differ:#?}",
        a.len(),
        b.len()
    );
    for args in [
        &["report", "--format", "json"][..],
        &["report", "--by", "procedure", "--format", "csv"],
        &["dossier", "show", "000.00.12.H30-250707-0003"],
        &["review"],
    ] {
        let (code, want, err) = sqlite.env.sohoa_with_pipeline(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let (code, got, err) = pg.sohoa(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(got, want, "{args:?}");
    }
    let hits = |out: &str| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = out
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|h| (h["sha256"].as_str().unwrap().to_string(), h["page"].as_u64().unwrap()))
            .collect();
        v.sort();
        v
    };
    let search = ["search", "giay", "khai", "sinh", "--json"];
    let (_, want, _) = sqlite.env.sohoa_with_pipeline(&search);
    let (code, got, err) = pg.sohoa(&search);
    assert_eq!(code, 0, "{err}");
    assert!(!hits(&want).is_empty());
    assert_eq!(hits(&got), hits(&want));

    // The same bags: every dossier's payload (files, searchable PDFs, dossier.json) by hash.
    let manifests = |run: &dyn Fn(&[&str]) -> Outcome, dir: &Path| {
        let (code, out, err) = run(&["export", "--all", "-o", dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        let mut bags = BTreeMap::new();
        for bag in std::fs::read_dir(dir).unwrap() {
            let bag = bag.unwrap().path();
            let manifest = std::fs::read_to_string(bag.join("manifest-sha256.txt")).unwrap();
            bags.insert(bag.file_name().unwrap().to_string_lossy().into_owned(), manifest);
        }
        bags
    };
    let want = manifests(&|a| sqlite.env.sohoa_with_pipeline(a), &pg.env.dir.join("bags-sqlite"));
    let got = manifests(&|a| pg.sohoa(a), &pg.env.dir.join("bags-pg"));
    assert!(want.len() >= 30, "{} bags", want.len());
    assert_eq!(got, want);

    let (code, json, err) = pg.sohoa(&["status", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let s: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (s["done"].as_u64(), s["queued"].as_u64(), s["in_progress"].as_u64()),
        (Some(files as u64), Some(0), Some(0))
    );
    assert!(s["pages_done"].as_u64().unwrap() > 0 && s["pages_per_minute"].as_f64().unwrap() > 0.0, "{s}");
}

/// A few one-page scans: quick to read, enough to be in flight when a worker dies.
fn small_pg_batch() -> PgEnv {
    let pg = PgEnv::new();
    pg.env.add_samples(&["khai-sinh-01.png", "chung-sinh-02.png", "khai-sinh-03.jpg", "tiep-nhan-khai-sinh-04.jpg"]);
    // Three pages: the longest file, held across several heartbeats of the tests' 5-second lease.
    pg.env.add_samples(&["xac-nhan-hon-nhan-05.jpg", "ket-hon-07.tif"]);
    let out = pg.enqueue(&pg.env.batch());
    assert!(out.starts_with("6 files found: 6 queued"), "{out}");
    pg
}

fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_worker_killed_mid_file_loses_its_claim_to_the_others_and_nothing_is_lost_or_doubled() {
    let pg = small_pg_batch();
    let mut doomed = pg.worker("doomed", &["--lease", "5"]);
    let claimed_by_doomed =
        |pg: &PgEnv| pg.work().into_iter().filter(|w| w.1 == "claimed" && w.4.as_deref() == Some("doomed")).count();
    wait_until("the doomed worker holds a claim", Duration::from_secs(60), || claimed_by_doomed(&pg) > 0);
    std::thread::sleep(Duration::from_millis(700)); // into its first file's OCR
    let (code, json, err) = pg.sohoa(&["status", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let s: Value = serde_json::from_str(&json).unwrap();
    assert!(s["claims"].as_array().unwrap().iter().any(|c| c["worker"] == "doomed"), "status shows who: {s}");
    doomed.kill().unwrap(); // SIGKILL
    doomed.wait().unwrap();
    let orphaned = claimed_by_doomed(&pg);
    assert!(orphaned > 0, "killed while holding claims");

    let others = [pg.worker("w1", &["--lease", "5"]), pg.worker("w2", &["--lease", "5"])];
    for (i, child) in others.into_iter().enumerate() {
        pg.wait_ok(child, &format!("w{}", i + 1));
    }
    let work = pg.work();
    assert_each_done_once(&work);
    // Exactly the dead worker's files were taken over; the live workers' heartbeats kept theirs.
    assert_eq!(work.iter().filter(|w| w.3 >= 2).count(), orphaned, "{work:?}");

    assert_same_as_one_sqlite_run(&pg);
}

/// Six one- to three-page scans and a second file holding one of them, queued.
fn six_files_and_a_copy(pg: PgEnv, copied: &str) -> PgEnv {
    pg.env.add_samples(&["khai-sinh-01.png", "chung-sinh-02.png", "khai-sinh-03.jpg", "tiep-nhan-khai-sinh-04.jpg"]);
    pg.env.add_samples(&["xac-nhan-hon-nhan-05.jpg", "ket-hon-07.tif"]);
    pg.env.add(&sample(copied), &format!("copy-of-{copied}")); // one content, two files
    pg.enqueue(&pg.env.batch());
    pg
}

#[test]
fn a_worker_frozen_past_its_lease_finds_its_files_taken_over_and_nothing_is_doubled() {
    let pg = six_files_and_a_copy(PgEnv::new(), "khai-sinh-01.png");
    let held_by =
        |pg: &PgEnv, id: &str| pg.work().iter().filter(|w| w.1 == "claimed" && w.4.as_deref() == Some(id)).count();
    let frozen = pg.worker("frozen", &["--lease", "3"]);
    wait_until("it holds claims", Duration::from_secs(60), || held_by(&pg, "frozen") > 0);
    std::thread::sleep(Duration::from_millis(700)); // into its first file's OCR
    // Stopped as a whole (its heartbeat too) for longer than its lease: a machine that hung.
    let pid = frozen.id() as i32;
    // SAFETY: plain signals to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
    let other = pg.worker("other", &["--lease", "3"]);
    pg.wait_ok(other, "the worker that took over");
    assert_eq!(held_by(&pg, "frozen"), 0, "its claims were taken over: {:?}", pg.work());
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);
    // Awake, it finds its claims gone: it records nothing more, and ends.
    let out = pg.wait_ok(frozen, "the worker that was frozen");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("not recorded here"), "the file it was reading went to the other: {text}");
    assert_each_done_once(&pg.work());
    assert_same_as_one_sqlite_run(&pg);
}

#[test]
fn status_watch_redraws_one_live_view_on_a_terminal_until_the_queue_is_done() {
    let pg = PgEnv::new();
    pg.env.add_samples(&["khai-sinh-01.png", "khai-sinh-03.jpg"]);
    pg.enqueue(&pg.env.batch());
    // On a terminal (script(1) gives it a pseudo-terminal), as staff watch it.
    let watch = pg.command(&["status", "--watch"]);
    let line: Vec<String> = std::iter::once(watch.get_program())
        .chain(watch.get_args())
        .map(|a| format!("'{}'", a.to_str().unwrap().replace('\'', "'\\''")))
        .collect();
    let watching = Command::new("script")
        .args(["-qefc", &line.join(" "), "/dev/null"])
        .env("PGPASSWORD", pg.server().password())
        .current_dir(repo())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(4)); // two views of the untouched queue
    pg.wait_ok(pg.worker("w", &[]), "the worker");
    let out = pg.wait_ok(watching, "status --watch");
    let screen = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    let views: Vec<&str> = screen.split("\x1b[2J\x1b[H").skip(1).collect();
    assert!(views.len() >= 3, "redrawn in place, view after view: {screen:?}");
    assert!(views[0].starts_with(&format!("[{}]   0%", "-".repeat(40))), "{:?}", views[0]);
    assert!(views[0].contains("2 files: 2 queued, 0 in progress, 0 done, 0 failed"), "{:?}", views[0]);
    let last = views.last().unwrap();
    assert!(last.starts_with(&format!("[{}] 100%", "#".repeat(40))), "{last:?}");
    assert!(
        last.contains("2 files: 0 queued, 0 in progress, 2 done, 0 failed") && last.contains("finished"),
        "{last:?}"
    );
}

/// Nothing lost: the catalog is what one uninterrupted SQLite run over the batch records.
fn assert_same_as_one_sqlite_run(pg: &PgEnv) {
    let reference = TestEnv::new();
    // Same paths as the queue's: run the reference on the PostgreSQL batch's own folder.
    let out = Command::new(BIN)
        .arg("--catalog")
        .arg(reference.catalog())
        .args(["run", pg.env.batch().to_str().unwrap(), "--quiet", "--pipeline"])
        .arg(repo().join("pipelines/default.toml"))
        .current_dir(repo())
        .bounded_output();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(pg.dump(), sqlite_dump(&reference.catalog()));
}

#[test]
fn a_worker_whose_connections_are_cut_again_and_again_reconnects_and_loses_nothing() {
    let pg = small_pg_batch();
    let mut child = pg.worker("cut", &["--lease", "5"]);
    wait_until("a first file is done", Duration::from_secs(120), || pg.done() > 0);
    // Cut every connection it has (feeder, heartbeat, writer, readers) while files are still in
    // flight, at moments that fall on claims, commits and reads alike; until it is done, or
    // exits (then the wait below says why).
    let mut cuts = 0;
    let start = Instant::now();
    while pg.done() < 6 && cuts < 12 && child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < CHILD_LIMIT, "the worker neither finished nor exited: {}", pg.sessions_and_work());
        cuts += usize::from(pg.server().terminate_connections(&pg.db) > 0);
        std::thread::sleep(Duration::from_millis(150 + 97 * (cuts as u64 % 5)));
    }
    let out = pg.wait_ok(child, "the worker that was cut off");
    assert!(cuts >= 2, "the worker's connections were cut while it worked ({cuts} times)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains(pg.server().password()), "the password is never printed: {err}");
    assert_each_done_once(&pg.work());
    // No commit was lost (only connections were), so no file was read twice.
    let records = pg.records_of("cut");
    let mut paths: Vec<&str> = records.iter().map(|r| r["path"].as_str().unwrap()).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!((paths.len(), records.len()), (6, 6), "{records:?}");
    assert_same_as_one_sqlite_run(&pg);
}

#[test]
fn a_worker_rides_out_a_server_restart_and_loses_nothing() {
    let pg = PgEnv::on_own_server();
    pg.env.add_samples(&["khai-sinh-01.png", "chung-sinh-02.png", "khai-sinh-03.jpg"]);
    pg.env.add_samples(&["xac-nhan-hon-nhan-05.jpg", "ket-hon-07.tif"]);
    pg.enqueue(&pg.env.batch());
    // Down for longer than a heartbeat period and a page's OCR: the worker's calls meet a server
    // that refuses connections, then one that is starting up.
    rides_out(&pg, 1, |pg| pg.server().restart(Duration::from_secs(4)));
}

/// A worker on `pg`'s queue, disturbed by `disturb` once `done_first` files are done, finishes
/// with every file recorded once, as one uninterrupted run records them.
fn rides_out(pg: &PgEnv, done_first: usize, disturb: impl FnOnce(&PgEnv)) {
    let child = pg.worker("patient", &["--lease", "5"]);
    wait_until("files are done", Duration::from_secs(120), || pg.done() >= done_first);
    disturb(pg);
    pg.wait_ok(child, "the worker that was disturbed");
    assert_each_done_once(&pg.work());
    assert_same_as_one_sqlite_run(pg);
}

#[test]
fn a_worker_rides_out_a_server_crash_that_takes_back_its_last_commits_and_loses_nothing() {
    let pg = six_files_and_a_copy(PgEnv::on_own_server(), "chung-sinh-02.png");
    rides_out(&pg, 1, |pg| {
        // Workers commit without waiting for the disk: with the server's log writer frozen, what
        // they commit from now on is only in its memory, and the crash takes it back.
        let row =
            pg.server().admin().query_one("SELECT pid FROM pg_stat_activity WHERE backend_type = 'walwriter'", &[]);
        let walwriter: i32 = row.unwrap().get(0);
        let frozen = pg.done();
        // SAFETY: a plain signal to the test's own server process.
        assert_eq!(unsafe { libc::kill(walwriter, libc::SIGSTOP) }, 0);
        wait_until("a file is done after the freeze", Duration::from_secs(120), || pg.done() > frozen);
        let before = pg.done();
        pg.server().crash_and_restart(Duration::from_secs(1));
        let after = pg.done();
        // At least what was committed since the freeze; maybe more, not yet written out then.
        assert!(
            after <= frozen && after < before,
            "the crash took back commits ({before} files done before it, {after} after)"
        );
    });
}

#[test]
fn the_queue_needs_postgres_and_a_wrong_password_is_refused_without_being_shown() {
    let env = TestEnv::new();
    let out = env.sohoa(&["enqueue", "batch"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("postgres://"), "says what to give: {err}");

    let pg = PgEnv::new();
    let wrong = pg.url.replacen("sohoa@", "sohoa:n0t-the-Passw0rd@", 1);
    let out = Command::new(BIN).args(["--catalog", &wrong, "status"]).env_remove("PGPASSWORD").bounded_output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("password") && !err.contains("n0t-the-Passw0rd"), "{err}");
    let (code, out, err) = pg.sohoa(&["worker", "--quiet"]);
    assert_eq!(code, 0, "an empty queue is done at once: {out}{err}");

    // Without a shared store a worker refuses before it claims anything.
    pg.env.add_samples(&["khai-sinh-01.png"]);
    pg.enqueue(&pg.env.batch());
    let out = Command::new(BIN)
        .args(["--catalog", &pg.url, "worker", "--quiet"])
        .env("PGPASSWORD", pg.server().password())
        .bounded_output();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--store"), "{err}");
    assert!(pg.work().iter().all(|w| w.1 == "queued" && w.3 == 0), "nothing claimed: {:?}", pg.work());
}

#[test]
fn a_following_worker_takes_work_enqueued_later_and_ctrl_c_hands_back_its_claims() {
    let pg = PgEnv::new();
    let mut worker = pg.worker("follower", &["--follow"]);
    std::thread::sleep(Duration::from_secs(2)); // idle on an empty queue, not exited
    assert!(worker.try_wait().unwrap().is_none(), "--follow waits for work");
    pg.env.add_samples(&["khai-sinh-01.png", "khai-sinh-03.jpg"]);
    pg.enqueue(&pg.env.batch());
    wait_until("the files enqueued later are done", Duration::from_secs(120), || pg.done() == 2);

    pg.env.add_samples(&["ket-hon-07.tif", "xay-dung-08.tif", "tiep-nhan-khai-sinh-04.jpg", "chung-sinh-02.png"]);
    pg.enqueue(&pg.env.batch());
    let claimed = |pg: &PgEnv| pg.work().iter().filter(|w| w.1 == "claimed").count();
    wait_until("it claims again", Duration::from_secs(60), || claimed(&pg) > 0);
    // SAFETY: a plain signal to our own child process.
    assert_eq!(unsafe { libc::kill(worker.id() as i32, libc::SIGINT) }, 0);
    let out = wait_bounded(worker, "the stopped worker", CHILD_LIMIT, || pg.sessions_and_work());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 130)), "{err}");
    let work = pg.work();
    assert_eq!(claimed(&pg), 0, "nothing left claimed by a worker that stopped: {work:?}");
    assert!(work.iter().all(|w| w.1 == "done" || (w.1 == "queued" && w.4.is_none())), "{work:?}");
    assert!(work.iter().any(|w| w.1 == "queued"), "stopped before the end of the queue: {work:?}");
    // Handed back, not lost: the next worker finishes the queue.
    pg.wait_ok(pg.worker("next", &[]), "the next worker");
    assert_each_done_once(&pg.work());
}
