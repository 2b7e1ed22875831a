-- 0009: cases and their enforcement activities (art. 2, 7–13): who was there and when, which
-- clips record it, and the explanation of every interruption.
CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,      -- 案件编号; clips labelled with it belong to it
    cause      TEXT,                      -- 案由
    party      TEXT,                      -- 当事人
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE case_officers (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    officer TEXT NOT NULL,                -- 警号
    PRIMARY KEY (case_id, officer)
);
CREATE TABLE case_stages (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    stage   TEXT NOT NULL CHECK (stage IN ('registration', 'investigation', 'review', 'service', 'compulsion', 'archiving')),
    day     TEXT NOT NULL,                -- YYYY-MM-DD
    PRIMARY KEY (case_id, stage)
);
CREATE TABLE activities (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       TEXT NOT NULL CHECK (kind IN ('inspection', 'preservation', 'seizure', 'sealing', 'hearing', 'demolition', 'service', 'other')),
    place      TEXT,
    start_unix INTEGER NOT NULL,
    end_unix   INTEGER NOT NULL CHECK (end_unix > start_unix),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX activities_time ON activities(start_unix);
CREATE TABLE activity_officers (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    officer     TEXT NOT NULL,
    PRIMARY KEY (activity_id, officer)
);
CREATE TABLE activity_clips (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    clip_id     INTEGER NOT NULL,
    PRIMARY KEY (activity_id, clip_id)
);
-- A gap is named by its bounds (unix seconds): its number changes when clips are linked.
CREATE TABLE gap_explanations (
    activity_id     INTEGER NOT NULL REFERENCES activities(id),
    gap_from        INTEGER NOT NULL,
    gap_to          INTEGER NOT NULL,
    reason          TEXT NOT NULL CHECK (reason IN ('fault', 'battery', 'storage', 'weather', 'other')),
    resumed         INTEGER NOT NULL,     -- recording resumed with the reason spoken on it
    note            TEXT,                 -- the written explanation where it did not resume
    explained_by    TEXT NOT NULL,
    explained_at    TEXT NOT NULL,
    acknowledged_by TEXT,                 -- the branch head, where it did not resume
    acknowledged_at TEXT,
    PRIMARY KEY (activity_id, gap_from, gap_to)
);
