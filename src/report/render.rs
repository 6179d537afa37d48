//! Plain renderings of a report: the provinces' table, CSV, JSON.

use super::model::{Report, Row};
use std::fmt::Write as _;

fn pct(r: f64) -> String {
    format!("{:.2}%", r * 100.0)
}

/// The provinces' layout: Tiếp nhận | Chưa số hóa TPHS | Có số hóa TPHS | Có tái sử dụng thành phần |
/// Đã giải quyết | Số hóa kết quả chưa / đã.
pub fn table(r: &Report) -> String {
    let first = match r.by.as_str() {
        "procedure" => "Thủ tục",
        "month" => "Tháng",
        _ => "Đơn vị",
    };
    let header = [
        first,
        "Tiếp nhận",
        "Chưa số hóa TPHS",
        "Có số hóa TPHS",
        "Tỷ lệ TPHS",
        "Có tái sử dụng thành phần",
        "Đã giải quyết",
        "KQ chưa số hóa",
        "KQ đã số hóa",
        "Tỷ lệ KQ",
    ];
    let line = |x: &Row, name: &str| -> Vec<String> {
        vec![
            name.to_string(),
            x.received.to_string(),
            x.input_not_digitized.to_string(),
            x.input_digitized.to_string(),
            pct(x.input_rate),
            x.reused.to_string(),
            x.resolved.to_string(),
            x.result_not_digitized.to_string(),
            x.result_digitized.to_string(),
            pct(x.result_rate),
        ]
    };
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    rows.extend(r.rows.iter().map(|x| line(x, if r.by == "procedure" { &x.key } else { &x.label })));
    rows.push(line(&r.totals, "Tổng"));
    let widths: Vec<usize> =
        (0..header.len()).map(|i| rows.iter().map(|row| row[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    let period = format!("{} – {}", r.from.as_deref().unwrap_or("…"), r.to.as_deref().unwrap_or("…"));
    let _ = writeln!(
        out,
        "Số hóa hồ sơ, kỳ {period}{}",
        r.unit.as_ref().map(|u| format!(", đơn vị {u}")).unwrap_or_default()
    );
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(j, (c, w))| {
                let pad = w - c.chars().count();
                if j == 0 { format!("{c}{}", " ".repeat(pad)) } else { format!("{}{c}", " ".repeat(pad)) }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join(" | "));
        if i == 0 || i == rows.len() - 2 {
            let _ = writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"));
        }
    }
    let _ = writeln!(out, "Tài liệu chưa nhận dạng loại: {}; chưa gắn hồ sơ: {}", r.unknown, r.unlinked);
    out
}

const CSV_HEADER: &str = "group,key,label,received,input_not_digitized,input_digitized,input_rate,reused,reuse_rate,resolved,result_not_digitized,result_digitized,result_rate,documents,pages";

/// One line per row and one for the totals, with the JSON field names as the header.
pub fn csv(r: &Report) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for (group, x) in r.rows.iter().map(|x| (r.by.as_str(), x)).chain([("total", &r.totals)]) {
        let _ = w.write_record([
            group.to_string(),
            x.key.clone(),
            x.label.clone(),
            x.received.to_string(),
            x.input_not_digitized.to_string(),
            x.input_digitized.to_string(),
            format!("{:.4}", x.input_rate),
            x.reused.to_string(),
            format!("{:.4}", x.reuse_rate),
            x.resolved.to_string(),
            x.result_not_digitized.to_string(),
            x.result_digitized.to_string(),
            format!("{:.4}", x.result_rate),
            x.documents.to_string(),
            x.pages.to_string(),
        ]);
    }
    out.push_str(&String::from_utf8_lossy(&w.into_inner().unwrap_or_default()));
    out
}

/// The totals' figures at the top level, and `units` (each with `unit`), `procedures`, `months`.
pub fn json(r: &Report) -> String {
    let entries = |rows: &[Row], key: &str| -> Vec<serde_json::Value> {
        rows.iter()
            .map(|x| {
                let mut v = serde_json::to_value(x).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert(key.into(), x.key.clone().into());
                }
                v
            })
            .collect()
    };
    let mut top = serde_json::to_value(&r.totals).unwrap_or_default();
    if let Some(o) = top.as_object_mut() {
        o.remove("key");
        o.remove("label");
        for (k, v) in [("from", &r.from), ("to", &r.to), ("unit", &r.unit)] {
            o.insert(k.into(), v.clone().into());
        }
        o.insert("by".into(), r.by.clone().into());
        o.insert("generated_at".into(), r.generated_at.clone().into());
        o.insert("unknown".into(), r.unknown.into());
        o.insert("unlinked".into(), r.unlinked.into());
        o.insert("units".into(), entries(&r.by_unit, "unit").into());
        o.insert("procedures".into(), entries(&r.by_procedure, "procedure").into());
        o.insert("months".into(), entries(&r.by_month, "month").into());
    }
    serde_json::to_string_pretty(&top).unwrap_or_default()
}
