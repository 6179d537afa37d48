//! What a run tells people and scripts: a record per file (also the `--jsonl` line) and a summary.

use serde::Serialize;
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// New content: decoded, OCR'd, stored and recorded.
    Processed,
    /// Path, size and mtime already recorded: nothing done.
    Unchanged,
    /// Content already recorded under another path: recorded at this path, not OCR'd again.
    Duplicate,
    Failed,
}

/// One input file's result; serialised as one `--jsonl` line.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// As given: relative to the PATH argument it was found under.
    pub path: String,
    pub sha256: Option<String>,
    pub status: Status,
    /// Why it failed, or which pages failed in a processed file.
    pub error: Option<String>,
    pub pages: Option<u32>,
    /// `ocr`, `pdf-text`, `mixed` or `none`.
    pub text_source: Option<String>,
    pub ocr_confidence: Option<f32>,
    /// Pages' text separated by form feeds; filled only when a `--jsonl` file is written.
    pub text: Option<String>,
    /// Type of the (first) document in the file, or `unknown`.
    pub doc_type: Option<String>,
    /// `input`, `result`, `receipt` or `extra` in its dossier.
    pub role: Option<String>,
    /// Dossier code (MaHoSo) it is attached to.
    pub dossier: Option<String>,
    /// How it was linked: `folder`, `filename`, `qr`, `page-text`, `split`; or why it was not.
    pub link: Option<String>,
    pub classify_confidence: Option<f32>,
    /// The sha256 of the searchable PDF stored for it (in the store, `.pdf`), when one was made.
    pub searchable_pdf: Option<String>,
    /// The earlier document (sha256) this file re-scans: other bytes, same content.
    pub near_duplicate_of: Option<String>,
    /// Every document in the file, when it holds more than one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<SegmentReport>,
}

/// One document inside a file.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentReport {
    pub first_page: u32,
    pub last_page: u32,
    pub doc_type: String,
    pub classify_confidence: f32,
    pub dossier: Option<String>,
    pub role: Option<String>,
    pub link: Option<String>,
}

impl FileReport {
    /// A report with only the path and status filled in.
    pub fn new(path: String, status: Status) -> Self {
        FileReport {
            path,
            sha256: None,
            status,
            error: None,
            pages: None,
            text_source: None,
            ocr_confidence: None,
            text: None,
            doc_type: None,
            role: None,
            dossier: None,
            link: None,
            classify_confidence: None,
            near_duplicate_of: None,
            searchable_pdf: None,
            segments: Vec::new(),
        }
    }

    pub(crate) fn set_assignment(&mut self, a: &[(crate::catalog::SegmentRow, Vec<crate::catalog::LinkRow>)]) {
        let segs: Vec<SegmentReport> = a
            .iter()
            .map(|(s, links)| {
                let l = links.first();
                SegmentReport {
                    first_page: s.first_page,
                    last_page: s.last_page,
                    doc_type: s.doc_type.clone(),
                    classify_confidence: s.confidence,
                    dossier: l.map(|l| l.dossier_code.clone()),
                    role: l.map(|l| l.role.clone()),
                    link: l
                        .map(|l| l.method.clone())
                        .or_else(|| s.link_note.as_ref().map(|n| format!("unlinked: {n}"))),
                }
            })
            .collect();
        if let Some(first) = segs.first() {
            self.doc_type = Some(first.doc_type.clone());
            self.role = first.role.clone();
            self.dossier = first.dossier.clone();
            self.link = first.link.clone();
            self.classify_confidence = Some(first.classify_confidence);
        }
        self.segments = if segs.len() > 1 { segs } else { Vec::new() };
    }
}

/// Receives progress from a run, on the one thread that owns the terminal.
pub trait Observer {
    /// The walk is done: `to_process` of `found` files need work.
    fn started(&mut self, _found: usize, _to_process: usize) {}
    /// The plan expects this many pages in the files to process.
    fn pages_planned(&mut self, _pages: usize) {}
    /// A file was opened and holds `pages` pages; the plan expected `estimated`.
    fn pages_found(&mut self, _pages: usize, _estimated: usize) {}
    fn page_done(&mut self) {}
    fn file_done(&mut self, _report: &FileReport) {}
    /// A queue worker took more files, expected to hold `pages` pages.
    fn claimed(&mut self, _files: usize, _pages: usize) {}
}

/// An observer that shows nothing.
pub struct Quiet;
impl Observer for Quiet {}

/// Totals of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub processed: usize,
    pub unchanged: usize,
    pub duplicates: usize,
    pub failed: usize,
    /// (path, reason) of each failed file.
    pub failures: Vec<(String, String)>,
    /// (path, reason) of processed files where some pages could not be read.
    pub page_errors: Vec<(String, String)>,
    /// Pages read in this run (of processed files).
    pub pages: usize,
    /// Hidden, temporary and linked files left out by the walk.
    pub skipped: usize,
    /// Files not started because the run was stopped (Ctrl-C).
    pub not_started: usize,
    pub elapsed: Duration,
    /// CPU seconds Tesseract spent on this run's pages, over all workers.
    pub ocr_cpu_seconds: f64,
    /// Pages Tesseract read (not blank, not a PDF text layer).
    pub ocr_pages: usize,
    /// Worker threads the run used.
    pub workers: usize,
    /// Documents (segments) of this run's files linked, unlinked, of unknown type; None when
    /// no procedure catalog is configured.
    pub assigned: Option<crate::assign::AssignCounts>,
    /// Queue workers: files whose claim lapsed before they were recorded, so another worker
    /// records them (this one recorded nothing of them).
    pub claims_lost: usize,
}

impl Summary {
    pub fn files(&self) -> usize {
        self.processed + self.unchanged + self.duplicates + self.failed + self.not_started
    }

    pub fn pages_per_minute(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 { self.pages as f64 * 60.0 / secs } else { 0.0 }
    }

    /// How well the workers were kept on OCR: Tesseract's CPU time ÷ (wall time × workers).
    pub fn efficiency(&self) -> f64 {
        let capacity = self.elapsed.as_secs_f64() * self.workers.max(1) as f64;
        if capacity > 0.0 { self.ocr_cpu_seconds / capacity } else { 0.0 }
    }

    pub fn interrupted(&self) -> bool {
        self.not_started > 0
    }

    pub(crate) fn count(&mut self, r: &FileReport) {
        match r.status {
            Status::Processed => {
                self.processed += 1;
                self.pages += r.pages.unwrap_or(0) as usize;
                if let Some(e) = &r.error {
                    self.page_errors.push((r.path.clone(), e.clone()));
                }
            }
            Status::Unchanged => self.unchanged += 1,
            Status::Duplicate => self.duplicates += 1,
            Status::Failed => {
                self.failed += 1;
                self.failures.push((r.path.clone(), r.error.clone().unwrap_or_default()));
            }
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} files in {}: {} processed, {} unchanged, {} duplicate, {} failed",
            self.files(),
            human_duration(self.elapsed),
            self.processed,
            self.unchanged,
            self.duplicates,
            self.failed
        )?;
        writeln!(f, "{} pages read, {:.1} pages/min", self.pages, self.pages_per_minute())?;
        if self.ocr_cpu_seconds > 0.0 {
            writeln!(
                f,
                "OCR: {:.1} CPU-seconds in Tesseract, {:.2} s a page; efficiency {:.2} ({} workers)",
                self.ocr_cpu_seconds,
                self.ocr_cpu_seconds / self.ocr_pages.max(1) as f64,
                self.efficiency(),
                self.workers
            )?;
        }
        if let Some(a) = &self.assigned {
            writeln!(
                f,
                "{} documents linked to a dossier, {} unlinked, {} of unknown type (see `sohoa review`)",
                a.linked, a.unlinked, a.unknown
            )?;
        }
        if self.skipped > 0 {
            writeln!(f, "{} hidden, temporary or linked files skipped", self.skipped)?;
        }
        if self.claims_lost > 0 {
            writeln!(
                f,
                "{} files not recorded here: this worker's claim lapsed to another, or the catalog lost \
                 the commit (a crash); the queue has them done again",
                self.claims_lost
            )?;
        }
        if self.not_started > 0 {
            writeln!(f, "stopped early: {} files not started; run again to continue", self.not_started)?;
        }
        for (title, list) in [("failed", &self.failures), ("pages that could not be read", &self.page_errors)] {
            if !list.is_empty() {
                writeln!(f, "{title}:")?;
                for (path, why) in list {
                    writeln!(f, "  {path}: {why}")?;
                }
            }
        }
        Ok(())
    }
}

fn human_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 { format!("{s:.1}s") } else { format!("{}m{:02}s", (s / 60.0) as u64, (s % 60.0) as u64) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(status: Status, pages: u32, error: Option<&str>) -> FileReport {
        FileReport { error: error.map(Into::into), pages: Some(pages), ..FileReport::new("a/b.pdf".into(), status) }
    }

    #[test]
    fn counts_and_prints_failures_with_paths() {
        let mut s = Summary::default();
        s.count(&report(Status::Processed, 3, None));
        s.count(&report(Status::Failed, 0, Some("decode: encrypted PDF")));
        s.count(&report(Status::Unchanged, 1, None));
        s.elapsed = Duration::from_secs(30);
        assert_eq!((s.processed, s.failed, s.unchanged, s.pages), (1, 1, 1, 3));
        assert_eq!(s.pages_per_minute(), 6.0);
        let text = s.to_string();
        assert!(text.contains("3 files in 30.0s: 1 processed, 1 unchanged, 0 duplicate, 1 failed"), "{text}");
        assert!(text.contains("  a/b.pdf: decode: encrypted PDF"), "{text}");
    }

    #[test]
    fn efficiency_is_tesseract_time_over_the_workers_capacity() {
        let s = Summary {
            elapsed: Duration::from_secs(10),
            workers: 2,
            ocr_cpu_seconds: 18.0,
            ocr_pages: 12,
            pages: 12,
            ..Summary::default()
        };
        assert!((s.efficiency() - 0.9).abs() < 1e-9);
        let text = s.to_string();
        assert!(
            text.contains("OCR: 18.0 CPU-seconds in Tesseract, 1.50 s a page; efficiency 0.90 (2 workers)"),
            "{text}"
        );
        assert!(!Summary::default().to_string().contains("OCR:"), "nothing OCR'd, no line");
    }

    #[test]
    fn jsonl_uses_lowercase_status() {
        let line = serde_json::to_string(&report(Status::Duplicate, 1, None)).unwrap();
        assert!(line.contains("\"status\":\"duplicate\""), "{line}");
    }
}
