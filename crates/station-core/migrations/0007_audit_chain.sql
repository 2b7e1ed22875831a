-- 0007: the audit log becomes append-only and hash-chained (art. 17, 21, 23). Each row keeps
-- the previous row's hash and its own: BLAKE3 of its canonical content and that previous hash.
-- Rows written before this migration are chained once, in order, when the catalog is opened
-- (that is the only UPDATE the triggers let through); after that no row can change or go.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN row_hash TEXT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.row_hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted');
END;

CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
WHEN NEW.row_hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an audit row needs its place in the hash chain');
END;

CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
