-- 0019: SM3 (GB/T 32905) beside SHA-256 (issue 17). Computed from the recorder's bytes in the
-- same pass as BLAKE3 and SHA-256 at ingest and kept as lowercase hex. Clips stored before this
-- version have none (NULL): their manifests never carried one, and the station does not invent
-- a digest of the recorder's bytes from a later read of its own copy.
ALTER TABLE clips ADD COLUMN sm3 TEXT;
