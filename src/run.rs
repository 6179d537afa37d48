//! `sohoa run`: walk, plan, process in parallel, record. The calling thread owns the catalog
//! writer, the observer (terminal) and the JSONL file; workers only send it events.

use crate::assign::{AssignCounts, Assigner};
use crate::catalog::{self, Catalog, FailureRow, FileRow, PathState, Record};
use crate::config::Config;
use crate::decode::DecodeSettings;
use crate::error::{Error, Result, Stage};
use crate::ocr::{self, OcrSettings};
use crate::procedures::Procedures;
use crate::process::{Claimed, Ctx, Done, Event, Outcome, process_file};
use crate::store::Store;
use crate::summary::{FileReport, Observer, Status, Summary};
use crate::walk::{Candidate, path_key, walk};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{LineWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What to run on, beside the config.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Files and folders to process.
    pub paths: Vec<PathBuf>,
    /// Write one JSON object per input file here.
    pub jsonl: Option<PathBuf>,
    /// Set it (e.g. on Ctrl-C) to stop after the files in flight.
    pub stop: Arc<AtomicBool>,
}

/// Run a batch. `Err` means the run could not start or the catalog stopped accepting writes;
/// a file that fails is a line in the summary, not an error.
pub fn run(config: &Config, opts: &RunOptions, observer: &mut dyn Observer) -> Result<Summary> {
    let started = Instant::now();
    let ocr = ocr_settings(config)?;
    for p in &opts.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(Error::new(p, Stage::Walk, "no such file or folder"));
        }
    }
    let mut writer = catalog::open(&config.catalog)?;
    let mut out = Collector::new(config, opts.jsonl.as_ref(), writer.as_ref())?;

    let walked = walk(&opts.paths);
    out.summary.skipped = walked.skipped;
    for e in walked.errors {
        out.walk_failure(writer.as_mut(), e, observer)?;
    }
    let found = walked.files.len();
    let mut todo = Vec::new();
    for c in walked.files {
        match writer.path_state(&path_key(&c.path), c.size, c.mtime_ns)? {
            PathState::FailedBefore { .. } if config.retry_failed => todo.push(c),
            PathState::Unknown => todo.push(c),
            state => out.known(writer.as_mut(), &c, state, observer)?,
        }
    }
    plan(&mut todo, config.max_file_bytes);
    observer.started(found, todo.len());
    observer.pages_planned(todo.iter().map(|c| c.pages_estimate).sum());
    let not_started = execute(config, ocr, &mut out, writer.as_mut(), observer, &opts.stop, |_| todo.into_iter())?;
    Ok(out.finish(not_started, started))
}

/// Most pages first: a long PDF started last would leave one core working alone at the end.
pub(crate) fn plan(todo: &mut [Candidate], max_file_bytes: u64) {
    todo.par_iter_mut().for_each(|c| c.pages_estimate = crate::decode::estimate_pages(&c.path, max_file_bytes));
    todo.sort_by(|a, b| (b.pages_estimate, b.size).cmp(&(a.pages_estimate, a.size)).then_with(|| a.path.cmp(&b.path)));
}

/// Process the files `feed` yields on a pool of workers, each file's outcome recorded through
/// `out` on this thread. `feed` gets a sender of events so a feed running on a thread of its
/// own (the queue's claimer) can report to the collector too. Returns how many files were not
/// started because of a stop.
pub(crate) fn execute<I>(
    config: &Config,
    ocr: OcrSettings,
    out: &mut Collector,
    writer: &mut dyn Catalog,
    observer: &mut dyn Observer,
    stop: &Arc<AtomicBool>,
    feed: impl FnOnce(crossbeam_channel::Sender<Event>) -> I,
) -> Result<usize>
where
    I: Iterator<Item = Candidate> + Send,
{
    // Everything that can fail comes before the feed starts: a queue feed claims files at once.
    let store = if config.store { Some(Store::new(config.store_dir()?)) } else { None };
    let reader = catalog::open(&config.catalog)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads())
        .thread_name(|i| format!("sohoa-worker-{i}"))
        .build()
        .map_err(|e| Error::new(&config.catalog, Stage::Config, format!("cannot start workers: {e}")))?;
    let (tx, rx) = crossbeam_channel::bounded(1024);
    let todo = feed(tx.clone());
    let ctx = Ctx {
        ocr,
        decode: decode_settings(config),
        max_file_bytes: config.max_file_bytes,
        store,
        searchable_pdf: config.searchable_pdf,
        file_limit: std::time::Duration::from_secs(config.file_seconds),
        page_limit: std::time::Duration::from_secs(config.page_seconds),
        reader: Mutex::new(reader),
        claimed: Arc::clone(&out.claimed),
        stop: Arc::clone(stop),
        events: tx,
    };

    let collected = std::thread::scope(|s| {
        // The worker thread owns the context, and with it the pool's sender: when the last file
        // is done (and any feed thread has let go of its sender) the channel closes and the
        // collector below returns.
        let workers = s.spawn(move || {
            let not_started = pool.install(|| todo.par_bridge().filter(|c| !process_file(c.clone(), &ctx)).count());
            pool.broadcast(|_| ocr::release_thread_engine());
            drop(ctx);
            not_started
        });
        let result = out.collect(&rx, writer, observer, stop);
        drop(rx); // a failed writer must not leave workers blocked on a full channel
        (result, workers.join())
    });
    let (result, not_started) = collected;
    result?;
    out.flush_orphans(writer, observer)?;
    Ok(not_started.unwrap_or(0))
}

/// The classifier and linker, when the pipeline names a procedure catalog.
pub(crate) fn assigner(config: &Config, cat: &dyn Catalog) -> Result<Option<Assigner>> {
    let Some(path) = &config.procedures else { return Ok(None) };
    let procedures = Procedures::load(path)?;
    Assigner::load(cat, procedures, config.classify_threshold, &config.link_strategies).map(Some)
}

pub(crate) fn ocr_settings(config: &Config) -> Result<OcrSettings> {
    let err = |cause: String| Error::new("tessdata", Stage::Config, cause);
    let tessdata = ocr::find_tessdata(config.tessdata.as_deref())
        .ok_or_else(|| err("Tesseract's language data was not found: install tesseract-ocr and tesseract-ocr-vie, or set ocr.tessdata".into()))?;
    ocr::check_languages(&tessdata, &config.languages, config.detect_orientation)
        .map_err(|cause| Error::new(&tessdata, Stage::Config, cause))?;
    let settings = OcrSettings {
        languages: config.languages.clone(),
        tessdata,
        detect_orientation: config.detect_orientation,
        max_dpi: config.max_dpi,
        crop_margins: config.crop_margins,
        words: config.store && config.searchable_pdf,
        variables: config.tesseract_variables.clone(),
    };
    if !settings.variables.is_empty() {
        ocr::check_variables(&settings).map_err(|cause| Error::new("pipeline", Stage::Config, cause))?;
    }
    Ok(settings)
}

fn decode_settings(config: &Config) -> DecodeSettings {
    DecodeSettings {
        max_pixels: config.max_pixels,
        min_text_chars: config.min_text_chars,
        pdf_render: config.pdf_render,
        render_dpi: config.max_dpi.min(300),
    }
}

fn blank_report(c: &Candidate, status: Status) -> FileReport {
    FileReport::new(c.shown.clone(), status)
}

/// The single owner of catalog writes, the observer and the JSONL file.
pub(crate) struct Collector {
    summary: Summary,
    jsonl: Option<LineWriter<std::fs::File>>,
    jsonl_path: PathBuf,
    /// Duplicates whose original is still being processed, by content hash.
    waiting: HashMap<String, Vec<Candidate>>,
    /// Shared with the pool (`Ctx::claimed`).
    claimed: Claimed,
    /// Contents whose original (not a copy) has reported in this run.
    settled: HashSet<String>,
    /// A queue worker's: files can be handed back to the queue.
    queue: bool,
    assigner: Option<Assigner>,
}

impl Collector {
    pub(crate) fn new(config: &Config, jsonl: Option<&PathBuf>, cat: &dyn Catalog) -> Result<Self> {
        let file = match jsonl {
            Some(p) => Some(LineWriter::new(
                std::fs::File::create(p).map_err(|e| Error::new(p, Stage::Config, format!("cannot create: {e}")))?,
            )),
            None => None,
        };
        let assigner = assigner(config, cat)?;
        let summary = Summary {
            workers: config.threads(),
            assigned: assigner.as_ref().map(|_| AssignCounts::default()),
            ..Summary::default()
        };
        Ok(Collector {
            summary,
            jsonl: file,
            jsonl_path: jsonl.cloned().unwrap_or_else(|| config.catalog.as_ref().to_path_buf()),
            waiting: HashMap::new(),
            claimed: Claimed::default(),
            settled: HashSet::new(),
            queue: false,
            assigner,
        })
    }

    /// For a queue worker: a file whose original's record did not land goes back to the queue.
    pub(crate) fn handing_back(mut self) -> Self {
        self.queue = true;
        self
    }

    pub(crate) fn finish(mut self, not_started: usize, started: Instant) -> Summary {
        self.summary.not_started = not_started;
        self.summary.elapsed = started.elapsed();
        self.summary
    }

    /// A file the catalog already knows at this size and mtime.
    pub(crate) fn known(
        &mut self,
        cat: &mut dyn Catalog,
        c: &Candidate,
        state: PathState,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        match state {
            PathState::Unchanged { sha256 } => self.unchanged(cat, c, sha256, observer),
            PathState::FailedBefore { error } => {
                let why = format!("{error} (unchanged since it failed; --retry-failed tries again)");
                self.report(FileReport { error: Some(why), ..blank_report(c, Status::Failed) }, observer)
            }
            PathState::Unknown => Ok(()),
        }
    }

    fn collect(
        &mut self,
        rx: &crossbeam_channel::Receiver<Event>,
        cat: &mut dyn Catalog,
        observer: &mut dyn Observer,
        stop: &AtomicBool,
    ) -> Result<()> {
        for event in rx {
            match event {
                Event::PagesFound { pages, estimated } => observer.pages_found(pages, estimated),
                Event::PageDone(cpu) => {
                    self.summary.ocr_cpu_seconds += cpu;
                    self.summary.ocr_pages += usize::from(cpu > 0.0);
                    observer.page_done();
                }
                Event::FileDone(done) => match self.record(*done, cat, observer) {
                    Ok(()) => {}
                    // Another worker has the file now and records it; nothing was written here.
                    Err(e) if e.stage == Stage::Queue => self.summary.claims_lost += 1,
                    Err(e) => {
                        // The catalog no longer takes writes (disk full, file removed): stop
                        // cleanly; every file committed so far stays, the rest is redone next run.
                        stop.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                },
                Event::Claimed { files, pages } => observer.claimed(files, pages),
                Event::Known(known) => {
                    let (c, state) = *known;
                    self.known(cat, &c, state, observer)?;
                }
                Event::Abort(e) => {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    fn record(&mut self, done: Done, cat: &mut dyn Catalog, observer: &mut dyn Observer) -> Result<()> {
        let sha = done.outcome.sha256().map(str::to_string);
        if let (Some(sha), false) = (&sha, matches!(done.outcome, Outcome::Duplicate { .. })) {
            self.settled.insert(sha.clone());
        }
        let path = path_key(&done.candidate.path);
        let recorded = self.record_outcome(done, cat, observer);
        match &recorded {
            Err(e) if e.stage == Stage::Queue => {
                if let Some(sha) = &sha {
                    self.let_go(sha, cat)?;
                }
                // Still ours (the catalog lost its record): done again in full; another
                // worker's: only this worker's note of it goes.
                cat.hand_back(&path)?;
                recorded
            }
            _ => recorded,
        }
    }

    /// A queue worker's record of `sha` did not land (its claim went to another worker, or the
    /// catalog lost the commit): copies waiting for it go back to the queue, and the content is
    /// read in full when it comes back, rather than waiting for an original that never reports.
    fn let_go(&mut self, sha: &str, cat: &mut dyn Catalog) -> Result<()> {
        self.claimed.lock().unwrap_or_else(|p| p.into_inner()).remove(sha);
        for w in self.waiting.remove(sha).unwrap_or_default() {
            cat.hand_back(&path_key(&w.path))?;
        }
        Ok(())
    }

    fn record_outcome(&mut self, done: Done, cat: &mut dyn Catalog, observer: &mut dyn Observer) -> Result<()> {
        let Done { candidate: c, outcome } = done;
        if let (Some(why), Some(sha)) = (changed_since_read(&c), outcome.sha256()) {
            return self.changed(cat, &c, sha.to_string(), why, observer);
        }
        match outcome {
            Outcome::Processed { document, pages, pdf_error } => {
                let sha = document.sha256.clone();
                let file = file_row(&c, &sha);
                let record = Record::Processed { file, document: document.clone(), pages: pages.clone() };
                cat.commit(&record)?;
                let page_errors: Vec<String> = pages
                    .iter()
                    .filter_map(|p| p.error.as_ref().map(|e| format!("page {}: {e}", p.page_no)))
                    .chain(pdf_error)
                    .collect();
                let report = FileReport {
                    sha256: Some(sha.clone()),
                    error: (!page_errors.is_empty()).then(|| page_errors.join("; ")),
                    pages: Some(document.pages),
                    searchable_pdf: document.searchable_pdf.as_ref().map(|f| f.sha256.clone()),
                    text_source: Some(document.text_source.clone()),
                    ocr_confidence: document.ocr_confidence,
                    text: self
                        .wants_text()
                        .then(|| pages.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\x0c")),
                    ..blank_report(&c, Status::Processed)
                };
                let report = self.with_assignment(report, cat, true)?;
                self.report(report, observer)?;
                cat.settle(&record)?;
                self.release_waiting(&sha, cat, observer, None)
            }
            Outcome::Duplicate { sha256 } => {
                if cat.has_document(&sha256)? {
                    self.duplicate(&c, sha256, cat, observer)
                } else if self.queue && self.settled.contains(&sha256) {
                    // Its original reported, yet the content is not in the catalog: that record
                    // did not land (or it failed). Nothing is left to wait for: read it anew.
                    self.let_go(&sha256, cat)?;
                    cat.hand_back(&path_key(&c.path))
                } else {
                    self.waiting.entry(sha256).or_default().push(c);
                    Ok(())
                }
            }
            Outcome::Failed { error, sha256 } => {
                self.fail(cat, &c, sha256.clone(), &error, observer)?;
                match sha256 {
                    Some(sha) => {
                        let why = format!("same content as {}, which failed: {}", c.shown, error.cause);
                        self.release_waiting(&sha, cat, observer, Some(why))
                    }
                    None => Ok(()),
                }
            }
        }
    }

    /// The original of some waiting duplicates is now recorded (or failed): record them too.
    fn release_waiting(
        &mut self,
        sha: &str,
        cat: &mut dyn Catalog,
        observer: &mut dyn Observer,
        failed: Option<String>,
    ) -> Result<()> {
        for c in self.waiting.remove(sha).unwrap_or_default() {
            let recorded = match &failed {
                None => self.duplicate(&c, sha.to_string(), cat, observer),
                Some(why) => {
                    let e = Error::new(&c.path, Stage::Decode, why);
                    self.fail(cat, &c, Some(sha.to_string()), &e, observer)
                }
            };
            match recorded {
                // That copy's claim went to another worker: the other copies are still ours.
                Err(e) if e.stage == Stage::Queue => {
                    self.summary.claims_lost += 1;
                    cat.hand_back(&path_key(&c.path))?;
                }
                other => other?,
            }
        }
        Ok(())
    }

    /// Duplicates left waiting when every worker is done had an original that never reported
    /// (only possible if the run was torn down): record them as failed so nothing is silent.
    fn flush_orphans(&mut self, cat: &mut dyn Catalog, observer: &mut dyn Observer) -> Result<()> {
        let shas: Vec<String> = self.waiting.keys().cloned().collect();
        for sha in shas {
            let why = "its original copy in this batch was not recorded; run again".to_string();
            self.release_waiting(&sha, cat, observer, Some(why))?;
        }
        Ok(())
    }

    fn duplicate(
        &mut self,
        c: &Candidate,
        sha: String,
        cat: &mut dyn Catalog,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        let record = Record::Duplicate { file: file_row(c, &sha) };
        cat.commit(&record)?;
        // A new path can carry a new cue (a dossier folder): link again.
        self.known_content(cat, c, sha, Status::Duplicate, true, observer)?;
        cat.settle(&record)
    }

    fn unchanged(
        &mut self,
        cat: &mut dyn Catalog,
        c: &Candidate,
        sha: String,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        self.known_content(cat, c, sha, Status::Unchanged, false, observer)
    }

    /// Fill in the document's type and dossier: assigned now (new content or a new path), or as
    /// recorded before.
    fn with_assignment(&mut self, mut report: FileReport, cat: &mut dyn Catalog, fresh: bool) -> Result<FileReport> {
        let (Some(assigner), Some(sha)) = (&self.assigner, report.sha256.clone()) else { return Ok(report) };
        let recorded = if fresh { Vec::new() } else { cat.assignment(&sha)? };
        // A crash between a document's commit and its assignment leaves it with none: do it now.
        let a = if recorded.is_empty() { assigner.assign(cat, &sha)? } else { recorded };
        report.set_assignment(&a);
        // New content may re-scan a document already here; it needs its type and fields first.
        report.near_duplicate_of =
            if fresh { crate::near_dup::check(cat, &sha)? } else { cat.near_duplicate_of(&sha)? };
        if let Some(counts) = &mut self.summary.assigned {
            counts.add(&a);
        }
        Ok(report)
    }

    fn known_content(
        &mut self,
        cat: &mut dyn Catalog,
        c: &Candidate,
        sha: String,
        status: Status,
        fresh: bool,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        let doc = cat.document_summary(&sha, self.wants_text())?;
        let report = FileReport {
            sha256: Some(sha),
            pages: doc.as_ref().map(|d| d.pages),
            text_source: doc.as_ref().map(|d| d.text_source.clone()),
            ocr_confidence: doc.as_ref().and_then(|d| d.ocr_confidence),
            text: if self.wants_text() { doc.map(|d| d.text) } else { None },
            ..blank_report(c, status)
        };
        let report = self.with_assignment(report, cat, fresh)?;
        self.report(report, observer)
    }

    fn fail(
        &mut self,
        cat: &mut dyn Catalog,
        c: &Candidate,
        sha256: Option<String>,
        e: &Error,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        let record = Record::Failed(FailureRow {
            path: path_key(&c.path),
            size: c.size,
            mtime_ns: c.mtime_ns,
            sha256: sha256.clone(),
            stage: e.stage.as_str().into(),
            error: e.cause.clone(),
        });
        cat.commit(&record)?;
        let report =
            FileReport { sha256, error: Some(format!("{}: {}", e.stage, e.cause)), ..blank_report(c, Status::Failed) };
        self.report(report, observer)?;
        cat.settle(&record)
    }

    /// The file is not what was read: record nothing that claims it holds those bytes. Its
    /// failure keeps the size and mtime that were read, so the next run sees it as changed and
    /// reads it again; copies of it waiting in this run are left for that run too.
    fn changed(
        &mut self,
        cat: &mut dyn Catalog,
        c: &Candidate,
        sha: String,
        why: String,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        self.fail(cat, c, Some(sha.clone()), &Error::new(&c.path, Stage::Read, why), observer)?;
        for w in self.waiting.remove(&sha).unwrap_or_default() {
            let why = format!("not recorded: its copy {} changed while being read; the next run reads it", c.shown);
            cat.hand_back(&path_key(&w.path))?;
            let report = FileReport { error: Some(why), ..blank_report(&w, Status::Failed) };
            self.report(report, observer)?;
        }
        Ok(())
    }

    pub(crate) fn walk_failure(&mut self, cat: &mut dyn Catalog, e: Error, observer: &mut dyn Observer) -> Result<()> {
        let c = Candidate {
            shown: e.path.to_string_lossy().into_owned(),
            path: e.path.clone(),
            size: 0,
            mtime_ns: 0,
            pages_estimate: 1,
        };
        self.fail(cat, &c, None, &e, observer)
    }

    fn wants_text(&self) -> bool {
        self.jsonl.is_some()
    }

    fn report(&mut self, r: FileReport, observer: &mut dyn Observer) -> Result<()> {
        if let Some(w) = &mut self.jsonl {
            let line = serde_json::to_string(&r).unwrap_or_default();
            writeln!(w, "{line}")
                .map_err(|e| Error::new(&self.jsonl_path, Stage::Catalog, format!("cannot write: {e}")))?;
        }
        self.summary.count(&r);
        observer.file_done(&r);
        Ok(())
    }
}

/// Why the file on disk is no longer the one that was read (its size or mtime moved, or it is
/// gone), or None when it still is.
fn changed_since_read(c: &Candidate) -> Option<String> {
    match std::fs::metadata(&c.path) {
        Err(e) => Some(format!("the file went away while it was being processed ({})", crate::walk::describe_io(&e))),
        Ok(m) if m.len() != c.size || crate::walk::mtime_ns(&m) != c.mtime_ns => {
            Some("the file changed while it was being processed; the next run reads it again".into())
        }
        Ok(_) => None,
    }
}

fn file_row(c: &Candidate, sha: &str) -> FileRow {
    FileRow { path: path_key(&c.path), sha256: sha.to_string(), size: c.size, mtime_ns: c.mtime_ns }
}
