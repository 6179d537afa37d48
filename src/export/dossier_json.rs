//! `dossier.json`: a dossier in the field names of the national sync format (DOMAIN.md), so the
//! one-stop system can take the digitized components and results back: `TaiLieuNop` with
//! `DuocSoHoa` / `DuocLayTuKho`, `KetQua` with `MaKetQua` = `<MaHoSo>-KQ<n>`.

use crate::catalog::LinkedDoc;
use crate::dossiers::Dossier;
use crate::procedures::Procedures;
use serde_json::{Value, json};

/// A file as the bag holds it.
#[derive(Debug, Clone)]
pub(super) struct FileRef {
    /// Relative to the bag, e.g. `data/KetQua/giay_khai_sinh-0123456789abcdef.png`.
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// A document attached to the dossier, with its files in the bag.
#[derive(Debug, Clone)]
pub(super) struct Attached {
    pub doc: LinkedDoc,
    pub file: FileRef,
    pub searchable_pdf: Option<FileRef>,
}

pub(super) fn render(d: &Dossier, procs: &Procedures, docs: &[Attached]) -> String {
    let procedure = procs.procedure(&d.procedure_code);
    let role = |r: &'static str| docs.iter().filter(move |a| a.doc.link.role == r);
    let mut components: Vec<Value> = Vec::new();
    for c in procedure.map(|p| p.components.as_slice()).unwrap_or_default() {
        let mine: Vec<&Attached> = role("input").filter(|a| a.doc.segment.doc_type == c.doc_type).collect();
        components.push(json!({
            "MaLoaiTaiLieu": c.doc_type,
            "TenTaiLieu": c.name,
            "BatBuoc": u8::from(c.required),
            "PhaiSoHoa": u8::from(c.must_digitize),
            "DuocSoHoa": u8::from(!mine.is_empty()),
            "DuocLayTuKho": u8::from(mine.iter().any(|a| a.doc.link.method == "reuse")),
            "TepTin": mine.iter().map(|a| file_json(a)).collect::<Vec<_>>(),
        }));
    }
    let results: Vec<Value> = role("result")
        .enumerate()
        .map(|(i, a)| {
            let name = procs.doc_type(&a.doc.segment.doc_type).map_or("", |t| t.name.as_str());
            json!({
                "MaKetQua": format!("{}-KQ{}", d.code, i + 1),
                "MaLoaiTaiLieu": a.doc.segment.doc_type,
                "TenKetQua": name,
                "DuongDanTepTinKetQua": a.searchable_pdf.as_ref().unwrap_or(&a.file).path,
                "TepTin": [file_json(a)],
            })
        })
        .collect();
    let others: Vec<Value> = docs
        .iter()
        .filter(|a| !matches!(a.doc.link.role.as_str(), "input" | "result"))
        .map(|a| json!({"VaiTro": a.doc.link.role, "MaLoaiTaiLieu": a.doc.segment.doc_type, "TepTin": [file_json(a)]}))
        .collect();
    let v = json!({
        "MaHoSo": d.code,
        "MaTTHC": d.procedure_code,
        "TenTTHC": procedure.map(|p| p.name.as_str()),
        "MaCoQuan": d.unit,
        "SoDinhDanh": d.owner_id,
        "NgayTiepNhan": d.received_at,
        "NgayHenTra": d.due_at,
        "NgayKetThucXuLy": d.resolved_at,
        "TrangThai": d.status,
        "KenhThucHien": d.channel,
        "TaiLieuNop": components,
        "KetQua": results,
        "TaiLieuKhac": others,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

fn file_json(a: &Attached) -> Value {
    let s = &a.doc.segment;
    json!({
        "TenTep": a.file.path.rsplit('/').next().unwrap_or(&a.file.path),
        "DuongDan": a.file.path,
        "SHA256": a.file.sha256,
        "KichThuoc": a.file.size,
        "TuTrang": s.first_page,
        "DenTrang": s.last_page,
        "CachGan": a.doc.link.method,
        "BanTimKiem": a.searchable_pdf.as_ref().map(|p| json!({"DuongDan": p.path, "SHA256": p.sha256, "KichThuoc": p.size})),
    })
}
