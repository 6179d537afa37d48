//! Classify and link: cut each document into segments (a whole dossier scanned as one file holds
//! several documents), give each a type, link it to its dossier and decide its role. Pure
//! function of the catalog, so it is redone cheaply when labels, dossiers or the catalog change.

use crate::catalog::{Catalog, LinkRow, PageText, SegmentRow};
use crate::classify::Classifier;
use crate::dossiers::Dossier;
use crate::error::Result;
use crate::link::{Cue, Linker};
use crate::procedures::Procedures;
use std::collections::HashMap;

pub(crate) struct Assigner {
    procedures: Procedures,
    classifier: Classifier,
    dossiers: HashMap<String, Dossier>,
    strategies: Vec<Cue>,
}

/// Counts over segments, for summaries.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct AssignCounts {
    pub linked: usize,
    pub unlinked: usize,
    pub unknown: usize,
}

impl AssignCounts {
    pub(crate) fn add(&mut self, assignment: &[(SegmentRow, Vec<LinkRow>)]) {
        for (s, links) in assignment {
            if s.doc_type == crate::classify::UNKNOWN {
                self.unknown += 1;
            }
            if links.is_empty() {
                self.unlinked += 1;
            } else {
                self.linked += 1;
            }
        }
    }
}

impl Assigner {
    /// Read what classification and linking need from the catalog: dossiers and labels.
    pub fn load(cat: &dyn Catalog, procedures: Procedures, threshold: f32, strategies: &[String]) -> Result<Self> {
        let labelled = cat.labelled()?;
        let classifier = Classifier::new(&procedures, &labelled, threshold);
        let dossiers = cat.dossiers()?.into_iter().map(|d| (d.code.clone(), d)).collect();
        let strategies = strategies.iter().filter_map(|s| Cue::parse(s)).collect();
        Ok(Assigner { procedures, classifier, dossiers, strategies })
    }

    /// Assign one document and record it.
    pub fn assign(&self, cat: &mut dyn Catalog, sha256: &str) -> Result<Vec<(SegmentRow, Vec<LinkRow>)>> {
        let pages = cat.document_pages(sha256)?;
        let paths = cat.document_paths(sha256)?;
        let mut segments = self.segments(sha256, &pages);
        let linker = Linker { dossiers: &self.dossiers, procedures: &self.procedures, strategies: &self.strategies };
        let links = linker.link(&paths, &pages, &mut segments);
        cat.replace_assignment(sha256, &segments, &links)?;
        cat.replace_fields(sha256, &self.fields(&segments, &pages))?;
        Ok(segments
            .into_iter()
            .map(|s| {
                let own = links.iter().filter(|l| l.first_page == s.first_page).cloned().collect();
                (s, own)
            })
            .collect())
    }

    /// Assign every document again (after an import, a label, or a catalog edit).
    pub fn assign_all(&self, cat: &mut dyn Catalog) -> Result<AssignCounts> {
        let mut counts = AssignCounts::default();
        for sha in cat.documents()? {
            counts.add(&self.assign(cat, &sha)?);
        }
        Ok(counts)
    }

    /// The fields each segment's type declares, read from the segment's pages.
    fn fields(&self, segments: &[SegmentRow], pages: &[PageText]) -> Vec<(u32, crate::fields::Field)> {
        let mut out = Vec::new();
        for s in segments {
            let Some(t) = self.procedures.doc_type(&s.doc_type).filter(|t| !t.fields.is_empty()) else { continue };
            let text: Vec<&str> = pages
                .iter()
                .filter(|p| (s.first_page..=s.last_page).contains(&p.page_no))
                .map(|p| p.text.as_str())
                .collect();
            out.extend(crate::fields::extract(&text.join("\n"), &t.fields).into_iter().map(|f| (s.first_page, f)));
        }
        out
    }

    /// A new document starts at every page that shows a heading, unless the heading says the
    /// page continues the one before ("tiếp theo").
    fn segments(&self, sha256: &str, pages: &[PageText]) -> Vec<SegmentRow> {
        let mut starts: Vec<usize> = Vec::new();
        for (i, p) in pages.iter().enumerate() {
            let s = self.classifier.page_signal(&p.text);
            if i == 0 || (s.title.is_some() && !s.continuation) {
                starts.push(i);
            }
        }
        let mut out = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(pages.len());
            let texts: Vec<&str> = pages[start..end].iter().map(|p| p.text.as_str()).collect();
            let first_page = pages[start].page_no;
            let v = self.classifier.classify((sha256, first_page), &texts);
            out.push(SegmentRow {
                first_page,
                last_page: pages[end - 1].page_no,
                doc_type: v.doc_type,
                confidence: v.confidence,
                method: v.method,
                evidence: v.evidence,
                link_note: None,
            });
        }
        out
    }
}
