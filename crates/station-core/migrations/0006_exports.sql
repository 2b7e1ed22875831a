-- 0006: what left the station as BagIt packages (art. 18 weekly aggregation, art. 20 district
-- requests). A package is recorded only once it was read back and found whole.
CREATE TABLE exports (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('week', 'supplement', 'request')),
    week            TEXT,                 -- YYYY-Www, for week and supplement packages
    name            TEXT NOT NULL,        -- the package folder's name
    destination     TEXT NOT NULL,        -- the folder it was written into
    reason          TEXT,                 -- why a district request was made
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    clips           INTEGER NOT NULL,
    bytes           INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,        -- of manifest-sha256.txt: the payload, fixed
    checked_at      TEXT NOT NULL,        -- the last read-back check
    check_ok        INTEGER NOT NULL
);
CREATE INDEX exports_week ON exports(week);

CREATE TABLE export_clips (
    export_id    INTEGER NOT NULL REFERENCES exports(id),
    clip_id      INTEGER NOT NULL,
    payload_path TEXT NOT NULL,
    PRIMARY KEY (export_id, clip_id)
);
CREATE INDEX export_clips_clip ON export_clips(clip_id);
