//! `sohoa export`: each dossier as a BagIt bag — the digitized files and their searchable PDFs
//! under `data/`, checksummed — with a `dossier.json` in the one-stop system's vocabulary, so
//! results can be synchronised back and archives can take the bags as they are.

mod bagit;
mod dossier_json;

pub use bagit::Problem;
pub(crate) use bagit::{check_file, verify_bag};

use crate::catalog::{self, Catalog, LinkedDoc};
use crate::config::Config;
use crate::dossier_cmds::load_procedures;
use crate::dossiers::Dossier;
use crate::error::{Error, Result, Stage};
use crate::hash::sha256_hex;
use crate::procedures::Procedures;
use bagit::BagSpec;
use dossier_json::{Attached, FileRef};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Which dossiers to export, and where.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub codes: Vec<String>,
    /// Every dossier (within `from`/`to` when given).
    pub all: bool,
    /// Inclusive `YYYY-MM-DD` bounds on the day received (NgayTiepNhan).
    pub from: Option<String>,
    pub to: Option<String>,
    pub out_dir: PathBuf,
}

/// What `export` did: one line per dossier.
#[derive(Debug, Default)]
pub struct ExportOutcome {
    /// (code, bag folder, files in data/).
    pub written: Vec<(String, PathBuf, usize)>,
    /// Dossiers that could not be exported, and why; the others are written all the same.
    pub failed: Vec<Error>,
}

pub fn export(config: &Config, opts: &ExportOptions) -> Result<ExportOutcome> {
    let procedures = load_procedures(config)?;
    let cat = catalog::open(&config.catalog)?;
    let chosen = select(cat.dossiers()?, opts)?;
    let mut by_dossier: HashMap<String, Vec<LinkedDoc>> = HashMap::new();
    for l in cat.attachments()? {
        by_dossier.entry(l.link.dossier_code.clone()).or_default().push(l);
    }
    std::fs::create_dir_all(&opts.out_dir)
        .map_err(|e| Error::new(&opts.out_dir, Stage::Export, format!("cannot create the folder: {e}")))?;
    let store = config.store_dir()?;
    let mut outcome = ExportOutcome::default();
    for d in &chosen {
        let docs = by_dossier.remove(&d.code).unwrap_or_default();
        let dest = opts.out_dir.join(&d.code);
        match export_one(cat.as_ref(), &procedures, &store, d, &docs, &dest) {
            Ok(files) => outcome.written.push((d.code.clone(), dest, files)),
            Err(e) => outcome.failed.push(e),
        }
    }
    Ok(outcome)
}

fn select(all: Vec<Dossier>, opts: &ExportOptions) -> Result<Vec<Dossier>> {
    let in_period = |d: &Dossier| {
        let day = &d.received_at[..10.min(d.received_at.len())];
        opts.from.as_deref().is_none_or(|f| day >= f) && opts.to.as_deref().is_none_or(|t| day <= t)
    };
    if opts.codes.is_empty() {
        if !opts.all && opts.from.is_none() && opts.to.is_none() {
            return Err(Error::new(&opts.out_dir, Stage::Config, "name dossier codes, or give --all or --from/--to"));
        }
        return Ok(all.into_iter().filter(in_period).collect());
    }
    let mut out = Vec::new();
    for code in &opts.codes {
        let d = all.iter().find(|d| &d.code == code).ok_or_else(|| {
            Error::new(code, Stage::Export, "no such dossier; import the one-stop system's export first")
        })?;
        out.push(d.clone());
    }
    Ok(out)
}

/// Write one dossier's bag; the number of payload files.
fn export_one(
    cat: &dyn Catalog,
    procs: &Procedures,
    store: &Path,
    d: &Dossier,
    docs: &[LinkedDoc],
    dest: &Path,
) -> Result<usize> {
    let err = |cause: String| Error::new(dest, Stage::Export, cause);
    let mut spec = BagSpec::default();
    let mut files: HashMap<String, (FileRef, Option<FileRef>)> = HashMap::new();
    let mut attached = Vec::new();
    for l in docs {
        if !files.contains_key(&l.sha256) {
            let refs = add_document(cat, store, l, &mut spec).map_err(err)?;
            files.insert(l.sha256.clone(), refs);
        }
        let (file, pdf) = files[&l.sha256].clone();
        attached.push(Attached { doc: l.clone(), file, searchable_pdf: pdf });
    }
    let json = dossier_json::render(d, procs, &attached);
    spec.tags.push(("dossier.json".into(), json.into_bytes()));
    spec.info = bag_info(d, procs);
    let n = spec.payload.len();
    bagit::write_bag(dest, &spec).map_err(err)?;
    Ok(n)
}

/// Copy a document's original and searchable PDF from the store into the bag, checking each
/// against its hash on the way: an altered store file is never exported as if it were good.
fn add_document(
    cat: &dyn Catalog,
    store: &Path,
    l: &LinkedDoc,
    spec: &mut BagSpec,
) -> std::result::Result<(FileRef, Option<FileRef>), String> {
    let (original, pdf) = cat.stored(&l.sha256).map_err(|e| e.cause)?;
    let original = original.ok_or_else(|| {
        format!("document {} is not in the store (the pipeline ran with store = false)", &l.sha256[..16])
    })?;
    let folder = match l.link.role.as_str() {
        "input" => "TaiLieuNop",
        "result" => "KetQua",
        _ => "Khac",
    };
    let stem = format!("{folder}/{}-{}", l.segment.doc_type, &l.sha256[..16]);
    let ext = Path::new(&original.store_path).extension().map_or("bin".into(), |e| e.to_string_lossy().into_owned());
    let file = copy_in(store, &original.store_path, &original.sha256, &format!("{stem}.{ext}"), spec)?;
    let pdf = match pdf {
        Some(p) => Some(copy_in(store, &p.store_path, &p.sha256, &format!("{stem}.ocr.pdf"), spec)?),
        None => None,
    };
    Ok((file, pdf))
}

fn copy_in(store: &Path, rel: &str, sha: &str, name: &str, spec: &mut BagSpec) -> std::result::Result<FileRef, String> {
    let path = store.join(rel);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {}", path.display(), crate::walk::describe_io(&e)))?;
    let found = sha256_hex(&bytes);
    if found != sha {
        return Err(format!(
            "{}: altered in the store (sha256 {found}, recorded {sha}); run `sohoa verify`",
            path.display()
        ));
    }
    let r = FileRef { path: format!("data/{name}"), sha256: found, size: bytes.len() as u64 };
    spec.payload.push((name.to_string(), bytes));
    Ok(r)
}

fn bag_info(d: &Dossier, procs: &Procedures) -> Vec<(String, String)> {
    let procedure = procs.procedure(&d.procedure_code).map_or_else(|| d.procedure_code.clone(), |p| p.name.clone());
    vec![
        ("Source-Organization".into(), d.unit.clone()),
        ("External-Identifier".into(), d.code.clone()),
        ("External-Description".into(), format!("Hồ sơ {} — {procedure} ({})", d.code, d.procedure_code)),
        ("Bagging-Date".into(), crate::report::today()),
        ("Bag-Software-Agent".into(), format!("sohoa {}", env!("CARGO_PKG_VERSION"))),
    ]
}
