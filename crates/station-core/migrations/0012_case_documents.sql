-- 0012: a case's text records (scanned documents, art. 7), stored and proven like clips.
CREATE TABLE case_documents (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    name       TEXT NOT NULL,             -- the original file name
    media_path TEXT NOT NULL UNIQUE,      -- relative to the library: documents/<case>/<name>
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    blake3     TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL
);
