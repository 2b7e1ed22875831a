-- 0015: a disposal batch larger than the mass-disposal share needs a second person. The
-- approver's own confirmation no longer starts its grace period: someone other than the
-- proposer and the approver confirms it, and only then is its removal date set.
ALTER TABLE disposal_batches ADD COLUMN second_by TEXT;
ALTER TABLE disposal_batches ADD COLUMN second_at TEXT;
