//! Dossier records from the one-stop system's export (CSV or JSON, the national sync format's
//! field names). Bad rows are reported with their line and skipped; good rows are kept.

use crate::error::{Error, Result, Stage};
use crate::link::codes::is_dossier_code;
use crate::procedures::Procedures;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// One dossier as the one-stop system knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dossier {
    /// MaHoSo.
    pub code: String,
    /// MaTTHC, reduced to the national procedure code the catalog knows.
    pub procedure_code: String,
    /// MaCoQuan.
    pub unit: String,
    /// SoDinhDanh.
    pub owner_id: Option<String>,
    /// NgayTiepNhan as `YYYY-MM-DD HH:MM:SS`.
    pub received_at: String,
    pub due_at: Option<String>,
    /// NgayKetThucXuLy: set when the dossier is resolved.
    pub resolved_at: Option<String>,
    pub status: Option<String>,
    pub channel: Option<String>,
}

/// Rows read from an export: the good ones, and (line, reason) for each bad one.
#[derive(Debug, Default)]
pub struct Parsed {
    pub dossiers: Vec<Dossier>,
    pub rejected: Vec<(usize, String)>,
}

/// Read a CSV or JSON export (by content: JSON starts with `[`).
pub fn read_export(path: &Path, procs: &Procedures) -> Result<Parsed> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(path, Stage::Config, format!("cannot read dossier export: {e}")))?;
    parse_export(&text, procs).map_err(|cause| Error::new(path, Stage::Config, cause))
}

/// Parse an export's text: Err only when the file as a whole is unreadable; bad rows are listed.
pub fn parse_export(text: &str, procs: &Procedures) -> std::result::Result<Parsed, String> {
    let text = text.trim_start_matches('\u{feff}');
    let rows = if text.trim_start().starts_with('[') { json_rows(text)? } else { csv_rows(text)? };
    let mut parsed = Parsed::default();
    for (line, fields) in rows {
        match dossier(&fields, procs) {
            Ok(d) => parsed.dossiers.push(d),
            Err(why) => parsed.rejected.push((line, why)),
        }
    }
    Ok(parsed)
}

type Fields = HashMap<String, String>;

fn csv_rows(text: &str) -> std::result::Result<Vec<(usize, Fields)>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| format!("bad CSV header: {e}"))?.iter().map(|h| h.trim().to_string()).collect();
    if !headers.iter().any(|h| h == "MaHoSo") {
        return Err("the header has no MaHoSo column: expected the one-stop system's field names (MaHoSo, MaTTHC, MaCoQuan, NgayTiepNhan, ...)".into());
    }
    let mut out = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| line_at(text, p.byte()));
                let fields = headers.iter().cloned().zip(r.iter().map(|v| v.trim().to_string())).collect();
                out.push((line, fields));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(text, p.byte()));
                out.push((line, HashMap::from([("__error".to_string(), e.to_string())])));
            }
        }
    }
    Ok(out)
}

/// 1-based line of a byte offset. The csv crate's own line count drifts on CRLF files, which is
/// what spreadsheet exports write.
fn line_at(text: &str, byte: u64) -> usize {
    let bytes = text.as_bytes();
    // The offset may point at the end of the previous line: the record starts after it.
    let mut start = (byte as usize).min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1
}

fn json_rows(text: &str) -> std::result::Result<Vec<(usize, Fields)>, String> {
    let v: Vec<Value> = serde_json::from_str(text).map_err(|e| format!("bad JSON: {e}"))?;
    Ok(v.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let fields = match row {
                Value::Object(m) => m
                    .into_iter()
                    .filter_map(|(k, v)| match v {
                        Value::String(s) => Some((k, s.trim().to_string())),
                        Value::Number(n) => Some((k, n.to_string())),
                        _ => None,
                    })
                    .collect(),
                _ => HashMap::from([("__error".to_string(), "not an object".to_string())]),
            };
            (i + 1, fields)
        })
        .collect())
}

fn dossier(f: &Fields, procs: &Procedures) -> std::result::Result<Dossier, String> {
    if let Some(e) = f.get("__error") {
        return Err(e.clone());
    }
    let get = |k: &str| f.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let code = get("MaHoSo").ok_or("MaHoSo is empty")?;
    if !is_dossier_code(code) {
        return Err(format!("MaHoSo {code:?} is not a dossier code (<agency>-YYMMDD-NNNN)"));
    }
    let raw_procedure = get("MaTTHC").ok_or("MaTTHC is empty")?;
    // A province's instance appends its agency code: 2.000815.000.00.00.H55 is 2.000815.
    let procedure_code = raw_procedure
        .get(..8)
        .filter(|p| procs.procedure(p).is_some())
        .or_else(|| procs.procedure(raw_procedure).map(|_| raw_procedure));
    let procedure_code =
        procedure_code.ok_or_else(|| format!("MaTTHC {raw_procedure:?} is not in the procedure catalog"))?;
    let date = |k: &str, required: bool| -> std::result::Result<Option<String>, String> {
        match get(k) {
            None if required => Err(format!("{k} is empty")),
            None => Ok(None),
            Some(v) => parse_date(v).map(Some).ok_or_else(|| {
                format!("{k} {v:?} is not a date (YYYY-MM-DD [HH:MM:SS], DD/MM/YYYY or YYYYMMDDHHMMSS)")
            }),
        }
    };
    let unit =
        get("MaCoQuan").map(str::to_string).unwrap_or_else(|| code.rsplitn(3, '-').last().unwrap_or(code).to_string());
    Ok(Dossier {
        code: code.to_string(),
        procedure_code: procedure_code.to_string(),
        unit,
        owner_id: get("SoDinhDanh").map(str::to_string),
        received_at: date("NgayTiepNhan", true)?.unwrap_or_default(),
        due_at: date("NgayHenTra", false)?,
        resolved_at: date("NgayKetThucXuLy", false)?,
        status: get("TrangThai").map(str::to_string),
        channel: get("KenhThucHien").map(str::to_string),
    })
}

/// `YYYY-MM-DD[ HH:MM[:SS]]`, `YYYY-MM-DDTHH:MM:SS`, `DD/MM/YYYY[ HH:MM[:SS]]`, `YYYYMMDD[HHMMSS]`
/// → `YYYY-MM-DD HH:MM:SS`, checking the calendar.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, t.trim()),
        None if s.len() == 14 && s.chars().all(|c| c.is_ascii_digit()) => (&s[..8], &s[8..]),
        None => (s, ""),
    };
    let num = |x: &str| x.parse::<u32>().ok();
    let (y, m, d) = if date.len() == 8 && date.chars().all(|c| c.is_ascii_digit()) {
        (num(&date[..4])?, num(&date[4..6])?, num(&date[6..])?)
    } else if let [y, m, d] = date.split('-').collect::<Vec<_>>()[..] {
        (num(y)?, num(m)?, num(d)?)
    } else if let [d, m, y] = date.split('/').collect::<Vec<_>>()[..] {
        (num(y)?, num(m)?, num(d)?)
    } else {
        return None;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days[m as usize - 1] {
        return None;
    }
    let (hh, mm, ss) = if time.is_empty() {
        (0, 0, 0)
    } else if time.len() == 6 && time.chars().all(|c| c.is_ascii_digit()) {
        (num(&time[..2])?, num(&time[2..4])?, num(&time[4..])?)
    } else {
        let t: Vec<&str> = time.trim_end_matches('Z').split(':').collect();
        let sec = t.get(2).map_or(Some(0), |x| num(x.split('.').next().unwrap_or("")))?;
        (num(t.first()?)?, num(t.get(1)?)?, sec)
    };
    if hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procs() -> Procedures {
        Procedures::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/procedures.toml")).unwrap()
    }

    #[test]
    fn dates_in_the_formats_exports_use() {
        assert_eq!(parse_date("2025-07-14 08:30:00").unwrap(), "2025-07-14 08:30:00");
        assert_eq!(parse_date("2025-07-14").unwrap(), "2025-07-14 00:00:00");
        assert_eq!(parse_date("14/07/2025 8:05").unwrap(), "2025-07-14 08:05:00");
        assert_eq!(parse_date("20250714083000").unwrap(), "2025-07-14 08:30:00");
        assert_eq!(parse_date("2025-07-14T08:30:00.000Z").unwrap(), "2025-07-14 08:30:00");
        assert!(parse_date("31/02/2025").is_none());
        assert!(parse_date("2024-02-29").is_some() && parse_date("2025-02-29").is_none());
        assert!(parse_date("31/02/2025x").is_none());
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_good_rows_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("export.csv");
        std::fs::write(
            &p,
            "MaHoSo,MaTTHC,MaCoQuan,SoDinhDanh,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThai,KenhThucHien\n\
             000.00.12.H30-250714-0001,1.001193,000.00.12.H30,001192004567,2025-07-14 08:00:00,,,\"Đang xử lý\",1\n\
             000.00.12.H30-250714-0002,9.999999,000.00.12.H30,,2025-07-14 09:00:00,,,,1\n\
             H30-2507-12,1.001193,000.00.12.H30,,2025-07-14 09:00:00,,,,1\n\
             000.00.12.H30-250714-0003,1.004873.000.00.12.H30,,,31/02/2025x,,,,2\n\
             000.00.12.H30-250714-0004,1.004873.000.00.12.H30,,,14/07/2025,,2025-07-16 10:00:00,Đã trả kết quả,2\n",
        )
        .unwrap();
        let parsed = read_export(&p, &procs()).unwrap();
        assert_eq!(parsed.dossiers.len(), 2);
        let lines: Vec<usize> = parsed.rejected.iter().map(|r| r.0).collect();
        assert_eq!(lines, [3, 4, 5]);
        // Spreadsheet exports end lines with CRLF: the same lines must be named.
        let crlf = std::fs::read_to_string(&p).unwrap().replace('\n', "\r\n");
        std::fs::write(&p, crlf).unwrap();
        let again: Vec<usize> = read_export(&p, &procs()).unwrap().rejected.iter().map(|r| r.0).collect();
        assert_eq!(again, [3, 4, 5]);
        assert!(parsed.rejected[0].1.contains("not in the procedure catalog"));
        assert!(parsed.rejected[1].1.contains("not a dossier code"));
        assert!(parsed.rejected[2].1.contains("NgayTiepNhan"));
        let d = &parsed.dossiers[1];
        assert_eq!((d.procedure_code.as_str(), d.unit.as_str()), ("1.004873", "000.00.12.H30"));
        assert_eq!(d.resolved_at.as_deref(), Some("2025-07-16 10:00:00"));
    }
}
