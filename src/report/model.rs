//! The figures a report shows, computed once and rendered as a table, CSV, JSON or HTML.

use serde::Serialize;

/// One line of a report: a unit, a procedure, a month, or the whole period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Row {
    /// Unit code (MaCoQuan), procedure code (MaTTHC), or month `YYYY-MM`; "" for totals.
    pub key: String,
    /// A readable name: the procedure's name, the unit code again, or the month.
    pub label: String,
    /// Dossiers received in the period (NgayTiepNhan within it): "Tiếp nhận".
    pub received: u64,
    /// Received dossiers whose must-be-digitized components are all digitized: "Có số hóa TPHS".
    pub input_digitized: u64,
    /// received - input_digitized: "Chưa số hóa TPHS".
    pub input_not_digitized: u64,
    /// input_digitized / received, 0 when nothing was received.
    pub input_rate: f64,
    /// Received dossiers with at least one component taken from already digitized data
    /// (`sohoa reuse`): "Có tái sử dụng thành phần".
    pub reused: u64,
    /// reused / received, 0 when nothing was received.
    pub reuse_rate: f64,
    /// Dossiers resolved in the period (NgayKetThucXuLy within it): "Đã giải quyết".
    pub resolved: u64,
    /// Resolved dossiers with a digitized result: "Số hóa kết quả: Đã".
    pub result_digitized: u64,
    /// resolved - result_digitized: "Số hóa kết quả: Chưa".
    pub result_not_digitized: u64,
    /// result_digitized / resolved, 0 when nothing was resolved.
    pub result_rate: f64,
    /// Documents (segments) linked to these dossiers.
    pub documents: u64,
    /// Pages of those documents.
    pub pages: u64,
}

/// A whole report. `rows` follows `by`; the three breakdowns are always filled so the HTML
/// report can chart them all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Inclusive ISO dates, when given.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only this unit, when given.
    pub unit: Option<String>,
    /// "unit", "procedure" or "month".
    pub by: String,
    /// ISO 8601 time the report was made.
    pub generated_at: String,
    pub totals: Row,
    pub rows: Vec<Row>,
    pub by_unit: Vec<Row>,
    pub by_procedure: Vec<Row>,
    pub by_month: Vec<Row>,
    /// Documents in the catalog that no dossier could be linked to, and of unknown type.
    pub unlinked: u64,
    pub unknown: u64,
}
