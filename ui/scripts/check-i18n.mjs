// Every string the UI shows exists in Chinese and in English: the build stops otherwise.
import { readFileSync } from 'node:fs'
import { transformSync } from 'esbuild'

async function messages(file) {
  const js = transformSync(readFileSync(new URL(file, import.meta.url), 'utf8'), { loader: 'ts', format: 'esm' }).code
  return (await import('data:text/javascript,' + encodeURIComponent(js))).default
}
function keys(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}
const zh = new Set(keys(await messages('../src/i18n/zh-CN.ts')))
const en = new Set(keys(await messages('../src/i18n/en.ts')))
const onlyZh = [...zh].filter((k) => !en.has(k))
const onlyEn = [...en].filter((k) => !zh.has(k))
if (onlyZh.length || onlyEn.length) {
  console.error('i18n: missing in en:', onlyZh, 'missing in zh-CN:', onlyEn)
  process.exit(1)
}
console.log(`i18n: ${zh.size} strings in zh-CN and en`)
