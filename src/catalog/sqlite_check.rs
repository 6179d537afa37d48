//! The SQLite catalog's own checks and its online backup.

use rusqlite::Connection;
use std::path::Path;

/// SQLite's integrity check, foreign keys, and the search indexes' own checks: one line per problem.
pub(super) fn integrity(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    for row in st.query_map([], |r| r.get::<_, String>(0))? {
        let line = row?;
        if line != "ok" {
            problems.push(format!("database: {line}"));
        }
    }
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let rows =
        st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        let (table, rowid, parent) = row?;
        let at = rowid.map_or_else(String::new, |r| format!(" row {r}"));
        problems.push(format!("{table}{at}: refers to a missing {parent} row"));
    }
    for table in ["page_search", "page_skeleton"] {
        let check = format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)");
        if let Err(e) = conn.execute(&check, []) {
            problems.push(format!("search index {table}: {e}"));
        }
    }
    Ok(problems)
}

/// A consistent copy taken while other runs may be writing: one read transaction, so the copy is
/// the catalog as of one moment. Written beside `dest` and renamed into place.
pub(super) fn backup(conn: &Connection, dest: &Path) -> Result<(), String> {
    if dest.exists() {
        return Err(format!("{} exists already; give a new file name", dest.display()));
    }
    let tmp = dest.with_extension(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let path = tmp.to_str().ok_or("the backup path is not valid UTF-8")?;
    let result = conn
        .execute("VACUUM INTO ?1", [path])
        .map_err(|e| e.to_string())
        .and_then(|_| std::fs::rename(&tmp, dest).map_err(|e| format!("cannot rename into {}: {e}", dest.display())));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
