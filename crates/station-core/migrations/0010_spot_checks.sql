-- 0010: the legal-affairs section's random spot checks (art. 6, 22): a draw that can be
-- repeated from its seed, and the review of each drawn item — the inspection ledger.
CREATE TABLE spot_checks (
    id         INTEGER PRIMARY KEY,
    seed       INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    of_kind    TEXT NOT NULL CHECK (of_kind IN ('clip', 'activity')),
    squad      TEXT,
    officer    TEXT,
    from_unix  INTEGER NOT NULL,
    to_unix    INTEGER NOT NULL,
    population INTEGER NOT NULL,          -- how many items the draw was made from
    drawn_by   TEXT NOT NULL,
    drawn_at   TEXT NOT NULL
);
CREATE TABLE spot_check_items (
    id          INTEGER PRIMARY KEY,
    check_id    INTEGER NOT NULL REFERENCES spot_checks(id),
    item_id     INTEGER NOT NULL,         -- a clip or an activity
    result      TEXT CHECK (result IN ('pass', 'fail')),
    checklist   TEXT,                     -- JSON: what the station found at review time
    note        TEXT,
    reviewed_by TEXT,
    reviewed_at TEXT
);
