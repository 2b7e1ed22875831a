// Numbers and times as people read them.
export function bytes(n: number | null | undefined): string {
  if (n == null) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++ }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`
}
export function duration(s: number | null | undefined): string {
  if (s == null) return '—'
  const t = Math.round(s)
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`
}
// Times are shown in the station's time zone (the one recorder clocks are read in), whatever
// zone the PC or the stored text is in.
let zone: string | undefined
export function setTimeZone(tz: string | undefined) {
  zone = tz
}
export function time(t: string | null | undefined): string {
  if (!t) return '—'
  const d = new Date(t)
  if (isNaN(d.getTime())) return t
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      }).formatToParts(d).map((p) => [p.type, p.value]),
    )
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
  } catch {
    return t.replace('T', ' ').slice(0, 19)
  }
}

/** An audit row's outcome that means the act was done (a docking's row ends `completed`). */
export const done = (outcome: string) => outcome === 'ok' || outcome === 'completed'
