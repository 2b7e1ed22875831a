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

/** The station-zone calendar day of a time: [year, month, day]. */
function dayOf(t: string | Date): [number, number, number] {
  const d = typeof t === 'string' ? new Date(t) : t
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(d).map((p) => [p.type, Number(p.value)]),
  )
  return [parts.year, parts.month, parts.day]
}

/** A week as people say it: "本周 11月30日–12月6日", "上周 …", "2024年1月1日–1月7日".
 *  `from`/`to` are the week's bounds (RFC 3339, `to` exclusive), `now` today. */
export function weekWords(from: string, to: string, lang: 'zh' | 'en', now: Date = new Date()): string {
  const [fy, fm, fd] = dayOf(from)
  const [ty, tm, td] = dayOf(new Date(new Date(to).getTime() - 1000))
  const days = Math.round((new Date(to).getTime() - now.getTime()) / 86_400_000)
  const which = days > 0 && days <= 7 ? 'this' : days > -7 && days <= 0 ? 'last' : null
  const [cy] = dayOf(now)
  if (lang === 'en') {
    const m = (n: number) => ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][n - 1]
    const span = `${m(fm)} ${fd} – ${m(tm)} ${td}${fy !== cy || ty !== cy ? ` ${ty}` : ''}`
    return which === 'this' ? `this week, ${span}` : which === 'last' ? `last week, ${span}` : span
  }
  const head = fy !== cy || ty !== cy ? `${fy}年` : ''
  const span = `${head}${fm}月${fd}日–${ty !== fy ? `${ty}年` : ''}${tm}月${td}日`
  return which === 'this' ? `本周 ${span}` : which === 'last' ? `上周 ${span}` : span
}

// A week's ISO name as a person reads it (2024-W01 → 2024年第1周); the core names the weeks,
// this only spells the name.
export function weekName(week: string, lang: 'zh' | 'en'): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week)
  return m && lang === 'zh' ? `${m[1]}年第${Number(m[2])}周` : week
}
