//! The `sohoa` command: parse arguments, build a Config, call the library, map to an exit code.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use sohoa::{Config, Progress, RunOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Parser)]
#[command(
    name = "sohoa",
    version,
    about = "Digitize administrative dossiers: OCR, hash and catalog scanned documents"
)]
struct Cli {
    /// Catalog file (SQLite); the store is the store/ folder beside it [default: from the pipeline]
    #[arg(long, global = true, value_name = "PATH")]
    catalog: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Walk files and folders; decode, OCR, hash, store and record every file
    Run(RunArgs),
}

#[derive(Args)]
struct RunArgs {
    /// Files and folders to process
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Pipeline file [default: pipelines/default.toml when it exists, else built-in defaults]
    #[arg(long, value_name = "FILE")]
    pipeline: Option<PathBuf>,
    /// Worker threads [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Write one JSON object per input file to FILE
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Try again files that failed before and have not changed since
    #[arg(long)]
    retry_failed: bool,
    /// No progress bars or warnings, only the summary
    #[arg(long, short = 'q')]
    quiet: bool,
}

fn main() -> ExitCode {
    ensure_openmp_single_thread();
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sohoa: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run(cli.catalog, args),
    }
}

fn run(catalog: Option<PathBuf>, args: RunArgs) -> Result<ExitCode> {
    let mut config = load_pipeline(args.pipeline.as_deref())?;
    if let Some(c) = catalog {
        config.catalog = c;
    }
    if let Some(j) = args.jobs {
        anyhow::ensure!(j > 0, "--jobs must be at least 1");
        config.jobs = j;
    }
    config.retry_failed |= args.retry_failed;

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // First Ctrl-C: finish the files in flight and record them. Second: leave now; every file
    // is committed in one transaction, so nothing recorded is lost.
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("sohoa: stopping after the files in flight (Ctrl-C again to quit now)");
    })
    .context("cannot install the Ctrl-C handler")?;

    let opts = RunOptions {
        paths: args.paths,
        jsonl: args.jsonl,
        stop,
    };
    let mut progress = Progress::new(args.quiet);
    let summary = sohoa::run(&config, &opts, &mut progress);
    progress.finish();
    let summary = summary?;
    print!("{summary}");
    Ok(if summary.interrupted() {
        ExitCode::from(130)
    } else if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn load_pipeline(path: Option<&Path>) -> Result<Config> {
    let default = Path::new("pipelines/default.toml");
    match path {
        Some(p) => Ok(Config::from_pipeline_file(p)?),
        None if default.is_file() => Ok(Config::from_pipeline_file(default)?),
        None => Ok(Config::default()),
    }
}

/// Debian's Tesseract uses OpenMP, which reads OMP_THREAD_LIMIT only when the process starts;
/// without it every page costs about five times the CPU. Users will not remember, so if it is
/// unset, run this same program again with it set.
fn ensure_openmp_single_thread() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
    let err = std::process::Command::new(&exe)
        .arg0(arg0)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .exec();
    // exec only returns on failure: go on, slower.
    eprintln!(
        "sohoa: warning: could not restart with OMP_THREAD_LIMIT=1 ({err}); OCR will be slower"
    );
}
