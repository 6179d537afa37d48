//! The HTML report: one self-contained page (inline CSS and SVG, no script, no network) that a
//! provincial manager can read on a phone, on a desktop or on paper.

use std::fmt::Write as _;

use super::model::{Report, Row};

/// Appends formatted text to a `String`; writing to a `String` cannot fail.
macro_rules! w {
    ($h:expr, $($arg:tt)*) => {{
        let _ = write!($h, $($arg)*);
    }};
}

const CSS: &str = r#"
:root{--in:#1d4ed8;--kq:#b45309;--fg:#111827;--muted:#4b5563;--line:#d1d5db;--head:#e5e7eb;--bg:#f3f4f6;--card:#fff;color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:16px}
h1{font-size:1.7rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.15rem;line-height:1.3;margin:0 0 .75rem}
.meta{display:flex;flex-wrap:wrap;gap:.2rem 1.75rem;margin:0;color:var(--muted)}
.meta div{display:flex;flex-wrap:wrap;gap:0 .4rem}.meta dt{font-weight:600}.meta dd{margin:0;color:var(--fg)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;margin:16px 0;min-width:0}
.kpis{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin:16px 0}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;border-top:5px solid var(--muted)}
.kpi.in{border-top-color:var(--in)}.kpi.kq{border-top-color:var(--kq)}
.kpi .k{font-size:.9rem;font-weight:600;color:var(--muted)}
.kpi .v{font-size:2.2rem;font-weight:700;line-height:1.15;font-variant-numeric:tabular-nums}
.kpi .r{font-size:.9rem;color:var(--muted)}.kpi .r b{font-size:1.15rem}
.kpi.in .r b{color:var(--in)}.kpi.kq .r b{color:var(--kq)}
.empty{font-size:1.1rem;font-weight:600;text-align:center;padding:24px 16px}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:separate;border-spacing:0;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
thead th{background:var(--head);font-size:.82rem;line-height:1.3;vertical-align:bottom;white-space:normal;min-width:6.5em}
th:first-child{text-align:left;position:sticky;left:0;z-index:1;background:var(--card);border-right:1px solid var(--line)}
thead th:first-child{background:var(--head)}
tbody th{font-weight:500;white-space:normal;min-width:14em;max-width:24em}
tbody tr:nth-child(even) td,tbody tr:nth-child(even) th{background:#f9fafb}
tfoot th,tfoot td{font-weight:700;border-top:2px solid var(--fg);border-bottom:0;background:var(--head)!important}
td.rate{font-weight:700}td.rate.in{color:var(--in)}td.rate.kq{color:var(--kq)}
.code{display:block;font-size:.78rem;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 16px;align-items:start}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;margin:0 0 .75rem;padding:0;font-size:.88rem}
.sw{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:6px}
.in-fill{background-color:var(--in)}
.kq-fill{background-color:var(--kq);background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.45) 0 3px,transparent 3px 7px)}
.item{margin:0 0 14px;break-inside:avoid}
.item .lbl{font-weight:600;font-size:.93rem;line-height:1.3;margin-bottom:3px}
.item .lbl .code{display:inline;margin-left:.4rem}
.bar-row{display:grid;grid-template-columns:2.9em minmax(0,1fr) 4.3em;align-items:center;gap:8px;font-size:.82rem;line-height:1.5}
.tag{color:var(--muted);font-weight:600}
.track{display:block;background:var(--head);height:13px;border-radius:7px;overflow:hidden}
.bar{display:block;height:100%;border-radius:7px 0 0 7px}
.val{text-align:right;font-weight:700;font-variant-numeric:tabular-nums}
.trend{overflow-x:auto}
.trend svg{display:block;width:100%;height:auto;margin:0 auto}
.hint{display:none;font-size:.82rem;color:var(--muted);margin:-.25rem 0 .5rem}
svg text{font-family:inherit;font-size:13px;fill:var(--fg);text-anchor:middle}
svg .grid{stroke:var(--head);stroke-width:1}svg .axis{fill:var(--muted);font-size:12px;text-anchor:end}
svg .l-in,svg .l-kq{fill:none;stroke-width:2.5}svg .l-in{stroke:var(--in)}svg .l-kq{stroke:var(--kq);stroke-dasharray:8 5}
svg .p-in{fill:var(--in)}svg .p-kq{fill:var(--kq)}
svg .t-in,svg .t-kq{font-weight:700;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
svg .t-in{fill:var(--in)}svg .t-kq{fill:var(--kq)}
footer{font-size:.88rem;color:var(--muted)}footer p,footer ul{margin:.4rem 0}footer b{color:var(--fg)}
@media (max-width:860px){.charts{grid-template-columns:minmax(0,1fr)}}
@media (max-width:640px){main{padding:10px}h1{font-size:1.4rem}.kpis{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
.kpi{padding:10px 12px}.kpi .v{font-size:1.6rem}svg text{font-size:20px}svg .axis{font-size:17px}.hint{display:block}.card{padding:12px;margin:12px 0}th,td{padding:6px 8px}tbody th{min-width:8.5em}}
@media print{@page{margin:12mm}body{background:#fff;font-size:10pt}main{max-width:none;padding:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}.card,.kpi{border-color:#9ca3af}
.kpi,.trend,footer,h2{break-inside:avoid}h2{break-after:avoid}.table-wrap{overflow:visible}table{font-size:8.5pt}th,td{padding:4px 5px}
th:first-child{position:static}.hint{display:none!important}thead{display:table-header-group}tr{break-inside:avoid}}
"#;

/// One self-contained HTML page: no network, no external fonts, scripts or images.
pub(crate) fn render(report: &Report) -> String {
    let mut h = String::with_capacity(48 * 1024);
    let period = period(report);
    w!(
        h,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Báo cáo số hóa hồ sơ – {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&period)
    );
    header(&mut h, report, &period);
    kpis(&mut h, &report.totals);
    let t = &report.totals;
    if t.received == 0 && t.resolved == 0 {
        h.push_str("<section class=\"card\"><p class=\"empty\">Không có hồ sơ trong kỳ báo cáo.</p></section>\n");
    } else {
        table(&mut h, report);
        let unit = chart_section("Tỷ lệ số hóa theo đơn vị", &report.by_unit);
        let proc = chart_section("Tỷ lệ số hóa theo thủ tục", &report.by_procedure);
        if !unit.is_empty() || !proc.is_empty() {
            w!(h, "<div class=\"charts\">\n{unit}{proc}</div>\n");
        }
        trend(&mut h, &report.by_month);
    }
    footer(&mut h, report);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn header(h: &mut String, r: &Report, period: &str) {
    let mut meta = vec![("Kỳ báo cáo", esc(period))];
    if let Some(unit) = r.unit.as_deref().filter(|u| !u.is_empty()) {
        meta.push(("Đơn vị", esc(unit)));
    }
    let t = &r.totals;
    if t.documents > 0 {
        let docs = format!("{} ({} trang)", num(t.documents), num(t.pages));
        meta.push(("Tài liệu đã gắn hồ sơ", docs));
    }
    if !r.generated_at.is_empty() {
        let (iso, shown) = (esc(&r.generated_at), esc(&date_time(&r.generated_at)));
        meta.push(("Lập lúc", format!("<time datetime=\"{iso}\">{shown}</time>")));
    }
    h.push_str("<header>\n<h1>Báo cáo số hóa hồ sơ</h1>\n<dl class=\"meta\">\n");
    for (k, v) in meta {
        w!(h, "<div><dt>{k}:</dt><dd>{v}</dd></div>\n");
    }
    h.push_str("</dl>\n</header>\n");
}

fn kpis(h: &mut String, t: &Row) {
    w!(
        h,
        "<section class=\"kpis\" aria-label=\"Số liệu chính\">\n\
         <div class=\"kpi\"><div class=\"k\">Tiếp nhận</div><div class=\"v\">{}</div>\
         <div class=\"r\">hồ sơ tiếp nhận trong kỳ</div></div>\n\
         <div class=\"kpi in\"><div class=\"k\">Có số hóa TPHS</div><div class=\"v\">{}</div>\
         <div class=\"r\"><b>{}</b> số hồ sơ tiếp nhận</div></div>\n\
         <div class=\"kpi\"><div class=\"k\">Có tái sử dụng thành phần</div><div class=\"v\">{}</div>\
         <div class=\"r\"><b>{}</b> số hồ sơ tiếp nhận</div></div>\n\
         <div class=\"kpi\"><div class=\"k\">Đã giải quyết</div><div class=\"v\">{}</div>\
         <div class=\"r\">hồ sơ giải quyết trong kỳ</div></div>\n\
         <div class=\"kpi kq\"><div class=\"k\">Số hóa kết quả</div><div class=\"v\">{}</div>\
         <div class=\"r\"><b>{}</b> số hồ sơ đã giải quyết</div></div>\n</section>\n",
        num(t.received),
        num(t.input_digitized),
        pct(t.input_rate),
        num(t.reused),
        pct(t.reuse_rate),
        num(t.resolved),
        num(t.result_digitized),
        pct(t.result_rate)
    );
}

fn table(h: &mut String, r: &Report) {
    let (first, what) = match r.by.as_str() {
        "procedure" => ("Thủ tục", "thủ tục"),
        "month" => ("Tháng", "tháng"),
        _ => ("Đơn vị", "đơn vị"),
    };
    w!(
        h,
        "<section class=\"card table\">\n<h2>Chi tiết theo {what}</h2>\n\
         <p class=\"hint\">Vuốt ngang để xem thêm cột →</p>\n\
         <div class=\"table-wrap\" role=\"region\" aria-label=\"Bảng chi tiết theo {what}\" tabindex=\"0\">\n<table>\n<thead><tr>"
    );
    let cols = "Tiếp nhận|Chưa số hóa TPHS|Có số hóa TPHS|Tỷ lệ số hóa TPHS|Có tái sử dụng thành phần|Đã giải quyết|\
                Số hóa kết quả: Chưa|Số hóa kết quả: Đã|Tỷ lệ số hóa KQ";
    for col in std::iter::once(first).chain(cols.split('|')) {
        w!(h, "<th scope=\"col\">{col}</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &r.rows {
        table_row(h, &label_html(row), row);
    }
    h.push_str("</tbody>\n<tfoot>\n");
    table_row(h, "Tổng cộng", &r.totals);
    h.push_str("</tfoot>\n</table>\n</div>\n</section>\n");
}

fn table_row(h: &mut String, label: &str, r: &Row) {
    w!(
        h,
        "<tr><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td><td class=\"rate in\">{}</td>\
         <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"rate kq\">{}</td></tr>\n",
        num(r.received),
        num(r.input_not_digitized),
        num(r.input_digitized),
        pct(r.input_rate),
        num(r.reused),
        num(r.resolved),
        num(r.result_not_digitized),
        num(r.result_digitized),
        pct(r.result_rate)
    );
}

/// The row's label (a month as `MM/YYYY`), with its code when the label is a name (a procedure).
fn label_html(row: &Row) -> String {
    let label = month(name(row));
    if row.key.is_empty() || row.key == row.label || label != row.label {
        esc(&label)
    } else {
        let (label, code) = (esc(&label), esc(&row.key));
        format!("{label}<span class=\"code\">{code}</span>")
    }
}

fn legend(h: &mut String) {
    h.push_str(
        "<ul class=\"legend\"><li><span class=\"sw in-fill\"></span>TPHS: tỷ lệ số hóa thành phần hồ sơ</li>\
         <li><span class=\"sw kq-fill\"></span>KQ: tỷ lệ số hóa kết quả</li></ul>\n",
    );
}

/// Horizontal CSS bars of both rates per row; "" when there is nothing to chart.
fn chart_section(title: &str, rows: &[Row]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut h = String::new();
    w!(h, "<section class=\"card\">\n<h2>{title}</h2>\n");
    legend(&mut h);
    for row in rows {
        w!(h, "<div class=\"item\"><div class=\"lbl\">{}</div>", label_html(row));
        for (tag, class, rate, done, of) in series(row) {
            w!(
                h,
                "<div class=\"bar-row\" title=\"{tag}: {} / {}\"><span class=\"tag\">{tag}</span>\
                 <span class=\"track\"><span class=\"bar {class}-fill\" style=\"width:{:.2}%\"></span></span>\
                 <span class=\"val\">{}</span></div>",
                num(done),
                num(of),
                width(rate),
                pct(rate)
            );
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
    h
}

/// Monthly line chart of both rates as inline SVG, each point labelled with its percentage.
fn trend(h: &mut String, rows: &[Row]) {
    if rows.is_empty() {
        return;
    }
    let (step, left, top, plot) = (96.0, 56.0, 30.0, 190.0);
    let n = rows.len() as f64;
    let (wd, ht) = (left + step * n + 10.0, top + plot + 56.0);
    let x = |i: usize| left + step * (i as f64 + 0.5);
    let y = |rate: f64| top + plot * (1.0 - width(rate) / 100.0);
    h.push_str("<section class=\"card\">\n<h2>Xu hướng tỷ lệ số hóa theo tháng</h2>\n");
    legend(h);
    w!(
        h,
        "<div class=\"trend\"><svg viewBox=\"0 0 {wd} {ht}\" style=\"min-width:{}px;max-width:{}px\" \
         role=\"img\" aria-label=\"Tỷ lệ số hóa TPHS và kết quả theo tháng\">\n",
        (n * 56.0).max(300.0),
        (wd * 1.35).max(640.0)
    );
    for g in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let gy = y(g / 100.0);
        w!(
            h,
            "<line class=\"grid\" x1=\"{left}\" x2=\"{}\" y1=\"{gy}\" y2=\"{gy}\"/>\
             <text class=\"axis\" x=\"{}\" y=\"{}\">{g}%</text>\n",
            wd - 6.0,
            left - 6.0,
            gy + 4.0
        );
    }
    // A rate with nothing to divide by (no dossier received, or none resolved, that month) is
    // not 0%: the month gets no point for it.
    let input = |r: &Row| (r.received > 0).then_some(r.input_rate);
    let result = |r: &Row| (r.resolved > 0).then_some(r.result_rate);
    let series = |f: &dyn Fn(&Row) -> Option<f64>| {
        let pts = rows.iter().enumerate().filter_map(|(i, r)| f(r).map(|v| format!("{:.1},{:.1}", x(i), y(v))));
        pts.collect::<Vec<_>>().join(" ")
    };
    w!(
        h,
        "<polyline class=\"l-in\" points=\"{}\"/>\n<polyline class=\"l-kq\" points=\"{}\"/>\n",
        series(&input),
        series(&result)
    );
    for (i, r) in rows.iter().enumerate() {
        let xi = x(i);
        // Markers differ in shape as well as colour. The higher value is labelled above its
        // point and the lower one below, so the two labels of a month never overlap.
        let (ri, rk) = (input(r), result(r));
        let in_above = width(ri.unwrap_or(0.0)) >= width(rk.unwrap_or(0.0)) || rk.is_none();
        let (dy_in, dy_kq) = if in_above { (-10.0, 25.0) } else { (25.0, -10.0) };
        if let Some(ri) = ri {
            w!(
                h,
                "<circle class=\"p-in\" cx=\"{xi:.1}\" cy=\"{:.1}\" r=\"5\"/><text class=\"t-in\" x=\"{xi:.1}\" y=\"{:.1}\">{}</text>\n",
                y(ri),
                y(ri) + dy_in,
                pct(ri)
            );
        }
        if let Some(rk) = rk {
            w!(
                h,
                "<rect class=\"p-kq\" x=\"{:.1}\" y=\"{:.1}\" width=\"9\" height=\"9\"/><text class=\"t-kq\" x=\"{xi:.1}\" y=\"{:.1}\">{}</text>\n",
                xi - 4.5,
                y(rk) - 4.5,
                y(rk) + dy_kq,
                pct(rk)
            );
        }
        w!(h, "<text x=\"{xi:.1}\" y=\"{:.1}\">{}</text>\n", top + plot + 48.0, esc(&month(name(r))));
    }
    h.push_str("</svg></div>\n</section>\n");
}

/// Both series of a row: (tag, CSS class, rate, digitized, out of).
fn series(r: &Row) -> [(&'static str, &'static str, f64, u64, u64); 2] {
    [
        ("TPHS", "in", r.input_rate, r.input_digitized, r.received),
        ("KQ", "kq", r.result_rate, r.result_digitized, r.resolved),
    ]
}

/// The row's label, or its key when it has none.
fn name(row: &Row) -> &str {
    if row.label.is_empty() { &row.key } else { &row.label }
}

fn footer(h: &mut String, r: &Report) {
    h.push_str(
        "<footer class=\"card\">\n<p><b>Tỷ lệ số hóa TPHS</b> = số hồ sơ tiếp nhận trong kỳ có tất cả thành phần hồ sơ \
         thuộc diện phải số hóa đã được số hóa ÷ số hồ sơ tiếp nhận trong kỳ.</p>\n\
         <p><b>Có tái sử dụng thành phần</b>: số hồ sơ tiếp nhận trong kỳ có ít nhất một thành phần lấy từ dữ liệu \
         đã số hóa (không nộp, không quét lại); tỷ lệ = số đó ÷ số hồ sơ tiếp nhận trong kỳ.</p>\n\
         <p><b>Tỷ lệ số hóa KQ</b> = số hồ sơ đã giải quyết trong kỳ có kết quả được số hóa ÷ số hồ sơ đã giải quyết trong kỳ.</p>\n",
    );
    let notes = [("chưa nhận dạng loại", r.unknown), ("chưa gắn hồ sơ", r.unlinked)];
    let notes: Vec<String> = notes
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("<li>Tài liệu {what}: <b>{}</b></li>", num(*n)))
        .collect();
    if !notes.is_empty() {
        w!(h, "<ul>{}</ul>\n", notes.concat());
    }
    h.push_str("<p>Báo cáo do sohoa lập.</p>\n</footer>\n");
}

/// "Từ 01/01/2025 đến 30/06/2025", or "toàn bộ" without bounds.
fn period(r: &Report) -> String {
    let d = |s: &Option<String>| s.as_deref().filter(|s| !s.is_empty()).map(date);
    match (d(&r.from), d(&r.to)) {
        (Some(f), Some(t)) => format!("từ {f} đến {t}"),
        (Some(f), None) => format!("từ {f}"),
        (None, Some(t)) => format!("đến {t}"),
        (None, None) => "toàn bộ".to_string(),
    }
}

/// Whether `s` starts like `pat`, where `9` stands for any ASCII digit.
fn starts_like(s: &str, pat: &str) -> bool {
    let digit_or = |(c, p): (u8, u8)| {
        if p == b'9' { c.is_ascii_digit() } else { c == p }
    };
    s.len() >= pat.len() && s.bytes().zip(pat.bytes()).all(digit_or)
}

/// ISO `YYYY-MM-DD` as `DD/MM/YYYY`; anything else unchanged.
fn date(s: &str) -> String {
    if !starts_like(s, "9999-99-99") {
        return s.to_string();
    }
    format!("{}/{}/{}", &s[8..10], &s[5..7], &s[0..4])
}

/// ISO date-time as `DD/MM/YYYY HH:MM`, with the zone unless it is Vietnam's (+07:00).
fn date_time(s: &str) -> String {
    if !starts_like(s, "9999-99-99T99:99") && !starts_like(s, "9999-99-99 99:99") {
        return s.to_string();
    }
    let zone = s[16..].trim_start_matches(|c: char| c == ':' || c == '.' || c.is_ascii_digit());
    let zone = match zone {
        "" | "+07:00" | "+0700" => String::new(),
        "Z" => " UTC".to_string(),
        z => format!(" (UTC{z})"),
    };
    format!("{} {}{zone}", date(s), &s[11..16])
}

/// `YYYY-MM` as `MM/YYYY`; anything else unchanged.
fn month(s: &str) -> String {
    if s.len() != 7 || !starts_like(s, "9999-99") {
        return s.to_string();
    }
    format!("{}/{}", &s[5..7], &s[0..4])
}

/// A rate as a Vietnamese percentage with 2 decimals: 0.7556 → "75,56%". Never NaN.
fn pct(rate: f64) -> String {
    let v = if rate.is_finite() { rate * 100.0 } else { 0.0 };
    let v = if v == 0.0 { 0.0 } else { v }; // no "-0,00%"
    format!("{v:.2}%").replace('.', ",")
}

/// A rate as a bar length in percent, clamped to 0..=100.
fn width(rate: f64) -> f64 {
    if rate.is_finite() { (rate * 100.0).clamp(0.0, 100.0) } else { 0.0 }
}

/// A count with Vietnamese thousands separators: 12345 → "12.345".
fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// HTML-escapes text for element content and quoted attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, label: &str, [received, input, resolved, result]: [u64; 4]) -> Row {
        let rate = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (input_rate, result_rate) = (rate(input, received), rate(result, resolved));
        let (key, label) = (key.to_string(), label.to_string());
        let (input_not_digitized, result_not_digitized) = (received - input, resolved - result);
        let (input_digitized, result_digitized, documents, pages) = (input, result, input * 2, 9);
        Row {
            key,
            label,
            received,
            input_digitized,
            input_not_digitized,
            input_rate,
            resolved,
            result_digitized,
            result_not_digitized,
            result_rate,
            documents,
            pages,
            reused: 0,
            reuse_rate: 0.0,
        }
    }

    fn sample() -> Report {
        let units = vec![
            row("000.00.00.H30", "000.00.00.H30", [450, 340, 350, 332]),
            row("<script>", "<script>alert('x') & \"y\"</script>", [0; 4]),
        ];
        let months =
            vec![row("2025-01", "2025-01", [200, 150, 150, 140]), row("2025-02", "2025-02", [250, 190, 200, 192])];
        Report {
            from: Some("2025-01-01".into()),
            to: Some("2025-06-30".into()),
            by: "unit".into(),
            generated_at: "2025-07-01T08:30:00+07:00".into(),
            totals: row("", "", [450, 340, 350, 332]),
            rows: units.clone(),
            by_unit: units,
            by_procedure: vec![row("1.001193", "Đăng ký khai sinh", [450, 340, 350, 332])],
            by_month: months,
            unlinked: 17,
            unknown: 1234,
            ..Report::default()
        }
    }

    #[test]
    fn escapes_data() {
        assert_eq!(esc("<a b=\"x\">'&'</a>"), "&lt;a b=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        let html = render(&sample());
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"));
        assert!(!html.contains("<script"), "raw markup from the data leaked");
    }

    #[test]
    fn shows_vietnamese_text_labels_and_counts() {
        let html = render(&sample());
        for s in [
            "<html lang=\"vi\">",
            "name=\"viewport\" content=\"width=device-width, initial-scale=1\"",
            "<h1>Báo cáo số hóa hồ sơ</h1>",
            "từ 01/01/2025 đến 30/06/2025",
            "01/07/2025 08:30",
            "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Tiếp nhận</th><th scope=\"col\">Chưa số hóa TPHS</th>\
             <th scope=\"col\">Có số hóa TPHS</th><th scope=\"col\">Tỷ lệ số hóa TPHS</th>\
             <th scope=\"col\">Có tái sử dụng thành phần</th><th scope=\"col\">Đã giải quyết</th><th scope=\"col\">Số hóa kết quả: Chưa</th>\
             <th scope=\"col\">Số hóa kết quả: Đã</th><th scope=\"col\">Tỷ lệ số hóa KQ</th>",
            "Tổng cộng",
            "Đăng ký khai sinh<span class=\"code\">1.001193</span>",
            ">01/2025</text>",
            ">02/2025</text>",
            "Tài liệu chưa nhận dạng loại: <b>1.234</b>",
            "Tài liệu chưa gắn hồ sơ: <b>17</b>",
        ] {
            assert!(html.contains(s), "missing {s:?}");
        }
        let r = sample();
        for row in r.rows.iter().chain(&r.by_unit).chain(&r.by_procedure) {
            assert!(html.contains(&esc(&row.label)), "missing row {:?}", row.label);
        }
    }

    #[test]
    fn formats_numbers_the_vietnamese_way() {
        assert_eq!([pct(0.7556), pct(0.0), pct(-0.0), pct(f64::NAN)], ["75,56%", "0,00%", "0,00%", "0,00%"]);
        assert_eq!([num(0), num(999), num(1234567)], ["0", "999", "1.234.567"]);
        let html = render(&sample());
        assert!(html.contains("75,56%") && html.contains("94,86%"), "340/450 and 332/350");
    }

    #[test]
    fn is_self_contained_and_never_nan() {
        let mut r = sample();
        r.by_month[0].input_rate = f64::NAN;
        r.by_unit[0].result_rate = f64::INFINITY;
        let html = render(&r);
        for bad in ["NaN", "inf", "http://", "https://", "<script", "<link", "<img", "url("] {
            assert!(!html.contains(bad), "found {bad:?}");
        }
    }

    #[test]
    fn empty_report_renders() {
        let html = render(&Report::default());
        assert!(html.contains("Không có hồ sơ trong kỳ báo cáo") && html.contains("toàn bộ"));
        assert!(html.contains("0,00%") && !html.contains("NaN") && !html.contains("inf"));
        assert!(!html.contains("Tài liệu chưa"), "zero counts are not shown");
        assert!(html.ends_with("</html>\n"));
    }

    #[test]
    fn procedure_and_month_layouts() {
        let mut r = sample();
        (r.unit, r.by, r.rows) = (Some("000.00.00.H55".into()), "procedure".into(), r.by_procedure.clone());
        let html = render(&r);
        assert!(html.contains("<th scope=\"col\">Thủ tục</th>"));
        assert!(html.contains("<dt>Đơn vị:</dt><dd>000.00.00.H55</dd>"));
        (r.by, r.rows) = ("month".into(), r.by_month.clone());
        assert!(render(&r).contains("<th scope=\"col\">Tháng</th><th scope=\"col\">Tiếp nhận</th>"));
        assert!(render(&r).contains("<th scope=\"row\">02/2025</th>"));
        assert_eq!(date_time("2025-07-01T01:30:00Z"), "01/07/2025 01:30 UTC");
        assert_eq!(date_time("not a date"), "not a date");
    }
}
