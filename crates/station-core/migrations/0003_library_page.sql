-- 0003: what the Library page asks of a year of a large branch's footage (1,000,000 clips).
-- Art. 18: squad, officer, time, cause and party on every record; the "missing labels" view.
ALTER TABLE clips ADD COLUMN labels_missing INTEGER GENERATED ALWAYS AS (
    squad_id IS NULL OR officer_id IS NULL OR recorded_at_unix IS NULL
    OR cause IS NULL OR party IS NULL) VIRTUAL;

-- One index per filter, in recording order, so a filter's first page needs no sort. Each also
-- carries the small columns the other filters test, so a combination of filters (and its
-- count) is answered from the index alone, without visiting a row per candidate.
DROP INDEX clips_recorded;
DROP INDEX clips_officer;
CREATE INDEX clips_time ON clips(recorded_at_unix, labels_missing, important, kind, squad_id, officer_id, device_id);
CREATE INDEX clips_squad_time ON clips(squad_id, recorded_at_unix, labels_missing, important, kind, officer_id, device_id);
CREATE INDEX clips_officer_time ON clips(officer_id, recorded_at_unix, labels_missing, important, kind);
CREATE INDEX clips_device_time ON clips(device_id, recorded_at_unix, labels_missing, important, kind);
CREATE INDEX clips_kind_time ON clips(kind, recorded_at_unix, labels_missing, important, squad_id, officer_id, device_id);
CREATE INDEX clips_important_time ON clips(important, recorded_at_unix, labels_missing, kind, squad_id, officer_id, device_id);
CREATE INDEX clips_missing_time ON clips(labels_missing, recorded_at_unix, important, kind, squad_id, officer_id, device_id);
CREATE INDEX clips_case_time ON clips(case_number, recorded_at_unix);
CREATE INDEX clips_party_time ON clips(party, recorded_at_unix);
