-- 0008: who may do what (art. 17, 20, 21, 23): local accounts with roles, access requests
-- approved by the branch head with an expiry, and each clip's confidentiality level.
CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    display_name   TEXT,
    role           TEXT NOT NULL CHECK (role IN ('custodian', 'branch_head', 'legal_inspector', 'officer', 'admin')),
    officer_number TEXT,                 -- an officer's 警号: their own recordings
    password_hash  TEXT NOT NULL,        -- argon2id, PHC string; never the password
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT                  -- repeated failures wait until then
);

CREATE TABLE access_requests (
    id           INTEGER PRIMARY KEY,
    requester    TEXT NOT NULL,
    purpose      TEXT NOT NULL CHECK (purpose IN ('view', 'copy', 'district')),
    case_number  TEXT,                   -- the request covers the case's clips, now and later
    level        TEXT NOT NULL DEFAULT 'normal', -- the highest confidentiality it covers
    reason       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    requested_at TEXT NOT NULL,
    decided_by   TEXT,
    decided_at   TEXT,
    decision_note TEXT,
    expires_at   TEXT
);

CREATE TABLE access_request_clips (
    request_id INTEGER NOT NULL REFERENCES access_requests(id),
    clip_id    INTEGER NOT NULL,
    PRIMARY KEY (request_id, clip_id)
);

ALTER TABLE clips ADD COLUMN confidentiality TEXT NOT NULL DEFAULT 'normal'
    CHECK (confidentiality IN ('normal', 'privacy', 'business', 'state'));
