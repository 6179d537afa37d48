//! The PostgreSQL catalog's canonical dump (`Catalog::dump`): the tables, columns and line
//! format of sqlite_dump.rs, so that equal content dumps equal on both backends.

use super::sqlite_dump::{Cell, Kind, TABLES, line};
use postgres::Client;

type PgResult<T> = Result<T, postgres::Error>;

/// Reals are read as float8 (REAL widens exactly), text is ordered by bytes as SQLite orders it.
pub(super) fn dump(c: &mut Client) -> PgResult<Vec<String>> {
    let mut out = Vec::new();
    for t in TABLES {
        let columns: Vec<String> = t
            .columns
            .iter()
            .map(|(name, kind)| match kind {
                Kind::Real => format!("{name}::float8"),
                _ => name.to_string(),
            })
            .collect();
        let order: Vec<String> = t
            .order
            .iter()
            .map(|name| {
                let text = t.columns.iter().any(|(c, k)| c == name && *k == Kind::Text);
                if text { format!("{name} COLLATE \"C\"") } else { name.to_string() }
            })
            .collect();
        let sql = format!("SELECT {} FROM {} ORDER BY {}", columns.join(", "), t.name, order.join(", "));
        for r in c.query(&sql, &[])? {
            let cells =
                t.columns.iter().enumerate().map(|(i, (_, kind))| cell(&r, i, *kind)).collect::<PgResult<Vec<_>>>()?;
            out.push(line(t, &cells));
        }
    }
    Ok(out)
}

fn cell(r: &postgres::Row, i: usize, kind: Kind) -> PgResult<Cell> {
    Ok(match kind {
        Kind::Text => r.try_get::<_, Option<String>>(i)?.map_or(Cell::Null, Cell::Text),
        Kind::Int | Kind::Hash64 => r.try_get::<_, Option<i64>>(i)?.map_or(Cell::Null, Cell::Int),
        Kind::Real => r.try_get::<_, Option<f64>>(i)?.map_or(Cell::Null, Cell::Real),
    })
}
