//! The PostgreSQL catalog's own checks and its backup by `pg_dump`.

use postgres::Client;
use postgres::config::Host;
use std::path::Path;
use std::process::{Command, Stdio};

type PgResult<T> = Result<T, postgres::Error>;

/// Lines shown per kind of problem: enough to find them, not a flood for a badly broken catalog.
const SHOWN: i64 = 100;

type Reference = (&'static str, &'static str, &'static [&'static str], &'static str, &'static [&'static str]);

/// Every reference the schema makes: (table, its key as shown, its columns, table referred to,
/// their columns). PostgreSQL enforces them, but a restore or a load with triggers disabled
/// (session_replication_role = replica) does not.
const REFERENCES: &[Reference] = &[
    ("files", "path", &["sha256"], "documents", &["sha256"]),
    ("pages", "sha256, page_no", &["sha256"], "documents", &["sha256"]),
    ("page_codes", "sha256, page_no, value", &["sha256"], "documents", &["sha256"]),
    ("segments", "sha256, first_page", &["sha256"], "documents", &["sha256"]),
    ("links", "sha256, first_page, dossier_code", &["sha256", "first_page"], "segments", &["sha256", "first_page"]),
    ("links", "sha256, first_page, dossier_code", &["dossier_code"], "dossiers", &["code"]),
    ("labels", "sha256, first_page", &["sha256"], "documents", &["sha256"]),
    ("fields", "sha256, first_page, name", &["sha256", "first_page"], "segments", &["sha256", "first_page"]),
    ("signatures", "sha256", &["sha256"], "documents", &["sha256"]),
    ("signatures", "sha256", &["near_duplicate_of"], "documents", &["sha256"]),
    ("reuses", "dossier_code, sha256, first_page", &["dossier_code"], "dossiers", &["code"]),
    ("reuses", "dossier_code, sha256, first_page", &["sha256"], "documents", &["sha256"]),
    ("renditions", "sha256", &["sha256"], "documents", &["sha256"]),
];

/// Rows referring to missing rows, pages with text missing from the search columns, and
/// indexes left invalid: one line per problem.
pub(super) fn integrity(c: &mut Client) -> PgResult<Vec<String>> {
    let mut problems = Vec::new();
    for (table, key, columns, parent, parent_columns) in REFERENCES {
        let joined: Vec<String> = columns.iter().zip(*parent_columns).map(|(c, p)| format!("p.{p} = t.{c}")).collect();
        let sql = format!(
            "SELECT concat_ws(', ', {key}) FROM {table} t WHERE t.{} IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {}) ORDER BY 1 LIMIT {SHOWN}",
            columns[0],
            joined.join(" AND ")
        );
        for r in c.query(&sql, &[])? {
            let at: String = r.try_get(0)?;
            problems.push(format!("{table} ({at}): refers to a missing {parent} row"));
        }
    }
    let unindexed = c.query(
        &format!(
            "SELECT sha256, page_no FROM pages WHERE text <> '' AND (folded IS NULL OR skeleton IS NULL)
             ORDER BY sha256, page_no LIMIT {SHOWN}"
        ),
        &[],
    )?;
    for r in unindexed {
        let (sha, page): (String, i64) = (r.try_get(0)?, r.try_get(1)?);
        problems.push(format!("pages ({sha}, {page}): has text but is missing from the search index"));
    }
    let invalid = c.query(
        "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE NOT i.indisvalid AND c.relnamespace = current_schema()::regnamespace ORDER BY 1",
        &[],
    )?;
    for r in invalid {
        let name: String = r.try_get(0)?;
        problems.push(format!("index {name}: invalid (an interrupted build); rebuild it with REINDEX INDEX {name}"));
    }
    Ok(problems)
}

/// `pg_dump --format=custom` of the catalog into `dest`, a new file: one snapshot, so the copy
/// is the catalog as of one moment while others write. The password goes to pg_dump in its
/// environment, never on its command line, where any user could read it.
pub(super) fn backup(config: &postgres::Config, dest: &Path) -> Result<(), String> {
    if dest.exists() {
        return Err(format!("{} exists already; give a new file name", dest.display()));
    }
    let pg_dump = super::pg_conn::pg_binary("pg_dump")
        .ok_or("pg_dump not found: install PostgreSQL's client programs (Debian's postgresql-client package)")?;
    let tmp = dest.with_extension(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let mut cmd = Command::new(&pg_dump);
    cmd.args(["--format=custom", "--no-password", "--file"]).arg(&tmp);
    match config.get_hosts().first() {
        Some(Host::Tcp(h)) => {
            cmd.arg("--host").arg(h);
        }
        Some(Host::Unix(p)) => {
            cmd.arg("--host").arg(p);
        }
        None => {}
    }
    if let Some(port) = config.get_ports().first() {
        cmd.arg("--port").arg(port.to_string());
    }
    if let Some(user) = config.get_user() {
        cmd.arg("--username").arg(user);
    }
    // As a conninfo string, so that no database name is mistaken for one.
    let db = config.get_dbname().unwrap_or_default().replace('\\', "\\\\").replace('\'', "\\'");
    cmd.arg(format!("--dbname=dbname='{db}'"));
    cmd.env_remove("PGPASSWORD");
    if let Some(pw) = config.get_password() {
        cmd.env("PGPASSWORD", String::from_utf8_lossy(pw).as_ref());
    }
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", pg_dump.display()))?;
    if !out.status.success() {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("pg_dump failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()));
    }
    std::fs::rename(&tmp, dest).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot rename into {}: {e}", dest.display())
    })
}
