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
