-- 0003: what the Library page asks of a year of a large branch's footage (1,000,000 clips):
-- every filter walks an index in recording order, so the first page comes without a sort.
CREATE INDEX clips_officer_time ON clips(officer_id, recorded_at_unix);
CREATE INDEX clips_squad_time ON clips(squad_id, recorded_at_unix);
CREATE INDEX clips_device_time ON clips(device_id, recorded_at_unix);
CREATE INDEX clips_kind_time ON clips(kind, recorded_at_unix);
CREATE INDEX clips_case_time ON clips(case_number, recorded_at_unix);
CREATE INDEX clips_party_time ON clips(party, recorded_at_unix);
CREATE INDEX clips_important_time ON clips(important, recorded_at_unix);
-- Art. 18: squad, officer, time, cause and party on every record. The "missing labels" view.
CREATE INDEX clips_missing_labels ON clips(recorded_at_unix)
    WHERE squad_id IS NULL OR officer_id IS NULL OR recorded_at_unix IS NULL
       OR cause IS NULL OR party IS NULL;
-- The old single-column indexes are covered by the ones above.
DROP INDEX clips_officer;
