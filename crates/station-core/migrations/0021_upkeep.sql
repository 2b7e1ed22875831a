-- 0021: recorder upkeep (art. 14, issue 17). A recorder's status history (devices.status keeps
-- the current one; 'active', its default, is in service), one pre-shift check per recorder per
-- day, and the maintenance log.
CREATE TABLE device_statuses (
    id        INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    status    TEXT NOT NULL CHECK (status IN ('active', 'spare', 'in_repair', 'lost', 'retired')),
    reason    TEXT NOT NULL,
    set_by    TEXT NOT NULL,
    set_at    TEXT NOT NULL
);
CREATE INDEX device_statuses_device ON device_statuses (device_id, id);
CREATE TABLE device_checks (
    id         INTEGER PRIMARY KEY,
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    day        TEXT NOT NULL,            -- YYYY-MM-DD in the station's time zone
    battery    TEXT NOT NULL CHECK (battery IN ('ok', 'low')),
    storage    TEXT NOT NULL CHECK (storage IN ('ok', 'low')),
    clock      TEXT NOT NULL CHECK (clock IN ('ok', 'wrong')),
    lens_mic   TEXT NOT NULL CHECK (lens_mic IN ('ok', 'fault')),
    note       TEXT,
    checked_by TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    UNIQUE (device_id, day)
);
CREATE TABLE device_maintenance (
    id        INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    kind      TEXT NOT NULL CHECK (kind IN ('service', 'repair', 'replacement')),
    note      TEXT NOT NULL,
    done_by   TEXT NOT NULL,
    done_at   TEXT NOT NULL
);
CREATE INDEX device_maintenance_device ON device_maintenance (device_id, id);
