-- 0014: the journal. Every committed change to the catalog is also appended, fsynced and
-- hash-chained, to `journal/YYYY-MM.jsonl` beside it, so that nothing lives only in the
-- catalog (see catalog/journal.rs). This one row says how far the catalog has been written
-- there: the last line's number and hash, the file it is in, and the day whose audit head was
-- last written. It is the only table the journal does not record (it is the journal's own
-- bookkeeping).
CREATE TABLE journal_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL,
    file  TEXT NOT NULL,
    day   TEXT NOT NULL
);
