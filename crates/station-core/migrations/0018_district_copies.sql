-- 0018: the district's copies (issue 16). One row per clip or case document the district's
-- object store holds: the object's key and version, the SHA-256 the store confirmed, the moment
-- it is locked until (COMPLIANCE) and whether it carries a legal hold, as the store was last
-- told. A row is written only once the store has confirmed the bytes; it is the off-station
-- copy retention counts. A clip's row outlives the clip: the station's disposal never removes
-- the district's copy. (No foreign key: a disposed clip's row is gone, its copy is not.)
CREATE TABLE district_copies (
    id            INTEGER PRIMARY KEY,
    clip_id       INTEGER,
    document_id   INTEGER,
    key           TEXT NOT NULL,
    version_id    TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    bytes         INTEGER NOT NULL,
    retain_until  TEXT NOT NULL,   -- RFC 3339, UTC
    legal_hold    INTEGER NOT NULL DEFAULT 0,
    pushed_at     TEXT NOT NULL,
    CHECK ((clip_id IS NULL) != (document_id IS NULL))
);
-- The same id with other bytes is another clip (a disposed clip's id taken again).
CREATE UNIQUE INDEX district_copies_clip ON district_copies (clip_id, sha256)
    WHERE clip_id IS NOT NULL;
CREATE UNIQUE INDEX district_copies_document ON district_copies (document_id, sha256)
    WHERE document_id IS NOT NULL;

-- The queue's own bookkeeping, not journaled (like journal_head): what failed, how often, and
-- when to try again; and how far each journal file has been sent. A rebuilt catalog starts
-- these afresh: the store's own objects then say what was already sent.
CREATE TABLE district_queue (
    item         TEXT PRIMARY KEY,   -- 'clip:12:<sha256>', 'document:3:<sha256>'
    attempts     INTEGER NOT NULL,
    last_error   TEXT NOT NULL,
    next_try_at  TEXT NOT NULL       -- RFC 3339, UTC
);
CREATE TABLE district_journal (
    file    TEXT PRIMARY KEY,        -- a file in journal/
    sent    INTEGER NOT NULL         -- its first bytes the store holds, whole lines
);
