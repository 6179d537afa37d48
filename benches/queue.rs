//! The shared queue under load: how many files a second PostgreSQL hands out and closes when
//! many workers claim at once. Each simulated worker does what `sohoa worker` does per file
//! (claim in batches with SKIP LOCKED, then per file a transaction recording a one-page document
//! under a check of its claim and one closing the claim), without the OCR, so the queue and
//! catalog are all that is measured.
//!
//! Run with `cargo bench --bench queue` (a durable throwaway server: fsync on), or against a
//! real server: `SOHOA_BENCH_PG=postgres://USER@HOST/DB cargo bench --bench queue` (it creates
//! and fills tables in that database; use an empty one).

use sohoa::bench_api::QueueClient;
use std::time::{Duration, Instant};

/// 100 workers of 16 cores at a second a page, every file one page (the worst case for the queue).
const NEEDED_FILES_PER_SECOND: f64 = 100.0 * 16.0;
const FILES_PER_CLIENT: usize = 300;
const BATCH: usize = 16;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` lists benches; nothing to list here
    }
    let own;
    let (url, setting) = match std::env::var("SOHOA_BENCH_PG") {
        Ok(url) => (url, "the server given by SOHOA_BENCH_PG"),
        Err(_) => {
            own = sohoa::testing::TempPostgres::start_durable();
            (own.url_with_password(&own.fresh_database()), "a local server on this machine, fsync on")
        }
    };
    let text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc GIẤY KHAI SINH ".repeat(25);
    println!("claims of {BATCH} files at a time, then per file its record and its claim's close; {setting}");
    println!(
        "{:<44} {:>7} {:>7} {:>9} {:>9} {:>7}",
        "each file's transaction", "workers", "files", "files/s", "claims/s", "margin"
    );
    let scenarios: [(&str, Option<&str>, bool); 3] = [
        ("queue only: mark done", None, true),
        ("1-page record + done, as `sohoa worker`", Some(&text), false),
        ("1-page record + done, waiting for the disk", Some(&text), true),
    ];
    for (run, (name, text, wait_for_disk)) in scenarios.iter().enumerate() {
        for clients in [1, 16, 64] {
            let (files, claims, secs) = measure(&url, &format!("s{run}c{clients}"), clients, *text, *wait_for_disk);
            let rate = files as f64 / secs;
            println!(
                "{name:<44} {clients:>7} {files:>7} {rate:>9.0} {:>9.0} {:>6.1}x",
                claims as f64 / secs,
                rate / NEEDED_FILES_PER_SECOND
            );
        }
    }
    println!(
        "needed: {NEEDED_FILES_PER_SECOND:.0} files/s for 100 workers x 16 cores at 1 s a page, one page a file; \
         margin = files/s over that"
    );
}

/// `clients` workers at once on `clients × FILES_PER_CLIENT` queued files: (files, claims, seconds).
fn measure(url: &str, run: &str, clients: usize, text: Option<&str>, wait_for_disk: bool) -> (usize, usize, f64) {
    QueueClient::open(url, "filler", true).unwrap().fill(run, clients * FILES_PER_CLIENT).unwrap();
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|i| {
            let (url, text, id) = (url.to_string(), text.map(String::from), format!("{run}-{i}"));
            std::thread::spawn(move || {
                let mut q = QueueClient::open(&url, &id, wait_for_disk).unwrap();
                let (mut files, mut claims) = (0, 0);
                loop {
                    let n = q.round(BATCH, text.as_deref()).unwrap();
                    if n == 0 {
                        return (files, claims);
                    }
                    files += n;
                    claims += 1;
                }
            })
        })
        .collect();
    let (mut files, mut claims) = (0, 0);
    for h in handles {
        let (f, c) = h.join().unwrap();
        files += f;
        claims += c;
    }
    assert_eq!(files, clients * FILES_PER_CLIENT, "every file handed out exactly once");
    (files, claims, start.elapsed().max(Duration::from_millis(1)).as_secs_f64())
}
