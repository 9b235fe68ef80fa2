/**
 * Calendar arithmetic in whole UTC days. The generator never reads the clock: every date and
 * instant is placed relative to the fixed reference date `asOf`, so the output is reproducible.
 */
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `yyyy-MM-dd` date. */
export function dayOf(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`not a yyyy-MM-dd date: ${isoDate}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

const isoDates = new Map<number, string>();

/** `yyyy-MM-dd` of a day number (memoized: millions of records share a few thousand days). */
export function isoDate(day: number): string {
  let text = isoDates.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDates.set(day, text);
  }
  return text;
}

/** `yyyyMMdd`, as in resident ID numbers. */
export function compactDate(day: number): string {
  return isoDate(day).replace(/-/g, '');
}

/** ISO 8601 UTC with milliseconds, the canonical instant format. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** The first day of the month that contains `day`. */
export function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** The first day of the month `months` after the one that starts on `firstDay`. */
export function addMonths(firstDay: number, months: number): number {
  const d = new Date(firstDay * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) / DAY_MS;
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
