//! The queue's commands: `enqueue`, `worker`, `status`.

use crate::{Globals, stop_on_ctrl_c, summary_exit};
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub(crate) struct EnqueueArgs {
    /// Files and folders to register, as every worker will see them (a shared mount)
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Queue again files that failed and have not changed since
    #[arg(long)]
    retry_failed: bool,
    /// Pipeline file [default: pipelines/default.toml when it exists, else built-in defaults]
    #[arg(long, value_name = "FILE")]
    pipeline: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct WorkerArgs {
    /// Worker threads [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Keep waiting for new work when the queue is empty
    #[arg(long)]
    follow: bool,
    /// Seconds a claim lasts without a heartbeat [default: from the pipeline, 60]
    #[arg(long, value_name = "SECS")]
    lease: Option<u64>,
    /// Seconds to keep trying to reach the catalog again after the connection went
    /// [default: from the pipeline, 300]
    #[arg(long, value_name = "SECS")]
    reconnect: Option<u64>,
    /// Seconds between looks at an empty queue
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    poll: f64,
    /// Name to claim under [default: host:pid:start time]
    #[arg(long, value_name = "NAME")]
    id: Option<String>,
    /// Process again files that failed before and have not changed since
    #[arg(long)]
    retry_failed: bool,
    /// Write one JSON object per file this worker handled to FILE
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// No progress bars or warnings, only the summary
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Pipeline file [default: pipelines/default.toml when it exists, else built-in defaults]
    #[arg(long, value_name = "FILE")]
    pipeline: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusFormat {
    Text,
    Json,
}

#[derive(Args)]
pub(crate) struct StatusArgs {
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    format: StatusFormat,
    /// Redraw every few seconds until the batch is finished
    #[arg(long)]
    watch: bool,
    /// Pipeline file [default: pipelines/default.toml when it exists, else built-in defaults]
    #[arg(long, value_name = "FILE")]
    pipeline: Option<PathBuf>,
}

pub(crate) fn enqueue(globals: &Globals, args: EnqueueArgs) -> Result<ExitCode> {
    let config = globals.config(args.pipeline.as_deref())?;
    let outcome = sohoa::enqueue(&config, &args.paths, args.retry_failed)?;
    print!("{outcome}");
    Ok(if outcome.walk_errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub(crate) fn worker(globals: &Globals, args: WorkerArgs) -> Result<ExitCode> {
    let mut config = globals.config(args.pipeline.as_deref())?;
    if let Some(j) = args.jobs {
        anyhow::ensure!(j > 0, "--jobs must be at least 1");
        config.jobs = j;
    }
    if let Some(l) = args.lease {
        anyhow::ensure!((3..=86_400).contains(&l), "--lease must be between 3 and 86400 seconds");
        config.lease_seconds = l;
    }
    if let Some(r) = args.reconnect {
        anyhow::ensure!(r <= 86_400, "--reconnect must be at most 86400 seconds");
        config.reconnect_seconds = r;
    }
    anyhow::ensure!(args.poll > 0.0 && args.poll <= 3600.0, "--poll must be between 0 and 3600 seconds");
    config.retry_failed |= args.retry_failed;
    let opts = sohoa::WorkerOptions {
        jsonl: args.jsonl,
        stop: stop_on_ctrl_c()?,
        follow: args.follow,
        poll: Duration::from_secs_f64(args.poll),
        id: args.id,
    };
    let mut progress = sohoa::Progress::new(args.quiet);
    let summary = sohoa::work(&config, &opts, &mut progress);
    progress.finish();
    Ok(summary_exit(&summary?))
}

pub(crate) fn status(globals: &Globals, args: StatusArgs) -> Result<ExitCode> {
    let config = globals.config(args.pipeline.as_deref())?;
    let terminal = std::io::stdout().is_terminal();
    loop {
        let s = sohoa::queue_status(&config)?;
        let text = match args.format {
            StatusFormat::Json => format!("{}\n", serde_json::to_string(&s)?),
            StatusFormat::Text if terminal => format!("{}\n{s}", s.bar(40)),
            StatusFormat::Text => s.to_string(),
        };
        let mut out = std::io::stdout().lock();
        if args.watch && terminal {
            write!(out, "\x1b[2J\x1b[H")?; // clear the screen: one live view, not a scroll of them
        }
        out.write_all(text.as_bytes())?;
        out.flush()?;
        if !args.watch || s.finished() {
            return Ok(if s.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS });
        }
        drop(out);
        std::thread::sleep(Duration::from_secs(3));
    }
}
