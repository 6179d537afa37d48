//! Reading the PostgreSQL catalog's rows into the catalog's types.

use super::{LinkRow, SegmentRow};
use postgres::Row;
use postgres::types::{FromSql, Type};

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A u32 kept in a BIGINT column (page numbers, counts): out of range is an error, as with
/// rusqlite, never a wrap.
pub(super) struct U32(pub u32);

impl<'a> FromSql<'a> for U32 {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(U32(u32::try_from(i64::from_sql(ty, raw)?)?))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::INT8
    }
}

pub(super) fn u32_at(r: &Row, i: usize) -> Result<u32, postgres::Error> {
    Ok(r.try_get::<_, U32>(i)?.0)
}

/// u64 stored as BIGINT (sizes): the same two's-complement cast as the SQLite backend's.
pub(super) fn u64_at(r: &Row, i: usize) -> Result<u64, postgres::Error> {
    Ok(r.try_get::<_, i64>(i)? as u64)
}

/// The columns `segment` reads, for a segments table aliased `s`.
pub(super) const SEGMENT_COLUMNS: &str =
    "s.first_page, s.last_page, s.doc_type, s.confidence, s.method, s.evidence, s.link_note";

pub(super) fn segment(r: &Row, at: usize) -> Result<SegmentRow, postgres::Error> {
    Ok(SegmentRow {
        first_page: u32_at(r, at)?,
        last_page: u32_at(r, at + 1)?,
        doc_type: r.try_get(at + 2)?,
        confidence: r.try_get(at + 3)?,
        method: r.try_get(at + 4)?,
        evidence: r.try_get(at + 5)?,
        link_note: r.try_get(at + 6)?,
    })
}

/// A link from `dossier_code, role, role_reason, method, evidence` at `at`.
pub(super) fn link(r: &Row, at: usize, first_page: u32) -> Result<LinkRow, postgres::Error> {
    Ok(LinkRow {
        first_page,
        dossier_code: r.try_get(at)?,
        role: r.try_get(at + 1)?,
        role_reason: r.try_get(at + 2)?,
        method: r.try_get(at + 3)?,
        evidence: r.try_get(at + 4)?,
    })
}
