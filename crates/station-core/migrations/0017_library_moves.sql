-- 0017: the library moved to another folder or disk (issue 15). Each move: where from and to,
-- who moved it, what was copied (the listing, a file in the library, names every file with its
-- digest), and when the old folder was removed — only once the administrator confirmed, and
-- then only the files proven held in the new library; what stayed is counted.
CREATE TABLE library_moves (
    id          INTEGER PRIMARY KEY,
    from_path   TEXT NOT NULL,
    to_path     TEXT NOT NULL,
    moved_at    TEXT NOT NULL,
    moved_by    TEXT NOT NULL,
    files       INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    listing     TEXT NOT NULL,   -- relative to the library: moves/<when>.jsonl
    removed_at  TEXT,
    removed     INTEGER,
    kept        INTEGER
);
