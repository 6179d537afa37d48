//! `sohoa worker`: the run's pipeline, fed by claims on the shared queue instead of a walk.
//! A feeder thread claims files a batch at a time; a heartbeat thread keeps the claims alive;
//! the calling thread records each file under a check of its claim, and closes the claim once
//! all about the file is written (`Catalog::settle`).

use super::claims::{self, End, Finish, WorkItem};
use super::{pg, queue_err};
use crate::catalog::{FailureRow, InFlight, PathState, PgCatalog, Record};
use crate::config::Config;
use crate::error::{Error, Result, Stage};
use crate::process::Event;
use crate::run::{Collector, execute, ocr_settings};
use crate::summary::{Observer, Summary};
use crate::walk::{Candidate, key_path};
use crossbeam_channel::{Receiver, Sender};
use postgres::Client;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

type PgResult<T> = std::result::Result<T, postgres::Error>;

/// What a worker runs with, beside the config.
#[derive(Debug, Clone, Default)]
pub struct WorkerOptions {
    /// Write one JSON object per file this worker handled here.
    pub jsonl: Option<PathBuf>,
    /// Set it (e.g. on Ctrl-C) to stop after the files in flight; the rest is handed back.
    pub stop: Arc<AtomicBool>,
    /// Keep waiting for new work when the queue is empty, instead of exiting.
    pub follow: bool,
    /// How often an idle worker looks at the queue again. Default (zero): 2 seconds.
    pub poll: Duration,
    /// The name it claims under. Default (None): `host:pid:start`.
    pub id: Option<String>,
}

/// Work through the queue until it is empty (or, with `follow`, until stopped).
pub fn work(config: &Config, opts: &WorkerOptions, observer: &mut dyn Observer) -> Result<Summary> {
    let started = Instant::now();
    let url = pg(config)?;
    let ocr = ocr_settings(config)?;
    if config.store {
        config.store_dir()?; // no shared store named: refuse before claiming anything
    }
    let id = opts.id.clone().unwrap_or_else(worker_id);
    let lease = Duration::from_secs(config.lease_seconds);
    let reconnect = Duration::from_secs(config.reconnect_seconds);
    let mut writer = PgCatalog::open(url)?;
    writer.set_reconnect_window(reconnect, Some(Arc::clone(&opts.stop)));
    claims::register(&mut *writer.client()?, &id, &host(), std::process::id(), config.threads())
        .map_err(|e| queue_err(config, &e))?;
    writer.set_worker(Some(id.clone()));
    let in_flight = InFlight::default();
    writer.track_in_flight(Arc::clone(&in_flight));
    writer.commit_without_waiting_for_disk();
    let mut out = Collector::new(config, opts.jsonl.as_ref(), &writer)?.handing_back();

    let beat_stop = Arc::new(AtomicBool::new(false));
    // The heartbeat never waits for a lost server: it tries again at its next beat anyway.
    let heartbeat =
        Heartbeat { cat: relaxed(url, Duration::ZERO, None)?, id: id.clone(), lease, stop: Arc::clone(&beat_stop) };
    let beating = std::thread::Builder::new()
        .name("sohoa-heartbeat".into())
        .spawn(move || heartbeat.run())
        .map_err(|e| Error::new(&config.catalog, Stage::Queue, format!("cannot start the heartbeat: {e}")))?;

    let feeder = Feeder {
        cat: relaxed(url, reconnect, Some(Arc::clone(&opts.stop)))?,
        id: id.clone(),
        lease,
        max_attempts: config.max_attempts,
        batch: config.threads(),
        follow: opts.follow,
        retry_failed: config.retry_failed,
        poll: if opts.poll.is_zero() { Duration::from_secs(2) } else { opts.poll },
        stop: Arc::clone(&opts.stop),
        in_flight,
    };
    let feeding = std::sync::Mutex::new(None);
    let feed = |events: Sender<Event>| {
        let (todo, rx) = crossbeam_channel::bounded(config.threads());
        let abort = events.clone();
        match std::thread::Builder::new().name("sohoa-feeder".into()).spawn(move || feeder.run(&events, &todo)) {
            Ok(handle) => *feeding.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle),
            Err(e) => {
                let e = Error::new(&config.catalog, Stage::Queue, format!("cannot start the feeder: {e}"));
                let _ = abort.send(Event::Abort(e));
            }
        }
        FeedIter(rx)
    };
    let result = execute(config, ocr, &mut out, &mut writer, observer, &opts.stop, feed);

    // The feeder ends once the pool is gone or the run stopped; wait for it, so that no claim
    // it is taking lands after the claims are handed back below.
    if let Some(handle) = feeding.into_inner().unwrap_or_else(|p| p.into_inner()) {
        opts.stop.store(true, Ordering::Relaxed);
        let _ = handle.join();
    }
    beat_stop.store(true, Ordering::Relaxed);
    let _ = beating.join();
    // Whatever it claimed and did not finish goes back to the queue now, not after the lease.
    writer.set_worker(None);
    let released = writer.retrying(|c| claims::release(c, &id));
    let not_started = result?;
    released?;
    Ok(out.finish(not_started, started))
}

/// The files claimed for this worker's pool, as an iterator rayon can bridge.
struct FeedIter(Receiver<Candidate>);

impl Iterator for FeedIter {
    type Item = Candidate;
    fn next(&mut self) -> Option<Candidate> {
        self.0.recv().ok()
    }
}

struct Feeder {
    cat: PgCatalog,
    id: String,
    lease: Duration,
    max_attempts: u32,
    batch: usize,
    follow: bool,
    retry_failed: bool,
    poll: Duration,
    stop: Arc<AtomicBool>,
    /// Files sent to the pool whose claim the writer has not closed yet.
    in_flight: InFlight,
}

impl Feeder {
    fn run(mut self, events: &Sender<Event>, todo: &Sender<Candidate>) {
        if let Err(e) = self.feed(events, todo) {
            let _ = events.send(Event::Abort(e));
        }
    }

    fn feed(&mut self, events: &Sender<Event>, todo: &Sender<Candidate>) -> Result<()> {
        while !self.stop.load(Ordering::Relaxed) {
            // Files taken up again (a lapsed claim, or one of its own it is not working on) may be
            // recorded but not settled, their assignment not all written: the pool reads them
            // again, and finds each a copy of what is recorded.
            let (mut items, mut revisits) = self.claim()?;
            if items.is_empty() {
                items = self.orphans()?;
                revisits = items.len();
            }
            if items.is_empty() {
                let unfinished = self.cat.retrying(claims::unfinished)?;
                if !unfinished && !self.follow {
                    return Ok(());
                }
                // Others still hold claims (one may die and its files come back), or --follow.
                self.sleep();
                continue;
            }
            let pages = items.iter().map(|i| i.pages_estimate).sum();
            let _ = events.send(Event::Claimed { files: items.len(), pages });
            for (i, item) in items.into_iter().enumerate() {
                let key = item.path.clone();
                // Its own claim, lapsed while the database was out of reach and taken again: the
                // file is still in the pool, and reading it twice would report it twice.
                if self.in_flight.lock().unwrap_or_else(|p| p.into_inner()).contains(&key) {
                    continue;
                }
                let c = if i < revisits { Some(candidate(&item)) } else { self.triage(item, events)? };
                let Some(c) = c else { continue };
                self.in_flight.lock().unwrap_or_else(|p| p.into_inner()).insert(key);
                if todo.send(c).is_err() {
                    return Ok(()); // the pool is gone: the run is ending
                }
            }
        }
        Ok(())
    }

    /// Claim a batch; files given up on are recorded as failed in the same transaction.
    fn claim(&mut self) -> Result<(Vec<WorkItem>, usize)> {
        // Retried on a new connection: a first attempt whose commit landed just before the
        // connection went took files that are this worker's, found by `orphans` once the queue
        // runs dry.
        self.cat.retrying(|c| self.claim_in(c))
    }

    /// Files this worker holds claims on but is not working on: claimed in a transaction whose
    /// reply was lost, or finished in commits that a crashed server lost (workers commit without
    /// waiting for the disk). Without this, the heartbeat would keep them claimed for ever.
    fn orphans(&self) -> Result<Vec<WorkItem>> {
        let in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        // Held across the query: a file committed meanwhile is either done in the answer, or
        // still in the set.
        let held = self.cat.retrying(|c| claims::held(c, &self.id))?;
        Ok(held.into_iter().filter(|i| !in_flight.contains(&i.path)).collect())
    }

    fn claim_in(&self, client: &mut Client) -> PgResult<(Vec<WorkItem>, usize)> {
        let mut tx = client.transaction()?;
        let got = claims::claim(&mut tx, &self.id, self.batch, self.lease, self.max_attempts)?;
        for (item, attempts) in &got.given_up {
            let error = format!(
                "given up after {attempts} attempts: each worker that took it stopped before finishing \
                 (crashed, killed or cut off); it may be what stops them"
            );
            let failure = FailureRow {
                path: item.path.clone(),
                size: item.size,
                mtime_ns: item.mtime_ns,
                sha256: None,
                stage: Stage::Queue.as_str().into(),
                error: error.clone(),
            };
            crate::catalog::pg_write_record(&mut tx, &Record::Failed(failure))?;
            claims::give_up(&mut tx, &item.path, &error)?;
        }
        tx.commit()?;
        Ok((got.items, got.taken_over))
    }

    /// A claimed file the catalog already knows (unchanged since recorded, or since it failed)
    /// is finished here without a pipeline run; the rest goes to the pool.
    fn triage(&mut self, item: WorkItem, events: &Sender<Event>) -> Result<Option<Candidate>> {
        use crate::catalog::Catalog;
        let state = self.cat.path_state(&item.path, item.size, item.mtime_ns)?;
        let end = match &state {
            PathState::Unknown => None,
            PathState::FailedBefore { .. } if self.retry_failed => None,
            PathState::Unchanged { .. } => Some(End::Done { pages: 0 }),
            PathState::FailedBefore { error } => Some(End::Failed { error }),
        };
        let c = candidate(&item);
        let Some(end) = end else { return Ok(Some(c)) };
        let finished = self.cat.retrying(|client| {
            let mut tx = client.transaction()?;
            let finished = claims::finish(&mut tx, &self.id, &item.path, end, false)?;
            tx.commit().map(|()| finished)
        })?;
        // Already: an earlier attempt landed before the connection went, and was not told yet.
        if finished != Finish::NotOurs {
            let _ = events.send(Event::Known(Box::new((c, state))));
        }
        Ok(None)
    }

    fn sleep(&self) {
        let until = Instant::now() + self.poll;
        while Instant::now() < until && !self.stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn candidate(item: &WorkItem) -> Candidate {
    Candidate {
        path: key_path(&item.path),
        shown: item.shown.clone(),
        size: item.size,
        mtime_ns: item.mtime_ns,
        pages_estimate: item.pages_estimate,
    }
}

/// Keeps this worker's claims alive while it runs. A failed beat is retried at the next one
/// (the catalog reconnects); claims only lapse if the database stays out of reach for a lease.
struct Heartbeat {
    cat: PgCatalog,
    id: String,
    lease: Duration,
    stop: Arc<AtomicBool>,
}

impl Heartbeat {
    fn run(self) {
        let every = self.lease / 3;
        let mut next = Instant::now() + every;
        while !self.stop.load(Ordering::Relaxed) {
            if Instant::now() >= next {
                let _ = self.cat.retrying(|c| claims::renew(c, &self.id, self.lease));
                next = Instant::now() + every;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A connection for queue work alone (see `PgCatalog::commit_without_waiting_for_disk`), that
/// waits `reconnect` for a lost server.
fn relaxed(url: &str, reconnect: Duration, stop: Option<Arc<AtomicBool>>) -> Result<PgCatalog> {
    let mut cat = PgCatalog::open(url)?;
    cat.set_reconnect_window(reconnect, stop);
    cat.commit_without_waiting_for_disk();
    Ok(cat)
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Unique across machines and restarts: a restarted worker must not inherit its old claims.
fn worker_id() -> String {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    format!("{}:{}:{:x}", host(), std::process::id(), t.as_millis())
}
