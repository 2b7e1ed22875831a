-- 0023: spot checks may draw cases' text records too (art. 22 names the text records beside the
-- recordings). The CHECK constraint changes, so the table is rebuilt under its name as SQLite
-- documents (foreign keys off, every reference checked before the migration commits).
CREATE TABLE spot_checks_new (
    id         INTEGER PRIMARY KEY,
    seed       INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    of_kind    TEXT NOT NULL CHECK (of_kind IN ('clip', 'activity', 'document')),
    squad      TEXT,
    officer    TEXT,
    from_unix  INTEGER NOT NULL,
    to_unix    INTEGER NOT NULL,
    population INTEGER NOT NULL,
    drawn_by   TEXT NOT NULL,
    drawn_at   TEXT NOT NULL
);
INSERT INTO spot_checks_new (id, seed, size, of_kind, squad, officer, from_unix, to_unix,
        population, drawn_by, drawn_at)
    SELECT id, seed, size, of_kind, squad, officer, from_unix, to_unix, population, drawn_by,
        drawn_at FROM spot_checks;
DROP TABLE spot_checks;
ALTER TABLE spot_checks_new RENAME TO spot_checks;
