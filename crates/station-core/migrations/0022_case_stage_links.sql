-- 0022: a case's records linked to its stages (art. 2, issue 17): an activity (and so the clips
-- linked to it) and a text record may name the stage of the case they belong to.
ALTER TABLE activities ADD COLUMN stage TEXT
    CHECK (stage IS NULL OR stage IN ('registration', 'investigation', 'review', 'service', 'compulsion', 'archiving'));
ALTER TABLE case_documents ADD COLUMN stage TEXT
    CHECK (stage IS NULL OR stage IN ('registration', 'investigation', 'review', 'service', 'compulsion', 'archiving'));
