//! The PostgreSQL catalog's versioned schema. Migration N brings a catalog from version N-1 to N;
//! never edit a released migration, add the next one. Applied versions are rows of
//! `schema_version`.
//!
//! Tables and columns are those of the SQLite schema after its migration 8 (schema.rs), so both
//! backends answer alike. Text columns compare as bytes (COLLATE "C"), as SQLite's do, whatever
//! the database's own collation: ORDER BY gives the same order on both.

use postgres::Client;

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the catalog as SQLite's migrations 1-8 made it. `folded` and `skeleton` are a page's
    // text::fold and text::skeleton, written with it (NULL for a page without text): SQLite's
    // page_search and page_skeleton, searched through the GIN indexes on their tsvectors.
    r#"
    CREATE TABLE documents (
        sha256         TEXT COLLATE "C" PRIMARY KEY,
        size           BIGINT NOT NULL,
        media_type     TEXT COLLATE "C" NOT NULL,
        pages          BIGINT NOT NULL,
        text_source    TEXT COLLATE "C" NOT NULL CHECK (text_source IN ('ocr', 'pdf-text', 'mixed', 'none')),
        ocr_confidence REAL,
        store_path     TEXT COLLATE "C",
        first_seen     TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE files (
        path     TEXT COLLATE "C" PRIMARY KEY,
        sha256   TEXT COLLATE "C" NOT NULL REFERENCES documents(sha256),
        size     BIGINT NOT NULL,
        mtime_ns BIGINT NOT NULL,
        seen_at  TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX files_sha256 ON files(sha256);
    CREATE TABLE pages (
        sha256     TEXT COLLATE "C" NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
        page_no    BIGINT NOT NULL,
        source     TEXT COLLATE "C" NOT NULL CHECK (source IN ('ocr', 'pdf-text', 'blank', 'failed')),
        text       TEXT COLLATE "C" NOT NULL,
        confidence REAL,
        dpi        BIGINT,
        rotation   BIGINT NOT NULL DEFAULT 0,
        error      TEXT COLLATE "C",
        folded     TEXT COLLATE "C",
        skeleton   TEXT COLLATE "C",
        PRIMARY KEY (sha256, page_no)
    );
    CREATE INDEX pages_folded ON pages USING gin (to_tsvector('simple', folded));
    CREATE INDEX pages_skeleton ON pages USING gin (to_tsvector('simple', skeleton));
    CREATE TABLE failures (
        path     TEXT COLLATE "C" PRIMARY KEY,
        size     BIGINT NOT NULL,
        mtime_ns BIGINT NOT NULL,
        sha256   TEXT COLLATE "C",
        stage    TEXT COLLATE "C" NOT NULL,
        error    TEXT COLLATE "C" NOT NULL,
        at       TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE dossiers (
        code           TEXT COLLATE "C" PRIMARY KEY,
        procedure_code TEXT COLLATE "C" NOT NULL,
        unit           TEXT COLLATE "C" NOT NULL,
        owner_id       TEXT COLLATE "C",
        received_at    TEXT COLLATE "C" NOT NULL,
        due_at         TEXT COLLATE "C",
        resolved_at    TEXT COLLATE "C",
        status         TEXT COLLATE "C",
        channel        TEXT COLLATE "C",
        imported_at    TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX dossiers_received ON dossiers(received_at);
    CREATE INDEX dossiers_owner ON dossiers(owner_id);
    CREATE TABLE page_codes (
        sha256  TEXT COLLATE "C" NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
        page_no BIGINT NOT NULL,
        value   TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (sha256, page_no, value)
    );
    CREATE TABLE segments (
        sha256     TEXT COLLATE "C" NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
        first_page BIGINT NOT NULL,
        last_page  BIGINT NOT NULL,
        doc_type   TEXT COLLATE "C" NOT NULL,
        confidence REAL NOT NULL,
        method     TEXT COLLATE "C" NOT NULL,
        evidence   TEXT COLLATE "C" NOT NULL,
        link_note  TEXT COLLATE "C",
        PRIMARY KEY (sha256, first_page)
    );
    CREATE TABLE links (
        sha256       TEXT COLLATE "C" NOT NULL,
        first_page   BIGINT NOT NULL,
        dossier_code TEXT COLLATE "C" NOT NULL REFERENCES dossiers(code),
        role         TEXT COLLATE "C" NOT NULL CHECK (role IN ('input', 'result', 'receipt', 'extra')),
        role_reason  TEXT COLLATE "C" NOT NULL,
        method       TEXT COLLATE "C" NOT NULL,
        evidence     TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (sha256, first_page, dossier_code),
        FOREIGN KEY (sha256, first_page) REFERENCES segments(sha256, first_page) ON DELETE CASCADE
    );
    CREATE INDEX links_dossier ON links(dossier_code);
    CREATE TABLE labels (
        sha256      TEXT COLLATE "C" NOT NULL REFERENCES documents(sha256),
        first_page  BIGINT NOT NULL DEFAULT 1,
        doc_type    TEXT COLLATE "C" NOT NULL,
        labelled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (sha256, first_page)
    );
    CREATE TABLE fields (
        sha256     TEXT COLLATE "C" NOT NULL,
        first_page BIGINT NOT NULL,
        name       TEXT COLLATE "C" NOT NULL,
        value      TEXT COLLATE "C" NOT NULL,
        evidence   TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (sha256, first_page, name),
        FOREIGN KEY (sha256, first_page) REFERENCES segments(sha256, first_page) ON DELETE CASCADE
    );
    CREATE INDEX fields_value ON fields(name, value);
    CREATE TABLE signatures (
        sha256            TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
        simhash           BIGINT NOT NULL,
        band0             BIGINT NOT NULL,
        band1             BIGINT NOT NULL,
        band2             BIGINT NOT NULL,
        band3             BIGINT NOT NULL,
        near_duplicate_of TEXT COLLATE "C" REFERENCES documents(sha256),
        similarity        DOUBLE PRECISION
    );
    CREATE INDEX signatures_band0 ON signatures(band0);
    CREATE INDEX signatures_band1 ON signatures(band1);
    CREATE INDEX signatures_band2 ON signatures(band2);
    CREATE INDEX signatures_band3 ON signatures(band3);
    CREATE TABLE reuses (
        dossier_code TEXT COLLATE "C" NOT NULL REFERENCES dossiers(code),
        sha256       TEXT COLLATE "C" NOT NULL REFERENCES documents(sha256),
        first_page   BIGINT NOT NULL,
        doc_type     TEXT COLLATE "C" NOT NULL,
        source       TEXT COLLATE "C" NOT NULL,
        reused_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (dossier_code, sha256, first_page)
    );
    CREATE INDEX reuses_sha256 ON reuses(sha256);
    CREATE TABLE renditions (
        sha256     TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
        pdf_sha256 TEXT COLLATE "C" NOT NULL,
        size       BIGINT NOT NULL,
        store_path TEXT COLLATE "C" NOT NULL
    );
    "#,
    // 2: the work queue shared by the workers of a distributed run, and the workers themselves.
    r#"
    CREATE TABLE work (
        path           TEXT PRIMARY KEY,
        shown          TEXT NOT NULL,
        size           BIGINT NOT NULL,
        mtime_ns       BIGINT NOT NULL,
        pages_estimate INTEGER NOT NULL,
        state          TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'claimed', 'done', 'failed')),
        worker         TEXT,
        claimed_at     TIMESTAMPTZ,
        lease_until    TIMESTAMPTZ,
        attempts       INTEGER NOT NULL DEFAULT 0,
        commits        INTEGER NOT NULL DEFAULT 0,
        pages          INTEGER,
        error          TEXT,
        finished_at    TIMESTAMPTZ,
        enqueued_at    TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX work_todo ON work (pages_estimate DESC, size DESC, path) WHERE state = 'queued';
    CREATE INDEX work_leases ON work (lease_until) WHERE state = 'claimed';
    CREATE INDEX work_finished ON work (finished_at) WHERE finished_at IS NOT NULL;
    CREATE TABLE workers (
        id         TEXT PRIMARY KEY,
        host       TEXT NOT NULL,
        pid        INTEGER NOT NULL,
        jobs       INTEGER NOT NULL,
        started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        last_seen  TIMESTAMPTZ NOT NULL DEFAULT now(),
        stopped_at TIMESTAMPTZ
    );
    "#,
];

/// Held (per database) while a migration is applied: any 64-bit key no other application uses.
const MIGRATION_LOCK: i64 = 0x736f_686f_615f_7363; // "sohoa_sc"

/// The latest applied version; 0 for a database sohoa has never opened.
fn version(c: &mut impl postgres::GenericClient) -> Result<usize, postgres::Error> {
    let exists: bool = c.query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i64> = c.query_one("SELECT max(version) FROM schema_version", &[])?.get(0);
    Ok(v.map_or(0, |v| usize::try_from(v).unwrap_or(usize::MAX)))
}

/// Bring the schema up to date. Each step takes an advisory lock, then re-reads the version in
/// its own transaction, so two processes opening a new catalog at once never both apply one.
pub(super) fn migrate(client: &mut Client) -> Result<(), String> {
    let first = version(client).map_err(|e| super::pg_conn::describe(&e))?;
    if first > MIGRATIONS.len() {
        return Err(format!(
            "schema version {first} is newer than this sohoa knows ({}); upgrade sohoa",
            MIGRATIONS.len()
        ));
    }
    // Up to date: no lock taken, so opening a busy catalog never waits here.
    if first == MIGRATIONS.len() {
        return Ok(());
    }
    loop {
        let step = |client: &mut Client| -> Result<Option<usize>, postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS schema_version (
                     version    BIGINT PRIMARY KEY,
                     applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                 )",
            )?;
            let v = version(&mut tx)?;
            let Some(sql) = MIGRATIONS.get(v) else { return Ok(None) };
            tx.batch_execute(sql)?;
            tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&((v + 1) as i64)])?;
            tx.commit()?;
            Ok(Some(v + 1))
        };
        match step(client) {
            Ok(Some(_)) => continue,
            Ok(None) => return Ok(()),
            Err(e) => {
                let at = version(client).map_or(String::new(), |v| format!(" {}", v + 1));
                return Err(format!("migration{at} failed: {}", super::pg_conn::describe(&e)));
            }
        }
    }
}
