// State shared by the pages: the station's status and the recorders docked right now, kept
// current from the core's events.
import { reactive } from 'vue'
import { api, type ClipSort, type CoreEvent, type Duty, type Session, type Status } from './api'
import { setTimeZone } from './format'
import { ElMessage } from 'element-plus'
import { i18n } from './i18n'

export interface LiveDock {
  mount: string; device: string; filesDone: number; filesTotal: number; bytesDone: number
  bytesTotal: number; current: string; phase: 'planning' | 'copying' | 'done' | 'gone'
  startedAt: number; speed: number; failed: number; flags: string[]; stopped: string | null
  /** Entries on the card that are no files (links, pipes …): not stored, and said. */
  notFiles: { path: string; kind: string }[]
  /** Why free-the-recorder, though on, deleted nothing. */
  notFreed: string | null
  /** Each flag's particulars ("3 个文件录于前一天" …). */
  flagDetails: Record<string, string>
  /** The files that could not be stored, with why. */
  errors: { path: string; message: string }[]
}

/** Still copying: the recorder must stay plugged in. */
export const copying = (d: LiveDock) => d.phase === 'planning' || d.phase === 'copying'

export interface JobProgress {
  id: string; phase: string; filesDone: number; filesTotal: number; bytesDone: number
  bytesTotal: number; current: string
}

export const store = reactive({
  status: null as Status | null,
  // Who is signed in; `accounts` false: a library made before accounts existed, which does
  // nothing until its administrator is created on the sign-in page.
  session: null as Session | null,
  live: {} as Record<string, LiveDock>,
  dockVersion: 0, // bumps when a docking finishes, so pages reload
  districtVersion: 0, // bumps when a round of sending to the district ends
  // The disc or drive being written or read back, from `disc_progress` events.
  disc: null as null | JobProgress,
  // The export package being written or checked, from `export_progress` events.
  export: null as null | JobProgress,
  // The library being read back (a full check from the window, or the night's share).
  verify: null as null | JobProgress,
  /** Moving the library, or clearing the old one (`phase`: copying, removing). */
  move: null as null | JobProgress,
  fixityVersion: 0, // bumps when a check ends, so pages reload
  // Thumbnails made since the page asked (their placeholders are replaced).
  thumbsMade: {} as Record<number, number>,
  // The Library's filters and order, kept while the custodian goes to a clip or a request
  // and comes back.
  library: {
    filters: { officer: '', squad: '', device: '', dates: null as [string, string] | null, kind: '', important: false, missing: false },
    sort: 'recorded_desc' as ClipSort,
  },
  // Officers' names by number, so every page shows "张三 080001", not "080001".
  officerNames: {} as Record<string, string>,
})

/** Suggestions for a case-number field (el-autocomplete): the cases the station knows, so a
 *  number is picked rather than retyped (a typo can leave evidence unprotected). */
export async function caseSuggestions(typed: string, show: (items: { value: string }[]) => void) {
  let known: string[] = []
  try { known = await api.caseNumbers() } catch { /* no duty to read cases: type it */ }
  const q = typed.trim()
  show(known.filter((n) => !q || n.includes(q)).map((value) => ({ value })))
}

/** "张三 080001": an officer as people know them (the number alone if not registered). */
export function officer(number: string | null | undefined): string {
  if (!number) return '—'
  const name = store.officerNames[number]
  return name ? `${name} ${number}` : number
}

/** The officer number meant by what was typed: a number, a registered name, or "张三 080001". */
export function officerNumber(typed: string): string {
  const q = typed.trim()
  if (!q || store.officerNames[q]) return q
  const byName = Object.entries(store.officerNames).filter(([, name]) => name === q)
  if (byName.length === 1) return byName[0][0]
  const tail = q.match(/\s(\S+)$/)
  return tail && store.officerNames[tail[1]] ? tail[1] : q
}

/** Suggestions for an officer field (el-autocomplete): by name or number. */
export function officerSuggestions(typed: string, show: (items: { value: string }[]) => void) {
  const q = typed.trim()
  show(Object.entries(store.officerNames)
    .filter(([number, name]) => !q || number.includes(q) || name.includes(q))
    .map(([number, name]) => ({ value: `${name} ${number}` })))
}

export async function refreshOfficers() {
  try {
    const list = await api.officers()
    store.officerNames = Object.fromEntries(list.filter((o) => o.name).map((o) => [o.number, o.name as string]))
  } catch {
    // Not signed in yet, or no duty to read the registry: numbers stay numbers.
  }
}

/** May the signed-in account do any of `duties`? The core decides (session.duties); the
 *  window only hides or locks what would be refused anyway. */
export function can(...duties: Duty[]): boolean {
  return duties.some((d) => store.session?.duties.includes(d) ?? false)
}

export async function refreshSession() {
  store.session = await api.session()
  await refreshOfficers()
}

export async function refreshStatus() {
  store.status = await api.status()
  setTimeZone(store.status?.time_zone)
}

function live(mount: string): LiveDock {
  if (!store.live[mount]) {
    store.live[mount] = {
      mount, device: '', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, current: '',
      phase: 'planning', startedAt: Date.now(), speed: 0, failed: 0, flags: [], stopped: null,
      notFiles: [], notFreed: null, flagDetails: {}, errors: [],
    }
  }
  return store.live[mount]
}

// A docking that ends is heard across the room (setting `dock_sound`): two rising notes when
// the recorder may be unplugged, a low double buzz when something went wrong.
export const sound = { on: true }
function chime(ok: boolean) {
  if (!sound.on || typeof AudioContext === 'undefined') return
  try {
    const ctx = new AudioContext()
    const notes = ok ? [[660, 0], [880, 0.18]] : [[220, 0], [220, 0.3]]
    for (const [freq, at] of notes) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = ok ? 'sine' : 'square'
      osc.frequency.value = freq
      gain.gain.setValueAtTime(0.15, ctx.currentTime + at)
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.25)
      osc.connect(gain).connect(ctx.destination)
      osc.start(ctx.currentTime + at)
      osc.stop(ctx.currentTime + at + 0.26)
    }
    setTimeout(() => ctx.close(), 1500)
  } catch {
    // No sound device: the screen says it all the same.
  }
}

export function applyEvent(e: CoreEvent) {
  switch (e.event) {
    case 'docked': live(e.mount); break
    case 'ingest_planned': {
      const d = live(e.source)
      Object.assign(d, { device: e.device, filesTotal: e.files_to_copy, bytesTotal: e.bytes_to_copy, phase: 'copying', startedAt: Date.now() })
      break
    }
    case 'ingest_progress': {
      const d = live(e.source)
      const secs = (Date.now() - d.startedAt) / 1000
      Object.assign(d, {
        filesDone: e.files_done, filesTotal: e.files_total, bytesDone: e.bytes_done,
        bytesTotal: e.bytes_total, current: e.current, speed: secs > 0 ? e.bytes_done / secs : 0,
      })
      break
    }
    case 'ingest_finished': {
      const d = live(e.source as string)
      Object.assign(d, {
        phase: 'done', device: e.device, failed: e.failed, flags: e.flags ?? [],
        stopped: e.stopped?.message ?? null, filesDone: d.filesTotal, bytesDone: d.bytesTotal,
        notFiles: e.skipped_items ?? [], notFreed: e.not_freed ?? null,
        flagDetails: e.flag_details ?? {}, errors: (e.errors ?? []).map((x) => ({ path: x.path, message: x.message })),
      })
      chime(e.failed === 0 && !e.stopped)
      store.dockVersion++
      break
    }
    case 'disc_progress':
      store.disc = {
        id: e.source, phase: e.phase, filesDone: e.files_done, filesTotal: e.files_total,
        bytesDone: e.bytes_done, bytesTotal: e.bytes_total, current: e.current,
      }
      break
    case 'export_progress':
      store.export = {
        id: e.source, phase: e.phase, filesDone: e.files_done, filesTotal: e.files_total,
        bytesDone: e.bytes_done, bytesTotal: e.bytes_total, current: e.current,
      }
      break
    case 'move_progress':
      store.move = {
        id: e.source, phase: e.phase, filesDone: e.files_done, filesTotal: e.files_total,
        bytesDone: e.bytes_done, bytesTotal: e.bytes_total, current: e.current,
      }
      break
    case 'verify_progress':
      store.verify = {
        id: e.source, phase: e.source, filesDone: e.files_done, filesTotal: e.files_total,
        bytesDone: e.bytes_done, bytesTotal: e.bytes_total, current: e.current,
      }
      break
    case 'check_finished':
      store.verify = null
      store.fixityVersion++
      if (e.mismatched + e.missing > 0) {
        ElMessage({ type: 'error', message: i18n.global.t('fixity.found', { n: e.mismatched + e.missing }), duration: 0, showClose: true })
      }
      break
    case 'thumbnail_made':
      store.thumbsMade[e.id] = (store.thumbsMade[e.id] ?? 0) + 1
      break
    case 'district_pushed':
      store.districtVersion++
      break
    case 'check_failed':
      store.verify = null
      ElMessage({ type: 'error', message: e.message, duration: 0, showClose: true })
      break
    case 'dock_failed':
      ElMessage({ type: 'error', message: e.message, duration: 0, showClose: true })
      break
    case 'undocked': {
      const d = store.live[e.mount]
      if (d && d.phase !== 'done') d.phase = 'gone'
      setTimeout(() => { delete store.live[e.mount] }, 5000)
      break
    }
  }
}
