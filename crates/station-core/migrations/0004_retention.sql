-- 0004: retention (art. 19): long-term holds, approved and recoverable disposal, tombstones.

-- A long-term hold, on chosen clips (hold_clips) or on a case number: then every clip labelled
-- with that case, now or later, is held.
CREATE TABLE holds (
    id           INTEGER PRIMARY KEY,
    reason       TEXT NOT NULL CHECK (reason IN ('evidence', 'review', 'obstruction', 'emergency', 'major')),
    note         TEXT,
    case_number  TEXT,
    set_by       TEXT NOT NULL,
    set_at       TEXT NOT NULL,
    released_by  TEXT,
    released_at  TEXT,
    release_note TEXT
);
CREATE INDEX holds_case ON holds(case_number) WHERE released_at IS NULL;

CREATE TABLE hold_clips (
    hold_id INTEGER NOT NULL REFERENCES holds(id),
    clip_id INTEGER NOT NULL,
    PRIMARY KEY (hold_id, clip_id)
);
CREATE INDEX hold_clips_clip ON hold_clips(clip_id);

-- A proposal to dispose of eligible clips; the branch head approves or rejects it; approved
-- files wait `remove_after` (the grace period) and can be restored until then.
CREATE TABLE disposal_batches (
    id             INTEGER PRIMARY KEY,
    state          TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected', 'restored', 'disposed')),
    as_of          TEXT NOT NULL,
    proposed_by    TEXT NOT NULL,
    proposed_at    TEXT NOT NULL,
    decided_by     TEXT,
    decided_at     TEXT,
    remove_after   TEXT,
    mass_confirmed INTEGER NOT NULL DEFAULT 0,
    restored_by    TEXT,
    restored_at    TEXT
);

CREATE TABLE disposal_items (
    batch_id INTEGER NOT NULL REFERENCES disposal_batches(id),
    clip_id  INTEGER NOT NULL,
    PRIMARY KEY (batch_id, clip_id)
);
CREATE INDEX disposal_items_clip ON disposal_items(clip_id);

-- What remains of a disposed original: enough to prove what it was and who decided.
CREATE TABLE tombstones (
    clip_id     INTEGER PRIMARY KEY,
    media_path  TEXT NOT NULL,
    device      TEXT NOT NULL,
    source_path TEXT NOT NULL,
    size        INTEGER NOT NULL,
    blake3      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    recorded_at TEXT,
    officer     TEXT,
    squad       TEXT,
    case_number TEXT,
    cause       TEXT,
    party       TEXT,
    batch_id    INTEGER NOT NULL,
    proposed_by TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    disposed_at TEXT NOT NULL
);
