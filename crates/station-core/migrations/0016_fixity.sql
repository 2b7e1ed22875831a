-- 0016: the library checked on a schedule (art. 17: stored safely). Each verification pass is
-- recorded; each stored file keeps the outcome of its latest read-back, so a share of the library
-- can be re-read every night, oldest first, and every mismatch or missing original stays in the
-- integrity report until a later pass finds the file whole again.
CREATE TABLE fixity_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('full', 'scheduled')),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    actor       TEXT NOT NULL,
    checked     INTEGER NOT NULL DEFAULT 0,
    bytes       INTEGER NOT NULL DEFAULT 0,
    mismatched  INTEGER NOT NULL DEFAULT 0,
    missing     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fixity_checks (
    what         TEXT NOT NULL CHECK (what IN ('clip', 'document')),
    item_id      INTEGER NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES fixity_runs(id),
    checked_at   TEXT NOT NULL,
    checked_unix INTEGER NOT NULL,
    result       TEXT NOT NULL CHECK (result IN ('ok', 'mismatched', 'missing')),
    path         TEXT NOT NULL,
    detail       TEXT,
    PRIMARY KEY (what, item_id)
);
CREATE INDEX fixity_checks_result ON fixity_checks (result) WHERE result <> 'ok';
