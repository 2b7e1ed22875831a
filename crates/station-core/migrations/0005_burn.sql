-- 0005: long-term copies on discs (art. 19): the burn plan and the disc register.
CREATE TABLE discs (
    id           TEXT PRIMARY KEY,          -- printed on the disc
    medium       TEXT NOT NULL,             -- cd, dvd, dvd-dl, bd25, bd50, bd100
    capacity     INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    copy_no      INTEGER NOT NULL,          -- 1st, 2nd … copy: kept in different places
    state        TEXT NOT NULL CHECK (state IN ('planned', 'written', 'verified', 'failed')),
    planned_at   TEXT NOT NULL,
    written_by   TEXT,
    written_at   TEXT,
    target       TEXT,                      -- image file or device written to
    image_sha256 TEXT,
    image_bytes  INTEGER,
    verified_at  TEXT,
    location     TEXT,
    next_check   TEXT                       -- re-verification reminder
);

CREATE TABLE disc_clips (
    disc_id   TEXT NOT NULL REFERENCES discs(id),
    clip_id   INTEGER NOT NULL,
    disc_path TEXT NOT NULL,
    PRIMARY KEY (disc_id, clip_id)
);
CREATE INDEX disc_clips_clip ON disc_clips(clip_id);
