//! The `sohoa` command: parse arguments, build a Config, call the library, map to an exit code.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use sohoa::{Config, Progress, RunOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

mod cli_queue;

#[derive(Parser)]
#[command(name = "sohoa", version, about = "Digitize administrative dossiers: OCR, hash and catalog scanned documents")]
struct Cli {
    /// Catalog: a SQLite file, or postgres://USER@HOST/DB for one shared by many machines (the
    /// password from PGPASSWORD or ~/.pgpass) [default: from the pipeline]
    #[arg(long, global = true, value_name = "PATH|URL")]
    catalog: Option<std::ffi::OsString>,
    /// Content-addressed store folder; with a PostgreSQL catalog, one every worker reaches
    /// [default: store/ beside a SQLite catalog]
    #[arg(long, global = true, value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Walk files and folders; decode, OCR, hash, store and record every file
    Run(RunArgs),
    /// Dossier records from the one-stop system
    Dossiers {
        #[command(subcommand)]
        command: DossiersCommand,
    },
    /// Show one dossier: its components, what is attached, what is missing, its result
    Dossier {
        #[command(subcommand)]
        command: DossierCommand,
    },
    /// Confirm or correct a document's type; the classifier learns from it
    Label {
        /// The document: its sha256 (or 8+ leading characters) or a path it was seen at
        document: String,
        /// Document-type code from the procedure catalog
        doc_type: String,
        /// First page of the document inside a multi-document file
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[command(flatten)]
        pipeline: PipelineArg,
    },
    /// Classify and link every document again (after editing the procedure catalog)
    Relink {
        #[command(flatten)]
        pipeline: PipelineArg,
    },
    /// Documents of unknown type or not linked to a dossier, with the reason
    Review {
        #[command(flatten)]
        pipeline: PipelineArg,
    },
    /// Digitization rates: received, input digitized, resolved, result digitized
    Report(ReportArgs),
    /// Full-text search over every page; diacritics and case do not matter
    Search(SearchArgs),
    /// Components of a dossier that its owner already has digitized: list, attach, detach
    Reuse(ReuseArgs),
    /// Write dossiers as BagIt bags (files, searchable PDFs, checksums) with a dossier.json
    Export(ExportArgs),
    /// Re-hash the store (or exported bags) and list every missing or altered file
    Verify {
        /// Bags to check instead of the store
        #[arg(value_name = "BAG")]
        bags: Vec<PathBuf>,
        #[command(flatten)]
        pipeline: PipelineArg,
    },
    /// Check the catalog's integrity (SQLite, foreign keys, search indexes) and re-hash the store
    Check {
        #[command(flatten)]
        pipeline: PipelineArg,
    },
    /// Write a consistent copy of the catalog to FILE, even while runs are writing to it
    Backup {
        /// The copy to write (a new file)
        file: PathBuf,
        #[command(flatten)]
        pipeline: PipelineArg,
    },
    /// Register files and folders as work in the shared PostgreSQL catalog (walks once; idempotent)
    Enqueue(cli_queue::EnqueueArgs),
    /// Claim queued files and process them until the queue is empty (or, with --follow, until stopped)
    Worker(cli_queue::WorkerArgs),
    /// The queued batch: queued, in progress (by whom, since when), done, failed, pages/min, ETA
    Status(cli_queue::StatusArgs),
    /// Fields extracted from a document (citizen ID, name, dates, number, issuer), with evidence
    Fields {
        /// The document: its sha256 (or 8+ leading characters) or a path it was seen at
        document: String,
        #[command(flatten)]
        pipeline: PipelineArg,
    },
}

#[derive(Args)]
struct SearchArgs {
    /// Words to find ("tran phu" finds "Trần Phú")
    #[arg(required = true)]
    query: Vec<String>,
    /// Only documents of this type
    #[arg(long = "type", value_name = "DOC_TYPE")]
    doc_type: Option<String>,
    /// Only documents linked to dossiers of this unit (MaCoQuan)
    #[arg(long)]
    unit: Option<String>,
    /// Only documents linked to dossiers of this owner (SoDinhDanh)
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// One JSON object per hit instead of text
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    pipeline: PipelineArg,
}

#[derive(Args)]
struct ReuseArgs {
    /// The dossier (MaHoSo) that needs components
    #[arg(long, value_name = "CODE")]
    dossier: String,
    /// Attach these candidates (their hash, 8+ leading characters); repeatable
    #[arg(long, value_name = "HASH", conflicts_with_all = ["all", "detach"])]
    attach: Vec<String>,
    /// Attach the best candidate of every component that has one
    #[arg(long, conflicts_with = "detach")]
    all: bool,
    /// Undo a reuse (the document's hash, 8+ leading characters); repeatable
    #[arg(long, value_name = "HASH")]
    detach: Vec<String>,
    #[command(flatten)]
    pipeline: PipelineArg,
}

#[derive(Args)]
struct ExportArgs {
    /// Dossier codes (MaHoSo) to export
    #[arg(value_name = "CODE", required_unless_present_any = ["all", "from", "to"])]
    codes: Vec<String>,
    /// Every dossier (within --from/--to when given)
    #[arg(long, conflicts_with = "codes")]
    all: bool,
    /// Dossiers received on or after this day, YYYY-MM-DD
    #[arg(long, conflicts_with = "codes")]
    from: Option<String>,
    /// Dossiers received on or before this day, YYYY-MM-DD
    #[arg(long, conflicts_with = "codes")]
    to: Option<String>,
    /// Folder to write the bags into (one folder per dossier)
    #[arg(short = 'o', long = "output", value_name = "DIR", required = true)]
    output: PathBuf,
    #[command(flatten)]
    pipeline: PipelineArg,
}

#[derive(Subcommand)]
enum DossiersCommand {
    /// Import (or update) dossiers from a CSV or JSON export (MaHoSo, MaTTHC, MaCoQuan, ...)
    Import {
        file: PathBuf,
        #[command(flatten)]
        pipeline: PipelineArg,
    },
}

#[derive(Subcommand)]
enum DossierCommand {
    /// Show a dossier by its code (MaHoSo)
    Show {
        code: String,
        #[command(flatten)]
        pipeline: PipelineArg,
    },
}

#[derive(Args)]
struct PipelineArg {
    /// Pipeline file [default: pipelines/default.toml when it exists, else built-in defaults]
    #[arg(long, value_name = "FILE")]
    pipeline: Option<PathBuf>,
}

#[derive(Args)]
struct ReportArgs {
    /// First day of the period, YYYY-MM-DD
    #[arg(long)]
    from: Option<String>,
    /// Last day of the period, YYYY-MM-DD
    #[arg(long)]
    to: Option<String>,
    /// Only this unit (MaCoQuan)
    #[arg(long)]
    unit: Option<String>,
    /// Rows per unit, procedure or month
    #[arg(long, value_enum, default_value_t = ByArg::Unit)]
    by: ByArg,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Write to FILE instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pipeline: PipelineArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ByArg {
    Unit,
    Procedure,
    Month,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Table,
    Csv,
    Json,
    Html,
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

/// The flags every command takes, laid over the pipeline file.
#[derive(Clone)]
struct Globals {
    catalog: Option<std::ffi::OsString>,
    store: Option<PathBuf>,
}

impl Globals {
    fn config(&self, pipeline: Option<&Path>) -> Result<Config> {
        let mut c = load_pipeline(pipeline)?;
        if let Some(cat) = &self.catalog {
            c.catalog = sohoa::CatalogLocation::parse(cat);
        }
        if let Some(dir) = &self.store {
            c.store_dir = Some(dir.clone());
        }
        Ok(c)
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    let globals = Globals { catalog: cli.catalog, store: cli.store };
    let config = |p: &PipelineArg| globals.config(p.pipeline.as_deref());
    match cli.command {
        Command::Run(args) => run(&globals, args),
        Command::Dossiers { command: DossiersCommand::Import { file, pipeline } } => {
            let outcome = sohoa::import_dossiers(&config(&pipeline)?, &file)?;
            print!("{outcome}");
            Ok(if outcome.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Dossier { command: DossierCommand::Show { code, pipeline } } => {
            print!("{}", sohoa::dossier_show(&config(&pipeline)?, &code)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Label { document, doc_type, page, pipeline } => {
            for s in sohoa::label(&config(&pipeline)?, &document, &doc_type, page)? {
                println!("{s}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Relink { pipeline } => {
            let a = sohoa::relink(&config(&pipeline)?)?;
            println!(
                "documents: {} linked to a dossier, {} unlinked, {} of unknown type",
                a.linked, a.unlinked, a.unknown
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Review { pipeline } => {
            let items = sohoa::review(&config(&pipeline)?)?;
            for (sha, paths, s) in &items {
                let why =
                    if s.doc_type == "unknown" { s.evidence.clone() } else { s.link_note.clone().unwrap_or_default() };
                let path = paths.first().map_or("", String::as_str);
                println!(
                    "{}  pages {}-{}  {}  {}\n    {}",
                    &sha[..16],
                    s.first_page,
                    s.last_page,
                    s.doc_type,
                    path,
                    why
                );
            }
            println!("{} documents to review", items.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => report(config(&args.pipeline)?, &args),
        Command::Search(args) => search(config(&args.pipeline)?, args),
        Command::Reuse(args) => {
            use sohoa::ReuseChoice;
            let choice = if args.all {
                ReuseChoice::All
            } else if !args.attach.is_empty() {
                ReuseChoice::Attach(args.attach)
            } else if !args.detach.is_empty() {
                ReuseChoice::Detach(args.detach)
            } else {
                ReuseChoice::List
            };
            print!("{}", sohoa::reuse(&config(&args.pipeline)?, &args.dossier, &choice)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(args) => export(config(&args.pipeline)?, args),
        Command::Verify { bags, pipeline } => {
            let report = sohoa::verify(&config(&pipeline)?, &bags)?;
            print!("{report}");
            Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Check { pipeline } => {
            let report = sohoa::check(&config(&pipeline)?)?;
            print!("{report}");
            Ok(if report.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Backup { file, pipeline } => {
            sohoa::backup(&config(&pipeline)?, &file)?;
            println!("catalog copied to {}", file.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Enqueue(args) => cli_queue::enqueue(&globals, args),
        Command::Worker(args) => cli_queue::worker(&globals, args),
        Command::Status(args) => cli_queue::status(&globals, args),
        Command::Fields { document, pipeline } => {
            let (sha, fields) = sohoa::document_fields(&config(&pipeline)?, &document)?;
            println!("{sha}");
            for (page, f) in &fields {
                println!("  {:<16} {}  (page {page}: \"{}\")", f.name, f.value, f.evidence);
            }
            if fields.is_empty() {
                println!("  no field could be read with certainty");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn export(config: Config, args: ExportArgs) -> Result<ExitCode> {
    let from = check_day(args.from.as_deref())?;
    let to = check_day(args.to.as_deref())?;
    let opts = sohoa::export::ExportOptions { codes: args.codes, all: args.all, from, to, out_dir: args.output };
    let outcome = sohoa::export::export(&config, &opts)?;
    for (code, dir, files) in &outcome.written {
        println!("{code}: {files} files → {}", dir.display());
    }
    for e in &outcome.failed {
        eprintln!("sohoa: {e}");
    }
    println!("{} dossiers exported, {} failed", outcome.written.len(), outcome.failed.len());
    Ok(if outcome.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// A `YYYY-MM-DD` argument, checked.
fn check_day(d: Option<&str>) -> Result<Option<String>> {
    let Some(d) = d else { return Ok(None) };
    let parsed =
        sohoa::dossiers::parse_date(d).ok_or_else(|| anyhow::anyhow!("{d:?} is not a date: use YYYY-MM-DD"))?;
    Ok(Some(parsed[..10].to_string()))
}

fn search(config: Config, args: SearchArgs) -> Result<ExitCode> {
    let filter = sohoa::catalog::SearchFilter { doc_type: args.doc_type, unit: args.unit, owner: args.owner };
    let opts = sohoa::search::SearchOptions { query: args.query.join(" "), filter, limit: args.limit };
    let hits = sohoa::search::search(&config, &opts)?;
    for h in &hits {
        if args.json {
            println!("{}", serde_json::to_string(h)?);
        } else {
            let path = h.paths.first().map_or("", String::as_str);
            let about =
                [h.doc_type.as_deref(), h.dossier.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            println!("{path}  page {}  {about}\n    {}", h.page, h.snippet);
        }
    }
    if !args.json {
        println!("{} documents found", hits.len());
    }
    Ok(if hits.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn report(config: Config, args: &ReportArgs) -> Result<ExitCode> {
    use sohoa::report::{By, ReportOptions};
    let by = match args.by {
        ByArg::Unit => By::Unit,
        ByArg::Procedure => By::Procedure,
        ByArg::Month => By::Month,
    };
    let (from, to) = (check_day(args.from.as_deref())?, check_day(args.to.as_deref())?);
    let opts = ReportOptions { from, to, unit: args.unit.clone(), by };
    let r = sohoa::report::build(&config, &opts)?;
    let text = match args.format {
        FormatArg::Table => sohoa::report::table(&r),
        FormatArg::Csv => sohoa::report::csv(&r),
        FormatArg::Json => sohoa::report::json(&r),
        FormatArg::Html => sohoa::report::html(&r),
    };
    match &args.output {
        Some(path) => std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn run(globals: &Globals, args: RunArgs) -> Result<ExitCode> {
    let mut config = globals.config(args.pipeline.as_deref())?;
    if let Some(j) = args.jobs {
        anyhow::ensure!(j > 0, "--jobs must be at least 1");
        config.jobs = j;
    }
    config.retry_failed |= args.retry_failed;

    let opts = RunOptions { paths: args.paths, jsonl: args.jsonl, stop: stop_on_ctrl_c()? };
    let mut progress = Progress::new(args.quiet);
    let summary = sohoa::run(&config, &opts, &mut progress);
    progress.finish();
    Ok(summary_exit(&summary?))
}

/// A flag set by Ctrl-C. First Ctrl-C: finish the files in flight and record them. Second: leave
/// now; every file is committed in one transaction, so nothing recorded is lost.
fn stop_on_ctrl_c() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("sohoa: stopping after the files in flight (Ctrl-C again to quit now)");
    })
    .context("cannot install the Ctrl-C handler")?;
    Ok(stop)
}

/// Print a run's summary; 130 if it was stopped, 1 if a file failed.
fn summary_exit(summary: &sohoa::Summary) -> ExitCode {
    print!("{summary}");
    if summary.interrupted() {
        ExitCode::from(130)
    } else if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
    let err = std::process::Command::new(&exe).arg0(arg0).args(args).env("OMP_THREAD_LIMIT", "1").exec();
    // exec only returns on failure: go on, slower.
    eprintln!("sohoa: warning: could not restart with OMP_THREAD_LIMIT=1 ({err}); OCR will be slower");
}
