//! TLS to the PostgreSQL catalog, with libpq's `sslmode` and `sslrootcert` meanings: the
//! parameters of the catalog URL (`?sslmode=verify-full&sslrootcert=/etc/sohoa/ca.pem`), else
//! `PGSSLMODE` and `PGSSLROOTCERT`.
//!
//! - `disable`: plain TCP.
//! - `prefer` (the default) and `require`: encrypted when the server offers it (`require`: or
//!   refused), without checking the certificate, as libpq does; given a root certificate,
//!   `require` checks the chain like `verify-ca`.
//! - `verify-ca`: the certificate must chain to the root certificate (or, without one, to the
//!   system's trusted roots).
//! - `verify-full`: that, and the certificate must name the host connected to.

use native_tls::{Certificate, TlsConnector};
use postgres::config::SslMode;
use postgres_native_tls::MakeTlsConnector;
use std::ffi::OsString;
use std::path::PathBuf;

/// How the certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    Nothing,
    Chain,
    ChainAndHost,
}

/// What the URL and environment ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tls {
    pub mode: SslMode,
    pub check: Check,
    pub root_cert: Option<PathBuf>,
}

/// Take `sslmode` and `sslrootcert` out of `url` (the driver knows only disable, prefer and
/// require, and not the root certificate): the URL left, and what they ask for.
pub(super) fn split(url: &str, env: &dyn Fn(&str) -> Option<OsString>) -> Result<(String, Tls), String> {
    let (main, query) = url.split_once('?').unwrap_or((url, ""));
    let (mut mode, mut root) = (None, None);
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", v)) => mode = Some(decode(v)),
            Some(("sslrootcert", v)) => root = Some(decode(v)),
            _ => kept.push(pair),
        }
    }
    let from_env = |key| env(key).and_then(|v| v.into_string().ok()).filter(|v| !v.is_empty());
    let mode = mode.or_else(|| from_env("PGSSLMODE")).unwrap_or_else(|| "prefer".into());
    let root_cert = root.or_else(|| from_env("PGSSLROOTCERT")).map(PathBuf::from);
    let (mode, check) = match mode.as_str() {
        "disable" => (SslMode::Disable, Check::Nothing),
        "prefer" => (SslMode::Prefer, Check::Nothing),
        "require" if root_cert.is_some() => (SslMode::Require, Check::Chain),
        "require" => (SslMode::Require, Check::Nothing),
        "verify-ca" => (SslMode::Require, Check::Chain),
        "verify-full" => (SslMode::Require, Check::ChainAndHost),
        other => {
            return Err(format!("sslmode `{other}` is not one of disable, prefer, require, verify-ca, verify-full"));
        }
    };
    let url = if kept.is_empty() { main.to_string() } else { format!("{main}?{}", kept.join("&")) };
    Ok((url, Tls { mode, check, root_cert }))
}

/// The connector that does what `tls` asks; an error names an unreadable root certificate.
pub(super) fn connector(tls: &Tls) -> Result<MakeTlsConnector, String> {
    let mut b = TlsConnector::builder();
    match tls.check {
        Check::Nothing => {
            b.danger_accept_invalid_certs(true).danger_accept_invalid_hostnames(true);
        }
        Check::Chain => {
            b.danger_accept_invalid_hostnames(true);
        }
        Check::ChainAndHost => {}
    }
    if let Some(path) = &tls.root_cert {
        let pem = std::fs::read(path).map_err(|e| format!("cannot read sslrootcert {}: {e}", path.display()))?;
        let cert = Certificate::from_pem(&pem)
            .map_err(|e| format!("sslrootcert {} is not a PEM certificate: {e}", path.display()))?;
        // The server is trusted through this root alone, as libpq does.
        b.add_root_certificate(cert).disable_built_in_roots(true);
    }
    b.build().map(MakeTlsConnector::new).map_err(|e| format!("cannot set up TLS: {e}"))
}

/// `%XX` escapes in a URL parameter's value.
fn decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_with(url: &str, vars: &[(&str, &str)]) -> Result<(String, Tls), String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        split(url, &|k| vars.iter().find(|(key, _)| key == k).map(|(_, v)| OsString::from(v)))
    }

    #[test]
    fn sslmode_and_sslrootcert_are_taken_out_of_the_url_with_libpqs_meanings() {
        let (url, tls) = split_with("postgres://u@h/db", &[]).unwrap();
        assert_eq!((url.as_str(), tls.mode, tls.check), ("postgres://u@h/db", SslMode::Prefer, Check::Nothing));

        let (url, tls) =
            split_with("postgres://u@h/db?application_name=x&sslmode=verify-full&sslrootcert=/etc/my%20ca.pem", &[])
                .unwrap();
        assert_eq!(url, "postgres://u@h/db?application_name=x");
        assert_eq!((tls.mode, tls.check), (SslMode::Require, Check::ChainAndHost));
        assert_eq!(tls.root_cert, Some(PathBuf::from("/etc/my ca.pem")));

        let modes = [
            ("disable", SslMode::Disable, Check::Nothing),
            ("require", SslMode::Require, Check::Nothing),
            ("verify-ca", SslMode::Require, Check::Chain),
        ];
        for (name, mode, check) in modes {
            let (_, tls) = split_with(&format!("postgres://u@h/db?sslmode={name}"), &[]).unwrap();
            assert_eq!((tls.mode, tls.check), (mode, check), "{name}");
        }
        // require with a root certificate checks the chain, as libpq does.
        let (_, tls) = split_with("postgres://u@h/db?sslmode=require&sslrootcert=ca.pem", &[]).unwrap();
        assert_eq!(tls.check, Check::Chain);
    }

    #[test]
    fn the_environment_fills_in_what_the_url_does_not_say_and_bad_modes_are_named() {
        let env = [("PGSSLMODE", "verify-ca"), ("PGSSLROOTCERT", "/ca.pem")];
        let (_, tls) = split_with("postgres://u@h/db", &env).unwrap();
        assert_eq!((tls.check, tls.root_cert), (Check::Chain, Some(PathBuf::from("/ca.pem"))));
        let (_, tls) = split_with("postgres://u@h/db?sslmode=disable", &env).unwrap();
        assert_eq!(tls.mode, SslMode::Disable, "the URL wins");
        let e = split_with("postgres://u@h/db?sslmode=always", &[]).unwrap_err();
        assert!(e.contains("sslmode `always`"), "{e}");
    }

    #[test]
    fn an_unreadable_root_certificate_is_named() {
        let tls = Tls { mode: SslMode::Require, check: Check::Chain, root_cert: Some("/no/such/ca.pem".into()) };
        let e = connector(&tls).err().unwrap();
        assert!(e.contains("cannot read sslrootcert /no/such/ca.pem"), "{e}");
    }
}
