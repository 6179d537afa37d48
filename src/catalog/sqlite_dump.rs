//! The catalog's content as canonical text lines (`Catalog::dump`): what two catalogs must agree
//! on to hold the same data, whichever backend holds it. The format is defined here, with the
//! SQLite backend as the reference; the PostgreSQL one reads the same tables and columns.
//!
//! Left out: timestamps (when a row was written is not what it says), rowids and other
//! database-internal ids, and what is derived from other columns (search indexes, SimHash bands).

use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// How a column's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Int,
    Real,
    /// A SimHash: a u64 kept in a signed 64-bit column, shown unsigned.
    Hash64,
}

pub(super) struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// The primary key: rows come in this order.
    pub order: &'static [&'static str],
}

/// One value as read from either backend.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Null,
    Text(String),
    Int(i64),
    Real(f64),
}

use Kind::{Hash64, Int, Real, Text};

pub(super) const TABLES: &[Table] = &[
    Table {
        name: "documents",
        columns: &[
            ("sha256", Text),
            ("size", Int),
            ("media_type", Text),
            ("pages", Int),
            ("text_source", Text),
            ("ocr_confidence", Real),
            ("store_path", Text),
        ],
        order: &["sha256"],
    },
    Table {
        name: "files",
        columns: &[("path", Text), ("sha256", Text), ("size", Int), ("mtime_ns", Int)],
        order: &["path"],
    },
    Table {
        name: "pages",
        columns: &[
            ("sha256", Text),
            ("page_no", Int),
            ("source", Text),
            ("text", Text),
            ("confidence", Real),
            ("dpi", Int),
            ("rotation", Int),
            ("error", Text),
        ],
        order: &["sha256", "page_no"],
    },
    Table {
        name: "page_codes",
        columns: &[("sha256", Text), ("page_no", Int), ("value", Text)],
        order: &["sha256", "page_no", "value"],
    },
    Table {
        name: "failures",
        columns: &[
            ("path", Text),
            ("size", Int),
            ("mtime_ns", Int),
            ("sha256", Text),
            ("stage", Text),
            ("error", Text),
        ],
        order: &["path"],
    },
    Table {
        name: "dossiers",
        columns: &[
            ("code", Text),
            ("procedure_code", Text),
            ("unit", Text),
            ("owner_id", Text),
            ("received_at", Text),
            ("due_at", Text),
            ("resolved_at", Text),
            ("status", Text),
            ("channel", Text),
        ],
        order: &["code"],
    },
    Table {
        name: "segments",
        columns: &[
            ("sha256", Text),
            ("first_page", Int),
            ("last_page", Int),
            ("doc_type", Text),
            ("confidence", Real),
            ("method", Text),
            ("evidence", Text),
            ("link_note", Text),
        ],
        order: &["sha256", "first_page"],
    },
    Table {
        name: "links",
        columns: &[
            ("sha256", Text),
            ("first_page", Int),
            ("dossier_code", Text),
            ("role", Text),
            ("role_reason", Text),
            ("method", Text),
            ("evidence", Text),
        ],
        order: &["sha256", "first_page", "dossier_code"],
    },
    Table {
        name: "labels",
        columns: &[("sha256", Text), ("first_page", Int), ("doc_type", Text)],
        order: &["sha256", "first_page"],
    },
    Table {
        name: "fields",
        columns: &[("sha256", Text), ("first_page", Int), ("name", Text), ("value", Text), ("evidence", Text)],
        order: &["sha256", "first_page", "name"],
    },
    Table {
        name: "signatures",
        columns: &[("sha256", Text), ("simhash", Hash64), ("near_duplicate_of", Text), ("similarity", Real)],
        order: &["sha256"],
    },
    Table {
        name: "reuses",
        columns: &[("dossier_code", Text), ("sha256", Text), ("first_page", Int), ("doc_type", Text), ("source", Text)],
        order: &["dossier_code", "sha256", "first_page"],
    },
    Table {
        name: "renditions",
        columns: &[("sha256", Text), ("pdf_sha256", Text), ("size", Int), ("store_path", Text)],
        order: &["sha256"],
    },
];

/// `table: column=value ...`, text quoted and escaped as Rust does (so a newline cannot split a
/// line), reals to 4 decimals, NULL as ∅.
pub(super) fn line(table: &Table, cells: &[Cell]) -> String {
    let mut out = format!("{}:", table.name);
    for ((name, kind), cell) in table.columns.iter().zip(cells) {
        let value = match cell {
            Cell::Null => "∅".to_string(),
            Cell::Text(s) => format!("{s:?}"),
            Cell::Int(i) if *kind == Hash64 => (*i as u64).to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Real(r) => format!("{r:.4}"),
        };
        out.push_str(&format!(" {name}={value}"));
    }
    out
}

pub(super) fn dump(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    for t in TABLES {
        let columns: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
        let sql = format!("SELECT {} FROM {} ORDER BY {}", columns.join(", "), t.name, t.order.join(", "));
        let mut st = conn.prepare(&sql)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let cells = (0..columns.len()).map(|i| r.get_ref(i).map(cell)).collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(line(t, &cells));
        }
    }
    Ok(out)
}

fn cell(v: ValueRef<'_>) -> Cell {
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(r) => Cell::Real(r),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        // No column holds blobs; shown rather than dropped, should one appear.
        ValueRef::Blob(b) => Cell::Text(format!("blob:{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_dumps_its_rows_without_timestamps() {
        use crate::catalog::{Catalog, DocumentRow, FileRow, PageRow, Record, SqliteCatalog};
        let dir = tempfile::tempdir().unwrap();
        let mut cat = SqliteCatalog::open(&dir.path().join("c.sqlite")).unwrap();
        let document = DocumentRow {
            sha256: "aa".into(),
            size: 3,
            media_type: "image/png".into(),
            pages: 1,
            text_source: "ocr".into(),
            ocr_confidence: Some(91.5),
            store_path: None,
            searchable_pdf: None,
        };
        let page = PageRow {
            page_no: 1,
            source: "ocr".into(),
            text: "Tiếng Việt".into(),
            confidence: Some(91.5),
            dpi: Some(300),
            rotation: 90,
            error: None,
            codes: vec!["QR".into()],
        };
        let file = FileRow { path: "/a.png".into(), sha256: "aa".into(), size: 3, mtime_ns: 7 };
        cat.commit(&Record::Processed { file, document, pages: vec![page] }).unwrap();
        assert_eq!(
            cat.dump().unwrap(),
            [
                "documents: sha256=\"aa\" size=3 media_type=\"image/png\" pages=1 text_source=\"ocr\" ocr_confidence=91.5000 store_path=∅",
                "files: path=\"/a.png\" sha256=\"aa\" size=3 mtime_ns=7",
                "pages: sha256=\"aa\" page_no=1 source=\"ocr\" text=\"Tiếng Việt\" confidence=91.5000 dpi=300 rotation=90 error=∅",
                "page_codes: sha256=\"aa\" page_no=1 value=\"QR\"",
            ]
        );
    }

    #[test]
    fn lines_quote_text_and_fix_the_number_formats() {
        let t = &TABLES[10];
        assert_eq!(t.name, "signatures");
        let cells = [Cell::Text("a\nb".into()), Cell::Int(-1), Cell::Null, Cell::Real(0.93751)];
        assert_eq!(
            line(t, &cells),
            "signatures: sha256=\"a\\nb\" simhash=18446744073709551615 near_duplicate_of=∅ similarity=0.9375"
        );
    }
}
