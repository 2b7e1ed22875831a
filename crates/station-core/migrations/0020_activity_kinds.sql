-- 0020: every activity kind of art. 9 and content item of art. 10 (issue 17): on-the-spot fines,
-- confiscation and destruction (art. 10(7)) and oral applications, statements and defence
-- (art. 10(8)) become kinds of their own. SQLite cannot change a CHECK constraint in place, so
-- the table is rebuilt under its name as SQLite documents (the migration runs with foreign
-- keys off and checks every reference before it commits); ids and rows are kept as they are.
CREATE TABLE activities_new (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       TEXT NOT NULL CHECK (kind IN ('inspection', 'preservation', 'seizure', 'sealing',
                   'hearing', 'demolition', 'service', 'penalty', 'statement', 'other')),
    place      TEXT,
    start_unix INTEGER NOT NULL,
    end_unix   INTEGER NOT NULL CHECK (end_unix > start_unix),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO activities_new (id, case_id, kind, place, start_unix, end_unix, created_by, created_at)
    SELECT id, case_id, kind, place, start_unix, end_unix, created_by, created_at FROM activities;
DROP TABLE activities;
ALTER TABLE activities_new RENAME TO activities;
CREATE INDEX activities_time ON activities(start_unix);
