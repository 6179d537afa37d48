//! Run configuration: a plain struct with defaults, filled from a pipeline TOML file and flags.

use crate::error::{Error, Result, Stage};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Everything a run needs to know. `Config::default()` equals `pipelines/default.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Tesseract languages joined by `+`. Default: `"vie"` (measured: `vie+eng` loses diacritics and is slower).
    pub languages: String,
    /// Pages scanned above this resolution are downscaled before OCR. Default: 300.
    pub max_dpi: u32,
    /// Read only the box around a page's ink: Tesseract's layout analysis costs by the pixel, and
    /// white margins hold nothing. Default: true.
    pub crop_margins: bool,
    /// Detect pages scanned sideways or upside down and turn them upright. Default: true.
    pub detect_orientation: bool,
    /// Folder holding `*.traineddata`. Default: None = `$TESSDATA_PREFIX`, else Debian's folder.
    pub tessdata: Option<PathBuf>,
    /// Tesseract variables set on every engine (`[ocr.variables]`), name → value; a name
    /// Tesseract does not know is an error. Default: none.
    pub tesseract_variables: Vec<(String, String)>,
    /// A PDF page whose text layer has at least this many letters or digits is taken as text, not OCR'd. Default: 16.
    pub min_text_chars: usize,
    /// Rasterise PDF pages whose images cannot be extracted (JBIG2, JPEG 2000, vector) with poppler's `pdftoppm`. Default: true.
    pub pdf_render: bool,
    /// Largest page, in pixels, that is decoded; larger ones fail instead of exhausting memory. Default: 150 000 000.
    pub max_pixels: u64,
    /// Largest file, in bytes, that is read. Default: 2 GiB.
    pub max_file_bytes: u64,
    /// Seconds one file may take; past it the file is recorded as failed and the batch goes on.
    /// Default: 3600.
    pub file_seconds: u64,
    /// Seconds Tesseract may spend on one page before it is stopped. Default: 300.
    pub page_seconds: u64,
    /// Worker threads; 0 means one per core. Default: 0.
    pub jobs: usize,
    /// Try again files that failed on an earlier run and have not changed since. Default: false.
    pub retry_failed: bool,
    /// Where the catalog is: a SQLite file, or a shared PostgreSQL database
    /// (`postgres://USER@HOST/DB`). Default: the SQLite file `sohoa-data/catalog.sqlite`.
    pub catalog: CatalogLocation,
    /// The content-addressed store. Default: None = the `store/` folder beside a SQLite catalog;
    /// a PostgreSQL catalog needs one set: a folder every worker reaches.
    pub store_dir: Option<PathBuf>,
    /// Copy each new document into the content-addressed store. Default: true.
    pub store: bool,
    /// Store a searchable PDF (the page images, not re-encoded, under an invisible OCR text
    /// layer) beside each scanned document; needs `store`. Default: true.
    pub searchable_pdf: bool,
    /// Procedure catalog (TOML) used to classify and link documents. Default: None (no
    /// classification); `pipelines/default.toml` names `samples/procedures.toml`.
    pub procedures: Option<PathBuf>,
    /// Classifier confidence below which a document's type is `unknown`. Default: 0.6.
    pub classify_threshold: f32,
    /// Link strategies in order of preference: `folder`, `filename`, `qr`, `page-text`. Default: all four.
    pub link_strategies: Vec<String>,
    /// Seconds a queue worker's claim on a file lasts without a heartbeat; a worker that dies
    /// loses its files to others after this. Default: 60.
    pub lease_seconds: u64,
    /// A queued file whose worker died this many times is recorded as failed instead of being
    /// handed out again (it may be what kills them). Default: 3.
    pub max_attempts: u32,
    /// Seconds a queue worker keeps trying to reach its PostgreSQL catalog again after the
    /// connection went (a server restart, a failover, the network) before it stops; its claims
    /// lapse to other workers meanwhile if this outlasts the lease. 0: stop at once. Default: 300.
    pub reconnect_seconds: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            languages: "vie".into(),
            max_dpi: 300,
            crop_margins: true,
            detect_orientation: true,
            tessdata: None,
            tesseract_variables: Vec::new(),
            min_text_chars: 16,
            pdf_render: true,
            max_pixels: 150_000_000,
            max_file_bytes: 2 << 30,
            file_seconds: 3600,
            page_seconds: 300,
            jobs: 0,
            retry_failed: false,
            catalog: CatalogLocation::Sqlite(PathBuf::from("sohoa-data/catalog.sqlite")),
            store_dir: None,
            store: true,
            searchable_pdf: true,
            procedures: None,
            classify_threshold: 0.6,
            link_strategies: crate::link::DEFAULT_STRATEGIES.iter().map(|s| s.to_string()).collect(),
            lease_seconds: 60,
            max_attempts: 3,
            reconnect_seconds: 300,
        }
    }
}

impl Config {
    /// The content-addressed store: the one set, else `store/` beside a SQLite catalog.
    pub fn store_dir(&self) -> Result<PathBuf> {
        match (&self.store_dir, &self.catalog) {
            (Some(dir), _) => Ok(dir.clone()),
            (None, CatalogLocation::Sqlite(file)) => Ok(file.parent().unwrap_or(Path::new("")).join("store")),
            (None, pg) => Err(Error::new(
                pg,
                Stage::Config,
                "a PostgreSQL catalog needs a store every worker reaches: give --store DIR (a shared mount), \
                 or [catalog] store_dir, or turn the store off with [catalog] store = false",
            )),
        }
    }

    /// Worker threads to start: `jobs`, or one per core.
    pub fn threads(&self) -> usize {
        match self.jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }

    /// Read a pipeline file over the defaults. Unknown keys and bad values are errors naming the key.
    pub fn from_pipeline_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(path, Stage::Config, format!("cannot read pipeline file: {e}")))?;
        Self::from_pipeline_str(&text).map_err(|cause| Error::new(path, Stage::Config, cause))
    }

    /// Parse pipeline TOML text over the defaults.
    pub fn from_pipeline_str(text: &str) -> std::result::Result<Config, String> {
        let raw: RawPipeline = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        let mut c = Config::default();
        raw.apply(&mut c)?;
        Ok(c)
    }
}

// The file's shape. Every table denies unknown keys so a typo is an error, not a silent default.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPipeline {
    #[serde(default)]
    ocr: RawOcr,
    #[serde(default)]
    pdf: RawPdf,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    run: RawRun,
    #[serde(default)]
    catalog: RawCatalog,
    #[serde(default)]
    dossiers: RawDossiers,
    #[serde(default)]
    queue: RawQueue,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawQueue {
    lease_seconds: Option<u64>,
    max_attempts: Option<u32>,
    reconnect_seconds: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDossiers {
    procedures: Option<PathBuf>,
    classify_threshold: Option<f32>,
    link_strategies: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOcr {
    languages: Option<String>,
    max_dpi: Option<u32>,
    crop_margins: Option<bool>,
    detect_orientation: Option<bool>,
    tessdata: Option<PathBuf>,
    variables: Option<std::collections::BTreeMap<String, toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPdf {
    min_text_chars: Option<usize>,
    render_fallback: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_pixels: Option<u64>,
    max_file_bytes: Option<u64>,
    file_seconds: Option<u64>,
    page_seconds: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRun {
    jobs: Option<usize>,
    retry_failed: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    path: Option<String>,
    store_dir: Option<PathBuf>,
    store: Option<bool>,
    searchable_pdf: Option<bool>,
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

impl RawPipeline {
    fn apply(self, c: &mut Config) -> std::result::Result<(), String> {
        if let Some(l) = self.ocr.languages {
            c.languages = validate_languages(&l)?;
        }
        if let Some(d) = self.ocr.max_dpi {
            if !(70..=1200).contains(&d) {
                return Err(format!("ocr.max_dpi = {d}: must be between 70 and 1200"));
            }
            c.max_dpi = d;
        }
        set(&mut c.crop_margins, self.ocr.crop_margins);
        set(&mut c.detect_orientation, self.ocr.detect_orientation);
        c.tessdata = self.ocr.tessdata.or(c.tessdata.take());
        for (name, value) in self.ocr.variables.unwrap_or_default() {
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => if b { "1" } else { "0" }.to_string(),
                other => return Err(format!("ocr.variables.{name} = {other}: expected a string, number or boolean")),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("ocr.variables.{name}: not a Tesseract variable name"));
            }
            c.tesseract_variables.push((name, value));
        }
        set(&mut c.min_text_chars, self.pdf.min_text_chars);
        set(&mut c.pdf_render, self.pdf.render_fallback);
        if self.limits.max_pixels == Some(0) {
            return Err("limits.max_pixels = 0: must be positive".into());
        }
        set(&mut c.max_pixels, self.limits.max_pixels);
        if self.limits.max_file_bytes == Some(0) {
            return Err("limits.max_file_bytes = 0: must be positive".into());
        }
        set(&mut c.max_file_bytes, self.limits.max_file_bytes);
        for (key, v) in [("file_seconds", self.limits.file_seconds), ("page_seconds", self.limits.page_seconds)] {
            if v == Some(0) {
                return Err(format!("limits.{key} = 0: must be positive"));
            }
        }
        set(&mut c.file_seconds, self.limits.file_seconds);
        set(&mut c.page_seconds, self.limits.page_seconds);
        set(&mut c.jobs, self.run.jobs);
        set(&mut c.retry_failed, self.run.retry_failed);
        if let Some(p) = self.catalog.path {
            c.catalog = CatalogLocation::parse(std::ffi::OsStr::new(&p));
        }
        c.store_dir = self.catalog.store_dir.or(c.store_dir.take());
        if self.queue.lease_seconds.is_some_and(|s| !(3..=86_400).contains(&s)) {
            return Err("queue.lease_seconds: must be between 3 and 86400".into());
        }
        set(&mut c.lease_seconds, self.queue.lease_seconds);
        if self.queue.max_attempts == Some(0) {
            return Err("queue.max_attempts = 0: must be positive".into());
        }
        set(&mut c.max_attempts, self.queue.max_attempts);
        if self.queue.reconnect_seconds.is_some_and(|s| s > 86_400) {
            return Err("queue.reconnect_seconds: must be at most 86400".into());
        }
        set(&mut c.reconnect_seconds, self.queue.reconnect_seconds);
        set(&mut c.store, self.catalog.store);
        set(&mut c.searchable_pdf, self.catalog.searchable_pdf);
        c.procedures = self.dossiers.procedures.or(c.procedures.take());
        if let Some(t) = self.dossiers.classify_threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(format!("dossiers.classify_threshold = {t}: must be between 0 and 1"));
            }
            c.classify_threshold = t;
        }
        if let Some(list) = self.dossiers.link_strategies {
            if let Some(bad) = list.iter().find(|s| crate::link::Cue::parse(s).is_none()) {
                return Err(format!(
                    "dossiers.link_strategies: unknown strategy {bad:?} (expected folder, filename, qr, page-text)"
                ));
            }
            c.link_strategies = list;
        }
        Ok(())
    }
}

/// Where the catalog lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogLocation {
    /// An embedded SQLite file.
    Sqlite(PathBuf),
    /// A shared PostgreSQL database: the URL as given, and as it may be shown (no password).
    Postgres { url: String, shown: PathBuf },
}

impl CatalogLocation {
    /// `postgres://` or `postgresql://` URLs name a PostgreSQL catalog; anything else is a file.
    pub fn parse(s: &std::ffi::OsStr) -> CatalogLocation {
        match s.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                CatalogLocation::Postgres {
                    url: url.to_string(),
                    shown: PathBuf::from(crate::catalog::redact_url(url)),
                }
            }
            _ => CatalogLocation::Sqlite(PathBuf::from(s)),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, CatalogLocation::Postgres { .. })
    }
}

/// Errors name the catalog by this: the file, or the URL without its password.
impl AsRef<Path> for CatalogLocation {
    fn as_ref(&self) -> &Path {
        match self {
            CatalogLocation::Sqlite(p) => p,
            CatalogLocation::Postgres { shown, .. } => shown,
        }
    }
}

/// `vie+eng` style: non-empty names of letters, digits, `_` and `-`, joined by `+`.
fn validate_languages(l: &str) -> std::result::Result<String, String> {
    let ok = !l.is_empty()
        && l.split('+').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    if ok {
        Ok(l.to_string())
    } else {
        Err(format!(
            "ocr.languages = {l:?}: expected Tesseract language names joined by '+', e.g. \"vie\" or \"vie+eng\""
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pipeline_file_equals_default_config_plus_the_sample_catalog() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/default.toml");
        let expected = Config { procedures: Some(PathBuf::from("samples/procedures.toml")), ..Config::default() };
        assert_eq!(Config::from_pipeline_file(&path).unwrap(), expected);
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::from_pipeline_str("[ocr]\nlanguage = \"vie\"\n").unwrap_err();
        assert!(err.contains("language"), "{err}");
        let err = Config::from_pipeline_str("[ocrr]\n").unwrap_err();
        assert!(err.contains("ocrr"), "{err}");
    }

    #[test]
    fn bad_values_are_named() {
        let err = Config::from_pipeline_str("[ocr]\nmax_dpi = 5\n").unwrap_err();
        assert!(err.contains("ocr.max_dpi"), "{err}");
        let err = Config::from_pipeline_str("[run]\njobs = \"many\"\n").unwrap_err();
        assert!(err.contains("jobs"), "{err}");
        let err = Config::from_pipeline_str("[ocr]\nlanguages = \"vie eng\"\n").unwrap_err();
        assert!(err.contains("ocr.languages"), "{err}");
    }

    #[test]
    fn tesseract_variables_are_passed_as_text_and_bad_ones_named() {
        let c = Config::from_pipeline_str("[ocr.variables]\ntessedit_do_invert = false\ntextord_min_xheight = 8\n")
            .unwrap();
        let want =
            vec![("tessedit_do_invert".to_string(), "0".to_string()), ("textord_min_xheight".into(), "8".into())];
        assert_eq!(c.tesseract_variables, want);
        let err = Config::from_pipeline_str("[ocr.variables]\nx = [1]\n").unwrap_err();
        assert!(err.contains("ocr.variables.x"), "{err}");
    }

    #[test]
    fn values_override_defaults() {
        let c = Config::from_pipeline_str(
            "[ocr]\nlanguages = \"vie+eng\"\nmax_dpi = 400\ncrop_margins = false\n[run]\njobs = 3\n[catalog]\npath = \"x/c.db\"\nstore = false\n",
        )
        .unwrap();
        assert_eq!(c.languages, "vie+eng");
        assert_eq!(c.max_dpi, 400);
        assert!(!c.crop_margins && Config::default().crop_margins);
        assert_eq!(c.jobs, 3);
        assert!(!c.store);
        assert_eq!(c.store_dir().unwrap(), PathBuf::from("x/store"));
    }

    #[test]
    fn a_postgres_catalog_needs_a_store_folder_and_never_shows_its_password() {
        let c = Config::from_pipeline_str("[catalog]\npath = \"postgres://ops:s3cret@db.local/sohoa\"\n").unwrap();
        let CatalogLocation::Postgres { url, shown } = &c.catalog else { panic!("{:?}", c.catalog) };
        assert_eq!(url, "postgres://ops:s3cret@db.local/sohoa");
        assert_eq!(shown, Path::new("postgres://ops@db.local/sohoa"));
        let err = c.store_dir().unwrap_err().to_string();
        assert!(err.contains("--store") && !err.contains("s3cret"), "{err}");
        let c =
            Config::from_pipeline_str("[catalog]\npath = \"postgres://a@h/d\"\nstore_dir = \"/mnt/nas\"\n").unwrap();
        assert_eq!(c.store_dir().unwrap(), PathBuf::from("/mnt/nas"));
        let err = Config::from_pipeline_str("[queue]\nlease_seconds = 1\n").unwrap_err();
        assert!(err.contains("queue.lease_seconds"), "{err}");
        let err = Config::from_pipeline_str("[queue]\nreconnect_seconds = 100000\n").unwrap_err();
        assert!(err.contains("queue.reconnect_seconds"), "{err}");
        assert_eq!(Config::from_pipeline_str("[queue]\nreconnect_seconds = 0\n").unwrap().reconnect_seconds, 0);
        assert_eq!(Config::default().reconnect_seconds, 300);
    }
}
