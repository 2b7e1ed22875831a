-- 0011: art. 10's required content: a reviewer ticks each key item of an activity's kind
-- against a moment in a clip (clip + offset in seconds).
CREATE TABLE activity_content (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    item        TEXT NOT NULL,            -- a key of the kind's checklist
    clip_id     INTEGER NOT NULL,
    offset_s    REAL NOT NULL,
    ticked_by   TEXT NOT NULL,
    ticked_at   TEXT NOT NULL,
    PRIMARY KEY (activity_id, item)
);
