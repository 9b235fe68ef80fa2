import { InputError } from '../errors';

/**
 * Calendar arithmetic on `yyyy-MM-dd` dates, in whole days. Monitoring never reads the clock
 * except to default `asOf` to today, so an evaluation "as of" a date is reproducible.
 */
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parsed dates, memoized: a province's 150,000 unions share a few thousand distinct dates. */
const parsed = new Map<string, number>();
const MAX_MEMO = 100_000;

function toUtcMs(date: string): number {
  let ms = parsed.get(date);
  if (ms === undefined) {
    const m = ISO_DATE.exec(date);
    if (!m) throw new Error(`not a yyyy-MM-dd date: ${date}`);
    ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (parsed.size >= MAX_MEMO) parsed.clear();
    parsed.set(date, ms);
  }
  return ms;
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written yyyy-MM-dd (2025-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The `asOf` a caller gave, checked: refused with the value named when it is not a date. */
export function parseAsOf(value: string, field = 'asOf'): string {
  const trimmed = value.trim();
  if (!isIsoDate(trimmed)) {
    throw new InputError(field, 'DATE', `${field} must be a date written yyyy-MM-dd, got "${value}"`);
  }
  return trimmed;
}

/**
 * Today in China (Asia/Shanghai): the unions' own calendar day, whatever the server's zone, so a
 * run at 01:00 Beijing time evaluates the day that has begun there.
 */
export function todayInChina(now: Date = new Date()): string {
  // en-CA formats as yyyy-MM-dd.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** The same day `years` later (29 February → 28 February in a common year). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, 1));
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return fromUtcMs(target.getTime());
}

/** The first day of the month `months` before the month of `date` (0: its own month). */
export function monthStartBefore(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number);
  return fromUtcMs(Date.UTC(y, m - 1 - months, 1));
}

/** The later of two optional dates. */
export function latest(...dates: Array<string | null | undefined>): string | null {
  let out: string | null = null;
  for (const d of dates) if (d && (out === null || d > out)) out = d;
  return out;
}
