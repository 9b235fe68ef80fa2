import type { Store } from '../../core/store/database';
import { waitFor, type HubProcess } from './hub-process';

/**
 * Drill: `kill -9` `hub sync` in the middle of a pull, run it again to the end, and compare the
 * store with one a clean, uninterrupted sync filled. Each page is applied with its checkpoint in
 * one transaction, so the second run must resume where the last committed page ended.
 */
export interface SyncCrashReport {
  /** Change-log rows when the process was killed, of the clean run's total. */
  changesAtKill: number;
  changesExpected: number;
  exitCodeAfterRestart: number | null;
  /** Rows that differ from the clean store (by table), and change-log rows beyond the clean run's. */
  differences: Record<string, number>;
  extraChanges: number;
  seconds: { untilKill: number; resume: number };
}

/** What a pull writes, as (table, key, version): equal stores give equal lists. */
export async function pulledContent(store: Store): Promise<Record<string, string[]>> {
  const db = store.db;
  const [members, unions, enterprises, stations, activities] = await Promise.all([
    db.selectFrom('member_sources').select(['source_id', 'version', 'status', 'name']).execute(),
    db.selectFrom('unions').select(['id', 'version', 'name']).execute(),
    db.selectFrom('enterprises').select(['id', 'version']).execute(),
    db.selectFrom('stations').select(['id', 'version', 'deleted']).execute(),
    db.selectFrom('activities').select(['id', 'version']).execute(),
  ]);
  const keyed = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.values(r).map(String).join('|')).sort();
  return { members: keyed(members), unions: keyed(unions), enterprises: keyed(enterprises), stations: keyed(stations), activities: keyed(activities) };
}

export async function changeCount(store: Store): Promise<number> {
  const row = await store.db.selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function runSyncCrashDrill(options: {
  store: Store;
  /** The store a clean sync filled, to compare with. */
  clean: Store;
  /** Starts `hub sync` (a fresh process each call), resolving once it has started. */
  startSync: () => Promise<HubProcess>;
  /** Kill once this share of the clean run's changes is in the store. */
  killAt?: number;
}): Promise<SyncCrashReport> {
  const expected = await changeCount(options.clean);
  const started = Date.now();
  const first = await options.startSync();
  const threshold = Math.round(expected * (options.killAt ?? 0.4));
  await waitFor('sync half-way', async () => (await changeCount(options.store)) >= threshold, first, 120_000);
  await first.kill9();
  const changesAtKill = await changeCount(options.store);
  const untilKill = (Date.now() - started) / 1000;

  const resumed = Date.now();
  const second = await options.startSync();
  const exitCode = await second.exited;
  if (exitCode !== 0) throw new Error(`hub sync after the crash exited with ${exitCode}:\n${second.output()}`);
  const [got, want] = await Promise.all([pulledContent(options.store), pulledContent(options.clean)]);
  const differences: Record<string, number> = {};
  for (const table of Object.keys(want)) {
    const mine = new Set(got[table]);
    const theirs = new Set(want[table]);
    differences[table] = [...mine].filter((r) => !theirs.has(r)).length + [...theirs].filter((r) => !mine.has(r)).length;
  }
  return {
    changesAtKill,
    changesExpected: expected,
    exitCodeAfterRestart: exitCode,
    differences,
    extraChanges: (await changeCount(options.store)) - expected,
    seconds: { untilKill, resume: (Date.now() - resumed) / 1000 },
  };
}
