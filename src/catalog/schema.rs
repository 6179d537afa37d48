//! Versioned schema. Migration N brings a catalog from user_version N-1 to N; never edit a
//! released migration, add the next one.

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the core pipeline.
    r#"
    CREATE TABLE documents (
        sha256         TEXT PRIMARY KEY,
        size           INTEGER NOT NULL,
        media_type     TEXT NOT NULL,
        pages          INTEGER NOT NULL,
        text_source    TEXT NOT NULL CHECK (text_source IN ('ocr', 'pdf-text', 'mixed', 'none')),
        ocr_confidence REAL,
        store_path     TEXT,
        first_seen     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE files (
        path     TEXT PRIMARY KEY,
        sha256   TEXT NOT NULL REFERENCES documents(sha256),
        size     INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        seen_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX files_sha256 ON files(sha256);
    CREATE TABLE pages (
        sha256     TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
        page_no    INTEGER NOT NULL,
        source     TEXT NOT NULL CHECK (source IN ('ocr', 'pdf-text', 'blank', 'failed')),
        text       TEXT NOT NULL,
        confidence REAL,
        dpi        INTEGER,
        rotation   INTEGER NOT NULL DEFAULT 0,
        error      TEXT,
        PRIMARY KEY (sha256, page_no)
    );
    CREATE TABLE failures (
        path     TEXT PRIMARY KEY,
        size     INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256   TEXT,
        stage    TEXT NOT NULL,
        error    TEXT NOT NULL,
        at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    "#,
];
