//! `sohoa report`: the digitization indicators provinces are scored on (DOMAIN.md):
//! input rate = received dossiers whose must-digitize components are all digitized ÷ received;
//! result rate = resolved dossiers with a digitized result ÷ resolved.

mod html;
mod model;
mod render;

pub use model::{Report, Row};
pub use render::{csv, json, table};

/// One self-contained HTML page (no network) with charts, readable on a phone.
pub fn html(report: &Report) -> String {
    html::render(report)
}

use crate::catalog::{self, LinkedDoc};
use crate::config::Config;
use crate::dossiers::Dossier;
use crate::error::{Error, Result, Stage};
use crate::procedures::Procedures;
use std::collections::{BTreeMap, HashMap};

/// How rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Unit,
    Procedure,
    Month,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Unit => "unit",
            By::Procedure => "procedure",
            By::Month => "month",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub unit: Option<String>,
    pub by: By,
}

/// What one dossier contributes.
struct Facts<'a> {
    d: &'a Dossier,
    received: bool,
    resolved: bool,
    input_digitized: bool,
    result_digitized: bool,
    /// At least one component was taken from already digitized data.
    reused: bool,
    documents: u64,
    pages: u64,
}

pub fn build(config: &Config, opts: &ReportOptions) -> Result<Report> {
    let path = config.procedures.as_ref().ok_or_else(|| {
        Error::new(&config.catalog, Stage::Config, "no procedure catalog: set [dossiers] procedures in the pipeline")
    })?;
    let procedures = Procedures::load(path)?;
    let cat = catalog::open(&config.catalog)?;
    let dossiers = cat.dossiers()?;
    let mut links: HashMap<String, Vec<LinkedDoc>> = HashMap::new();
    for l in cat.attachments()? {
        links.entry(l.link.dossier_code.clone()).or_default().push(l);
    }
    let in_period = |date: &str| {
        let day = &date[..10.min(date.len())];
        opts.from.as_deref().is_none_or(|f| day >= f) && opts.to.as_deref().is_none_or(|t| day <= t)
    };
    let facts: Vec<Facts> = dossiers
        .iter()
        .filter(|d| opts.unit.as_deref().is_none_or(|u| d.unit == u))
        .map(|d| facts(d, links.get(&d.code).map_or(&[][..], Vec::as_slice), &procedures, &in_period))
        .filter(|f| f.received || f.resolved)
        .collect();
    let unresolved = cat.unresolved_segments()?;
    let mut report = Report {
        from: opts.from.clone(),
        to: opts.to.clone(),
        unit: opts.unit.clone(),
        by: opts.by.name().into(),
        generated_at: now(),
        totals: row("", "", facts.iter().map(|f| (f, true, true))),
        by_unit: group(&facts, |f| (f.d.unit.clone(), f.d.unit.clone())),
        by_procedure: group(&facts, |f| {
            let name = procedures
                .procedure(&f.d.procedure_code)
                .map_or_else(|| f.d.procedure_code.clone(), |p| p.name.clone());
            (f.d.procedure_code.clone(), name)
        }),
        by_month: by_month(&facts),
        unknown: unresolved.iter().filter(|(_, s)| s.doc_type == crate::classify::UNKNOWN).count() as u64,
        unlinked: unresolved.len() as u64,
        rows: Vec::new(),
    };
    report.rows = match opts.by {
        By::Unit => report.by_unit.clone(),
        By::Procedure => report.by_procedure.clone(),
        By::Month => report.by_month.clone(),
    };
    Ok(report)
}

fn facts<'a>(d: &'a Dossier, links: &[LinkedDoc], procs: &Procedures, in_period: &dyn Fn(&str) -> bool) -> Facts<'a> {
    let has = |role: &str, t: &str| links.iter().any(|l| l.link.role == role && l.segment.doc_type == t);
    let input_digitized =
        procs.procedure(&d.procedure_code).is_some_and(|p| p.must_digitize().all(|c| has("input", &c.doc_type)));
    Facts {
        d,
        received: in_period(&d.received_at),
        resolved: d.resolved_at.as_deref().is_some_and(in_period),
        input_digitized,
        result_digitized: links.iter().any(|l| l.link.role == "result"),
        reused: links.iter().any(|l| l.link.method == "reuse"),
        documents: links.len() as u64,
        pages: links.iter().map(|l| u64::from(l.segment.last_page - l.segment.first_page + 1)).sum(),
    }
}

/// A row from (facts, counts as received here, counts as resolved here).
fn row<'a>(key: &str, label: &str, items: impl Iterator<Item = (&'a Facts<'a>, bool, bool)>) -> Row {
    let mut r = Row { key: key.into(), label: label.into(), ..Row::default() };
    for (f, as_received, as_resolved) in items {
        if as_received && f.received {
            r.received += 1;
            r.input_digitized += u64::from(f.input_digitized);
            r.reused += u64::from(f.reused);
            r.documents += f.documents;
            r.pages += f.pages;
        }
        if as_resolved && f.resolved {
            r.resolved += 1;
            r.result_digitized += u64::from(f.result_digitized);
        }
    }
    r.input_not_digitized = r.received - r.input_digitized;
    r.result_not_digitized = r.resolved - r.result_digitized;
    r.input_rate = rate(r.input_digitized, r.received);
    r.result_rate = rate(r.result_digitized, r.resolved);
    r.reuse_rate = rate(r.reused, r.received);
    r
}

fn rate(n: u64, of: u64) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}

fn group(facts: &[Facts], key: impl Fn(&Facts) -> (String, String)) -> Vec<Row> {
    let mut groups: BTreeMap<(String, String), Vec<&Facts>> = BTreeMap::new();
    for f in facts {
        groups.entry(key(f)).or_default().push(f);
    }
    groups.into_iter().map(|((k, label), fs)| row(&k, &label, fs.into_iter().map(|f| (f, true, true)))).collect()
}

/// Received figures by the month received; resolved figures by the month resolved.
fn by_month(facts: &[Facts]) -> Vec<Row> {
    let mut months: BTreeMap<String, Vec<(&Facts, bool, bool)>> = BTreeMap::new();
    for f in facts {
        months.entry(f.d.received_at[..7].to_string()).or_default().push((f, true, false));
        if let Some(r) = &f.d.resolved_at {
            months.entry(r[..7].to_string()).or_default().push((f, false, true));
        }
    }
    months.into_iter().map(|(m, items)| row(&m, &m, items.into_iter())).collect()
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    now()[..10].to_string()
}

fn now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}
