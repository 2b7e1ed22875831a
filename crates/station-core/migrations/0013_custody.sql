-- 0013: custody. A clip's id names that clip forever, and an approval covers what was approved.

-- The highest id ever given to a clip, live or disposed. A new clip takes the next one, so an
-- approval, a tombstone, an audit row or a thumbnail that names an id never names another clip.
CREATE TABLE identities (
    kind    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);
INSERT INTO identities (kind, last_id) VALUES ('clip', max(
    COALESCE((SELECT max(id) FROM clips), 0),
    COALESCE((SELECT max(clip_id) FROM tombstones), 0)));
CREATE TRIGGER clips_id_never_reused BEFORE INSERT ON clips
WHEN NEW.id IS NULL OR NEW.id <= (SELECT last_id FROM identities WHERE kind = 'clip')
BEGIN
    SELECT RAISE(ABORT, 'clip id already given: a clip id is never reused');
END;
CREATE TRIGGER clips_id_taken AFTER INSERT ON clips
BEGIN
    UPDATE identities SET last_id = NEW.id WHERE kind = 'clip' AND NEW.id > last_id;
END;

-- An approval of a case covers the clips the case held when it was approved: approvals given
-- before this migration are fixed to the case's clips now.
INSERT OR IGNORE INTO access_request_clips (request_id, clip_id)
SELECT r.id, c.id FROM access_requests r JOIN clips c ON c.case_number = r.case_number
WHERE r.state = 'approved' AND r.case_number IS NOT NULL;
