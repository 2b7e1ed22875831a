-- 0002: the device registry with assignment history, and the docking record.

-- Which officer held which recorder from when to when (art. 4, 18): a clip gets the officer
-- who held its device at its recording time. `to_unix` NULL = still holds it.
CREATE TABLE device_assignments (
    id         INTEGER PRIMARY KEY,
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    from_unix  INTEGER NOT NULL,
    to_unix    INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX device_assignments_device ON device_assignments(device_id, from_unix);

-- How a recorder is recognised besides the serial in its file names.
ALTER TABLE devices ADD COLUMN volume_label TEXT;
ALTER TABLE devices ADD COLUMN volume_uuid TEXT;
-- Free the recorder after a fully verified docking: NULL = the station's setting.
ALTER TABLE devices ADD COLUMN free_after_ingest INTEGER;

-- The docking record (art. 13, 14, 18, 23).
ALTER TABLE dock_events ADD COLUMN free_bytes INTEGER;
ALTER TABLE dock_events ADD COLUMN total_bytes INTEGER;
ALTER TABLE dock_events ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';      -- JSON list of flag names
ALTER TABLE dock_events ADD COLUMN flag_details TEXT NOT NULL DEFAULT '{}'; -- JSON: flag → detail
ALTER TABLE dock_events ADD COLUMN clock_drift_s REAL;
ALTER TABLE dock_events ADD COLUMN freed_files INTEGER NOT NULL DEFAULT 0;

-- Where the clip's officer came from: file_name | assignment | custodian. A clip labelled
-- from the assignment is relabelled when the assignment history is corrected.
ALTER TABLE clips ADD COLUMN officer_source TEXT;
-- The recorder's own file number (DCF and numbered names), for sequence-gap checks.
ALTER TABLE clips ADD COLUMN seq INTEGER;
CREATE INDEX clips_device_seq ON clips(device_id, seq);
