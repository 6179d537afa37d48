//! `sohoa reuse`: a dossier's components that its owner (SoDinhDanh) already has digitized, from
//! an earlier dossier or with the owner's citizen ID read on them, so the paper is not asked for
//! (or scanned) twice. Staff choose; a choice is recorded as a reuse, never as a new scan.

use crate::catalog::{self, Catalog, LinkedDoc, OwnerSegment};
use crate::config::Config;
use crate::dossier_cmds::load_procedures;
use crate::dossiers::Dossier;
use crate::error::{Error, Result, Stage};
use crate::procedures::Procedure;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// What to do with the candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReuseChoice {
    /// Only list them.
    List,
    /// Attach the best candidate of every component that has one.
    All,
    /// Attach these candidates (sha256 prefixes of 8+ characters).
    Attach(Vec<String>),
    /// Undo these reuses (sha256 prefixes).
    Detach(Vec<String>),
}

/// A document that could stand for one of the dossier's components.
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseCandidate {
    pub component: String,
    pub doc_type: String,
    pub sha256: String,
    pub first_page: u32,
    pub last_page: u32,
    /// Why it is the owner's: each dossier it belongs to, the ID read on it.
    pub sources: Vec<String>,
    pub paths: Vec<String>,
    /// Issued as the result of an earlier dossier: the strongest kind of evidence.
    pub from_result: bool,
}

/// The answer of `sohoa reuse`.
#[derive(Debug)]
pub struct ReuseView {
    pub dossier: Dossier,
    pub procedure_name: String,
    /// Components still missing, each with its candidates, best first.
    pub candidates: Vec<ReuseCandidate>,
    /// What this call attached or detached.
    pub attached: Vec<ReuseCandidate>,
    pub detached: Vec<String>,
    /// Components already taken from digitized data, before this call.
    pub reused: Vec<LinkedDoc>,
}

/// List (and with a choice, attach or detach) reusable documents for dossier `code`.
pub fn reuse(config: &Config, code: &str, choice: &ReuseChoice) -> Result<ReuseView> {
    let procedures = load_procedures(config)?;
    let mut cat = catalog::open(&config.catalog)?;
    let err = |cause: String| Error::new(code, Stage::Catalog, cause);
    let dossier = cat.dossiers()?.into_iter().find(|d| d.code == code).ok_or_else(|| {
        err("no such dossier; import the one-stop system's export with `sohoa dossiers import`".into())
    })?;
    let owner =
        dossier.owner_id.clone().filter(|o| !o.is_empty()).ok_or_else(|| {
            err("the dossier has no owner ID (SoDinhDanh): nothing can be matched to its owner".into())
        })?;
    let procedure = procedures
        .procedure(&dossier.procedure_code)
        .ok_or_else(|| err(format!("procedure {} is not in the procedure catalog", dossier.procedure_code)))?;
    let mut detached = Vec::new();
    if let ReuseChoice::Detach(ids) = choice {
        detached = detach(cat.as_mut(), code, ids)?;
    }
    let found = candidates(cat.as_ref(), &dossier, &owner, procedure)?;
    let attached = match choice {
        ReuseChoice::All => best_per_component(&found),
        ReuseChoice::Attach(ids) => pick(&found, ids).map_err(err)?,
        _ => Vec::new(),
    };
    for c in &attached {
        cat.add_reuse(code, &c.sha256, c.first_page, &c.doc_type, &c.sources.join("; "))?;
    }
    let reused = cat.reused_documents()?.into_iter().filter(|l| l.link.dossier_code == code).collect();
    let left = if attached.is_empty() { found } else { candidates(cat.as_ref(), &dossier, &owner, procedure)? };
    Ok(ReuseView { procedure_name: procedure.name.clone(), dossier, candidates: left, attached, detached, reused })
}

/// Components with nothing attached yet, and the owner's documents of their type.
fn candidates(cat: &dyn Catalog, d: &Dossier, owner: &str, p: &Procedure) -> Result<Vec<ReuseCandidate>> {
    let attached: HashSet<String> = cat
        .attachments()?
        .into_iter()
        .filter(|l| l.link.dossier_code == d.code && l.link.role == "input")
        .map(|l| l.segment.doc_type)
        .collect();
    let owned = cat.owner_segments(owner)?;
    let mut out = Vec::new();
    for c in p.components.iter().filter(|c| !attached.contains(&c.doc_type)) {
        let mut found = gather(&owned, &c.doc_type, &d.code, owner);
        drop_rescans(cat, &mut found)?;
        for cand in found.values_mut() {
            cand.component = c.name.clone();
            cand.paths = cat.document_paths(&cand.sha256)?;
        }
        let mut found: Vec<ReuseCandidate> = found.into_values().collect();
        found.sort_by_key(|c| std::cmp::Reverse((c.from_result, c.sources.len())));
        out.extend(found);
    }
    Ok(out)
}

/// The owner's segments of `doc_type`, not already this dossier's, merged by segment.
fn gather(owned: &[OwnerSegment], doc_type: &str, code: &str, owner: &str) -> BTreeMap<(String, u32), ReuseCandidate> {
    let mut found: BTreeMap<(String, u32), ReuseCandidate> = BTreeMap::new();
    let mine: HashSet<(String, u32)> = owned
        .iter()
        .filter(|o| o.dossier.as_ref().is_some_and(|(c, _, _)| c == code))
        .map(|o| (o.sha256.clone(), o.segment.first_page))
        .collect();
    for o in owned.iter().filter(|o| o.segment.doc_type == doc_type) {
        let key = (o.sha256.clone(), o.segment.first_page);
        if mine.contains(&key) {
            continue;
        }
        let cand = found.entry(key).or_insert_with(|| ReuseCandidate {
            component: String::new(),
            doc_type: doc_type.to_string(),
            sha256: o.sha256.clone(),
            first_page: o.segment.first_page,
            last_page: o.segment.last_page,
            sources: Vec::new(),
            paths: Vec::new(),
            from_result: false,
        });
        let source = match &o.dossier {
            Some((c, role, received)) => {
                cand.from_result |= role == "result";
                format!("{role} of dossier {c} (received {})", &received[..10.min(received.len())])
            }
            None => format!("citizen ID {owner} read on it"),
        };
        if !cand.sources.contains(&source) {
            cand.sources.push(source);
        }
    }
    found
}

/// A re-scan of a paper that is itself a candidate adds nothing: keep the original only.
fn drop_rescans(cat: &dyn Catalog, found: &mut BTreeMap<(String, u32), ReuseCandidate>) -> Result<()> {
    let shas: HashSet<String> = found.keys().map(|(s, _)| s.clone()).collect();
    let mut rescans = Vec::new();
    for key in found.keys() {
        if cat.near_duplicate_of(&key.0)?.is_some_and(|orig| shas.contains(&orig)) {
            rescans.push(key.clone());
        }
    }
    for k in rescans {
        found.remove(&k);
    }
    Ok(())
}

fn best_per_component(candidates: &[ReuseCandidate]) -> Vec<ReuseCandidate> {
    let mut seen = HashSet::new();
    candidates.iter().filter(|c| seen.insert(c.doc_type.clone())).cloned().collect()
}

/// The candidates named by `ids`; every id must name exactly one, or nothing is attached.
fn pick(candidates: &[ReuseCandidate], ids: &[String]) -> std::result::Result<Vec<ReuseCandidate>, String> {
    let mut out: Vec<ReuseCandidate> = Vec::new();
    for id in ids {
        let hits: Vec<&ReuseCandidate> = candidates.iter().filter(|c| matches_id(&c.sha256, id)).collect();
        match hits.as_slice() {
            [one] => out.push((*one).clone()),
            [] => return Err(format!("{id} is not one of the candidates listed by `sohoa reuse --dossier`")),
            _ => return Err(format!("{id} names {} candidates; give more characters of the hash", hits.len())),
        }
    }
    Ok(out)
}

fn matches_id(sha: &str, id: &str) -> bool {
    id.len() >= 8 && sha.starts_with(&id.to_lowercase())
}

fn detach(cat: &mut dyn Catalog, code: &str, ids: &[String]) -> Result<Vec<String>> {
    let reused: Vec<LinkedDoc> = cat.reused_documents()?.into_iter().filter(|l| l.link.dossier_code == code).collect();
    let mut chosen = Vec::new();
    for id in ids {
        let hits: Vec<&LinkedDoc> = reused.iter().filter(|l| matches_id(&l.sha256, id)).collect();
        match hits.as_slice() {
            [one] => chosen.push(*one),
            _ => {
                return Err(Error::new(code, Stage::Catalog, format!("{id} is not a document reused by this dossier")));
            }
        }
    }
    let mut out = Vec::new();
    for l in chosen {
        cat.remove_reuse(code, &l.sha256, l.segment.first_page)?;
        out.push(l.sha256.clone());
    }
    Ok(out)
}

impl fmt::Display for ReuseView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.dossier;
        writeln!(
            f,
            "Hồ sơ {} — {} ({}), owner {}",
            d.code,
            self.procedure_name,
            d.procedure_code,
            d.owner_id.as_deref().unwrap_or("-")
        )?;
        for sha in &self.detached {
            writeln!(f, "  no longer reused: {}", &sha[..16])?;
        }
        for c in &self.attached {
            writeln!(
                f,
                "  attached as reused: {} ← {} pages {}-{}",
                c.component,
                &c.sha256[..16],
                c.first_page,
                c.last_page
            )?;
        }
        for l in &self.reused {
            writeln!(f, "  [reused] {} ← {} ({})", l.segment.doc_type, &l.sha256[..16], l.link.evidence)?;
        }
        if self.candidates.is_empty() {
            return writeln!(f, "  no missing component is on file for this owner");
        }
        writeln!(f, "  on file for this owner, for components not attached yet:")?;
        for c in &self.candidates {
            let path = c.paths.first().map_or("", String::as_str);
            writeln!(
                f,
                "    {}  {} ({}) pages {}-{}  [{path}]",
                &c.sha256[..16],
                c.component,
                c.doc_type,
                c.first_page,
                c.last_page
            )?;
            writeln!(f, "        {}", c.sources.join("; "))?;
        }
        writeln!(f, "  attach with: sohoa reuse --dossier {} --attach <hash> (or --all)", d.code)
    }
}
