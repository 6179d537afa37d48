//! A throwaway PostgreSQL server for tests and benchmarks: `initdb` in a temporary folder and
//! `postgres` started as a child process that dies with the process that started it.
//!
//! Not a stable API: public only so that the integration tests and the benches can use it.
//! Everything here panics on failure, with the server's log when there is one: a test that needs
//! PostgreSQL must fail loudly when it cannot have it, never skip.

use std::ffi::CString;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The superuser that `initdb` creates; tests connect as it.
pub const USER: &str = "sohoa";

const MISSING: &str = "PostgreSQL server binaries not found: install Debian's postgresql package (`make deps` does)";

/// A PostgreSQL server of its own, on 127.0.0.1 at a free port, in a temporary folder.
pub struct TempPostgres {
    port: u16,
    password: String,
    pid: i32,
    dir: tempfile::TempDir,
    next_db: AtomicU64,
    /// None for the shared server, which lives as long as the process.
    own: Option<Owned>,
}

/// What an instance of its own needs to stop its server when dropped.
struct Owned {
    stop: mpsc::Sender<Order>,
    keeper: Option<JoinHandle<()>>,
}

/// The shared server, or why it could not start (told again to every test that asks).
static SHARED: OnceLock<Result<TempPostgres, String>> = OnceLock::new();

impl TempPostgres {
    /// A new server of its own, stopped and removed when dropped.
    pub fn start() -> TempPostgres {
        Self::start_own(Kind::Fast)
    }

    /// A server of its own that flushes every commit to disk, as a production server does
    /// (the others skip fsync, for test speed): for benchmarks.
    pub fn start_durable() -> TempPostgres {
        Self::start_own(Kind::Durable)
    }

    /// A server of its own that also takes TLS connections, with a certificate for 127.0.0.1
    /// and localhost signed by a throwaway authority (`ca_cert`); made with `openssl`.
    pub fn start_with_tls() -> TempPostgres {
        Self::start_own(Kind::Tls)
    }

    /// The certificate of the authority that signed a TLS server's certificate.
    pub fn ca_cert(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn start_own(kind: Kind) -> TempPostgres {
        let (mut pg, stop, keeper) = Self::launch(kind).unwrap_or_else(|e| panic!("{e}"));
        pg.own = Some(Owned { stop, keeper: Some(keeper) });
        pg
    }

    /// The one server of this test process, started on first use and stopped at exit.
    pub fn shared() -> &'static TempPostgres {
        let shared = SHARED.get_or_init(|| {
            let (pg, stop, _keeper) = Self::launch(Kind::Fast)?;
            // The keeper thread waits on this for ever: the shared server is stopped at exit.
            std::mem::forget(stop);
            // SAFETY: registers a plain extern "C" function that captures nothing.
            unsafe { libc::atexit(stop_shared_at_exit) };
            Ok(pg)
        });
        match shared {
            Ok(pg) => pg,
            Err(e) => panic!("{e}"),
        }
    }

    fn launch(kind: Kind) -> Result<(TempPostgres, mpsc::Sender<Order>, JoinHandle<()>), String> {
        let dir = tempfile::Builder::new()
            .prefix("sohoa-pg-")
            .tempdir()
            .map_err(|e| format!("cannot create a folder for PostgreSQL: {e}"))?;
        let (server, stop, keeper) = launch(dir.path(), kind)?;
        let pg = TempPostgres {
            port: server.port,
            password: server.password,
            pid: server.pid,
            dir,
            next_db: AtomicU64::new(0),
            own: None,
        };
        Ok((pg, stop, keeper))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Restart the server as an operator does (`pg_ctl restart -m fast`: sessions cut, every
    /// commit kept), down for `down`; returns once it takes connections again, on the same port
    /// and data. Only for a server of its own.
    pub fn restart(&self, down: Duration) {
        self.restart_after(libc::SIGINT, down)
    }

    /// Crash the server (`pg_ctl stop -m immediate`: no checkpoint, and commits made without
    /// waiting for the disk may be lost) and start it again after `down`, recovering from its
    /// log as after a power cut of the server alone. Only for a server of its own.
    pub fn crash_and_restart(&self, down: Duration) {
        self.restart_after(libc::SIGQUIT, down)
    }

    fn restart_after(&self, signal: libc::c_int, down: Duration) {
        let own = self.own.as_ref().expect("only a server of its own can be restarted");
        let (done, restarted) = mpsc::channel();
        own.stop.send(Order::Restart { signal, down, done }).expect("the server's keeper thread is gone");
        restarted.recv().expect("the server's keeper thread died").unwrap_or_else(|e| panic!("{e}"));
    }

    /// The superuser's password (host connections need it; the socket trusts local users).
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The folder holding the data directory, the log and the Unix socket.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A new, empty database; its URL, without the password.
    pub fn fresh_database(&self) -> String {
        self.fresh_database_with("")
    }

    /// Like `fresh_database`, with extra `CREATE DATABASE` options (say, another collation).
    pub fn fresh_database_with(&self, options: &str) -> String {
        let n = self.next_db.fetch_add(1, Ordering::Relaxed);
        let name = format!("sohoa_{}_{n}", std::process::id());
        let mut admin = self.admin();
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\" {options}"))
            .unwrap_or_else(|e| panic!("cannot create database {name}: {}", describe(&e)));
        self.url(&name)
    }

    /// `postgres://sohoa@127.0.0.1:PORT/DB`, without the password, for `db` a name or a URL.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{}", self.port, db_name(db))
    }

    /// The URL of `db` (a database name, or a URL from `fresh_database`) with the password in it.
    pub fn url_with_password(&self, db: &str) -> String {
        format!("postgres://{USER}:{}@127.0.0.1:{}/{}", self.password, self.port, db_name(db))
    }

    /// A superuser connection to the `postgres` database.
    pub fn admin(&self) -> postgres::Client {
        self.connect("postgres").unwrap_or_else(|e| panic!("cannot connect to the test server: {}", describe(&e)))
    }

    /// End every session on `db` (a name or a URL) but the caller's own, as a dropped connection
    /// would, and wait until they are gone. How many there were.
    pub fn terminate_connections(&self, db: &str) -> usize {
        let db = db_name(db);
        let mut admin = self.admin();
        let sql = "WITH s AS MATERIALIZED (SELECT pid FROM pg_stat_activity \
                     WHERE datname = $1 AND pid <> pg_backend_pid()) \
                   SELECT pid FROM s WHERE pg_terminate_backend(pid)";
        let ended: Vec<i32> = admin
            .query(sql, &[&db])
            .unwrap_or_else(|e| panic!("cannot terminate sessions: {}", describe(&e)))
            .iter()
            .map(|r| r.get(0))
            .collect();
        // Those sessions, not the database's: their clients may have reconnected already.
        let left = "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)";
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let n: i64 = admin.query_one(left, &[&ended]).map(|r| r.get(0)).unwrap_or(0);
            if n == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        ended.len()
    }

    fn connect(&self, db: &str) -> Result<postgres::Client, postgres::Error> {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user(USER)
            .password(&self.password)
            .dbname(db)
            .connect_timeout(Duration::from_secs(5))
            .connect(postgres::NoTls)
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        if let Some(own) = &mut self.own {
            let _ = own.stop.send(Order::Stop);
            if let Some(keeper) = own.keeper.take() {
                let _ = keeper.join();
            }
        }
        // The folder goes with `dir`, now that the server is stopped.
    }
}

/// The database name in `db`, a name or a URL.
fn db_name(db: &str) -> &str {
    let path = db.rsplit('/').next().unwrap_or(db);
    path.split('?').next().unwrap_or(path)
}

/// A postgres error with the server's message, which `Display` alone leaves out.
fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{e}: {db}"),
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}

extern "C" fn stop_shared_at_exit() {
    if let Some(Ok(server)) = SHARED.get() {
        stop_pid(server.pid);
        let _ = std::fs::remove_dir_all(server.dir.path());
    }
}

/// Immediate shutdown (SIGQUIT), then SIGKILL if the server lingers; reaps it.
fn stop_pid(pid: i32) {
    stop_pid_with(pid, libc::SIGQUIT)
}

/// Shutdown by `signal` (SIGINT fast, SIGQUIT immediate), then SIGKILL if the server lingers
/// over 10 s; reaps it.
fn stop_pid_with(pid: i32, signal: libc::c_int) {
    // SAFETY: signalling and reaping our own child process.
    unsafe {
        libc::kill(pid, signal);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if libc::waitpid(pid, std::ptr::null_mut(), libc::WNOHANG) != 0 {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        libc::kill(pid, libc::SIGKILL);
        libc::waitpid(pid, std::ptr::null_mut(), 0);
    }
}

/// What a server is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Tests: no fsync, commits not waited for.
    Fast,
    /// Benchmarks: every commit flushed, as in production.
    Durable,
    /// As `Fast`, also taking TLS connections.
    Tls,
}

/// A throwaway certificate authority (`ca.pem`) and a server certificate it signed for
/// 127.0.0.1 and localhost (`server.crt`, `server.key`, the key private to the server's user).
fn make_certificates(dir: &Path, user: Option<&User>) -> Result<(), String> {
    let run = |args: &[&str]| -> Result<(), String> {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("cannot run openssl (Debian's openssl package; `make test` installs it): {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("openssl {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr)))
        }
    };
    let days = ["-days", "2"];
    run(&[
        &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=sohoa test CA"][..],
        &days,
        &["-keyout", "ca.key", "-out", "ca.pem"],
    ]
    .concat())?;
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ])?;
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        .map_err(|e| format!("cannot write the certificate extensions: {e}"))?;
    run(&[
        &["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"][..],
        &days,
        &["-extfile", "san.ext", "-out", "server.crt"],
    ]
    .concat())?;
    let key = dir.join("server.key");
    if let Some(u) = user {
        chown(&key, u)?;
        chown(&dir.join("server.crt"), u)?;
    }
    std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .map_err(|e| format!("cannot make the server key private: {e}"))
}

struct Started {
    port: u16,
    password: String,
    pid: i32,
}

/// What the thread keeping a server is told.
enum Order {
    Stop,
    Restart { signal: libc::c_int, down: Duration, done: mpsc::Sender<Result<(), String>> },
}

/// Start a server in `dir` from a thread that stays alive as long as the server should: the
/// server gets SIGKILL when the thread that spawned it ends (PR_SET_PDEATHSIG), and test threads
/// end after each test.
fn launch(dir: &Path, kind: Kind) -> Result<(Started, mpsc::Sender<Order>, JoinHandle<()>), String> {
    let (ready_tx, ready_rx) = mpsc::channel::<Result<Started, String>>();
    let (stop_tx, stop_rx) = mpsc::channel::<Order>();
    let dir = dir.to_path_buf();
    let keeper = std::thread::Builder::new()
        .name("temp-postgres".into())
        .spawn(move || match start_server(&dir, kind) {
            Ok((mut child, started)) => {
                let (port, password) = (started.port, started.password.clone());
                let _ = ready_tx.send(Ok(started));
                // Until told to stop, or, for the shared server, never: a sender is kept for ever.
                while let Ok(Order::Restart { signal, down, done }) = stop_rx.recv() {
                    stop_pid_with(child.id() as i32, signal);
                    std::thread::sleep(down);
                    let again = server_binaries().ok_or_else(|| MISSING.to_string()).and_then(|bin| {
                        let user = server_user()?;
                        serve(&bin, &dir, user.as_ref(), port, &password, kind).map_err(|(log, _)| log)
                    });
                    let _ = done.send(again.map(|c| child = c));
                }
                stop_pid(child.id() as i32);
            }
            Err(e) => {
                let _ = ready_tx.send(Err(e));
            }
        })
        .map_err(|e| format!("cannot start a thread for PostgreSQL: {e}"))?;
    match ready_rx.recv() {
        Ok(Ok(started)) => Ok((started, stop_tx, keeper)),
        Ok(Err(e)) => Err(e),
        Err(_) => Err("the thread starting PostgreSQL died".into()),
    }
}

/// initdb, then the server itself, retried on another port if the one chosen was taken meanwhile.
fn start_server(dir: &Path, kind: Kind) -> Result<(Child, Started), String> {
    let bin = server_binaries().ok_or(MISSING)?;
    let user = server_user()?;
    let password = random_password();
    let pwfile = dir.join("pwfile");
    std::fs::write(&pwfile, &password).map_err(|e| format!("cannot write {}: {e}", pwfile.display()))?;
    if let Some(u) = &user {
        chown(dir, u)?;
        chown(&pwfile, u)?;
    }
    let data = dir.join("data");
    let mut initdb = Command::new(bin.join("initdb"));
    initdb
        .args(["-U", USER, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale"])
        .arg("--pwfile")
        .arg(&pwfile)
        .arg("-D")
        .arg(&data);
    let out = run_as(&mut initdb, dir, user.as_ref())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.join("initdb").display()))?;
    let _ = std::fs::remove_file(&pwfile);
    if !out.status.success() {
        return Err(format!(
            "initdb failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if kind == Kind::Tls {
        make_certificates(dir, user.as_ref())?;
    }
    let mut last = String::new();
    for _ in 0..3 {
        let port = free_port()?;
        match serve(&bin, dir, user.as_ref(), port, &password, kind) {
            Ok(child) => {
                let pid = child.id() as i32;
                return Ok((child, Started { port, password, pid }));
            }
            Err((log, retry)) => {
                last = log;
                if !retry {
                    break;
                }
            }
        }
    }
    Err(last)
}

/// Start `postgres` on `port` and wait until it takes connections. On failure: the message with
/// the server's log, and whether another port may do better.
fn serve(
    bin: &Path,
    dir: &Path,
    user: Option<&User>,
    port: u16,
    password: &str,
    kind: Kind,
) -> Result<Child, (String, bool)> {
    let durable = kind == Kind::Durable;
    let log_path = dir.join("server.log");
    let log =
        std::fs::File::create(&log_path).map_err(|e| (format!("cannot create {}: {e}", log_path.display()), false))?;
    let log2 = log.try_clone().map_err(|e| (e.to_string(), false))?;
    let mut cmd = Command::new(bin.join("postgres"));
    cmd.arg("-D").arg(dir.join("data"));
    for setting in [
        "listen_addresses=127.0.0.1".to_string(),
        format!("port={port}"),
        format!("unix_socket_directories={}", dir.display()),
        format!("fsync={}", if durable { "on" } else { "off" }),
        format!("synchronous_commit={}", if durable { "on" } else { "off" }),
        format!("full_page_writes={}", if durable { "on" } else { "off" }),
        "max_connections=200".into(),
    ] {
        cmd.arg("-c").arg(setting);
    }
    if kind == Kind::Tls {
        cmd.args(["-c", "ssl=on", "-c"]).arg(format!("ssl_cert_file={}", dir.join("server.crt").display()));
        cmd.arg("-c").arg(format!("ssl_key_file={}", dir.join("server.key").display()));
    }
    cmd.stdin(Stdio::null()).stdout(log).stderr(log2);
    let mut child = run_as(&mut cmd, dir, user).spawn().map_err(|e| (format!("cannot start postgres: {e}"), false))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    let probe = |timeout| {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(port)
            .user(USER)
            .password(password)
            .dbname("postgres")
            .connect_timeout(timeout)
            .connect(postgres::NoTls)
    };
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let log = read_log(&log_path);
            let retry = log.contains("could not bind") || log.contains("already in use");
            return Err((format!("PostgreSQL exited at start ({status}); its log:\n{log}"), retry));
        }
        match probe(Duration::from_secs(2)) {
            Ok(client) => {
                drop(client);
                return Ok(child);
            }
            Err(e) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let log = read_log(&log_path);
                return Err((
                    format!("PostgreSQL did not accept connections within 60 s ({}); its log:\n{log}", describe(&e)),
                    false,
                ));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn read_log(path: &Path) -> String {
    let mut s = String::new();
    if let Ok(mut f) = std::fs::File::open(path) {
        let _ = f.read_to_string(&mut s);
    }
    s
}

/// The folder holding `initdb` and `postgres`: on PATH, else the newest of Debian's
/// /usr/lib/postgresql/*/bin, which its package does not put on PATH.
fn server_binaries() -> Option<PathBuf> {
    crate::catalog::pg_bin_dirs().find(|d| d.join("initdb").is_file() && d.join("postgres").is_file())
}

/// Who runs the server: PostgreSQL refuses to run as root, so as root, Debian's `postgres` user
/// (or `nobody`); as anyone else, oneself.
struct User {
    uid: libc::uid_t,
    gid: libc::gid_t,
}

fn server_user() -> Result<Option<User>, String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    for name in ["postgres", "nobody"] {
        let c = CString::new(name).map_err(|e| e.to_string())?;
        // SAFETY: getpwnam reads the passwd database; the result is copied out at once, before
        // any other call could overwrite it.
        let pw = unsafe { libc::getpwnam(c.as_ptr()) };
        if !pw.is_null() {
            // SAFETY: non-null pointer returned by getpwnam.
            let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
            return Ok(Some(User { uid, gid }));
        }
    }
    Err("running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as".into())
}

fn chown(path: &Path, u: &User) -> Result<(), String> {
    std::os::unix::fs::chown(path, Some(u.uid), Some(u.gid))
        .map_err(|e| format!("cannot hand {} to the PostgreSQL user: {e}", path.display()))
}

/// Run `cmd` in `dir`, as `user` when given, and have it killed when the spawning thread ends.
fn run_as<'a>(cmd: &'a mut Command, dir: &Path, user: Option<&User>) -> &'a mut Command {
    let ids = user.map(|u| (u.uid, u.gid));
    let parent = std::process::id() as libc::pid_t;
    cmd.current_dir(dir);
    // SAFETY: the closure only makes async-signal-safe system calls.
    unsafe {
        cmd.pre_exec(move || {
            if let Some((uid, gid)) = ids
                && (libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(gid) != 0 || libc::setuid(uid) != 0)
            {
                return Err(std::io::Error::last_os_error());
            }
            // After setuid, which clears it.
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The parent may have gone between fork and prctl.
            if libc::getppid() != parent {
                return Err(std::io::Error::other("the test process is gone"));
            }
            Ok(())
        })
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn random_password() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        bytes[..8].copy_from_slice(&t.as_nanos().to_le_bytes()[..8]);
        bytes[8..12].copy_from_slice(&std::process::id().to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn databases_are_fresh_and_need_the_password_over_tcp() {
        let pg = TempPostgres::shared();
        let a = pg.fresh_database();
        let b = pg.fresh_database();
        assert_ne!(a, b);
        assert!(!a.contains(pg.password()), "{a}");
        let mut c = postgres::Client::connect(&pg.url_with_password(&a), postgres::NoTls).unwrap();
        let n: i64 = c.query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", &[]).unwrap().get(0);
        assert_eq!(n, 0);
        let wrong = a.replace("sohoa@", "sohoa:wrong@");
        assert!(postgres::Client::connect(&wrong, postgres::NoTls).is_err());
    }

    #[test]
    fn terminated_sessions_are_gone() {
        let pg = TempPostgres::shared();
        let db = pg.fresh_database();
        let mut c = postgres::Client::connect(&pg.url_with_password(&db), postgres::NoTls).unwrap();
        c.batch_execute("SELECT 1").unwrap();
        assert_eq!(pg.terminate_connections(&db), 1);
        assert!(c.batch_execute("SELECT 1").is_err());
    }

    #[test]
    fn a_server_of_its_own_is_removed_when_dropped() {
        let pg = TempPostgres::start();
        let dir = pg.dir().to_path_buf();
        let port = pg.port();
        let db = pg.fresh_database();
        assert!(postgres::Client::connect(&pg.url_with_password(&db), postgres::NoTls).is_ok());
        drop(pg);
        assert!(!dir.exists());
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    }
}
