import type { LogEvent } from 'kysely';

/** Time spent per SQL statement shape (`--query-profile` of the ingest and monitoring benches). */
export type QueryTimings = Map<string, { n: number; ms: number }>;

/** A Kysely `log` hook adding each statement's time to `timings`, keyed by its text with value lists folded to `(…)`. */
export function queryProfiler(timings: QueryTimings, width = 110): (e: LogEvent) => void {
  return (e) => {
    const key = e.query.sql.replace(/\s+/g, ' ').replace(/\(([?$\d, ]+)\)(, \(([?$\d, ]+)\))*/g, '(…)').slice(0, width);
    const entry = timings.get(key) ?? { n: 0, ms: 0 };
    entry.n++;
    entry.ms += e.queryDurationMillis;
    timings.set(key, entry);
  };
}

/** The `top` costliest statement shapes, one line each: total ms, count, text. */
export function topQueries(timings: QueryTimings, top: number): string[] {
  return [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)
    .map(([text, e]) => `${e.ms.toFixed(0).padStart(7)} ms ${String(e.n).padStart(6)}× ${text}`);
}
