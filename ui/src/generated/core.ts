// Generated from the station's Rust types (station_core::typescript); do not edit.
// Regenerate: cargo run -p station-tests --bin ui-types

/** role */
export type Role = 'custodian' | 'branch_head' | 'legal_inspector' | 'officer' | 'admin'
/** Every role, in the station's order. */
export const RoleValues: readonly Role[] = ['custodian', 'branch_head', 'legal_inspector', 'officer', 'admin']
/** Each role's names. */
export const RoleNames: Record<Role, { zh: string, en: string }> = { 'custodian': { zh: "保管员", en: "custodian" }, 'branch_head': { zh: "分局负责人", en: "branch head" }, 'legal_inspector': { zh: "法制科", en: "legal inspector" }, 'officer': { zh: "执法人员", en: "officer" }, 'admin': { zh: "系统管理员", en: "administrator" } }

/** duty */
export type Duty = 'ingest' | 'label' | 'registry' | 'settings' | 'accounts' | 'hold' | 'release_hold' | 'propose_disposal' | 'decide_disposal' | 'confirm_mass_disposal' | 'burn' | 'export_week' | 'decide_access' | 'read_audit' | 'classify' | 'spot_check' | 'read_records' | 'rebuild' | 'move_library' | 'approve_own' | 'confirm_own'
/** Every duty, in the station's order. */
export const DutyValues: readonly Duty[] = ['ingest', 'label', 'registry', 'settings', 'accounts', 'hold', 'release_hold', 'propose_disposal', 'decide_disposal', 'confirm_mass_disposal', 'burn', 'export_week', 'decide_access', 'read_audit', 'classify', 'spot_check', 'read_records', 'rebuild', 'move_library', 'approve_own', 'confirm_own']
/** Each duty's names. */
export const DutyNames: Record<Duty, { zh: string, en: string }> = { 'ingest': { zh: "导入记录", en: "ingest recordings" }, 'label': { zh: "标注记录", en: "label records" }, 'registry': { zh: "管理设备和人员", en: "manage devices and officers" }, 'settings': { zh: "修改设置", en: "change settings" }, 'accounts': { zh: "管理账户", en: "manage accounts" }, 'hold': { zh: "设置长期保存", en: "set long-term holds" }, 'release_hold': { zh: "解除长期保存", en: "release holds" }, 'propose_disposal': { zh: "提出销毁申请", en: "propose disposals" }, 'decide_disposal': { zh: "审批销毁", en: "approve or reject disposals" }, 'confirm_mass_disposal': { zh: "确认大批量销毁", en: "confirm a mass disposal" }, 'burn': { zh: "刻录长期保存副本", en: "write long-term copies" }, 'export_week': { zh: "导出每周汇总", en: "export the weekly package" }, 'decide_access': { zh: "审批调阅申请", en: "approve or reject access requests" }, 'read_audit': { zh: "查看审计日志", en: "read the audit log" }, 'classify': { zh: "设定密级", en: "set confidentiality levels" }, 'spot_check': { zh: "抽查", en: "run spot checks" }, 'read_records': { zh: "查阅记录", en: "read the records" }, 'rebuild': { zh: "重建目录", en: "rebuild the catalog" }, 'move_library': { zh: "迁移证据库", en: "move the library" }, 'approve_own': { zh: "批准自己的申请", en: "approve their own request" }, 'confirm_own': { zh: "确认自己提出或批准的大批量销毁（须由另一人确认）", en: "confirm a mass disposal they proposed or approved (someone else must)" } }

/** confidentiality level */
export type Level = 'normal' | 'privacy' | 'business' | 'state'
/** Every confidentiality level, in the station's order. */
export const LevelValues: readonly Level[] = ['normal', 'privacy', 'business', 'state']
/** Each confidentiality level's names. */
export const LevelNames: Record<Level, { zh: string, en: string }> = { 'normal': { zh: "普通", en: "normal" }, 'privacy': { zh: "个人隐私", en: "personal privacy" }, 'business': { zh: "商业秘密", en: "business secret" }, 'state': { zh: "国家秘密", en: "state secret" } }

/** purpose */
export type Purpose = 'view' | 'copy' | 'district'
/** Every purpose, in the station's order. */
export const PurposeValues: readonly Purpose[] = ['view', 'copy', 'district']
/** Each purpose's names. */
export const PurposeNames: Record<Purpose, { zh: string, en: string }> = { 'view': { zh: "查看", en: "view" }, 'copy': { zh: "复制", en: "copy" }, 'district': { zh: "报送上级", en: "copy for the district" } }

/** case stage */
export type Stage = 'registration' | 'investigation' | 'review' | 'service' | 'compulsion' | 'archiving'
/** Every case stage, in the station's order. */
export const StageValues: readonly Stage[] = ['registration', 'investigation', 'review', 'service', 'compulsion', 'archiving']
/** Each case stage's names. */
export const StageNames: Record<Stage, { zh: string, en: string }> = { 'registration': { zh: "登记立案", en: "registration" }, 'investigation': { zh: "调查取证", en: "investigation" }, 'review': { zh: "审查决定", en: "review and decision" }, 'service': { zh: "送达执行", en: "service and execution" }, 'compulsion': { zh: "行政强制", en: "administrative compulsion" }, 'archiving': { zh: "归档管理", en: "archiving" } }

/** activity kind */
export type ActivityKind = 'inspection' | 'preservation' | 'seizure' | 'sealing' | 'hearing' | 'demolition' | 'service' | 'penalty' | 'statement' | 'other'
/** Every activity kind, in the station's order. */
export const ActivityKindValues: readonly ActivityKind[] = ['inspection', 'preservation', 'seizure', 'sealing', 'hearing', 'demolition', 'service', 'penalty', 'statement', 'other']
/** Each activity kind's names. */
export const ActivityKindNames: Record<ActivityKind, { zh: string, en: string }> = { 'inspection': { zh: "现场检查", en: "on-site inspection" }, 'preservation': { zh: "先行登记保存", en: "registration and preservation" }, 'seizure': { zh: "查封扣押", en: "seizure" }, 'sealing': { zh: "查封施工现场", en: "sealing a site" }, 'hearing': { zh: "听证", en: "hearing" }, 'demolition': { zh: "强制拆除", en: "forced demolition" }, 'service': { zh: "送达", en: "service" }, 'penalty': { zh: "当场收缴罚款、罚没物品", en: "on-the-spot fines and confiscation" }, 'statement': { zh: "口头申请、陈述申辩", en: "oral applications and statements" }, 'other': { zh: "其他直接接触当事人的执法环节", en: "other contact likely to cause a dispute" } }

/** gap reason */
export type GapReason = 'fault' | 'battery' | 'storage' | 'weather' | 'other'
/** Every gap reason, in the station's order. */
export const GapReasonValues: readonly GapReason[] = ['fault', 'battery', 'storage', 'weather', 'other']
/** Each gap reason's names. */
export const GapReasonNames: Record<GapReason, { zh: string, en: string }> = { 'fault': { zh: "设备故障", en: "device fault" }, 'battery': { zh: "电量耗尽", en: "battery" }, 'storage': { zh: "存储已满", en: "storage full" }, 'weather': { zh: "恶劣天气", en: "bad weather" }, 'other': { zh: "其他", en: "other" } }

/** report */
export type ReportKind = 'missing' | 'gaps' | 'one_device' | 'content' | 'late' | 'sequence' | 'undocked' | 'unchecked' | 'upkeep' | 'labels' | 'refused' | 'integrity' | 'district'
/** Every report, in the station's order. */
export const ReportKindValues: readonly ReportKind[] = ['missing', 'gaps', 'one_device', 'content', 'late', 'sequence', 'undocked', 'unchecked', 'upkeep', 'labels', 'refused', 'integrity', 'district']
/** Each report's names. */
export const ReportKindNames: Record<ReportKind, { zh: string, en: string }> = { 'missing': { zh: "缺少记录", en: "missing recordings" }, 'gaps': { zh: "未说明的中断", en: "unexplained gaps" }, 'one_device': { zh: "仅一台设备记录的高风险执法", en: "high-risk activities on one device" }, 'content': { zh: "缺少规定内容", en: "required content not shown" }, 'late': { zh: "未当日存储", en: "late storage" }, 'sequence': { zh: "文件编号不连续", en: "numbering gaps" }, 'undocked': { zh: "长期未接入的记录仪", en: "recorders not docked" }, 'unchecked': { zh: "未做出勤前检查的记录仪", en: "recorders used unchecked" }, 'upkeep': { zh: "逾期未维护的记录仪", en: "recorders overdue for upkeep" }, 'labels': { zh: "缺少标注", en: "missing labels" }, 'refused': { zh: "未经批准的调阅", en: "refused access" }, 'integrity': { zh: "原始文件校验异常", en: "integrity problems" }, 'district': { zh: "报送区局积压", en: "district backlog" } }

/** report subject */
export type ReportSubject = 'activity' | 'clip' | 'dock' | 'device' | 'document'
/** Every report subject, in the station's order. */
export const ReportSubjectValues: readonly ReportSubject[] = ['activity', 'clip', 'dock', 'device', 'document']
/** Each report subject's names. */
export const ReportSubjectNames: Record<ReportSubject, { zh: string, en: string }> = { 'activity': { zh: "执法活动", en: "activity" }, 'clip': { zh: "记录", en: "clip" }, 'dock': { zh: "接入", en: "docking" }, 'device': { zh: "记录仪", en: "recorder" }, 'document': { zh: "案件文书", en: "case document" } }

/** period */
export type Period = 'week' | 'month' | 'year'
/** Every period, in the station's order. */
export const PeriodValues: readonly Period[] = ['week', 'month', 'year']
/** Each period's names. */
export const PeriodNames: Record<Period, { zh: string, en: string }> = { 'week': { zh: "周", en: "week" }, 'month': { zh: "月", en: "month" }, 'year': { zh: "年", en: "year" } }

/** kind */
export type Kind = 'video' | 'audio' | 'photo' | 'other'
/** Every kind, in the station's order. */
export const KindValues: readonly Kind[] = ['video', 'audio', 'photo', 'other']
/** Each kind's names. */
export const KindNames: Record<Kind, { zh: string, en: string }> = { 'video': { zh: "视频", en: "video" }, 'audio': { zh: "音频", en: "audio" }, 'photo': { zh: "照片", en: "photo" }, 'other': { zh: "其他", en: "other" } }

/** docking flag */
export type DockFlag = 'late_storage' | 'sequence_gap' | 'low_space' | 'clock_drift' | 'check_disagrees' | 'unregistered_device' | 'district_backlog'
/** Every docking flag, in the station's order. */
export const DockFlagValues: readonly DockFlag[] = ['late_storage', 'sequence_gap', 'low_space', 'clock_drift', 'check_disagrees', 'unregistered_device', 'district_backlog']
/** Each docking flag's names. */
export const DockFlagNames: Record<DockFlag, { zh: string, en: string }> = { 'late_storage': { zh: "未当日存储", en: "late storage" }, 'sequence_gap': { zh: "文件编号缺失", en: "sequence gap" }, 'low_space': { zh: "记录仪空间不足", en: "low space" }, 'clock_drift': { zh: "记录仪时钟偏差", en: "clock drift" }, 'check_disagrees': { zh: "与出勤前检查不符", en: "differs from the pre-shift check" }, 'unregistered_device': { zh: "未登记设备", en: "unregistered device" }, 'district_backlog': { zh: "报送区局积压", en: "district backlog" } }

/** hold reason */
export type HoldReason = 'evidence' | 'review' | 'obstruction' | 'emergency' | 'major'
/** Every hold reason, in the station's order. */
export const HoldReasonValues: readonly HoldReason[] = ['evidence', 'review', 'obstruction', 'emergency', 'major']
/** Each hold reason's names. */
export const HoldReasonNames: Record<HoldReason, { zh: string, en: string }> = { 'evidence': { zh: "作为证据使用", en: "used as evidence" }, 'review': { zh: "复议、诉讼、异议或投诉", en: "reconsideration, litigation, objection or complaint" }, 'obstruction': { zh: "阻碍执法、妨害公务、暴力抗法", en: "obstruction or violent resistance" }, 'emergency': { zh: "突发事件、群体性事件", en: "emergency or mass incident" }, 'major': { zh: "重大、复杂、疑难案件", en: "major, complex or difficult case" } }

/** order */
export type ClipSort = 'recorded_desc' | 'recorded_asc' | 'ingested_desc' | 'ingested_asc'
/** Every order, in the station's order. */
export const ClipSortValues: readonly ClipSort[] = ['recorded_desc', 'recorded_asc', 'ingested_desc', 'ingested_asc']
/** Each order's names. */
export const ClipSortNames: Record<ClipSort, { zh: string, en: string }> = { 'recorded_desc': { zh: "拍摄时间，新的在前", en: "newest recording first" }, 'recorded_asc': { zh: "拍摄时间，旧的在前", en: "oldest recording first" }, 'ingested_desc': { zh: "接入时间，新的在前", en: "newest ingest first" }, 'ingested_asc': { zh: "接入时间，旧的在前", en: "oldest ingest first" } }

/** medium */
export type MediumName = 'cd' | 'dvd' | 'dvd-dl' | 'bd25' | 'bd50' | 'bd100' | 'drive'
/** Every medium, in the station's order. */
export const MediumNameValues: readonly MediumName[] = ['cd', 'dvd', 'dvd-dl', 'bd25', 'bd50', 'bd100', 'drive']
/** Each medium's names. */
export const MediumNameNames: Record<MediumName, { zh: string, en: string }> = { 'cd': { zh: "CD 光盘", en: "CD" }, 'dvd': { zh: "DVD 光盘", en: "DVD" }, 'dvd-dl': { zh: "双层 DVD 光盘", en: "dual-layer DVD" }, 'bd25': { zh: "25 GB 蓝光光盘", en: "25 GB Blu-ray" }, 'bd50': { zh: "50 GB 蓝光光盘", en: "50 GB Blu-ray" }, 'bd100': { zh: "100 GB 蓝光光盘", en: "100 GB Blu-ray" }, 'drive': { zh: "移动硬盘", en: "removable drive" } }

/** docking state */
export type DockState = 'running' | 'completed' | 'stopped' | 'failed'
/** Every docking state, in the station's order. */
export const DockStateValues: readonly DockState[] = ['running', 'completed', 'stopped', 'failed']
/** Each docking state's names. */
export const DockStateNames: Record<DockState, { zh: string, en: string }> = { 'running': { zh: "接入中", en: "running" }, 'completed': { zh: "已完成", en: "completed" }, 'stopped': { zh: "已中止", en: "stopped" }, 'failed': { zh: "有文件失败", en: "failed" } }

/** disc state */
export type DiscState = 'planned' | 'written' | 'verified' | 'failed'
/** Every disc state, in the station's order. */
export const DiscStateValues: readonly DiscState[] = ['planned', 'written', 'verified', 'failed']
/** Each disc state's names. */
export const DiscStateNames: Record<DiscState, { zh: string, en: string }> = { 'planned': { zh: "已规划", en: "planned" }, 'written': { zh: "已写入", en: "written" }, 'verified': { zh: "已校验", en: "verified" }, 'failed': { zh: "校验失败", en: "failed" } }

/** batch state */
export type BatchState = 'proposed' | 'approved' | 'rejected' | 'restored' | 'disposed'
/** Every batch state, in the station's order. */
export const BatchStateValues: readonly BatchState[] = ['proposed', 'approved', 'rejected', 'restored', 'disposed']
/** Each batch state's names. */
export const BatchStateNames: Record<BatchState, { zh: string, en: string }> = { 'proposed': { zh: "待审批", en: "proposed" }, 'approved': { zh: "已批准", en: "approved" }, 'rejected': { zh: "已驳回", en: "rejected" }, 'restored': { zh: "已恢复", en: "restored" }, 'disposed': { zh: "已处置", en: "disposed" } }

/** request state */
export type RequestState = 'pending' | 'approved' | 'rejected'
/** Every request state, in the station's order. */
export const RequestStateValues: readonly RequestState[] = ['pending', 'approved', 'rejected']
/** Each request state's names. */
export const RequestStateNames: Record<RequestState, { zh: string, en: string }> = { 'pending': { zh: "待审批", en: "pending" }, 'approved': { zh: "已批准", en: "approved" }, 'rejected': { zh: "已驳回", en: "rejected" } }

/** package kind */
export type PackageKind = 'week' | 'supplement' | 'request'
/** Every package kind, in the station's order. */
export const PackageKindValues: readonly PackageKind[] = ['week', 'supplement', 'request']
/** Each package kind's names. */
export const PackageKindNames: Record<PackageKind, { zh: string, en: string }> = { 'week': { zh: "周包", en: "week" }, 'supplement': { zh: "补充包", en: "supplement" }, 'request': { zh: "调取包", en: "request" } }

/** what is drawn */
export type Sample = 'clip' | 'activity' | 'document'
/** Every what is drawn, in the station's order. */
export const SampleValues: readonly Sample[] = ['clip', 'activity', 'document']
/** Each what is drawn's names. */
export const SampleNames: Record<Sample, { zh: string, en: string }> = { 'clip': { zh: "记录", en: "clips" }, 'activity': { zh: "执法活动", en: "activities" }, 'document': { zh: "案件文书", en: "case documents" } }

/** retention state */
export type RetentionState = 'minimum' | 'eligible' | 'long_term' | 'disposal_pending' | 'disposed'
/** Every retention state, in the station's order. */
export const RetentionStateValues: readonly RetentionState[] = ['minimum', 'eligible', 'long_term', 'disposal_pending', 'disposed']
/** Each retention state's names. */
export const RetentionStateNames: Record<RetentionState, { zh: string, en: string }> = { 'minimum': { zh: "保存期内", en: "within the minimum period" }, 'eligible': { zh: "已满保存期", en: "past the minimum period" }, 'long_term': { zh: "长期保存", en: "held long-term" }, 'disposal_pending': { zh: "待销毁", en: "disposal pending" }, 'disposed': { zh: "已销毁", en: "disposed" } }

/** action */
export type AuditAction = 'access_request' | 'access_approve' | 'access_reject' | 'account_change' | 'account_create' | 'activity_add' | 'activity_link' | 'add_device' | 'add_officer' | 'add_squad' | 'approve_disposal' | 'assign_device' | 'audit_verify' | 'audit_view' | 'case_add' | 'case_document' | 'case_edit' | 'case_stage' | 'classify' | 'confirm_mass_disposal' | 'content_tick' | 'copy' | 'device_check' | 'device_maintenance' | 'device_status' | 'disposal_done' | 'dispose' | 'dispose_skipped' | 'district' | 'district_set' | 'district_push' | 'district_lock' | 'district_week' | 'dock' | 'dock_interrupted' | 'export' | 'export_request' | 'free_recorder' | 'gap_acknowledge' | 'gap_explain' | 'hold' | 'ingest' | 'import_registry' | 'init' | 'label' | 'locate_disc' | 'login' | 'login_failed' | 'logout' | 'officer_seen' | 'password_change' | 'plan_burn' | 'move_library' | 'print_paper' | 'propose_disposal' | 'rebuild_catalog' | 'refused' | 'reject_disposal' | 'release_hold' | 'remove_old_library' | 'restore_disposal' | 'setting' | 'spot_check_draw' | 'spot_check_ledger' | 'spot_check_review' | 'store' | 'verify' | 'verify_disc' | 'verify_export' | 'view' | 'write_disc'
/** Every action, in the station's order. */
export const AuditActionValues: readonly AuditAction[] = ['access_request', 'access_approve', 'access_reject', 'account_change', 'account_create', 'activity_add', 'activity_link', 'add_device', 'add_officer', 'add_squad', 'approve_disposal', 'assign_device', 'audit_verify', 'audit_view', 'case_add', 'case_document', 'case_edit', 'case_stage', 'classify', 'confirm_mass_disposal', 'content_tick', 'copy', 'device_check', 'device_maintenance', 'device_status', 'disposal_done', 'dispose', 'dispose_skipped', 'district', 'district_set', 'district_push', 'district_lock', 'district_week', 'dock', 'dock_interrupted', 'export', 'export_request', 'free_recorder', 'gap_acknowledge', 'gap_explain', 'hold', 'ingest', 'import_registry', 'init', 'label', 'locate_disc', 'login', 'login_failed', 'logout', 'officer_seen', 'password_change', 'plan_burn', 'move_library', 'print_paper', 'propose_disposal', 'rebuild_catalog', 'refused', 'reject_disposal', 'release_hold', 'remove_old_library', 'restore_disposal', 'setting', 'spot_check_draw', 'spot_check_ledger', 'spot_check_review', 'store', 'verify', 'verify_disc', 'verify_export', 'view', 'write_disc']
/** Each action's names. */
export const AuditActionNames: Record<AuditAction, { zh: string, en: string }> = { 'access_request': { zh: "申请调阅", en: "access requested" }, 'access_approve': { zh: "批准调阅", en: "access approved" }, 'access_reject': { zh: "驳回调阅", en: "access rejected" }, 'account_change': { zh: "修改账户", en: "account changed" }, 'account_create': { zh: "新建账户", en: "account created" }, 'activity_add': { zh: "登记执法活动", en: "activity added" }, 'activity_link': { zh: "关联执法活动", en: "activity linked" }, 'add_device': { zh: "登记记录仪", en: "recorder registered" }, 'add_officer': { zh: "登记执法人员", en: "officer registered" }, 'add_squad': { zh: "登记中队", en: "squad registered" }, 'approve_disposal': { zh: "批准销毁", en: "disposal approved" }, 'assign_device': { zh: "分配记录仪", en: "recorder assigned" }, 'audit_verify': { zh: "校验审计日志", en: "audit log verified" }, 'audit_view': { zh: "查看审计日志", en: "audit log viewed" }, 'case_add': { zh: "登记案件", en: "case added" }, 'case_document': { zh: "附加案件文书", en: "case document attached" }, 'case_edit': { zh: "更正案件信息", en: "case corrected" }, 'case_stage': { zh: "设置案件阶段", en: "case stage set" }, 'classify': { zh: "设置密级", en: "confidentiality set" }, 'confirm_mass_disposal': { zh: "复核大批量销毁", en: "mass disposal confirmed" }, 'content_tick': { zh: "核对摄录要点", en: "content ticked" }, 'copy': { zh: "复制", en: "copy" }, 'device_check': { zh: "出勤前检查记录仪", en: "recorder checked before a shift" }, 'device_maintenance': { zh: "记录仪维护保养", en: "recorder serviced" }, 'device_status': { zh: "变更记录仪状态", en: "recorder status changed" }, 'disposal_done': { zh: "销毁完成", en: "disposal done" }, 'dispose': { zh: "销毁", en: "disposed" }, 'dispose_skipped': { zh: "跳过销毁", en: "disposal skipped" }, 'district': { zh: "报送区局", en: "sent to the district" }, 'district_set': { zh: "设置区局存储", en: "district store set" }, 'district_push': { zh: "报送区局存储", en: "copied to the district store" }, 'district_lock': { zh: "区局存储锁定变更", en: "district copy's lock changed" }, 'district_week': { zh: "写出区局周汇总", en: "district week written" }, 'dock': { zh: "接入记录仪", en: "recorder docked" }, 'dock_interrupted': { zh: "接入中断", en: "docking interrupted" }, 'export': { zh: "导出周包", en: "week exported" }, 'export_request': { zh: "导出调取包", en: "request exported" }, 'free_recorder': { zh: "清空记录仪", en: "recorder freed" }, 'gap_acknowledge': { zh: "确认中断说明", en: "gap acknowledged" }, 'gap_explain': { zh: "说明中断", en: "gap explained" }, 'hold': { zh: "设为长期保存", en: "held long-term" }, 'ingest': { zh: "接入", en: "ingest" }, 'import_registry': { zh: "导入名册", en: "registry imported" }, 'init': { zh: "建立证据库", en: "library founded" }, 'label': { zh: "标注", en: "labelled" }, 'locate_disc': { zh: "登记光盘存放位置", en: "disc located" }, 'login': { zh: "登录", en: "signed in" }, 'login_failed': { zh: "登录失败", en: "sign-in failed" }, 'logout': { zh: "退出登录", en: "signed out" }, 'officer_seen': { zh: "识别执法人员", en: "officer seen" }, 'password_change': { zh: "修改密码", en: "password changed" }, 'plan_burn': { zh: "规划刻录", en: "burn planned" }, 'move_library': { zh: "迁移证据库", en: "library moved" }, 'print_paper': { zh: "打印文书", en: "paper printed" }, 'propose_disposal': { zh: "提出销毁", en: "disposal proposed" }, 'rebuild_catalog': { zh: "重建目录", en: "catalog rebuilt" }, 'refused': { zh: "拒绝操作", en: "refused" }, 'reject_disposal': { zh: "驳回销毁", en: "disposal rejected" }, 'release_hold': { zh: "解除长期保存", en: "hold released" }, 'remove_old_library': { zh: "删除迁移前的旧证据库", en: "old library removed" }, 'restore_disposal': { zh: "恢复销毁批次", en: "disposal restored" }, 'setting': { zh: "修改设置", en: "setting changed" }, 'spot_check_draw': { zh: "抽查", en: "spot check drawn" }, 'spot_check_ledger': { zh: "导出抽查台账", en: "spot-check ledger written" }, 'spot_check_review': { zh: "抽查评查", en: "spot check reviewed" }, 'store': { zh: "存储", en: "stored" }, 'verify': { zh: "校验证据库", en: "library verified" }, 'verify_disc': { zh: "校验光盘", en: "disc verified" }, 'verify_export': { zh: "校验导出包", en: "export verified" }, 'view': { zh: "调阅", en: "viewed" }, 'write_disc': { zh: "写入光盘", en: "disc written" } }

/** entry kind */
export type EntryKind = 'symlink' | 'fifo' | 'socket' | 'device' | 'other'
/** Every entry kind, in the station's order. */
export const EntryKindValues: readonly EntryKind[] = ['symlink', 'fifo', 'socket', 'device', 'other']
/** Each entry kind's names. */
export const EntryKindNames: Record<EntryKind, { zh: string, en: string }> = { 'symlink': { zh: "符号链接", en: "symbolic link" }, 'fifo': { zh: "命名管道", en: "named pipe" }, 'socket': { zh: "套接字", en: "socket" }, 'device': { zh: "设备文件", en: "device file" }, 'other': { zh: "特殊文件", en: "special file" } }

/** import outcome */
export type ImportOutcome = 'added' | 'updated' | 'unchanged' | 'error'
/** Every import outcome, in the station's order. */
export const ImportOutcomeValues: readonly ImportOutcome[] = ['added', 'updated', 'unchanged', 'error']
/** Each import outcome's names. */
export const ImportOutcomeNames: Record<ImportOutcome, { zh: string, en: string }> = { 'added': { zh: "新增", en: "added" }, 'updated': { zh: "更新", en: "updated" }, 'unchanged': { zh: "无变化", en: "unchanged" }, 'error': { zh: "有错误", en: "error" } }

/** check kind */
export type FixityKind = 'full' | 'scheduled'
/** Every check kind, in the station's order. */
export const FixityKindValues: readonly FixityKind[] = ['full', 'scheduled']
/** Each check kind's names. */
export const FixityKindNames: Record<FixityKind, { zh: string, en: string }> = { 'full': { zh: "全部校验", en: "full check" }, 'scheduled': { zh: "定期抽取校验", en: "scheduled check" } }

/** settings section */
export type SettingSection = 'station' | 'docking' | 'retention' | 'checks' | 'access' | 'district'
/** Every settings section, in the station's order. */
export const SettingSectionValues: readonly SettingSection[] = ['station', 'docking', 'retention', 'checks', 'access', 'district']
/** Each settings section's names. */
export const SettingSectionNames: Record<SettingSection, { zh: string, en: string }> = { 'station': { zh: "本站", en: "station" }, 'docking': { zh: "接入记录仪", en: "docking" }, 'retention': { zh: "保存与销毁", en: "retention and disposal" }, 'checks': { zh: "校验与检查", en: "checks" }, 'access': { zh: "使用与权限", en: "access" }, 'district': { zh: "区局存储", en: "district store" } }

/** check result */
export type FixityResult = 'ok' | 'mismatched' | 'missing'
/** Every check result, in the station's order. */
export const FixityResultValues: readonly FixityResult[] = ['ok', 'mismatched', 'missing']
/** Each check result's names. */
export const FixityResultNames: Record<FixityResult, { zh: string, en: string }> = { 'ok': { zh: "一致", en: "intact" }, 'mismatched': { zh: "不一致", en: "mismatched" }, 'missing': { zh: "缺失", en: "missing" } }

/** digest */
export type FileDigest = 'blake3' | 'sha256' | 'sm3'
/** Every digest, in the station's order. */
export const FileDigestValues: readonly FileDigest[] = ['blake3', 'sha256', 'sm3']
/** Each digest's names. */
export const FileDigestNames: Record<FileDigest, { zh: string, en: string }> = { 'blake3': { zh: "BLAKE3", en: "BLAKE3" }, 'sha256': { zh: "SHA-256", en: "SHA-256" }, 'sm3': { zh: "SM3（GB/T 32905）", en: "SM3 (GB/T 32905)" } }

/** recorder status */
export type DeviceStatus = 'active' | 'spare' | 'in_repair' | 'lost' | 'retired'
/** Every recorder status, in the station's order. */
export const DeviceStatusValues: readonly DeviceStatus[] = ['active', 'spare', 'in_repair', 'lost', 'retired']
/** Each recorder status's names. */
export const DeviceStatusNames: Record<DeviceStatus, { zh: string, en: string }> = { 'active': { zh: "在用", en: "in service" }, 'spare': { zh: "备用", en: "spare" }, 'in_repair': { zh: "维修中", en: "in repair" }, 'lost': { zh: "遗失", en: "lost" }, 'retired': { zh: "报废", en: "retired" } }

/** reading */
export type Reading = 'ok' | 'low'
/** Every reading, in the station's order. */
export const ReadingValues: readonly Reading[] = ['ok', 'low']
/** Each reading's names. */
export const ReadingNames: Record<Reading, { zh: string, en: string }> = { 'ok': { zh: "充足", en: "OK" }, 'low': { zh: "不足", en: "low" } }

/** clock */
export type ClockReading = 'ok' | 'wrong'
/** Every clock, in the station's order. */
export const ClockReadingValues: readonly ClockReading[] = ['ok', 'wrong']
/** Each clock's names. */
export const ClockReadingNames: Record<ClockReading, { zh: string, en: string }> = { 'ok': { zh: "准确", en: "correct" }, 'wrong': { zh: "不准", en: "wrong" } }

/** lens and microphone */
export type LensReading = 'ok' | 'fault'
/** Every lens and microphone, in the station's order. */
export const LensReadingValues: readonly LensReading[] = ['ok', 'fault']
/** Each lens and microphone's names. */
export const LensReadingNames: Record<LensReading, { zh: string, en: string }> = { 'ok': { zh: "正常", en: "OK" }, 'fault': { zh: "异常", en: "fault" } }

/** upkeep */
export type MaintenanceKind = 'service' | 'repair' | 'replacement'
/** Every upkeep, in the station's order. */
export const MaintenanceKindValues: readonly MaintenanceKind[] = ['service', 'repair', 'replacement']
/** Each upkeep's names. */
export const MaintenanceKindNames: Record<MaintenanceKind, { zh: string, en: string }> = { 'service': { zh: "定期维护保养", en: "regular service" }, 'repair': { zh: "维修", en: "repair" }, 'replacement': { zh: "更换部件", en: "replacement" } }

/** kept because */
export type KeptBecause = 'changed' | 'not_held' | 'unreadable' | 'not_copied'
/** Every kept because, in the station's order. */
export const KeptBecauseValues: readonly KeptBecause[] = ['changed', 'not_held', 'unreadable', 'not_copied']
/** Each kept because's names. */
export const KeptBecauseNames: Record<KeptBecause, { zh: string, en: string }> = { 'changed': { zh: "迁移后被改动过", en: "changed since the move" }, 'not_held': { zh: "新证据库中的副本缺失或不一致", en: "the new library's copy is missing or differs" }, 'unreadable': { zh: "读不出", en: "unreadable" }, 'not_copied': { zh: "迁移时没有复制", en: "not copied by the move" } }

/** finding */
export type FindingKind = 'missing' | 'checksum_differs' | 'replaced' | 'read_back_differs' | 'journal_unreadable'
/** Every finding, in the station's order. */
export const FindingKindValues: readonly FindingKind[] = ['missing', 'checksum_differs', 'replaced', 'read_back_differs', 'journal_unreadable']
/** Each finding's names. */
export const FindingKindNames: Record<FindingKind, { zh: string, en: string }> = { 'missing': { zh: "分局记录的版本已不在区局存储中", en: "the version the branch recorded is gone" }, 'checksum_differs': { zh: "区局存储的校验值与分局记录不符", en: "the store's checksum is not the one the branch recorded" }, 'replaced': { zh: "同名对象已被写入内容不同的新版本", en: "a newer version with other bytes was written under the same name" }, 'read_back_differs': { zh: "抽样回读的内容与分局记录不符", en: "read back in full, the bytes are not the ones recorded" }, 'journal_unreadable': { zh: "分局日志段无法读取或校验", en: "a journal segment cannot be read or checked" } }

/** state */
export type BranchWeekState = 'complete' | 'incomplete' | 'missing'
/** Every state, in the station's order. */
export const BranchWeekStateValues: readonly BranchWeekState[] = ['complete', 'incomplete', 'missing']
/** Each state's names. */
export const BranchWeekStateNames: Record<BranchWeekState, { zh: string, en: string }> = { 'complete': { zh: "已报齐", en: "complete" }, 'incomplete': { zh: "未报齐（日志未到周末）", en: "incomplete (its journal stops before the week ends)" }, 'missing': { zh: "本周无报送", en: "nothing sent for the week" } }

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
source_path: string, size: number, blake3: string, sha256: string, 
/**
 * SM3 (GB/T 32905) of the recorder's bytes, lowercase hex; null for clips stored before
 * the station computed it.
 */
sm3: string | null, kind: Kind, recorded_at: string | null, time_source: string | null, duration_s: number | null, device: string, officer: string | null, squad: string | null, important: boolean, flags: Array<string>, warnings: Array<Warning>, 
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
confidentiality: Level, 
/**
 * The district's copy (key, version, locked until, legal hold); null until it is pushed.
 */
district: DistrictCopy | null, };

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

export type Device = { serial: string, model: string | null, squad: string | null, officer: string | null, status: DeviceStatus, registered: boolean, volume_label: string | null, volume_uuid: string | null, free_after_ingest: boolean | null, clips: number, };

export type Officer = { number: string, name: string | null, squad: string | null, };

/**
 * A row of the registry as shown to people.
 */
export type Squad = { name: string, officers: number, devices: number, };

export type Assignment = { device: string, officer: string, from_unix: number, to_unix: number | null, };

/**
 * A row's problem: where it is (spreadsheet row, column header) and what to do about it.
 */
export type ImportProblem = { row: number, column: string, 
/**
 * In the station's language.
 */
message: string, };

/**
 * One row as read, and its outcome.
 */
export type ImportRow = { row: number, squad: string, officer: string, name: string, serial: string, model: string, outcome: ImportOutcome, };

export type ImportReport = { rows: number, added: number, updated: number, unchanged: number, errors: Array<ImportProblem>, 
/**
 * Every row with what it does, for the preview.
 */
preview: Array<ImportRow>, 
/**
 * Whether the registry was changed (never with a problem, never on a dry run).
 */
saved: boolean, };

export type FixityRun = { id: number, kind: FixityKind, started_at: string, finished_at: string | null, actor: string, checked: number, bytes: number, mismatched: number, missing: number, };

/**
 * How well the library is proven, for the dashboard and the docking page.
 */
export type FixityStatus = { 
/**
 * Every stored file has been read back whole since this moment (RFC 3339); None for an
 * empty library.
 */
fully_verified_since: string | null, 
/**
 * The bound the schedule keeps (setting `verify_days`).
 */
verify_days: number, last_run: FixityRun | null, 
/**
 * Stored files whose latest read-back failed.
 */
problems: number, };

/**
 * A clip as the approver sees it in a request.
 */
export type RequestedClip = { id: number, kind: string, recorded_at: string | null, duration_s: number | null, officer: string | null, device: string, case: string | null, };

/**
 * How a setting is typed. The stored text is what `settings set` takes; the window converts
 * to and from the unit people use.
 */
export type SettingKind = { "type": "text" } | { "type": "zone" } | { "type": "language" } | { "type": "switch" } | { "type": "number", unit_zh: string, unit_en: string, min: number, max: number, } | { "type": "size", max_mib: number, } | { "type": "share", max: number, } | { "type": "folders" } | { "type": "names" } | { "type": "patterns" } | { "type": "activity_kinds" };

/**
 * One setting, for people.
 */
export type SettingGuide = { key: string, section: SettingSection, name_zh: string, name_en: string, meaning_zh: string, meaning_en: string, 
/**
 * The stored text used when none is set ("" where it depends on the PC).
 */
default: string, 
/**
 * The article of the regulation it serves, e.g. "第十九条".
 */
article: string | null, kind: SettingKind, };

export type VerifyProblem = { 
/**
 * `clip`, or `document` (a case's text record).
 */
what: string, id: number, path: string, 
/**
 * The catalog's BLAKE3 of the file.
 */
expected_blake3: string, 
/**
 * What the file reads as now, when it was read with BLAKE3.
 */
actual_blake3: string | null, 
/**
 * The digest it was read back with, the catalog's value of it and what the file gives.
 */
digest: FileDigest, expected: string, actual: string | null, detail: string, };

export type VerifyReport = { 
/**
 * The digest the files were read back with (`verify --digest`; BLAKE3 unless asked).
 */
digest: FileDigest, 
/**
 * Files the catalog keeps no such digest of (SM3 of clips stored before the station
 * computed it, of case documents), read back with BLAKE3 instead.
 */
read_with_blake3: number, checked: number, ok: number, bytes: number, mismatched: Array<VerifyProblem>, missing: Array<VerifyProblem>, };

/**
 * Which paper, and of what.
 */
export type PaperRequest = { "paper": "receipt", dock: number, } | { "paper": "week_ledger", week: string, } | { "paper": "spot_checks" } | { "paper": "report", which: ReportKind, from: string | null, to: string | null, } | { "paper": "disc_label", disc: string, } | { "paper": "disc_register" };

/**
 * A paper saved: where, how long, and any character no font here could draw (printed as
 * its code point, e.g. [U+2A6A5], so the reader must be told).
 */
export type SavedPaper = { path: string, title: string, pages: number, bytes: number, missing: Array<string>, };

export type RebuildReport = { 
/**
 * Journal lines replayed: every fact the old catalog held, as it was written.
 */
journal_lines: number, 
/**
 * Rows those lines wrote, changed or removed.
 */
journal_changes: number, 
/**
 * What the journal could not give back (a broken chain, an unreadable line).
 */
journal_problems: Array<string>, 
/**
 * Clips in the new catalog, from the journal or, where it has none, the manifests.
 */
restored: number, 
/**
 * Catalogued from the manifest, but the stored file is gone (`verify` keeps reporting it).
 */
missing: Array<string>, 
/**
 * Catalogued from the manifest, but the stored bytes differ from its digest.
 */
mismatched: Array<string>, 
/**
 * Files in `media/` that no manifest names: not catalogued, listed for a person to check.
 */
unlisted: Array<string>, 
/**
 * Manifest lines that could not be read (a torn last line after a power cut).
 */
unreadable_lines: Array<string>, 
/**
 * Where the previous catalog was moved, if there was one.
 */
previous_catalog: string | null, };

/**
 * What a move did.
 */
export type MoveReport = { from: string, to: string, files: number, bytes: number, 
/**
 * Stored originals whose bytes already differed from their digest before the move
 * (copied as they were; `verify` reports them as before).
 */
mismatched: Array<string>, 
/**
 * Stored originals the catalog names that were not in the old folder.
 */
missing: Array<string>, 
/**
 * Entries that are not plain files (a link): not copied, left in the old folder.
 */
skipped: Array<string>, };

/**
 * The connection as shown: everything but the secret, of which only whether it is set.
 */
export type DistrictShown = { url: string | null, bucket: string | null, branch: string | null, access_key: string | null, secret_set: boolean, };

/**
 * One thing `district test` found wrong: a stable code and what to do, in words.
 */
export type DistrictProblem = { code: string, message: string, };

/**
 * What `district test` found.
 */
export type DistrictCheck = { 
/**
 * The store answered, took the key pair and has the bucket.
 */
reachable: boolean, versioning: boolean, object_lock: boolean, 
/**
 * Ready to keep evidence: reachable, versioning and Object Lock.
 */
ok: boolean, problems: Array<DistrictProblem>, };

/**
 * The queue as `district status` and the window show it.
 */
export type DistrictStatus = { 
/**
 * Whether a store is set at all.
 */
configured: boolean, pending: number, pushed: number, 
/**
 * Pending items whose last attempt failed (they are tried again later).
 */
failed: number, bytes_pending: number, 
/**
 * When the oldest waiting item was stored (RFC 3339).
 */
oldest_pending_at: string | null, 
/**
 * A store is set and the oldest waiting item has waited longer than the backlog setting.
 */
backlog: boolean, 
/**
 * The last failure's message, if any item has failed.
 */
last_error: string | null, };

/**
 * What one round of pushing did.
 */
export type PushReport = { 
/**
 * Clips and documents the store now holds that it did not before this round.
 */
pushed: number, bytes: number, 
/**
 * Copies whose lock or legal hold was changed to follow their clip.
 */
locks_changed: number, journal_segments: number, failed: Array<PushFailure>, 
/**
 * Why the round ended early: the store is down, refuses the key, or lacks the bucket.
 */
stopped: string | null, 
/**
 * Still waiting after the round.
 */
pending: number, };

export type PushFailure = { 
/**
 * The queue's name for it (`clip:12:<sha256>`, `lock:7`, `journal:<file>`), for scripts.
 */
item: string, 
/**
 * What it is, for people: the clip's id and original name, the object, the journal file.
 */
what: string, message: string, };

/**
 * One object of the district's, as the catalog last knew it.
 */
export type DistrictCopy = { key: string, version_id: string, 
/**
 * RFC 3339, UTC: the store refuses to delete it before.
 */
retain_until: string, legal_hold: boolean, pushed_at: string, };

/**
 * What one branch has pushed, from the store's own listing.
 */
export type BranchInventory = { branch: string, clips: number, documents: number, journal_segments: number, 
/**
 * Versions of every kind (more than the objects when a name was written twice).
 */
versions: number, bytes: number, 
/**
 * The newest write (RFC 3339).
 */
last_pushed_at: string | null, 
/**
 * The ISO weeks its clips were recorded in (from the day in each clip's name), oldest
 * first: the weeks `district week` can count for it.
 */
weeks: Array<string>, };

export type DistrictFinding = { branch: string, key: string, kind: FindingKind, message: string, };

export type DistrictVerifyReport = { branches: Array<string>, 
/**
 * Copies the branches recorded, each checked against the store's checksum.
 */
checked: number, 
/**
 * Of those, read back in full.
 */
read_back: number, 
/**
 * Clips and documents in the store that no journal segment records yet (a round that
 * was cut short before its journal went; not a fault by itself).
 */
unrecorded: number, findings: Array<DistrictFinding>, };

/**
 * One officer's week at one branch.
 */
export type OfficerWeek = { squad: string | null, 
/**
 * The officer's number (警号); `None`: clips no officer is labelled on.
 */
officer: string | null, name: string | null, clips: number, video_hours: number, 
/**
 * Dockings in the week flagged as late storage that carried this officer's clips.
 */
late_dockings: number, 
/**
 * Unexplained gaps in the week's activities this officer took part in.
 */
unexplained_gaps: number, };

/**
 * One branch's week, as the district reads it from the store.
 */
export type BranchWeek = { branch: string, state: BranchWeekState, clips: number, video_hours: number, late_dockings: number, unexplained_gaps: number, 
/**
 * The newest journal line the district holds (RFC 3339).
 */
journal_until: string | null, 
/**
 * What could not be read or replayed, for a person.
 */
problems: Array<string>, officers: Array<OfficerWeek>, };

/**
 * The district's week.
 */
export type DistrictWeek = { week: string, 
/**
 * `2026年第49周（11月30日–12月6日）`.
 */
words: string, branches: Array<BranchWeek>, 
/**
 * Branches that sent nothing for the week, or not all of it.
 */
missing: Array<string>, 
/**
 * The workbook written, when one was.
 */
file: string | null, };

export type KeptFile = { path: string, because: KeptBecause, };

/**
 * What clearing the old folders did.
 */
export type OldLibraryRemoval = { folders: Array<string>, removed: number, bytes: number, 
/**
 * Left in the old folder, each with why; the folder stays (marked as moved) if any.
 */
kept: Array<KeptFile>, };

/**
 * One move of the library, as the window and `library show` tell it.
 */
export type LibraryMove = { id: number, 
/**
 * The old folder, kept until the administrator confirms.
 */
from_path: string, to_path: string, moved_at: string, moved_by: string, files: number, bytes: number, 
/**
 * The list of what was copied, relative to the library.
 */
listing: string, 
/**
 * When the old folder was cleared; none while it is kept.
 */
removed_at: string | null, 
/**
 * Files removed from the old folder, and files left there (not proven held here).
 */
removed: number | null, kept: number | null, };

export type AuditEntry = { id: number, at: string, actor: string, action: string, object: string | null, outcome: string, detail: string | null, 
/**
 * The row as a sentence in the station's language and zone (`audit::words`), filled
 * where rows are shown; never part of the hash chain.
 */
text: string, };

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

export type AccessRequest = { id: number, requester: string, purpose: Purpose, case: string | null, level: Level, reason: string, state: RequestState, requested_at: string, decided_by: string | null, decided_at: string | null, decision_note: string | null, expires_at: string | null, clips: Array<number>, 
/**
 * What the approver decides on: each clip asked for (or, for a case, the case's first
 * clips) with its time, officer, device and case.
 */
items: Array<RequestedClip>, };

export type CaseRow = { id: number, number: string, cause: string | null, party: string | null, officers: Array<string>, 
/**
 * (stage, YYYY-MM-DD)
 */
stages: Array<[string, string]>, created_at: string, };

export type Activity = { id: number, case: string, kind: ActivityKind, place: string | null, start_unix: number, end_unix: number, officers: Array<string>, clips: Array<number>, 
/**
 * The case's stage it belongs to, if named.
 */
stage: Stage | null, };

export type GapExplanation = { gap_from: number, gap_to: number, reason: string, resumed: boolean, note: string | null, explained_by: string, explained_at: string, acknowledged_by: string | null, acknowledged_at: string | null, };

/**
 * A case's stored text record.
 */
export type CaseDocument = { case_number: string, name: string, media_path: string, size: number, sha256: string, blake3: string, added_by: string, added_at: string, 
/**
 * The case's stage the record belongs to (absent from older manifest lines).
 */
stage: Stage | null, };

/**
 * A new enforcement activity.
 */
export type NewActivity = { case_number: string, kind: ActivityKind, place?: string | null, 
/**
 * RFC 3339 or local `YYYY-MM-DD HH:MM`.
 */
from: string, to: string, officers: Array<string>, 
/**
 * The case's stage it belongs to (art. 2); its clips with it.
 */
stage?: Stage | null, };

/**
 * One interruption, numbered from 1 in time order, with its explanation if any.
 */
export type ActivityGap = { n: number, 
/**
 * The recorder that stopped (art. 11 is per recorder); none where no device recorded
 * any of the activity.
 */
device: string | null, 
/**
 * Another device recorded the whole of this stretch: a break all the same.
 */
covered_by_other: boolean, from: string, to: string, seconds: number, 
/**
 * `start`, `between` or `end` of the activity.
 */
place: string, 
/**
 * Explained: a reason, and either recording resumed with it spoken, or a written note
 * the branch head acknowledged.
 */
explained: boolean, explanation: GapExplanation | null, };

export type Coverage = { activity: number, from: string, to: string, 
/**
 * The share recorded by at least one device.
 */
covered_ratio: number, 
/**
 * Each recorder's own share, by device.
 */
devices: Array<DeviceCoverage>, 
/**
 * Every recorder's breaks, by time then device.
 */
gaps: Array<ActivityGap>, 
/**
 * A high-risk kind (setting `two_devices_for`, art. 12) recorded by fewer than two
 * devices.
 */
one_device_only: boolean, 
/**
 * (clip, device, start, end): the timeline, several devices side by side (art. 12).
 */
clips: Array<TimelineClip>, };

export type DeviceCoverage = { device: string, covered_ratio: number, };

/**
 * A correction to a registered case: what is given replaces (an empty cause or party
 * clears it), what is not stays.
 */
export type CaseEdit = { 
/**
 * A corrected number: the clips labelled with the old one follow it.
 */
number?: string | null, cause?: string | null, party?: string | null, };

/**
 * One recorder's upkeep record.
 */
export type DeviceUpkeep = { device: string, status: DeviceStatus, 
/**
 * Newest first.
 */
statuses: Array<StatusRow>, checks: Array<DeviceCheckRow>, maintenance: Array<MaintenanceRow>, };

/**
 * One change of a recorder's status.
 */
export type StatusRow = { device: string, status: DeviceStatus, reason: string, set_by: string, set_at: string, };

/**
 * One pre-shift check.
 */
export type DeviceCheckRow = { device: string, 
/**
 * YYYY-MM-DD in the station's time zone.
 */
day: string, battery: Reading, storage: Reading, clock: ClockReading, lens_mic: LensReading, note: string | null, checked_by: string, checked_at: string, };

/**
 * One entry of the maintenance log.
 */
export type MaintenanceRow = { device: string, kind: MaintenanceKind, note: string, done_by: string, done_at: string, };

/**
 * A pre-shift check as the custodian enters it.
 */
export type PreShiftCheck = { battery: Reading, storage: Reading, clock: ClockReading, lens_mic: LensReading, note: string | null, };

export type TimelineClip = { clip: number, device: string, from: string, to: string, };

/**
 * One item of an activity's required content (art. 10), ticked against a moment in a clip.
 */
export type ContentItem = { item: string, label: string, clip: number | null, offset_s: number | null, ticked_by: string | null, };

/**
 * One row of a report: what it is about and why.
 */
export type ReportRow = { kind: ReportSubject, id: string, at: string | null, detail: string, };

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

export type Hold = { id: number, reason: HoldReason, note: string | null, case: string | null, clips: Array<number>, 
/**
 * How many clips the hold covers now (its clips and those labelled with its case), and
 * their bytes: a hold covering nothing protects nothing.
 */
covers: number, bytes: number, set_by: string, set_at: string, released_by: string | null, released_at: string | null, release_note: string | null, };

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
 * Long-term clips still short of their copies (`copies_required` written or verified), so a
 * page with nothing planned never says everything is copied when it is not.
 */
export type Backlog = { clips: number, bytes: number, 
/**
 * Copies still to write, counted per clip.
 */
copies: number, };

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
export type ErrorCode = "library_missing" | "not_a_library" | "library_moved" | "library_busy" | "catalog_too_new" | "catalog" | "io" | "disk_full" | "source_missing" | "source_busy" | "recorder_gone" | "source_unreadable" | "source_vanished" | "source_changed" | "verify_mismatch" | "invalid_setting" | "invalid_input" | "cancelled" | "not_found" | "needs_confirmation" | "invalid_state" | "tool_missing" | "will_not_fit" | "not_signed_in" | "forbidden" | "login_failed" | "login_throttled" | "needs_approval" | "no_administrator";

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

export type CoreEvent = { "event": "ingest_planned", source: string, device: string, files_found: number, files_to_copy: number, bytes_to_copy: number, } | { "event": "ingest_progress" } & Progress | { "event": "file_failed" } & ItemError | { "event": "ingest_finished" } & IngestReport | { "event": "verify_progress" } & Progress | { "event": "check_finished", kind: FixityKind, checked: number, mismatched: number, missing: number, } | { "event": "thumbnail_made", id: number, } | { "event": "check_failed", message: string, } | { "event": "district_pushed", report: PushReport, } | { "event": "disc_progress", phase: string, 
/**
 * The recorder (mount) this is about; empty for library-wide work.
 */
source: string, files_done: number, files_total: number, bytes_done: number, bytes_total: number, current: string, } | { "event": "export_progress", phase: string, 
/**
 * The recorder (mount) this is about; empty for library-wide work.
 */
source: string, files_done: number, files_total: number, bytes_done: number, bytes_total: number, current: string, } | { "event": "move_progress", phase: string, 
/**
 * The recorder (mount) this is about; empty for library-wide work.
 */
source: string, files_done: number, files_total: number, bytes_done: number, bytes_total: number, current: string, } | { "event": "watching", roots: Array<string>, } | { "event": "docked", mount: string, source: string, } | { "event": "undocked", mount: string, } | { "event": "mount_ignored", mount: string, reason: string, } | { "event": "dock_failed", mount: string, code: ErrorCode, message: string, };
