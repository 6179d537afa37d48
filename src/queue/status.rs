//! `sohoa status`: the whole batch as the shared catalog sees it, whichever machine asks.

use super::{pg, queue_err};
use crate::catalog::PgCatalog;
use crate::config::Config;
use crate::error::Result;
use serde::Serialize;
use std::fmt;

/// How far the queued batch is. Times are seconds, as the database's clock counts them.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct QueueStatus {
    pub queued: u64,
    pub in_progress: u64,
    pub done: u64,
    pub failed: u64,
    /// Pages recorded by finished files.
    pub pages_done: u64,
    /// Pages expected in the queued and claimed files.
    pub pages_left: u64,
    /// Pages recorded per minute over the last `window_minutes` (or since work began, if later).
    pub pages_per_minute: f64,
    pub window_minutes: f64,
    /// Seconds until the pages left are done at that rate; None when nothing is moving.
    pub eta_seconds: Option<f64>,
    /// The claims held now, oldest first.
    pub claims: Vec<InProgress>,
    /// Workers seen in the last ten minutes, or still running.
    pub workers: Vec<WorkerRow>,
    /// The latest failures: (path, error), newest first, at most 20.
    pub recent_failures: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InProgress {
    pub path: String,
    pub worker: String,
    /// Seconds since it was claimed.
    pub since_seconds: f64,
    pub pages_estimate: u32,
    pub attempts: u32,
    /// Its lease has run out: the worker is gone and the file will be taken over.
    pub lapsed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkerRow {
    pub id: String,
    pub host: String,
    pub jobs: u32,
    /// Seconds since its last heartbeat.
    pub last_seen_seconds: f64,
    pub stopped: bool,
    pub claims: u64,
}

impl QueueStatus {
    pub fn total(&self) -> u64 {
        self.queued + self.in_progress + self.done + self.failed
    }

    pub fn finished(&self) -> bool {
        self.queued == 0 && self.in_progress == 0
    }

    /// Share of the pages done, 0–1.
    pub fn fraction(&self) -> f64 {
        let all = self.pages_done + self.pages_left;
        if all == 0 { 1.0 } else { self.pages_done as f64 / all as f64 }
    }

    /// A text bar of `width` cells for the share of pages done.
    pub fn bar(&self, width: usize) -> String {
        let full = ((self.fraction() * width as f64).round() as usize).min(width);
        format!("[{}{}] {:>3.0}%", "#".repeat(full), "-".repeat(width - full), self.fraction() * 100.0)
    }
}

/// Read the batch's state from the shared catalog.
pub fn status(config: &Config) -> Result<QueueStatus> {
    let cat = PgCatalog::open(pg(config)?)?;
    let mut client = cat.client()?;
    let err = |e: postgres::Error| queue_err(config, &e);
    let mut s = QueueStatus::default();
    for r in client
        .query(
            "SELECT state, count(*), coalesce(sum(pages), 0)::bigint, coalesce(sum(pages_estimate), 0)::bigint
             FROM work GROUP BY state",
            &[],
        )
        .map_err(err)?
    {
        let (state, n, pages, estimate): (String, i64, i64, i64) = (r.get(0), r.get(1), r.get(2), r.get(3));
        let n = n as u64;
        match state.as_str() {
            "queued" => (s.queued, s.pages_left) = (n, s.pages_left + estimate as u64),
            "claimed" => (s.in_progress, s.pages_left) = (n, s.pages_left + estimate as u64),
            "done" => (s.done, s.pages_done) = (n, pages as u64),
            _ => s.failed = n,
        }
    }
    // The rate over the last five minutes, or since the earliest of those files was claimed.
    let r = client
        .query_one(
            "SELECT coalesce(sum(pages), 0)::bigint,
                    extract(epoch FROM now() - greatest(now() - interval '5 minutes', min(claimed_at)))::float8
             FROM work WHERE finished_at > now() - interval '5 minutes'",
            &[],
        )
        .map_err(err)?;
    let (pages, secs): (i64, Option<f64>) = (r.get(0), r.get(1));
    let secs = secs.unwrap_or(0.0).max(1.0);
    s.window_minutes = secs / 60.0;
    s.pages_per_minute = pages as f64 * 60.0 / secs;
    s.eta_seconds = (s.pages_per_minute > 0.0).then(|| s.pages_left as f64 * 60.0 / s.pages_per_minute);
    s.claims = client
        .query(
            "SELECT shown, worker, extract(epoch FROM now() - claimed_at)::float8, pages_estimate, attempts,
                    lease_until < now()
             FROM work WHERE state = 'claimed' ORDER BY claimed_at, path",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| InProgress {
            path: r.get(0),
            worker: r.get::<_, Option<String>>(1).unwrap_or_default(),
            since_seconds: r.get::<_, Option<f64>>(2).unwrap_or(0.0),
            pages_estimate: r.get::<_, i32>(3).max(0) as u32,
            attempts: r.get::<_, i32>(4).max(0) as u32,
            lapsed: r.get::<_, Option<bool>>(5).unwrap_or(false),
        })
        .collect();
    s.workers = client
        .query(
            "SELECT w.id, w.host, w.jobs, extract(epoch FROM now() - w.last_seen)::float8, w.stopped_at IS NOT NULL,
                    (SELECT count(*) FROM work WHERE worker = w.id AND state = 'claimed')
             FROM workers w WHERE w.stopped_at IS NULL OR w.last_seen > now() - interval '10 minutes'
             ORDER BY w.started_at, w.id",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| WorkerRow {
            id: r.get(0),
            host: r.get(1),
            jobs: r.get::<_, i32>(2).max(0) as u32,
            last_seen_seconds: r.get(3),
            stopped: r.get(4),
            claims: r.get::<_, i64>(5) as u64,
        })
        .collect();
    s.recent_failures = client
        .query(
            "SELECT shown, coalesce(error, '') FROM work WHERE state = 'failed'
             ORDER BY finished_at DESC NULLS LAST, path LIMIT 20",
            &[],
        )
        .map_err(err)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    Ok(s)
}

impl fmt::Display for QueueStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} files: {} queued, {} in progress, {} done, {} failed",
            self.total(),
            self.queued,
            self.in_progress,
            self.done,
            self.failed
        )?;
        let eta = match self.eta_seconds {
            _ if self.finished() => "finished".into(),
            Some(s) => format!("ETA {}", clock(s)),
            None => "ETA unknown (no page recorded in the last minutes)".into(),
        };
        writeln!(
            f,
            "pages: {} done, about {} left; {:.1} pages/min over the last {:.1} min; {eta}",
            self.pages_done, self.pages_left, self.pages_per_minute, self.window_minutes
        )?;
        if !self.workers.is_empty() {
            writeln!(f, "workers:")?;
            for w in &self.workers {
                let state = if w.stopped { "stopped".to_string() } else { format!("{} claims", w.claims) };
                writeln!(f, "  {}  {} jobs  seen {} ago  {state}", w.id, w.jobs, clock(w.last_seen_seconds))?;
            }
        }
        if !self.claims.is_empty() {
            writeln!(f, "in progress:")?;
            for c in &self.claims {
                let lapsed = if c.lapsed { "  (lease lapsed: will be taken over)" } else { "" };
                writeln!(f, "  {}  by {} for {}{lapsed}", c.path, c.worker, clock(c.since_seconds))?;
            }
        }
        if !self.recent_failures.is_empty() {
            writeln!(f, "recent failures:")?;
            for (path, why) in &self.recent_failures {
                writeln!(f, "  {path}: {why}")?;
            }
        }
        Ok(())
    }
}

fn clock(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_and_eta_read_the_pages_not_the_files() {
        let s = QueueStatus {
            queued: 3,
            in_progress: 1,
            done: 6,
            pages_done: 30,
            pages_left: 90,
            pages_per_minute: 45.0,
            window_minutes: 5.0,
            eta_seconds: Some(120.0),
            ..QueueStatus::default()
        };
        assert_eq!(s.bar(8), "[##------]  25%");
        let text = s.to_string();
        assert!(text.contains("10 files: 3 queued, 1 in progress, 6 done, 0 failed"), "{text}");
        assert!(text.contains("45.0 pages/min over the last 5.0 min; ETA 2m00s"), "{text}");
        assert!(!s.finished());
        assert!(QueueStatus::default().finished());
        assert_eq!(QueueStatus::default().bar(4), "[####] 100%");
    }
}
