// The ONLY module that talks to the desktop shell (Tauri). Everything else calls these
// functions, so the UI also runs in a plain browser against the mock below (`npm run mock`).
import { invoke } from '@tauri-apps/api/core'
import { listen } from '@tauri-apps/api/event'
import type {
  Account, AccessRequest, Activity, Assignment, AuditEntry, AuditVerification, BagCheck, CaseRow,
  Backlog, Clip, ClipPage, ClipSort, ContentItem, Coverage, CoreEvent, Device, Disc, DiscCheck,
  DiscTarget, DisposalBatch, Dock, Duty, GapReason, ExportPackage, ExportReport, HoldReason, Hold, FixityStatus, ImportReport, Labels, Level,
  MediumName, NewAccount, NewActivity, Officer, Period, Purpose, ReportKind, ReportRow,
  RetentionOverview, Role, Sample, SettingGuide, Setup, SpotCheck, Squad, Stage, Statistics, WeekStatus,
  VerifyReport, WeekSummary, PaperRequest, SavedPaper, RebuildReport, MoveReport, DistrictShown, DistrictCheck, DistrictStatus, LibraryMove, OldLibraryRemoval,
  BranchInventory, DistrictVerifyReport, DistrictWeek, DeviceUpkeep, DeviceStatus, PreShiftCheck, DeviceCheckRow, MaintenanceKind, CaseEdit,
} from './generated/core'
import type { ClipQuery, Session, Status } from './generated/shell'
// Every type the window shares with the station is generated from the Rust types (a test keeps
// them in step, vue-tsc checks every page against them).
export * from './generated/core'
export * from './generated/shell'

export const inTauri = typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window

function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  return inTauri ? invoke<T>(cmd, args) : mock<T>(cmd, args)
}

export const api = {
  status: () => call<Status>('station_status'),
  setup: (setup: Setup) => call<Status>('setup_station', { setup }),
  pickFolder: () => call<string | null>('pick_folder'),
  clipPage: (query: ClipQuery, sort: ClipSort, offset: number, limit: number) =>
    call<ClipPage>('clip_page', { query, sort, offset, limit }),
  clip: (id: number) => call<Clip>('get_clip', { id }),
  clipHistory: (id: number) => call<AuditEntry[]>('clip_history', { id }),
  labelClips: (ids: number[], labels: Labels) => call<number>('label_clips', { ids, labels }),
  docks: (limit = 50) => call<Dock[]>('list_docks', { limit }),
  devices: () => call<Device[]>('list_devices'),
  officers: () => call<Officer[]>('list_officers'),
  squads: () => call<Squad[]>('list_squads'),
  assignments: () => call<Assignment[]>('list_assignments'),
  addSquad: (name: string) => call<void>('add_squad', { name }),
  addOfficer: (number: string, name: string, squad: string) =>
    call<void>('add_officer', { number, name, squad }),
  addDevice: (serial: string, model: string, squad: string, officer: string) =>
    call<void>('add_device', { serial, model, squad, officer }),
  assignDevice: (serial: string, officer: string, from: string) =>
    call<number>('assign_device', { serial, officer, from }),
  classifyClips: (ids: number[], level: Level) => call<number>('classify_clips', { ids, level }),
  deviceUpkeep: (serial: string) => call<DeviceUpkeep>('device_upkeep', { serial }),
  setDeviceStatus: (serial: string, status: DeviceStatus, reason: string) =>
    call<void>('set_device_status', { serial, status, reason }),
  checkDevice: (serial: string, check: PreShiftCheck) => call<DeviceCheckRow>('check_device', { serial, check }),
  maintainDevice: (serial: string, kind: MaintenanceKind, note: string) =>
    call<void>('maintain_device', { serial, kind, note }),
  caseHistory: (number: string) => call<AuditEntry[]>('case_history', { number }),
  settingGuides: () => call<SettingGuide[]>('setting_guides'),
  timeZones: () => call<string[]>('time_zones'),
  fixityStatus: () => call<FixityStatus>('fixity_status'),
  verifyLibrary: (scheduled: boolean) => call<VerifyReport>('verify_library', { scheduled }),
  writeImportTemplate: (to: string) => call<void>('write_import_template', { to }),
  importRegistry: (file: string, dryRun: boolean) => call<ImportReport>('import_registry', { file, dryRun }),
  pickRegistryFile: () => call<string | null>('pick_registry_file'),
  pickTemplateTarget: () => call<string | null>('pick_template_target'),
  settings: () => call<[string, string][]>('get_settings'),
  setSetting: (key: string, value: string) => call<void>('set_setting', { key, value }),
  retentionOverview: () => call<RetentionOverview>('retention_overview'),
  holds: () => call<Hold[]>('list_holds'),
  caseNumbers: () => call<string[]>('case_numbers'),
  addHold: (clips: number[], kase: string, reason: HoldReason, note: string) =>
    call<number>('add_hold', { clips, case: kase, reason, note }),
  releaseHold: (id: number, note: string) => call<void>('release_hold', { id, note }),
  disposals: () => call<DisposalBatch[]>('list_disposals'),
  proposeDisposal: () => call<DisposalBatch | null>('propose_disposal'),
  approveDisposal: (batch: number, confirmMass: boolean) =>
    call<DisposalBatch>('approve_disposal', { batch, confirmMass }),
  rejectDisposal: (batch: number) => call<DisposalBatch>('reject_disposal', { batch }),
  confirmMassDisposal: (batch: number) => call<DisposalBatch>('confirm_mass_disposal', { batch }),
  restoreDisposal: (batch: number) => call<DisposalBatch>('restore_disposal', { batch }),
  runDisposals: () => call<number>('run_disposals'),
  discs: () => call<Disc[]>('list_discs'),
  burnBacklog: () => call<Backlog>('burn_backlog'),
  planBurn: (media: MediumName, drive: string | null) => call<Disc[]>('plan_burn', { media, drive }),
  writeDisc: (id: string, target: DiscTarget) => call<DiscCheck>('write_disc', { id, target }),
  verifyDisc: (id: string, target: DiscTarget) => call<DiscCheck>('verify_disc', { id, target }),
  setDiscLocation: (id: string, location: string) => call<void>('set_disc_location', { id, location }),
  discLabel: (id: string) => call<string>('disc_label', { id }),
  exportStatus: () => call<WeekStatus[]>('export_status'),
  weekSummary: (week: string | null) => call<WeekSummary>('week_summary', { week }),
  weekOf: (day: string) => call<string>('week_of', { day }),
  exports: () => call<ExportPackage[]>('list_exports'),
  exportWeek: (week: string, to: string, again: boolean) =>
    call<ExportReport | null>('export_week', { week, to, again }),
  exportRequest: (clips: number[], kase: string, to: string, reason: string) =>
    call<ExportReport>('export_request', { clips, case: kase, to, reason }),
  verifyExport: (path: string) => call<BagCheck>('verify_export', { path }),
  session: () => call<Session>('session'),
  signIn: (name: string, password: string) => call<Account>('sign_in', { name, password }),
  signOut: () => call<void>('sign_out'),
  accounts: () => call<Account[]>('list_accounts'),
  createAccount: (account: NewAccount) => call<Account>('create_account', { account }),
  setAccount: (name: string, role: Role, active: boolean) => call<void>('set_account', { name, role, active }),
  setPassword: (name: string, password: string) => call<void>('set_password', { name, password }),
  requestAccess: (clips: number[], kase: string, purpose: Purpose, level: Level, reason: string) =>
    call<number>('request_access', { clips, case: kase, purpose, level, reason }),
  approveAccess: (id: number, days: number | null, note: string) => call<void>('approve_access', { id, days, note }),
  rejectAccess: (id: number, note: string) => call<void>('reject_access', { id, note }),
  accessRequests: () => call<AccessRequest[]>('list_access_requests'),
  auditList: (from: string, to: string, user: string, action: string, limit = 500) =>
    call<AuditEntry[]>('audit_list', { from, to, user, action, limit }),
  verifyAudit: (against: string) => call<AuditVerification>('verify_audit', { against }),
  checkAccess: (clip: number, purpose: Purpose) => call<void>('check_access', { clip, purpose }),
  cases: () => call<CaseRow[]>('list_cases'),
  pickFiles: () => call<string[]>('pick_files'),
  attachDocument: (number: string, path: string, stage: Stage | null) => call<{ name: string; sha256: string }>('attach_document', { number, path, stage }),
  caseDetail: (number: string) => call<{ documents: { name: string; sha256: string; size: number; added_at: string; stage: Stage | null }[] }>('case_detail', { number }),
  editCase: (number: string, edit: CaseEdit) => call<void>('edit_case', { number, edit }),
  addCase: (number: string, cause: string, party: string, officers: string[]) =>
    call<number>('add_case', { number, cause, party, officers }),
  setCaseStage: (number: string, stage: Stage, date: string) => call<void>('set_case_stage', { number, stage, date }),
  activities: () => call<Activity[]>('list_activities'),
  addActivity: (activity: NewActivity) => call<number>('add_activity', { activity }),
  linkClips: (activity: number, clips: number[]) => call<number>('link_clips', { activity, clips }),
  suggestClips: (activity: number) => call<Clip[]>('suggest_clips', { activity }),
  coverage: (activity: number) => call<Coverage>('activity_coverage', { activity }),
  explainGap: (activity: number, gap: number, reason: GapReason, resumed: boolean, note: string) =>
    call<void>('explain_gap', { activity, gap, reason, resumed, note }),
  requiredContent: (activity: number) => call<ContentItem[]>('required_content', { activity }),
  tickContent: (activity: number, item: string, clip: number, offset: number) =>
    call<void>('tick_content', { activity, item, clip, offset }),
  acknowledgeGap: (activity: number, gap: number) => call<void>('acknowledge_gap', { activity, gap }),
  report: (which: ReportKind, from: string, to: string) => call<ReportRow[]>('report', { which, from, to }),
  statistics: (by: Period, from: string, to: string) => call<Statistics>('statistics', { by, from, to }),
  spotChecks: () => call<SpotCheck[]>('list_spot_checks'),
  drawSpotCheck: (seed: number, size: number, of: string, squad: string, from: string, to: string) =>
    call<SpotCheck>('draw_spot_check', { seed, size, of, squad, from, to }),
  reviewSpotItem: (item: number, result: string, note: string) => call<void>('review_spot_item', { item, result, note }),
  spotCheckLedger: (to: string) => call<number>('spot_check_ledger', { to }),
  printPaper: (request: PaperRequest) => call<SavedPaper>('print_paper', { request }),
  savePaper: (request: PaperRequest, to: string) => call<SavedPaper>('save_paper', { request, to }),
  pickPaperTarget: (request: PaperRequest) => call<string | null>('pick_paper_target', { request }),
  rebuildCatalog: (password: string) => call<RebuildReport>('rebuild_catalog', { password }),
  district: () => call<DistrictShown>('district'),
  setDistrictSecret: (secret: string) => call<void>('set_district_secret', { secret }),
  testDistrict: () => call<DistrictCheck>('test_district'),
  districtStatus: () => call<DistrictStatus>('district_status'),
  districtInventory: () => call<BranchInventory[]>('district_inventory'),
  verifyDistrict: (sample: number) => call<DistrictVerifyReport>('verify_district', { sample }),
  districtWeek: (week: string, to: string) => call<DistrictWeek>('district_week', { week, to }),
  moveLibrary: (to: string) => call<MoveReport>('move_library', { to }),
  keptOldLibraries: () => call<LibraryMove[]>('kept_old_libraries'),
  removeOldLibraries: () => call<OldLibraryRemoval>('remove_old_libraries'),
  onEvent: async (handler: (e: CoreEvent) => void): Promise<() => void> => {
    if (inTauri) return listen<CoreEvent>('core-event', (e) => handler(e.payload))
    mockListeners.push(handler)
    return () => {}
  },
}

export function mediaUrl(status: Status | null, kind: 'clip' | 'thumb', id: number): string {
  if (!status?.media_base) return ''
  return `${status.media_base}/${kind}/${id}?token=${status.media_token}`
}

// ---- the mock: enough of a station to click through every page in a browser ----
const mockListeners: ((e: CoreEvent) => void)[] = []
const mockClips: Clip[] = Array.from({ length: 240 }, (_, i) => ({
  id: i + 1, path: `/lib/media/2024-01-05/A1/DSJ_${i}.MP4`, media_path: `media/2024-01-05/A1/DSJ_${i}.MP4`,
  source_path: `DCIM/DSJ_A12345_0123${i % 10}_20240105_${String(80000 + i * 100).padStart(6, '0')}.MP4`,
  size: 100_000_000 + i, blake3: 'b3'.padEnd(64, '0'), sha256: 'ab'.padEnd(64, '0'), sm3: i % 5 ? 'c3'.padEnd(64, '0') : null,
  kind: i % 7 === 0 ? 'photo' : 'video', recorded_at: `2024-01-05T0${8 + (i % 2)}:${String(i % 60).padStart(2, '0')}:00+08:00`,
  time_source: 'file_name', duration_s: 600, device: `A${i % 5}`, officer: `01234${i % 10}`,
  squad: i % 2 ? '一中队' : '二中队', important: i % 11 === 0, flags: [], warnings: [],
  case: i % 3 ? null : '兖综执〔2024〕12号', cause: i % 3 ? null : '占道经营', party: i % 3 ? null : '王某某',
  dock_event_id: 1, ingested_at: '2024-01-05T12:00:00+00:00', verified_at: '2024-01-05T12:00:00+00:00',
  confidentiality: 'normal',
  district: i % 4 ? { key: `xl-01/clips/2024-01-05/A${i % 5}/${'ab'.padEnd(16, '0')}-DSJ_${i}.MP4`, version_id: `v${i}`, retain_until: '2024-07-05T12:00:00Z', legal_hold: false, pushed_at: '2024-01-05T12:01:00+00:00' } : null,
}))
let mockConfigured = true
async function mock<T>(cmd: string, args: Record<string, any>): Promise<T> {
  const status: Status = {
    configured: mockConfigured, library: '/home/custodian/.local/share/evidence-station', branch: '兴隆分局',
    language: 'zh', time_zone: 'Asia/Shanghai', free_bytes: 812e9, total_bytes: 2e12,
    media_base: null, media_token: null, mount_roots: ['/media'], district_console: true,
  }
  const q = (args.query ?? {}) as ClipQuery
  const matching = () => mockClips.filter((c) =>
    (!q.officer || c.officer === q.officer) && (!q.squad || c.squad === q.squad) &&
    (!q.kind || c.kind === q.kind) && (!q.missing_labels || !c.cause || !c.party))
  const answers: Record<string, () => unknown> = {
    station_status: () => status,
    setup_station: () => { mockConfigured = true; return { ...status, configured: true } },
    pick_folder: () => '/data/evidence',
    clip_page: () => { const m = matching(); return { total: m.length, clips: m.slice(args.offset, args.offset + args.limit) } },
    get_clip: () => mockClips.find((c) => c.id === args.id),
    clip_history: () => [{ id: 1, at: '2024-01-05T12:00:00Z', actor: 'custodian', action: 'label', object: String(args.id), outcome: 'ok', detail: null, text: '2024-01-05 20:00:00 custodian 标注 记录 ' + String(args.id) }],
    label_clips: () => { for (const c of mockClips) if (args.ids.includes(c.id)) Object.assign(c, args.labels); return args.ids.length },
    list_docks: () => [{ id: 1, device: 'A12345', mount: '/media/DSJ001', started_at: '2024-01-05T12:00:00Z', finished_at: '2024-01-05T12:03:00Z', state: 'completed', stop_code: null, found: 12, copied: 12, skipped: 0, failed: 0, bytes: 1.2e9, free_bytes: 30e9, total_bytes: 64e9, flags: ['late_storage'], flag_details: { late_storage: '1 files' }, clock_drift_s: null, freed_files: 0 }],
    list_devices: () => [{ serial: 'A12345', model: 'DSJ-V9', squad: '一中队', officer: '012345', status: 'active', registered: true, volume_label: null, clips: 120, free_after_ingest: null }],
    list_officers: () => [{ number: '012345', name: '张三', squad: '一中队' }],
    list_squads: () => [{ name: '一中队', officers: 1, devices: 1 }],
    list_assignments: () => [],
    device_upkeep: () => ({ device: 'A12345', status: 'active', statuses: [], checks: [{ device: 'A12345', day: '2026-12-01', battery: 'ok', storage: 'ok', clock: 'ok', lens_mic: 'ok', note: null, checked_by: 'kgy', checked_at: '2026-12-01T00:30:00Z' }], maintenance: [] }),
    write_import_template: () => undefined,
    setting_guides: () => [{ key: 'retention_months', section: 'retention', name_zh: '最短保存期限', name_en: 'Minimum retention', meaning_zh: '不得少于 6 个月', meaning_en: 'never below 6 months', default: '6', article: '第十九条', kind: { type: 'number', unit_zh: '个月', unit_en: 'months', min: 6, max: 1200 } }],
    time_zones: () => ['Asia/Shanghai', 'Asia/Urumqi', 'UTC'],
    fixity_status: () => ({ fully_verified_since: '2026-11-20T18:00:00Z', verify_days: 30, last_run: { id: 3, kind: 'scheduled', started_at: '2026-12-01T17:05:00Z', finished_at: '2026-12-01T17:20:00Z', actor: 'station', checked: 80, bytes: 40e9, mismatched: 0, missing: 0 }, problems: 0 }),
    verify_library: () => ({ digest: 'blake3', read_with_blake3: 0, checked: 240, ok: 240, bytes: 1.2e12, mismatched: [], missing: [] }),
    import_registry: () => ({ rows: 1, added: 1, updated: 0, unchanged: 0, errors: [], saved: !args.dryRun, preview: [{ row: 2, squad: '一中队', officer: '012346', name: '李四', serial: '', model: '', outcome: 'added' }] }),
    get_settings: () => [['branch', '兴隆分局'], ['time_zone', 'Asia/Shanghai']],
    retention_overview: () => ({
      as_of: '2026-11-29T00:00:00Z', monthly_intake: 180e9, disk_total: 2e12, disk_free: 812e9,
      states: { minimum: { clips: 1820, bytes: 1.1e12 }, eligible: { clips: 240, bytes: 140e9 }, long_term: { clips: 64, bytes: 38e9 }, disposal_pending: { clips: 0, bytes: 0 } },
      upcoming: Array.from({ length: 12 }, (_, i) => ({ month: `2027-${String(i + 1).padStart(2, '0')}`, clips: 300 - i * 20, bytes: (300 - i * 20) * 6e8 })),
      forecast: Array.from({ length: 12 }, (_, i) => ({ month: `2027-${String(i + 1).padStart(2, '0')}`, must_keep: 1.1e12 + i * 1e10, without_disposal: 1.2e12 + i * 1.8e11 })),
    }),
    case_numbers: () => ['兖综执〔2024〕12号', '兖综执〔2024〕7号'],
    list_holds: () => [{ id: 1, reason: 'review', note: '行政复议', case: '兖综执〔2024〕12号', clips: [], covers: 12, bytes: 7.2e9, set_by: 'custodian', set_at: '2024-02-01T08:00:00Z', released_by: null, released_at: null, release_note: null }],
    list_disposals: () => [{ id: 3, state: 'proposed', as_of: '2026-11-29T00:00:00Z', proposed_by: 'custodian', proposed_at: '2026-11-29T01:00:00Z', decided_by: null, decided_at: null, remove_after: null, mass_confirmed: false, second_by: null, second_at: null, clips: [1, 2, 3], bytes: 3e9 }],
    export_status: () => [{ week: '2026-W47', from: '2026-11-15T16:00:00Z', to: '2026-11-22T16:00:00Z', clips: 120, bytes: 60e9, exported: 100, pending: 20, complete: true, packages: [] }],
    week_of: () => '2026-W47',
    week_summary: () => ({ week: '2026-W47', from: '2026-11-15T16:00:00Z', to: '2026-11-22T16:00:00Z', clips: 120, bytes: 60e9, pending: 20, officers: [{ squad: '一中队', officer: '012345', name: '张三', clips: 120, bytes: 60e9 }] }),
    list_exports: () => [],
    district: () => ({ url: 'https://oss.district.example', bucket: 'evidence', branch: 'xl-01', access_key: 'branch-xl-01', secret_set: true }),
    set_district_secret: () => undefined,
    test_district: () => ({ reachable: true, versioning: true, object_lock: true, ok: true, problems: [] }),
    district_status: () => ({ configured: true, pending: 0, pushed: 0, failed: 0, bytes_pending: 0, oldest_pending_at: null, backlog: false, last_error: null }),
    district_inventory: () => ['xl-01', 'hd-02'].map((branch, i) => ({ branch, clips: 1200 - i * 300, documents: 40, journal_segments: 12, versions: 1252 - i * 300, bytes: 6e11 - i * 1e11, last_pushed_at: '2026-12-02T10:00:00Z', weeks: ['2026-W47', '2026-W48'] })),
    verify_district: () => ({ branches: ['hd-02', 'xl-01'], checked: 2100, read_back: args.sample, unrecorded: 0, findings: [] }),
    district_week: () => ({ week: String(args.week), words: '2026年第48周（11月23日–11月29日）', missing: ['hd-02'], file: `${String(args.to)}/区局周汇总-${String(args.week)}.xlsx`, branches: [
      { branch: 'xl-01', state: 'complete', clips: 640, video_hours: 212.5, late_dockings: 2, unexplained_gaps: 1, journal_until: '2026-12-02T10:00:00Z', problems: [], officers: [] },
      { branch: 'hd-02', state: 'missing', clips: 0, video_hours: 0, late_dockings: 0, unexplained_gaps: 0, journal_until: '2026-11-20T10:00:00Z', problems: [], officers: [] }] }),
    move_library: () => ({ from: '/home/custodian/.local/share/evidence-station', to: String(args.to), files: 1240, bytes: 1.2e12, mismatched: [], missing: [], skipped: [] }),
    kept_old_libraries: () => [{ id: 1, from_path: '/home/custodian/.local/share/evidence-station', to_path: '/data/evidence', moved_at: '2026-12-02T06:00:00Z', moved_by: 'admin', files: 1240, bytes: 1.2e12, listing: 'moves/20261202T060000Z.jsonl', removed_at: null, removed: null, kept: null }],
    remove_old_libraries: () => ({ folders: ['/home/custodian/.local/share/evidence-station'], removed: 1240, bytes: 1.2e12, kept: [] }),
    rebuild_catalog: () => ({ journal_lines: 1200, journal_changes: 1500, journal_problems: [], restored: 240, missing: [], mismatched: [], unlisted: [], unreadable_lines: [], previous_catalog: '/data/evidence/catalog-before-rebuild-20261202T120000.sqlite' }),
    print_paper: () => ({ path: '/home/custodian/Documents/证据工作站文书/执法记录仪接收清单-20261202-193005.pdf', title: '执法记录仪接收清单', pages: 2, bytes: 48000, missing: [] }),
    save_paper: () => ({ path: String(args.to), title: '执法记录仪接收清单', pages: 2, bytes: 48000, missing: [] }),
    pick_paper_target: () => '/home/custodian/Documents/文书.pdf',
    session: () => ({ accounts: true, user: { name: 'kgy', display_name: '王保管', role: 'custodian', officer_number: null, active: true }, duties: ['ingest', 'label', 'registry', 'hold', 'propose_disposal', 'burn', 'export_week', 'classify', 'read_records'] }),
    statistics: () => ({ by: 'month', buckets: [], people: [], missing_labels: 0 }),
    list_cases: () => [], list_activities: () => [], list_spot_checks: () => [], report: () => [],
    list_access_requests: () => [],
    list_accounts: () => [],
    audit_list: () => [],
    burn_backlog: () => ({ clips: 3, bytes: 9e9, copies: 6 }),
    list_discs: () => [{ id: 'LT20261129-001', media: 'bd25', capacity: 25e9, bytes: 18e9, copy_no: 1, state: 'planned', planned_at: '2026-11-29T01:00:00Z', written_by: null, written_at: null, target: null, image_sha256: null, image_bytes: null, verified_at: null, location: null, next_check: null, clips: [1, 2, 3] }],
  }
  const answer = answers[cmd]
  return (answer ? answer() : undefined) as T
}
