-- 0001: the first catalog. Never edit this file once landed; add 0002_….sql instead.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE squads (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE officers (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,          -- 警号
    name       TEXT,
    squad_id   INTEGER REFERENCES squads(id),
    created_at TEXT NOT NULL
);

-- Recorders and cameras. `registered` = 0 for a device first seen at a dock and not yet
-- confirmed by the custodian: its footage is stored all the same.
CREATE TABLE devices (
    id         INTEGER PRIMARY KEY,
    serial     TEXT NOT NULL UNIQUE,
    model      TEXT,
    squad_id   INTEGER REFERENCES squads(id),
    officer_id INTEGER REFERENCES officers(id),
    status     TEXT NOT NULL DEFAULT 'active',
    registered INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- One row per ingest of a mounted recorder.
CREATE TABLE dock_events (
    id            INTEGER PRIMARY KEY,
    device_id     INTEGER NOT NULL REFERENCES devices(id),
    source_root   TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    state         TEXT NOT NULL CHECK (state IN ('running', 'completed', 'failed', 'stopped')),
    files_found   INTEGER NOT NULL DEFAULT 0,
    files_copied  INTEGER NOT NULL DEFAULT 0,
    files_skipped INTEGER NOT NULL DEFAULT 0,
    files_failed  INTEGER NOT NULL DEFAULT 0,
    bytes_copied  INTEGER NOT NULL DEFAULT 0,
    stop_code     TEXT
);

-- Stored originals. A row exists only for bytes that were read back from the library disk
-- and matched the digests of the bytes read from the recorder.
CREATE TABLE clips (
    id               INTEGER PRIMARY KEY,
    media_path       TEXT NOT NULL UNIQUE,     -- relative to the library, '/'-separated
    device_id        INTEGER NOT NULL REFERENCES devices(id),
    dock_event_id    INTEGER REFERENCES dock_events(id),
    source_path      TEXT NOT NULL,            -- relative to the recorder root, for people
    source_path_raw  BLOB NOT NULL,            -- the exact name bytes, for identity
    source_size      INTEGER NOT NULL,
    source_mtime_ns  INTEGER NOT NULL,
    size             INTEGER NOT NULL,
    blake3           TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('video', 'audio', 'photo', 'other')),
    recorded_at      TEXT,                     -- RFC 3339 with the offset
    recorded_at_unix INTEGER,                  -- for range filters
    time_source      TEXT,                     -- file_name | container | file_mtime
    duration_s       REAL,
    officer_id       INTEGER REFERENCES officers(id),
    squad_id         INTEGER REFERENCES squads(id),
    important        INTEGER NOT NULL DEFAULT 0,
    flags            TEXT NOT NULL DEFAULT '[]',   -- JSON: recorder flags such as IMP, SOS, enc
    warnings         TEXT NOT NULL DEFAULT '[]',   -- JSON: [{code, detail}]
    case_number      TEXT,
    cause            TEXT,                     -- 案由
    party            TEXT,                     -- 当事人
    ingested_at      TEXT NOT NULL,
    verified_at      TEXT NOT NULL,
    UNIQUE (device_id, source_path_raw, source_size, source_mtime_ns)
);
CREATE INDEX clips_recorded ON clips(recorded_at_unix);
CREATE INDEX clips_officer ON clips(officer_id);
CREATE INDEX clips_blake3 ON clips(blake3);

-- One row per action. The hash chain and append-only triggers come with the access issue.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    object  TEXT,
    outcome TEXT NOT NULL,
    detail  TEXT
);
