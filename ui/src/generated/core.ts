// Generated from the station's Rust types (station_core::typescript); do not edit.
// Regenerate: cargo run -p station-tests --bin ui-types

/** role */
export type Role = 'custodian' | 'branch_head' | 'legal_inspector' | 'officer' | 'admin'
/** Every role, in the station's order. */
export const RoleValues: readonly Role[] = ['custodian', 'branch_head', 'legal_inspector', 'officer', 'admin']

/** duty */
export type Duty = 'ingest' | 'label' | 'registry' | 'settings' | 'accounts' | 'hold' | 'release_hold' | 'propose_disposal' | 'decide_disposal' | 'confirm_mass_disposal' | 'burn' | 'export_week' | 'decide_access' | 'read_audit' | 'classify' | 'spot_check' | 'read_records' | 'rebuild' | 'approve_own' | 'confirm_own'
/** Every duty, in the station's order. */
export const DutyValues: readonly Duty[] = ['ingest', 'label', 'registry', 'settings', 'accounts', 'hold', 'release_hold', 'propose_disposal', 'decide_disposal', 'confirm_mass_disposal', 'burn', 'export_week', 'decide_access', 'read_audit', 'classify', 'spot_check', 'read_records', 'rebuild', 'approve_own', 'confirm_own']

/** confidentiality level */
export type Level = 'normal' | 'privacy' | 'business' | 'state'
/** Every confidentiality level, in the station's order. */
export const LevelValues: readonly Level[] = ['normal', 'privacy', 'business', 'state']

/** purpose */
export type Purpose = 'view' | 'copy' | 'district'
/** Every purpose, in the station's order. */
export const PurposeValues: readonly Purpose[] = ['view', 'copy', 'district']

/** case stage */
export type Stage = 'registration' | 'investigation' | 'review' | 'service' | 'compulsion' | 'archiving'
/** Every case stage, in the station's order. */
export const StageValues: readonly Stage[] = ['registration', 'investigation', 'review', 'service', 'compulsion', 'archiving']

/** activity kind */
export type ActivityKind = 'inspection' | 'preservation' | 'seizure' | 'sealing' | 'hearing' | 'demolition' | 'service' | 'other'
/** Every activity kind, in the station's order. */
export const ActivityKindValues: readonly ActivityKind[] = ['inspection', 'preservation', 'seizure', 'sealing', 'hearing', 'demolition', 'service', 'other']

/** gap reason */
export type GapReason = 'fault' | 'battery' | 'storage' | 'weather' | 'other'
/** Every gap reason, in the station's order. */
export const GapReasonValues: readonly GapReason[] = ['fault', 'battery', 'storage', 'weather', 'other']

/** report */
export type ReportKind = 'missing' | 'gaps' | 'content' | 'late' | 'sequence' | 'undocked' | 'labels' | 'refused'
/** Every report, in the station's order. */
export const ReportKindValues: readonly ReportKind[] = ['missing', 'gaps', 'content', 'late', 'sequence', 'undocked', 'labels', 'refused']

/** period */
export type Period = 'week' | 'month' | 'year'
/** Every period, in the station's order. */
export const PeriodValues: readonly Period[] = ['week', 'month', 'year']

/** kind */
export type Kind = 'video' | 'audio' | 'photo' | 'other'
/** Every kind, in the station's order. */
export const KindValues: readonly Kind[] = ['video', 'audio', 'photo', 'other']

/** docking flag */
export type DockFlag = 'late_storage' | 'sequence_gap' | 'low_space' | 'clock_drift' | 'unregistered_device'
/** Every docking flag, in the station's order. */
export const DockFlagValues: readonly DockFlag[] = ['late_storage', 'sequence_gap', 'low_space', 'clock_drift', 'unregistered_device']

/** hold reason */
export type HoldReason = 'evidence' | 'review' | 'obstruction' | 'emergency' | 'major'
/** Every hold reason, in the station's order. */
export const HoldReasonValues: readonly HoldReason[] = ['evidence', 'review', 'obstruction', 'emergency', 'major']

/** order */
export type ClipSort = 'recorded_desc' | 'recorded_asc' | 'ingested_desc' | 'ingested_asc'
/** Every order, in the station's order. */
export const ClipSortValues: readonly ClipSort[] = ['recorded_desc', 'recorded_asc', 'ingested_desc', 'ingested_asc']

/** medium */
export type MediumName = 'cd' | 'dvd' | 'dvd-dl' | 'bd25' | 'bd50' | 'bd100' | 'drive'
/** Every medium, in the station's order. */
export const MediumNameValues: readonly MediumName[] = ['cd', 'dvd', 'dvd-dl', 'bd25', 'bd50', 'bd100', 'drive']

/** docking state */
export type DockState = 'running' | 'completed' | 'stopped' | 'failed'
/** Every docking state, in the station's order. */
export const DockStateValues: readonly DockState[] = ['running', 'completed', 'stopped', 'failed']

/** disc state */
export type DiscState = 'planned' | 'written' | 'verified' | 'failed'
/** Every disc state, in the station's order. */
export const DiscStateValues: readonly DiscState[] = ['planned', 'written', 'verified', 'failed']

/** batch state */
export type BatchState = 'proposed' | 'approved' | 'rejected' | 'restored' | 'disposed'
/** Every batch state, in the station's order. */
export const BatchStateValues: readonly BatchState[] = ['proposed', 'approved', 'rejected', 'restored', 'disposed']

/** request state */
export type RequestState = 'pending' | 'approved' | 'rejected'
/** Every request state, in the station's order. */
export const RequestStateValues: readonly RequestState[] = ['pending', 'approved', 'rejected']

/** package kind */
export type PackageKind = 'week' | 'supplement' | 'request'
/** Every package kind, in the station's order. */
export const PackageKindValues: readonly PackageKind[] = ['week', 'supplement', 'request']

/** what is drawn */
export type Sample = 'clip' | 'activity'
/** Every what is drawn, in the station's order. */
export const SampleValues: readonly Sample[] = ['clip', 'activity']

/** retention state */
export type RetentionState = 'minimum' | 'eligible' | 'long_term' | 'disposal_pending' | 'disposed'
/** Every retention state, in the station's order. */
export const RetentionStateValues: readonly RetentionState[] = ['minimum', 'eligible', 'long_term', 'disposal_pending', 'disposed']

/** action */
export type AuditAction = 'access_request' | 'access_approve' | 'access_reject' | 'account_change' | 'account_create' | 'activity_add' | 'activity_link' | 'add_device' | 'add_officer' | 'add_squad' | 'approve_disposal' | 'assign_device' | 'audit_verify' | 'audit_view' | 'case_add' | 'case_document' | 'case_stage' | 'classify' | 'confirm_mass_disposal' | 'content_tick' | 'copy' | 'disposal_done' | 'dispose' | 'dispose_skipped' | 'district' | 'dock' | 'dock_interrupted' | 'export' | 'export_request' | 'free_recorder' | 'gap_acknowledge' | 'gap_explain' | 'hold' | 'ingest' | 'init' | 'label' | 'locate_disc' | 'login' | 'login_failed' | 'logout' | 'officer_seen' | 'password_change' | 'plan_burn' | 'propose_disposal' | 'rebuild_catalog' | 'refused' | 'reject_disposal' | 'release_hold' | 'restore_disposal' | 'setting' | 'spot_check_draw' | 'spot_check_ledger' | 'spot_check_review' | 'store' | 'verify' | 'verify_disc' | 'verify_export' | 'view' | 'write_disc'
/** Every action, in the station's order. */
export const AuditActionValues: readonly AuditAction[] = ['access_request', 'access_approve', 'access_reject', 'account_change', 'account_create', 'activity_add', 'activity_link', 'add_device', 'add_officer', 'add_squad', 'approve_disposal', 'assign_device', 'audit_verify', 'audit_view', 'case_add', 'case_document', 'case_stage', 'classify', 'confirm_mass_disposal', 'content_tick', 'copy', 'disposal_done', 'dispose', 'dispose_skipped', 'district', 'dock', 'dock_interrupted', 'export', 'export_request', 'free_recorder', 'gap_acknowledge', 'gap_explain', 'hold', 'ingest', 'init', 'label', 'locate_disc', 'login', 'login_failed', 'logout', 'officer_seen', 'password_change', 'plan_burn', 'propose_disposal', 'rebuild_catalog', 'refused', 'reject_disposal', 'release_hold', 'restore_disposal', 'setting', 'spot_check_draw', 'spot_check_ledger', 'spot_check_review', 'store', 'verify', 'verify_disc', 'verify_export', 'view', 'write_disc']

/** entry kind */
export type EntryKind = 'symlink' | 'fifo' | 'socket' | 'device' | 'other'
/** Every entry kind, in the station's order. */
export const EntryKindValues: readonly EntryKind[] = ['symlink', 'fifo', 'socket', 'device', 'other']

/**
 * A stored original, as shown to people and scripts.
 */
export type Clip = { id: number, 
/**
 * Absolute path of the stored original.
 */
path: string, media_path: string, 
/**
 * Relative to the recorder root, '/'-separated.
 */
source_path: string, size: number, blake3: string, sha256: string, kind: Kind, recorded_at: string | null, time_source: string | null, duration_s: number | null, device: string, officer: string | null, squad: string | null, important: boolean, flags: Array<string>, warnings: Array<Warning>, 
/**
 * Case number (案件编号).
 */
case: string | null, 
/**
 * Cause (案由).
 */
cause: string | null, 
/**
 * Party (当事人).
 */
party: string | null, dock_event_id: number | null, ingested_at: string, verified_at: string, 
/**
 * normal, privacy (个人隐私), business (商业秘密) or state (国家秘密).
 */
confidentiality: Level, };

export type Warning = { code: string, message: string, };

/**
 * One page of the Library.
 */
export type ClipPage = { 
/**
 * How many clips match the filters in all.
 */
total: number, clips: Array<Clip>, };

/**
 * What the first-run setup asks.
 */
export type Setup = { branch: string, library: string, mount_roots: Array<string>, time_zone: string, language: string, 
/**
 * The administrator account; with it the station enforces accounts and roles.
 */
admin_name?: string | null, admin_password?: string | null, };

/**
 * A clip's art. 18 labels — case number, cause (案由), party (当事人). Given to set them,
 * None leaves a label as it is and an empty string clears it; read back, None is unset.
 */
export type Labels = { case?: string | null, cause?: string | null, party?: string | null, };

/**
 * One docking, as listed.
 */
export type Dock = { id: number, device: string, mount: string, started_at: string, finished_at: string | null, state: DockState, stop_code: string | null, found: number, copied: number, skipped: number, failed: number, bytes: number, free_bytes: number | null, total_bytes: number | null, flags: Array<DockFlag>, flag_details: { [key in DockFlag]?: string }, clock_drift_s: number | null, freed_files: number, };

export type Device = { serial: string, model: string | null, squad: string | null, officer: string | null, status: string, registered: boolean, volume_label: string | null, volume_uuid: string | null, free_after_ingest: boolean | null, clips: number, };

export type Officer = { number: string, name: string | null, squad: string | null, };

/**
 * A row of the registry as shown to people.
 */
export type Squad = { name: string, officers: number, devices: number, };

export type Assignment = { device: string, officer: string, from_unix: number, to_unix: number | null, };

export type AuditEntry = { id: number, at: string, actor: string, action: string, object: string | null, outcome: string, detail: string | null, };

/**
 * What walking the chain found.
 */
export type ChainCheck = { ok: boolean, rows: number, 
/**
 * The first row whose stored hashes do not follow from its content and its predecessor.
 */
first_broken: number | null, problem: string | null, 
/**
 * `id:hash` of the newest row.
 */
head: string | null, 
/**
 * Every guard trigger is in place with the SQL the station gave it.
 */
triggers_present: boolean, 
/**
 * Guards that are missing or whose SQL was changed, by name.
 */
altered_triggers: Array<string>, };

/**
 * What reading the journal back found.
 */
export type JournalCheck = { 
/**
 * Lines read (after the later line of a number replaced the earlier).
 */
lines: number, 
/**
 * The first line number at which the chain does not hold (missing, or not following).
 */
first_broken: number | null, problem: string | null, 
/**
 * Lines that could not be read, as `file:line`.
 */
unreadable: Array<string>, 
/**
 * Audit rows in the catalog that the journal does not hold.
 */
not_in_journal: Array<number>, 
/**
 * Audit rows the journal holds that are not in the catalog (or differ from it).
 */
not_in_catalog: Array<number>, };

/**
 * `audit verify`'s answer.
 */
export type AuditVerification = { ok: boolean, chain: ChainCheck, 
/**
 * The journal on disk followed, and its audit rows compared with the catalog's.
 */
journal: JournalCheck | null, 
/**
 * Checked against a head hash taken from outside the station.
 */
against: HeadCheck | null, };

export type HeadCheck = { 
/**
 * Where the head hash was read.
 */
source: string, head: string, 
/**
 * The chain still holds that row, unchanged.
 */
found: boolean, };

/**
 * What a signed-in account is, as shown (never the password hash).
 */
export type Account = { name: string, display_name: string | null, role: Role, officer_number: string | null, active: boolean, };

/**
 * A new account.
 */
export type NewAccount = { name: string, display_name?: string | null, role: Role, officer_number?: string | null, password: string, };

export type AccessRequest = { id: number, requester: string, purpose: Purpose, case: string | null, level: Level, reason: string, state: RequestState, requested_at: string, decided_by: string | null, decided_at: string | null, decision_note: string | null, expires_at: string | null, clips: Array<number>, };

export type CaseRow = { id: number, number: string, cause: string | null, party: string | null, officers: Array<string>, 
/**
 * (stage, YYYY-MM-DD)
 */
stages: Array<[string, string]>, created_at: string, };

export type Activity = { id: number, case: string, kind: ActivityKind, place: string | null, start_unix: number, end_unix: number, officers: Array<string>, clips: Array<number>, };

export type GapExplanation = { gap_from: number, gap_to: number, reason: string, resumed: boolean, note: string | null, explained_by: string, explained_at: string, acknowledged_by: string | null, acknowledged_at: string | null, };

/**
 * A case's stored text record.
 */
export type CaseDocument = { case_number: string, name: string, media_path: string, size: number, sha256: string, blake3: string, added_by: string, added_at: string, };

/**
 * A new enforcement activity.
 */
export type NewActivity = { case_number: string, kind: ActivityKind, place?: string | null, 
/**
 * RFC 3339 or local `YYYY-MM-DD HH:MM`.
 */
from: string, to: string, officers: Array<string>, };

/**
 * One interruption, numbered from 1 in time order, with its explanation if any.
 */
export type ActivityGap = { n: number, from: string, to: string, seconds: number, 
/**
 * `start`, `between` or `end` of the activity.
 */
place: string, 
/**
 * Explained: a reason, and either recording resumed with it spoken, or a written note
 * the branch head acknowledged.
 */
explained: boolean, explanation: GapExplanation | null, };

export type Coverage = { activity: number, from: string, to: string, covered_ratio: number, gaps: Array<ActivityGap>, 
/**
 * (clip, device, start, end): the timeline, several devices side by side (art. 12).
 */
clips: Array<TimelineClip>, };

export type TimelineClip = { clip: number, device: string, from: string, to: string, };

/**
 * One item of an activity's required content (art. 10), ticked against a moment in a clip.
 */
export type ContentItem = { item: string, label: string, clip: number | null, offset_s: number | null, ticked_by: string | null, };

/**
 * One row of a report: what it is about (`activity`, `clip`, `device`, `dock`) and why.
 */
export type ReportRow = { kind: string, id: string, at: string | null, detail: string, };

export type StatBucket = { 
/**
 * `2026-W48`, `2026-11` or `2026`.
 */
period: string, clips: number, video_hours: number, audio_hours: number, photos: number, important: number, dockings: number, late_dockings: number, activities: number, 
/**
 * Mean covered share of the period's activities.
 */
coverage: number | null, unexplained_gaps: number, };

export type PersonShare = { squad: string | null, officer: string | null, clips: number, video_hours: number, important: number, };

export type Statistics = { by: Period, buckets: Array<StatBucket>, people: Array<PersonShare>, 
/**
 * Clips lacking art. 18's labels now, whatever the period.
 */
missing_labels: number, };

export type SpotCheck = { id: number, seed: number, size: number, of_kind: Sample, squad: string | null, officer: string | null, from_unix: number, to_unix: number, population: number, drawn_by: string, drawn_at: string, items: Array<SpotCheckItem>, };

export type SpotCheckItem = { 
/**
 * The item's own id (what `spotcheck review ITEM` names).
 */
id: number, check_id: number, 
/**
 * The drawn clip or activity.
 */
item_id: number, result: string | null, checklist: JsonValue | null, note: string | null, reviewed_by: string | null, reviewed_at: string | null, };

export type StateCount = { clips: number, bytes: number, };

/**
 * Clips (and bytes) leaving the minimum period in one month.
 */
export type MonthCount = { 
/**
 * `YYYY-MM`, station time.
 */
month: string, clips: number, bytes: number, };

/**
 * The library's size at the start of a coming month.
 */
export type MonthForecast = { month: string, 
/**
 * If eligible clips are disposed of as soon as they may be: long-term clips, clips still
 * inside the minimum period, and new recordings at the recent rate (which stay six months).
 */
must_keep: number, 
/**
 * If nothing is ever disposed of.
 */
without_disposal: number, };

export type RetentionOverview = { as_of: string, states: { [key in RetentionState]?: StateCount }, upcoming: Array<MonthCount>, forecast: Array<MonthForecast>, 
/**
 * Bytes recorded per month lately (the last 90 days, scaled to 30).
 */
monthly_intake: number, disk_total: number | null, disk_free: number | null, };

export type Hold = { id: number, reason: HoldReason, note: string | null, case: string | null, clips: Array<number>, set_by: string, set_at: string, released_by: string | null, released_at: string | null, release_note: string | null, };

export type DisposalBatch = { id: number, state: BatchState, as_of: string, proposed_by: string, proposed_at: string, decided_by: string | null, decided_at: string | null, remove_after: string | null, mass_confirmed: boolean, 
/**
 * Who gave a mass disposal its second confirmation, and when.
 */
second_by: string | null, second_at: string | null, clips: Array<number>, 
/**
 * The batch's clips' bytes (from their tombstones once disposed of).
 */
bytes: number, };

export type Disc = { id: string, media: MediumName, capacity: number, bytes: number, copy_no: number, state: DiscState, planned_at: string, written_by: string | null, written_at: string | null, target: string | null, image_sha256: string | null, image_bytes: number | null, verified_at: string | null, location: string | null, next_check: string | null, clips: Array<number>, };

/**
 * The result of reading a disc back.
 */
export type DiscCheck = { disc: string, ok: boolean, 
/**
 * The image's blocks as read back match the image as written.
 */
image_matches: boolean | null, files_checked: number, 
/**
 * Files on the disc whose SHA-256 differs from the catalog, by their path on the disc.
 */
mismatched: Array<string>, missing: Array<string>, };

/**
 * Where a disc is written to or read back from (the window sends `{kind, path}`).
 */
export type DiscTarget = { "kind": "image", "path": string } | { "kind": "device", "path": string } | { "kind": "drive", "path": string };

export type ExportPackage = { id: number, kind: PackageKind, week: string | null, name: string, destination: string, reason: string | null, created_by: string, created_at: string, clips: number, bytes: number, manifest_sha256: string, checked_at: string, check_ok: boolean, };

/**
 * What reading a package back found.
 */
export type BagCheck = { ok: boolean, files_checked: number, 
/**
 * Files (payload or tag) whose SHA-256 differs from the manifest.
 */
mismatched: Array<string>, missing: Array<string>, 
/**
 * Payload files no manifest names (links and special files among them).
 */
unexpected: Array<string>, 
/**
 * Manifest paths that lead outside the package (`..`, absolute): refused, never read.
 */
outside: Array<string>, 
/**
 * `Payload-Oxum` in bag-info.txt agrees with the payload.
 */
oxum_ok: boolean, };

/**
 * A package written and read back.
 */
export type ExportReport = { 
/**
 * `week`, `supplement` or `request`.
 */
kind: PackageKind, week: string | null, name: string, path: string, clips: number, bytes: number, manifest_sha256: string, check: BagCheck, };

/**
 * A week: what it holds, what of it has left the station, and in which packages.
 */
export type WeekStatus = { week: string, from: string, to: string, clips: number, bytes: number, exported: number, 
/**
 * Clips of the week in no package yet.
 */
pending: number, 
/**
 * The week has ended (in station time): its package is due (art. 18).
 */
complete: boolean, packages: Array<ExportPackage>, };

/**
 * What a week holds, per officer: the Exports page's preview.
 */
export type WeekSummary = { week: string, from: string, to: string, clips: number, bytes: number, pending: number, officers: Array<OfficerShare>, };

export type OfficerShare = { squad: string | null, officer: string | null, name: string | null, clips: number, bytes: number, };

/**
 * Stable, machine-readable error codes. Never rename one: scripts and the UI match on them.
 */
export type ErrorCode = "library_missing" | "not_a_library" | "catalog_too_new" | "catalog" | "io" | "disk_full" | "source_missing" | "source_busy" | "recorder_gone" | "source_unreadable" | "source_vanished" | "source_changed" | "verify_mismatch" | "invalid_setting" | "invalid_input" | "cancelled" | "not_found" | "needs_confirmation" | "invalid_state" | "tool_missing" | "will_not_fit" | "not_signed_in" | "forbidden" | "login_failed" | "login_throttled" | "needs_approval" | "no_administrator";

/**
 * A problem with one item (one file) that does not stop the job. Reported with a stable code.
 */
export type ItemError = { path: string, code: ErrorCode, message: string, };

/**
 * How the recorder was recognised, for the docking record.
 */
export type RecognisedBy = "custodian" | "identity_file" | "file_names" | "volume_uuid" | "volume_label" | "mount_name";

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * An entry on a card that is not a regular file, and so is not stored.
 */
export type NotAFile = { path: string, kind: EntryKind, };

export type IngestReport = { dock_event_id: number, source: string, device: string, 
/**
 * Files on the recorder (OS metadata excluded).
 */
found: number, 
/**
 * Newly stored and verified.
 */
copied: number, 
/**
 * Already in the library from this recorder.
 */
skipped: number, failed: number, 
/**
 * Bytes newly stored.
 */
bytes: number, errors: Array<ItemError>, 
/**
 * Entries on the card that are not files (links, pipes, devices): not stored, and said.
 */
skipped_items: Array<NotAFile>, stopped: Stopped | null, 
/**
 * How the recorder was recognised.
 */
recognised_by: RecognisedBy, 
/**
 * The docking record's flags.
 */
flags: Array<DockFlag>, 
/**
 * What each flag is about, for a person.
 */
flag_details: { [key in DockFlag]?: string }, 
/**
 * The recorder's free and total space after the docking.
 */
free_bytes: number | null, total_bytes: number | null, 
/**
 * Recorder clock minus station clock, where the recorder tells its time.
 */
clock_drift_s: number | null, 
/**
 * Files removed from the recorder after they were verified (free-the-recorder).
 */
freed: number, 
/**
 * Why free-the-recorder, though on, deleted nothing (the source was no recorder volume).
 */
not_freed: string | null, };

/**
 * Why a job stopped before the end.
 */
export type Stopped = { code: ErrorCode, message: string, };

export type Progress = { 
/**
 * The recorder (mount) this is about; empty for library-wide work.
 */
source: string, files_done: number, files_total: number, bytes_done: number, bytes_total: number, current: string, };

export type CoreEvent = { "event": "ingest_planned", source: string, device: string, files_found: number, files_to_copy: number, bytes_to_copy: number, } | { "event": "ingest_progress" } & Progress | { "event": "file_failed" } & ItemError | { "event": "ingest_finished" } & IngestReport | { "event": "verify_progress" } & Progress | { "event": "disc_progress", phase: string, 
/**
 * The recorder (mount) this is about; empty for library-wide work.
 */
source: string, files_done: number, files_total: number, bytes_done: number, bytes_total: number, current: string, } | { "event": "export_progress", phase: string, 
/**
 * The recorder (mount) this is about; empty for library-wide work.
 */
source: string, files_done: number, files_total: number, bytes_done: number, bytes_total: number, current: string, } | { "event": "watching", roots: Array<string>, } | { "event": "docked", mount: string, source: string, } | { "event": "undocked", mount: string, } | { "event": "mount_ignored", mount: string, reason: string, } | { "event": "dock_failed", mount: string, code: ErrorCode, message: string, };
