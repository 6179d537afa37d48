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
    // 2: dossiers, classification and linking.
    r#"
    CREATE TABLE dossiers (
        code           TEXT PRIMARY KEY,      -- MaHoSo
        procedure_code TEXT NOT NULL,         -- MaTTHC
        unit           TEXT NOT NULL,         -- MaCoQuan
        owner_id       TEXT,                  -- SoDinhDanh
        received_at    TEXT NOT NULL,         -- NgayTiepNhan, 'YYYY-MM-DD HH:MM:SS'
        due_at         TEXT,                  -- NgayHenTra
        resolved_at    TEXT,                  -- NgayKetThucXuLy: set = resolved
        status         TEXT,                  -- TrangThai, as the source system writes it
        channel        TEXT,                  -- KenhThucHien
        imported_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX dossiers_received ON dossiers(received_at);
    -- QR codes and barcodes read on a page, so linking can be redone without the image.
    CREATE TABLE page_codes (
        sha256  TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
        page_no INTEGER NOT NULL,
        value   TEXT NOT NULL,
        PRIMARY KEY (sha256, page_no, value)
    );
    -- A document is one or more segments: a whole dossier scanned as one PDF holds several.
    CREATE TABLE segments (
        sha256     TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
        first_page INTEGER NOT NULL,
        last_page  INTEGER NOT NULL,
        doc_type   TEXT NOT NULL,             -- a catalog code, or 'unknown'
        confidence REAL NOT NULL,
        method     TEXT NOT NULL,             -- title | model | label | none
        evidence   TEXT NOT NULL,
        link_note  TEXT,                      -- why it is not linked, when it is not
        PRIMARY KEY (sha256, first_page)
    );
    CREATE TABLE links (
        sha256       TEXT NOT NULL,
        first_page   INTEGER NOT NULL,
        dossier_code TEXT NOT NULL REFERENCES dossiers(code),
        role         TEXT NOT NULL CHECK (role IN ('input', 'result', 'receipt', 'extra')),
        role_reason  TEXT NOT NULL,
        method       TEXT NOT NULL,           -- folder | filename | qr | page-text | split | reuse
        evidence     TEXT NOT NULL,
        PRIMARY KEY (sha256, first_page, dossier_code),
        FOREIGN KEY (sha256, first_page) REFERENCES segments(sha256, first_page) ON DELETE CASCADE
    );
    CREATE INDEX links_dossier ON links(dossier_code);
    -- Staff confirmations and corrections (sohoa label); the classifier learns from them.
    CREATE TABLE labels (
        sha256      TEXT NOT NULL REFERENCES documents(sha256),
        first_page  INTEGER NOT NULL DEFAULT 1,
        doc_type    TEXT NOT NULL,
        labelled_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (sha256, first_page)
    );
    "#,
    // 3: full-text search. The index holds folded text (no diacritics, no case: see
    // text::fold), so "tran phu" finds "Trần Phú"; rows are the pages' rowids. Filled by the
    // writer, and from existing pages when a catalog is upgraded (SqliteCatalog::backfill_search).
    r#"
    CREATE VIRTUAL TABLE page_search USING fts5(folded, tokenize = 'unicode61');
    "#,
    // 4: fields extracted from each document (bóc tách dữ liệu), with the line they came from.
    r#"
    CREATE TABLE fields (
        sha256     TEXT NOT NULL,
        first_page INTEGER NOT NULL,
        name       TEXT NOT NULL,
        value      TEXT NOT NULL,
        evidence   TEXT NOT NULL,
        PRIMARY KEY (sha256, first_page, name),
        FOREIGN KEY (sha256, first_page) REFERENCES segments(sha256, first_page) ON DELETE CASCADE
    );
    CREATE INDEX fields_value ON fields(name, value);
    "#,
    // 5: near-duplicates. A document's SimHash, and the earlier document it re-scans, if any.
    r#"
    -- band0..3 are the SimHash's four 16-bit quarters, indexed: candidates share one, so a new
    -- document is compared with a handful of others, not the whole catalog.
    CREATE TABLE signatures (
        sha256            TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
        simhash           INTEGER NOT NULL,
        band0             INTEGER NOT NULL,
        band1             INTEGER NOT NULL,
        band2             INTEGER NOT NULL,
        band3             INTEGER NOT NULL,
        near_duplicate_of TEXT REFERENCES documents(sha256),
        similarity        REAL
    );
    CREATE INDEX signatures_band0 ON signatures(band0);
    CREATE INDEX signatures_band1 ON signatures(band1);
    CREATE INDEX signatures_band2 ON signatures(band2);
    CREATE INDEX signatures_band3 ON signatures(band3);
    "#,
    // 6: reuse (tái sử dụng). A dossier's component taken from a document already digitized for
    // the same owner, chosen by staff with `sohoa reuse`. Kept apart from `links`, which
    // assignment rebuilds, so a relink never forgets a reuse; no FK to segments for the same reason.
    r#"
    CREATE TABLE reuses (
        dossier_code TEXT NOT NULL REFERENCES dossiers(code),
        sha256       TEXT NOT NULL REFERENCES documents(sha256),
        first_page   INTEGER NOT NULL,
        doc_type     TEXT NOT NULL,           -- the component it stands for
        source       TEXT NOT NULL,           -- why it is the owner's: the dossier it came from, the ID read on it
        reused_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (dossier_code, sha256, first_page)
    );
    CREATE INDEX reuses_sha256 ON reuses(sha256);
    -- Reuse looks documents up by their owner.
    CREATE INDEX dossiers_owner ON dossiers(owner_id);
    "#,
    // 7: searchable PDFs (page images + invisible OCR text), stored content-addressed beside the
    // originals; written in the same transaction as their document.
    r#"
    CREATE TABLE renditions (
        sha256     TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
        pdf_sha256 TEXT NOT NULL,
        size       INTEGER NOT NULL,
        store_path TEXT NOT NULL
    );
    "#,
    // 8: search that tolerates OCR's confusions (0/o, 1/l, rn/m...): each page's text::skeleton,
    // looked in when the folded text finds too little. Rows are the pages' rowids, like
    // page_search; filled by the writer, and from existing pages on upgrade.
    r#"
    CREATE VIRTUAL TABLE page_skeleton USING fts5(skeleton, tokenize = 'unicode61');
    "#,
];
