//! The dossier commands: import an export, confirm a label, link again, show a dossier, list
//! what needs review. Each opens the catalog, does its work, and returns something printable.

use crate::assign::{AssignCounts, Assigner};
use crate::catalog::{self, Catalog, LinkedDoc};
use crate::config::Config;
use crate::dossiers::{Dossier, read_export};
use crate::error::{Error, Result, Stage};
use crate::procedures::Procedures;
use std::fmt;
use std::path::Path;

fn assigner(config: &Config, cat: &dyn Catalog) -> Result<Assigner> {
    crate::run::assigner(config, cat)?.ok_or_else(|| {
        Error::new(&config.catalog, Stage::Config, "no procedure catalog: set [dossiers] procedures in the pipeline")
    })
}

/// What `dossiers import` did.
#[derive(Debug)]
pub struct ImportOutcome {
    pub new: usize,
    pub updated: usize,
    /// (line, reason) of each row skipped.
    pub rejected: Vec<(usize, String)>,
    pub assigned: AssignCounts,
}

impl fmt::Display for ImportOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} dossiers imported, {} updated, {} rows skipped", self.new, self.updated, self.rejected.len())?;
        for (line, why) in &self.rejected {
            writeln!(f, "  line {line}: {why}")?;
        }
        let a = &self.assigned;
        writeln!(
            f,
            "documents: {} linked to a dossier, {} unlinked, {} of unknown type",
            a.linked, a.unlinked, a.unknown
        )
    }
}

/// Import (or re-import: records are updated, never doubled) and link documents again.
pub fn import_dossiers(config: &Config, file: &Path) -> Result<ImportOutcome> {
    let procedures = load_procedures(config)?;
    let parsed = read_export(file, &procedures)?;
    let mut cat = catalog::open(&config.catalog)?;
    let (mut new, mut updated) = (0, 0);
    for d in &parsed.dossiers {
        if cat.upsert_dossier(d)? {
            new += 1;
        } else {
            updated += 1;
        }
    }
    let assigned = assigner(config, cat.as_ref())?.assign_all(cat.as_mut())?;
    Ok(ImportOutcome { new, updated, rejected: parsed.rejected, assigned })
}

pub(crate) fn load_procedures(config: &Config) -> Result<Procedures> {
    let path = config.procedures.as_ref().ok_or_else(|| {
        Error::new(&config.catalog, Stage::Config, "no procedure catalog: set [dossiers] procedures in the pipeline")
    })?;
    Procedures::load(path)
}

/// Find a document by hash (or a prefix of 8+ characters) or by a path it was seen at.
pub fn find_document(cat: &dyn Catalog, target: &str) -> Result<String> {
    let err = |cause: String| Error::new(target, Stage::Catalog, cause);
    if let Ok(p) = Path::new(target).canonicalize()
        && let Some(sha) = cat.sha_for_path(&crate::walk::path_key(&p))?
    {
        return Ok(sha);
    }
    if target.len() >= 8 && target.chars().all(|c| c.is_ascii_hexdigit()) {
        let t = target.to_lowercase();
        let hits: Vec<String> = cat.documents()?.into_iter().filter(|s| s.starts_with(&t)).collect();
        return match hits.len() {
            1 => Ok(hits[0].clone()),
            0 => Err(err("no document with this hash in the catalog".into())),
            n => Err(err(format!("{n} documents start with this hash; give more characters"))),
        };
    }
    Err(err("not a recorded path nor a document hash".into()))
}

/// Confirm or correct a document's type; every document is classified again with it.
pub fn label(config: &Config, target: &str, doc_type: &str, first_page: u32) -> Result<Vec<LinkedDocOrSegment>> {
    let procedures = load_procedures(config)?;
    if procedures.doc_type(doc_type).is_none() {
        let known: Vec<&str> = procedures.doc_types.iter().map(|t| t.code.as_str()).collect();
        return Err(Error::new(
            target,
            Stage::Config,
            format!("unknown doc_type {doc_type:?}; the catalog has: {}", known.join(", ")),
        ));
    }
    let mut cat = catalog::open(&config.catalog)?;
    let sha = find_document(cat.as_ref(), target)?;
    cat.set_label(&sha, first_page, doc_type)?;
    assigner(config, cat.as_ref())?.assign_all(cat.as_mut())?;
    Ok(cat
        .assignment(&sha)?
        .into_iter()
        .map(|(s, l)| LinkedDocOrSegment { sha256: sha.clone(), segment: s, links: l })
        .collect())
}

/// Classify and link every document again (after editing the procedure catalog).
pub fn relink(config: &Config) -> Result<AssignCounts> {
    let mut cat = catalog::open(&config.catalog)?;
    assigner(config, cat.as_ref())?.assign_all(cat.as_mut())
}

/// A segment with its links, for printing.
#[derive(Debug)]
pub struct LinkedDocOrSegment {
    pub sha256: String,
    pub segment: crate::catalog::SegmentRow,
    pub links: Vec<crate::catalog::LinkRow>,
}

impl fmt::Display for LinkedDocOrSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.segment;
        write!(
            f,
            "{} pages {}-{}: {} ({:.2}, {})",
            &self.sha256[..12],
            s.first_page,
            s.last_page,
            s.doc_type,
            s.confidence,
            s.method
        )?;
        match self.links.first() {
            Some(l) => write!(f, " → {} as {} ({})", l.dossier_code, l.role, l.method),
            None => write!(f, " → unlinked: {}", s.link_note.as_deref().unwrap_or("")),
        }
    }
}

/// `dossier show`: a dossier, its components and what is attached to each.
#[derive(Debug)]
pub struct DossierView {
    pub dossier: Dossier,
    pub procedure_name: String,
    /// (component name, doc type, required, must digitize, attached documents).
    pub components: Vec<(String, String, bool, bool, Vec<LinkedDoc>)>,
    pub results: Vec<LinkedDoc>,
    pub others: Vec<LinkedDoc>,
    pub missing: Vec<String>,
    pub paths: std::collections::HashMap<String, Vec<String>>,
}

pub fn dossier_show(config: &Config, code: &str) -> Result<DossierView> {
    let procedures = load_procedures(config)?;
    let cat = catalog::open(&config.catalog)?;
    let dossier = cat.dossiers()?.into_iter().find(|d| d.code == code).ok_or_else(|| {
        Error::new(
            code,
            Stage::Catalog,
            "no such dossier; import the one-stop system's export with `sohoa dossiers import`",
        )
    })?;
    let procedure = procedures.procedure(&dossier.procedure_code);
    let linked: Vec<LinkedDoc> = cat.attachments()?.into_iter().filter(|l| l.link.dossier_code == code).collect();
    let mut paths = std::collections::HashMap::new();
    for l in &linked {
        paths.insert(l.sha256.clone(), cat.document_paths(&l.sha256)?);
    }
    let mut components = Vec::new();
    let mut missing = Vec::new();
    for c in procedure.map(|p| p.components.as_slice()).unwrap_or_default() {
        let docs: Vec<LinkedDoc> =
            linked.iter().filter(|l| l.link.role == "input" && l.segment.doc_type == c.doc_type).cloned().collect();
        if docs.is_empty() && c.required && c.must_digitize {
            missing.push(c.name.clone());
        }
        components.push((c.name.clone(), c.doc_type.clone(), c.required, c.must_digitize, docs));
    }
    let results = linked.iter().filter(|l| l.link.role == "result").cloned().collect();
    let others = linked.iter().filter(|l| l.link.role == "receipt" || l.link.role == "extra").cloned().collect();
    Ok(DossierView {
        procedure_name: procedure.map_or_else(|| "(not in the catalog)".into(), |p| p.name.clone()),
        dossier,
        components,
        results,
        others,
        missing,
        paths,
    })
}

impl DossierView {
    fn doc_line(&self, f: &mut fmt::Formatter<'_>, l: &LinkedDoc) -> fmt::Result {
        let s = &l.segment;
        let path = self.paths.get(&l.sha256).and_then(|p| p.first()).map_or("", String::as_str);
        writeln!(
            f,
            "      {} pages {}-{}  {} (confidence {:.2}, {})  linked by {}: {}  [{}]",
            &l.sha256[..16],
            s.first_page,
            s.last_page,
            s.doc_type,
            s.confidence,
            s.method,
            l.link.method,
            l.link.evidence,
            path
        )?;
        if l.link.method == "reuse" {
            return writeln!(f, "        reused, not scanned again: {}", l.link.evidence);
        }
        writeln!(f, "        role {}: {}", l.link.role, l.link.role_reason)
    }
}

impl fmt::Display for DossierView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.dossier;
        writeln!(f, "Hồ sơ {}  —  {} ({})", d.code, self.procedure_name, d.procedure_code)?;
        writeln!(f, "  unit {}, owner {}, received {}", d.unit, d.owner_id.as_deref().unwrap_or("-"), d.received_at)?;
        match &d.resolved_at {
            Some(r) => writeln!(f, "  resolved {r} ({})", d.status.as_deref().unwrap_or(""))?,
            None => writeln!(f, "  not resolved ({})", d.status.as_deref().unwrap_or(""))?,
        }
        writeln!(f, "  components:")?;
        for (name, t, required, must, docs) in &self.components {
            let flags = format!(
                "{}{}",
                if *required { "required" } else { "conditional" },
                if *must { ", must be digitized" } else { "" }
            );
            let state = match (docs.is_empty(), docs.iter().any(|l| l.link.method == "reuse")) {
                (true, _) => "MISSING",
                (false, true) => "reused",
                (false, false) => "digitized",
            };
            writeln!(f, "    [{state}] {name} ({t}; {flags})")?;
            for l in docs {
                self.doc_line(f, l)?;
            }
        }
        let result_state = match (self.results.is_empty(), d.resolved_at.is_some()) {
            (false, _) => "digitized",
            (true, true) => "resolved, result NOT digitized",
            (true, false) => "not resolved yet",
        };
        writeln!(f, "  result: {result_state}")?;
        for l in &self.results {
            self.doc_line(f, l)?;
        }
        if !self.others.is_empty() {
            writeln!(f, "  other documents:")?;
            for l in &self.others {
                self.doc_line(f, l)?;
            }
        }
        if self.missing.is_empty() {
            writeln!(f, "  inputs: complete")
        } else {
            writeln!(f, "  inputs: incomplete, missing {}", self.missing.join("; "))
        }
    }
}

/// `review`: documents of unknown type or linked to no dossier, with where they are and why.
pub fn review(config: &Config) -> Result<Vec<(String, Vec<String>, crate::catalog::SegmentRow)>> {
    let cat = catalog::open(&config.catalog)?;
    let mut out = Vec::new();
    for (sha, s) in cat.unresolved_segments()? {
        let paths = cat.document_paths(&sha)?;
        out.push((sha, paths, s));
    }
    Ok(out)
}

/// `fields`: what was extracted from a document, with the line each value came from.
pub fn document_fields(config: &Config, target: &str) -> Result<(String, Vec<(u32, crate::fields::Field)>)> {
    let cat = catalog::open(&config.catalog)?;
    let sha = find_document(cat.as_ref(), target)?;
    let fields = cat.fields(&sha)?;
    Ok((sha, fields))
}
