/**
 * 甬工惠 writes dates as `yyyyMMdd`, months as `yyyyMM` and timestamps as `yyyy-MM-dd HH:mm:ss` in
 * Asia/Shanghai local time without an offset. China has kept UTC+08:00 all year since 1991 (no
 * daylight saving), so the conversion is a fixed eight hours; the hub's instants are UTC.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH = /^(\d{4})(\d{2})$/;

/** Epoch ms of a calendar-valid Y-M-D h:m:s taken as UTC, or null when the fields do not exist. */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : null;
}

/** `2025-06-01 09:30:12` (Shanghai) → epoch ms (2025-06-01T01:30:12Z); null if not such a timestamp. */
export function parseLocalTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const ms = utcMs(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
  return ms === null ? null : ms - SHANGHAI_OFFSET_MS;
}

/** Epoch ms → `yyyy-MM-dd HH:mm:ss` in Shanghai, milliseconds dropped (the contract has none). */
export function formatLocalTimestamp(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `20250601` → `2025-06-01`; null if not a calendar date. */
export function parseCompactDate(text: string): string | null {
  const m = COMPACT_DATE.exec(text);
  if (!m || utcMs(+m[1], +m[2], +m[3]) === null) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** `2025-06-01` → `20250601`. */
export function formatCompactDate(isoDate: string): string {
  return isoDate.replace(/-/g, '');
}

/** `202506` → `2025-06-01` (dues are dated the first day of the month paid for); null if not a month. */
export function parseMonth(text: string): string | null {
  const m = MONTH.exec(text);
  if (!m || utcMs(+m[1], +m[2], 1) === null) return null;
  return `${m[1]}-${m[2]}-01`;
}

/** `2025-06-01` → `202506`. */
export function formatMonth(isoDate: string): string {
  return isoDate.slice(0, 7).replace('-', '');
}
