// Generated from the shell's Rust types (src-tauri/src/commands); do not edit.
// Regenerate: the test `the_shells_types_are_current` says how.
import type { Account, Duty } from './core'

export type Status = { configured: boolean, library: string, branch: string | null, language: string, time_zone: string, free_bytes: number | null, total_bytes: number | null, media_base: string | null, media_token: string | null, mount_roots: Array<string>, 
/**
 * The station is the district's console: the window shows 分局汇总.
 */
district_console: boolean, };

export type UiError = { code: string, message: string, };

/**
 * Who is signed in, and whether this station has accounts at all.
 */
export type Session = { accounts: boolean, user: Account | null, 
/**
 * What the signed-in account may do: the window follows this, not role names.
 */
duties: Array<Duty>, };

/**
 * The Library page's filters as the UI sends them.
 */
export type ClipQuery = { officer?: string, squad?: string, device?: string, from?: string, to?: string, kind?: string, case?: string, party?: string, important?: boolean, missing_labels?: boolean, };
