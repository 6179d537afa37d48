//! The procedure catalog: document types (and how to recognise them) and procedures (their
//! input components and results). Users edit it as TOML; every reference is checked on load.

use crate::error::{Error, Result, Stage};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocType {
    pub code: String,
    pub name: String,
    /// Headings printed on the document.
    pub titles: Vec<String>,
    /// Phrases typical of its body.
    #[serde(default)]
    pub cues: Vec<String>,
    /// The dossier receipt (neither input nor result).
    #[serde(default)]
    pub receipt: bool,
    /// Fields to extract (see `fields::KNOWN`): citizen_id, full_name, date_of_birth, ...
    #[serde(default)]
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub doc_type: String,
    pub name: String,
    /// Thông tư 01/2023: must this component be digitized?
    pub must_digitize: bool,
    /// False when it is only needed under a condition.
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub condition: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub time_limit: Option<String>,
    pub components: Vec<Component>,
    pub results: Vec<String>,
}

impl Procedure {
    /// Components whose absence makes the dossier's input incomplete.
    pub fn must_digitize(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().filter(|c| c.must_digitize && c.required)
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(rename = "doc_type")]
    doc_types: Vec<DocType>,
    #[serde(rename = "procedure", default)]
    procedures: Vec<Procedure>,
}

/// A loaded, checked catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Procedures {
    pub doc_types: Vec<DocType>,
    pub procedures: Vec<Procedure>,
    by_procedure: HashMap<String, usize>,
    by_type: HashMap<String, usize>,
}

impl Procedures {
    pub fn load(path: &Path) -> Result<Procedures> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(path, Stage::Config, format!("cannot read procedure catalog: {e}")))?;
        Self::parse(&text).map_err(|cause| Error::new(path, Stage::Config, cause))
    }

    pub fn parse(text: &str) -> std::result::Result<Procedures, String> {
        let raw: RawCatalog = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        let mut by_type = HashMap::new();
        for (i, t) in raw.doc_types.iter().enumerate() {
            if by_type.insert(t.code.clone(), i).is_some() {
                return Err(format!("doc_type {:?} is defined twice", t.code));
            }
            if let Some(f) = t.fields.iter().find(|f| !crate::fields::KNOWN.contains(&f.as_str())) {
                return Err(format!(
                    "doc_type {:?}: unknown field {f:?} (known: {})",
                    t.code,
                    crate::fields::KNOWN.join(", ")
                ));
            }
            if t.titles.iter().all(|s| s.trim().is_empty()) {
                return Err(format!("doc_type {:?} has no title to recognise it by", t.code));
            }
        }
        let mut by_procedure = HashMap::new();
        for (i, p) in raw.procedures.iter().enumerate() {
            if by_procedure.insert(p.code.clone(), i).is_some() {
                return Err(format!("procedure {:?} is defined twice", p.code));
            }
            let mut seen = HashSet::new();
            for c in &p.components {
                if !by_type.contains_key(&c.doc_type) {
                    return Err(format!(
                        "procedure {:?}: component {:?} names unknown doc_type {:?}",
                        p.code, c.name, c.doc_type
                    ));
                }
                if !seen.insert(&c.doc_type) {
                    return Err(format!(
                        "procedure {:?}: doc_type {:?} is listed twice as a component",
                        p.code, c.doc_type
                    ));
                }
            }
            for r in &p.results {
                if !by_type.contains_key(r) {
                    return Err(format!("procedure {:?}: result names unknown doc_type {r:?}", p.code));
                }
            }
        }
        Ok(Procedures { doc_types: raw.doc_types, procedures: raw.procedures, by_procedure, by_type })
    }

    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        self.by_procedure.get(code).map(|&i| &self.procedures[i])
    }

    pub fn doc_type(&self, code: &str) -> Option<&DocType> {
        self.by_type.get(code).map(|&i| &self.doc_types[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPES: &str = r#"
        [[doc_type]]
        code = "a"
        name = "A"
        titles = ["TỜ A"]
        [[doc_type]]
        code = "b"
        name = "B"
        titles = ["GIẤY B"]
    "#;

    #[test]
    fn the_sample_catalog_loads_and_holds_domain_codes() {
        let p = Procedures::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/procedures.toml")).unwrap();
        for code in ["1.001193", "1.000894", "1.004873", "1.009974", "2.000575", "1.013831"] {
            assert!(p.procedure(code).is_some(), "{code}");
        }
        let land = p.procedure("1.013831").unwrap();
        assert!(land.results.contains(&"giay_chung_nhan_quyen_su_dung_dat".to_string()));
        assert!(land.components.iter().any(|c| c.doc_type == "giay_chung_nhan_quyen_su_dung_dat"));
        assert!(p.doc_type("giay_tiep_nhan_ho_so").unwrap().receipt);
        let marriage = p.procedure("1.000894").unwrap();
        assert_eq!(marriage.must_digitize().count(), 1, "the conditional certificate is not counted");
    }

    #[test]
    fn bad_catalogs_name_the_entry() {
        let dup = format!("{TYPES}[[doc_type]]\ncode = \"a\"\nname = \"x\"\ntitles = [\"X\"]\n");
        assert!(Procedures::parse(&dup).unwrap_err().contains("doc_type \"a\" is defined twice"));
        let unknown = format!(
            "{TYPES}[[procedure]]\ncode = \"1.1\"\nname = \"P\"\nresults = [\"b\"]\ncomponents = [{{ doc_type = \"zz\", name = \"Z\", must_digitize = true }}]\n"
        );
        let err = Procedures::parse(&unknown).unwrap_err();
        assert!(err.contains("\"1.1\"") && err.contains("unknown doc_type \"zz\""), "{err}");
        let bad_result =
            format!("{TYPES}[[procedure]]\ncode = \"1.1\"\nname = \"P\"\nresults = [\"q\"]\ncomponents = []\n");
        assert!(Procedures::parse(&bad_result).unwrap_err().contains("result names unknown doc_type \"q\""));
        let dup_proc = format!(
            "{TYPES}[[procedure]]\ncode = \"1.1\"\nname = \"P\"\nresults = []\ncomponents = []\n[[procedure]]\ncode = \"1.1\"\nname = \"Q\"\nresults = []\ncomponents = []\n"
        );
        assert!(Procedures::parse(&dup_proc).unwrap_err().contains("procedure \"1.1\" is defined twice"));
        assert!(
            Procedures::parse("[[doc_type]]\ncode = \"a\"\nname = \"A\"\ntitles = [\"T\"]\ncolour = 1\n")
                .unwrap_err()
                .contains("colour")
        );
    }
}
