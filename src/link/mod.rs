//! Which dossier each document belongs to, and its role there. A wrong attachment is the worst
//! error this tool can make, so a document is linked only when exactly one imported dossier is
//! named by its evidence; otherwise it stays unlinked with the reason recorded.

pub(crate) mod codes;
mod role;

use crate::catalog::{LinkRow, PageText, SegmentRow};
use crate::dossiers::Dossier;
use crate::procedures::Procedures;
use codes::dossier_codes;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Where a dossier code was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cue {
    Folder,
    Filename,
    Qr,
    PageText,
}

impl Cue {
    pub fn name(self) -> &'static str {
        match self {
            Cue::Folder => "folder",
            Cue::Filename => "filename",
            Cue::Qr => "qr",
            Cue::PageText => "page-text",
        }
    }

    pub fn parse(s: &str) -> Option<Cue> {
        [Cue::Folder, Cue::Filename, Cue::Qr, Cue::PageText].into_iter().find(|c| c.name() == s)
    }
}

/// The link strategies the pipeline allows, in its order of preference.
pub(crate) const DEFAULT_STRATEGIES: [&str; 4] = ["folder", "filename", "qr", "page-text"];

/// Codes seen for one path of a document: (code, cue, page it was read on, if any).
type Sightings = Vec<(String, Cue, Option<u32>)>;

pub(crate) struct Linker<'a> {
    pub dossiers: &'a HashMap<String, Dossier>,
    pub procedures: &'a Procedures,
    pub strategies: &'a [Cue],
}

impl Linker<'_> {
    /// Link the segments of one document seen at `paths`. Returns the links, and sets each
    /// segment's `link_note` when it stays unlinked.
    pub fn link(&self, paths: &[String], pages: &[PageText], segments: &mut [SegmentRow]) -> Vec<LinkRow> {
        let on_pages = self.page_sightings(pages);
        let mut chosen: BTreeMap<String, (Cue, String)> = BTreeMap::new();
        let mut notes: Vec<String> = Vec::new();
        for path in paths {
            let mut seen = self.path_sightings(path);
            seen.extend(on_pages.iter().cloned());
            match self.decide(&seen) {
                Ok(Some((code, cue, evidence))) => {
                    chosen.entry(code).or_insert((cue, evidence));
                }
                Ok(None) => {}
                Err(note) => notes.push(note),
            }
        }
        if chosen.is_empty() {
            let note = notes.first().cloned().unwrap_or_else(|| self.why_nothing(paths, &on_pages));
            segments.iter_mut().for_each(|s| s.link_note = Some(note.clone()));
            return Vec::new();
        }
        let mut links = Vec::new();
        for (code, (cue, evidence)) in &chosen {
            let dossier = &self.dossiers[code];
            for s in segments.iter_mut() {
                let method = method_for(*cue, s, &on_pages, code);
                let (role, reason) = role::decide(self.procedures, dossier, s, pages);
                links.push(LinkRow {
                    first_page: s.first_page,
                    dossier_code: code.clone(),
                    role,
                    role_reason: reason,
                    method: method.into(),
                    evidence: evidence.clone(),
                });
            }
        }
        links
    }

    fn path_sightings(&self, path: &str) -> Sightings {
        let p = Path::new(path);
        let mut out = Vec::new();
        if let Some(name) = p.file_name() {
            out.extend(dossier_codes(&name.to_string_lossy()).into_iter().map(|c| (c, Cue::Filename, None)));
        }
        // The two folders above the file: a dossier folder, perhaps inside a unit's folder.
        for dir in p.ancestors().skip(1).take(2) {
            if let Some(name) = dir.file_name() {
                out.extend(dossier_codes(&name.to_string_lossy()).into_iter().map(|c| (c, Cue::Folder, None)));
            }
        }
        out.retain(|(_, cue, _)| self.strategies.contains(cue));
        out
    }

    fn page_sightings(&self, pages: &[PageText]) -> Sightings {
        let mut out = Vec::new();
        for p in pages {
            for c in p.codes.iter().flat_map(|v| dossier_codes(v)) {
                out.push((c, Cue::Qr, Some(p.page_no)));
            }
            for c in dossier_codes(&p.text) {
                out.push((c, Cue::PageText, Some(p.page_no)));
            }
        }
        out.retain(|(_, cue, _)| self.strategies.contains(cue));
        out
    }

    /// One imported dossier named: link. None named: no link. Several: refuse, and say why.
    fn decide(&self, seen: &Sightings) -> Result<Option<(String, Cue, String)>, String> {
        let mut known: BTreeMap<&str, Vec<(Cue, Option<u32>)>> = BTreeMap::new();
        for (code, cue, page) in seen {
            if self.dossiers.contains_key(code) {
                known.entry(code).or_default().push((*cue, *page));
            }
        }
        match known.len() {
            0 => Ok(None),
            1 => {
                let (code, cues) = known.into_iter().next().unwrap_or_default();
                let best = self
                    .strategies
                    .iter()
                    .find(|s| cues.iter().any(|(c, _)| c == *s))
                    .copied()
                    .unwrap_or(Cue::PageText);
                let evidence = cues.iter().map(|(c, p)| describe(*c, *p)).collect::<Vec<_>>().join(", ");
                Ok(Some((code.to_string(), best, format!("{code} {evidence}"))))
            }
            _ => Err(format!(
                "conflicting dossier codes: {}",
                known
                    .iter()
                    .map(|(code, cues)| format!("{code} ({})", describe(cues[0].0, cues[0].1)))
                    .collect::<Vec<_>>()
                    .join(" vs ")
            )),
        }
    }

    fn why_nothing(&self, paths: &[String], on_pages: &Sightings) -> String {
        let mut unknown: Vec<String> = on_pages.iter().map(|s| s.0.clone()).collect();
        for p in paths {
            unknown.extend(self.path_sightings(p).into_iter().map(|s| s.0));
        }
        unknown.sort();
        unknown.dedup();
        if unknown.is_empty() {
            "no dossier code in its path or on its pages".into()
        } else {
            format!("dossier code {} is not among the imported dossiers", unknown.join(", "))
        }
    }
}

fn describe(cue: Cue, page: Option<u32>) -> String {
    match page {
        Some(p) => format!("{} on page {p}", cue.name()),
        None => format!("in the {}", if cue == Cue::Folder { "folder name" } else { "file name" }),
    }
}

/// A segment linked by a code read on another segment of the same file (a whole dossier
/// scanned as one PDF, linked by its receipt) is linked by `split`.
fn method_for(cue: Cue, s: &SegmentRow, on_pages: &Sightings, code: &str) -> &'static str {
    if matches!(cue, Cue::Folder | Cue::Filename) {
        return cue.name();
    }
    let own =
        on_pages.iter().filter(|(c, _, p)| c == code && p.is_some_and(|p| (s.first_page..=s.last_page).contains(&p)));
    let mut own: Vec<Cue> = own.map(|(_, c, _)| *c).collect();
    own.sort();
    match own.first() {
        Some(c) => c.name(),
        None => "split",
    }
}
