//! Reaching a PostgreSQL catalog: its URL, shown without the password; the password, found the
//! way libpq finds it; and PostgreSQL's errors turned into messages for people.

use super::pg_tls::Tls;
use postgres::config::Host;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The catalog URL with any password taken out: `postgres://user:secret@host/db?password=x`
/// shows as `postgres://user@host/db`. Every message names the catalog by this.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return redact_params(url, ' ');
    };
    let (main, query) = match rest.split_once('?') {
        Some((m, q)) => (m, Some(q)),
        None => (rest, None),
    };
    // The last '@' ends the credentials, so a password holding '@' or '/' never shows.
    let main = match main.rfind('@') {
        Some(at) => {
            let user = main[..at].split(':').next().unwrap_or("");
            format!("{user}@{}", &main[at + 1..])
        }
        None => main.to_string(),
    };
    match query.map(|q| redact_params(q, '&')).filter(|q| !q.is_empty()) {
        Some(q) => format!("{scheme}://{main}?{q}"),
        None => format!("{scheme}://{main}"),
    }
}

/// `key=value` pairs split by `sep`, without the password.
fn redact_params(s: &str, sep: char) -> String {
    let kept: Vec<&str> = s.split(sep).filter(|kv| !kv.trim_start().starts_with("password=")).collect();
    kept.join(&sep.to_string())
}

/// The connection settings for `url`, with the password from the URL, else `PGPASSWORD`, else
/// the pgpass file, as libpq would; and what TLS it asks for (see `pg_tls`).
pub(super) fn config(url: &str) -> Result<(postgres::Config, Tls), String> {
    config_with(url, &|key| std::env::var_os(key))
}

/// `config`, with the environment read through `env`.
pub(super) fn config_with(
    url: &str,
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<(postgres::Config, Tls), String> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err("not a PostgreSQL URL: write postgres://USER@HOST[:PORT]/DATABASE".into());
    }
    let (url, tls) = super::pg_tls::split(url, env)?;
    let mut config: postgres::Config =
        url.parse().map_err(|e: postgres::Error| format!("cannot read the catalog URL: {}", describe(&e)))?;
    config.ssl_mode(tls.mode);
    if config.get_user().is_none() {
        return Err("the catalog URL names no user: write postgres://USER@HOST[:PORT]/DATABASE".into());
    }
    if config.get_dbname().is_none() {
        return Err("the catalog URL names no database: write postgres://USER@HOST[:PORT]/DATABASE".into());
    }
    if config.get_password().is_none() {
        let from_env = env("PGPASSWORD").and_then(|p| p.into_string().ok()).filter(|p| !p.is_empty());
        let found = from_env.or_else(|| pgpass_password(&config, env));
        if let Some(password) = found {
            config.password(password);
        }
    }
    // A host that does not answer should fail a run in seconds, not hang it.
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(30));
    }
    if config.get_application_name().is_none() {
        config.application_name("sohoa");
    }
    Ok((config, tls))
}

/// The pgpass file's password for this connection, if the file exists, is private to its owner
/// (libpq ignores it otherwise) and has a matching line.
fn pgpass_password(config: &postgres::Config, env: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> Option<String> {
    let path = match env("PGPASSFILE") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env("HOME")?).join(".pgpass"),
    };
    if !private(&path) {
        return None;
    }
    let contents = std::fs::read_to_string(&path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // libpq matches a socket connection with the pgpass host `localhost`.
        Some(Host::Unix(_)) | None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let key = [host.as_str(), port.as_str(), config.get_dbname()?, config.get_user()?];
    pgpass_lookup(&contents, key)
}

fn private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 == 0)
}

/// The password of the first line of a pgpass file matching [host, port, database, user]:
/// lines `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped.
pub(super) fn pgpass_lookup(contents: &str, key: [&str; 4]) -> Option<String> {
    contents
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(pgpass_fields)
        .find(|fields| fields.iter().zip(key).take(4).all(|(f, k)| f == "*" || f == k))
        .map(|mut fields| fields.swap_remove(4))
}

/// The five fields of a pgpass line, unescaped; None for a line that has fewer.
fn pgpass_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut()?.extend(chars.next()),
            // The password is the rest of the line, colons and all.
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut()?.push(c),
        }
    }
    (fields.len() == 5).then_some(fields)
}

/// Whether `e` means the connection is gone (server restart, terminated session, network).
pub(super) fn is_lost(e: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        return [SqlState::ADMIN_SHUTDOWN, SqlState::CRASH_SHUTDOWN, SqlState::CANNOT_CONNECT_NOW].contains(code)
            || code.code().starts_with("08");
    }
    std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
}

/// PostgreSQL's own message, which the client's `Display` leaves out.
pub(crate) fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = db.message().to_string();
        if let Some(detail) = db.detail() {
            s.push_str(&format!(" ({detail})"));
        }
        if let Some(hint) = db.hint() {
            s.push_str(&format!("; {hint}"));
        }
        return s;
    }
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

/// A PostgreSQL client program (`pg_dump`): on PATH, else the newest of Debian's
/// /usr/lib/postgresql/*/bin, which its packages do not all put on PATH.
pub(crate) fn pg_binary(name: &str) -> Option<PathBuf> {
    pg_bin_dirs().map(|d| d.join(name)).find(|p| p.is_file())
}

/// Where PostgreSQL's programs may be, in the order to look: PATH, then Debian's folders.
pub(crate) fn pg_bin_dirs() -> impl Iterator<Item = PathBuf> {
    let path = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    path.into_iter().chain(debian_pg_bins())
}

/// Debian's /usr/lib/postgresql/VERSION/bin folders, newest first.
fn debian_pg_bins() -> Vec<PathBuf> {
    let mut found: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let version = name.split('.').map(|p| p.parse().ok()).collect::<Option<Vec<u32>>>()?;
            Some((version, e.path().join("bin")))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0));
    found.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_passwords() {
        assert_eq!(redact("postgres://u:s3cret@db.local:5433/cat"), "postgres://u@db.local:5433/cat");
        assert_eq!(redact("postgresql://u@h/cat"), "postgresql://u@h/cat");
        assert_eq!(redact("postgres://u:p@ss/w@rd@h/cat"), "postgres://u@h/cat");
        assert_eq!(redact("postgres://u@h/cat?password=x&connect_timeout=5"), "postgres://u@h/cat?connect_timeout=5");
        assert_eq!(redact("postgres://u@h/cat?password=x"), "postgres://u@h/cat");
        assert_eq!(redact("host=h password=x user=u"), "host=h user=u");
    }

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        let file = "# comment\n\
                    other:5432:cat:u:wrong\n\
                    db.local:*:cat:u:p\\:a\\\\ss:word\n\
                    *:*:*:*:fallback\n";
        assert_eq!(pgpass_lookup(file, ["db.local", "5433", "cat", "u"]), Some("p:a\\ss:word".into()));
        assert_eq!(pgpass_lookup(file, ["other", "5432", "cat", "u"]), Some("wrong".into()));
        assert_eq!(pgpass_lookup(file, ["x", "1", "y", "z"]), Some("fallback".into()));
        assert_eq!(pgpass_lookup("h:5432:cat:u\n", ["h", "5432", "cat", "u"]), None, "a line without a password");
        assert_eq!(pgpass_lookup("", ["h", "5432", "cat", "u"]), None);
    }

    #[test]
    fn the_password_comes_from_the_url_then_pgpassword_then_a_private_pgpass_file() {
        use std::ffi::OsString;
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "h:5433:cat:u:from-file\n").unwrap();
        let env = |vars: Vec<(&'static str, OsString)>| {
            move |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
        };
        let password = |url: &str, vars: Vec<(&'static str, OsString)>| {
            config_with(url, &env(vars)).unwrap().0.get_password().map(|p| String::from_utf8_lossy(p).into_owned())
        };
        let pgpassfile = || vec![("PGPASSFILE", file.clone().into_os_string())];
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(password("postgres://u@h:5433/cat", pgpassfile()), Some("from-file".into()));
        assert_eq!(password("postgres://u@h:5433/other", pgpassfile()), None, "no line for that database");
        let mut both = pgpassfile();
        both.push(("PGPASSWORD", "from-env".into()));
        assert_eq!(password("postgres://u@h:5433/cat", both.clone()), Some("from-env".into()));
        assert_eq!(password("postgres://u:in-url@h:5433/cat", both), Some("in-url".into()));
        let home = vec![("HOME", dir.path().as_os_str().to_owned())];
        std::fs::copy(&file, dir.path().join(".pgpass")).unwrap();
        assert_eq!(password("postgres://u@h:5433/cat", home), Some("from-file".into()), "~/.pgpass by default");
        // libpq ignores a pgpass file that its group or the world can read.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(password("postgres://u@h:5433/cat", pgpassfile()), None);
    }

    #[test]
    fn urls_that_are_not_postgres_or_lack_a_user_are_refused() {
        assert!(config("sqlite:///x").unwrap_err().contains("not a PostgreSQL URL"));
        assert!(config("postgres://h/cat").unwrap_err().contains("no user"));
        assert!(config("postgres://u@h").unwrap_err().contains("no database"));
        let (c, _) = config("postgres://u:pw@h:5433/cat").unwrap();
        assert_eq!(c.get_password(), Some(&b"pw"[..]));
        assert_eq!(c.get_ports(), &[5433]);
    }
}
