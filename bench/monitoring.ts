import 'reflect-metadata';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProvince, type GroundTruth } from '../adapters/synthetic-province/generate';
import { addDays } from '../core/monitoring/calendar';
import { runMonitoring, type RunResult } from '../core/monitoring/run';
import { openStore, type Store } from '../core/store/database';
import { migrate } from '../core/store/migrate';
import { arg } from './cli-args';
import { dropSchema, freshSchema } from './pg-schema';
import { queryProfiler, topQueries, type QueryTimings } from './query-profile';

/**
 * Passive monitoring over a whole synthetic province:
 *   node dist/bench/monitoring.js [--scale 1] [--postgres URL [--keep-schema]] [--cache DIR] [--hub DIR] [--query-profile]
 * Generates the province (or reuses it from --cache), loads its unions, activities and member
 * records into a hub store directly (INSERT … SELECT from province.sqlite; batched inserts for
 * PostgreSQL) together with the change log the pipeline would have written, then times:
 *   1. a full evaluation of every grassroots union as of the province's asOf,
 *   2. an incremental run after 1,000 new events (500 activities, 500 member record changes),
 *   3. a re-run with nothing new (idempotent: nothing evaluated, nothing written).
 * With --hub DIR (SQLite only) the loaded store is kept there and reused by the next run.
 * Ingest speed is not measured here (bench/ingest.ts does that).
 */
/**
 * This process's CPU seconds since `from`: on SQLite that includes the store's own work, and it
 * holds on a loaded machine where wall time does not (PostgreSQL's server CPU is not in it).
 */
function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return Math.round((used.user + used.system) / 1e4) / 100;
}

const SEED = 2025;
const NEW_ACTIVITIES = 500;
const NEW_MEMBER_CHANGES = 500;

async function main() {
  const scale = Number(arg('scale', '0.1'));
  const pgUrl = arg('postgres', '');
  const cache = arg('cache', join(tmpdir(), `hub-bench-province-${scale}`));
  const hubDir = arg('hub', '');
  const timings: QueryTimings = new Map();
  const log = process.argv.includes('--query-profile') ? queryProfiler(timings) : undefined;

  let t = Date.now();
  const truth = await generateProvince({ scale, seed: SEED, outDir: cache });
  const generateSeconds = (Date.now() - t) / 1000;
  const provinceFile = join(cache, 'province.sqlite');

  const dir = hubDir || mkdtempSync(join(tmpdir(), 'hub-bench-monitoring-'));
  mkdirSync(dir, { recursive: true });
  const hubFile = join(dir, 'hub.sqlite');
  const pgSchema = pgUrl ? await freshSchema(pgUrl, 'hub_bench') : undefined;
  const store = pgUrl ? openStore({ databaseUrl: pgUrl, pgSchema, log }) : openStore({ sqliteFile: hubFile, log });
  await migrate(store);
  t = Date.now();
  if (!(await loaded(store))) {
    if (store.dialect === 'sqlite') await loadSqlite(store, provinceFile);
    else await loadPostgres(store, provinceFile);
    await markLoaded(store);
  }
  // A kept store starts every run from the loaded state: drop what earlier runs added.
  await resetMonitoring(store);
  const loadSeconds = (Date.now() - t) / 1000;
  const counts = await tableCounts(store);

  timings.clear();
  let cpu = process.cpuUsage();
  const full = await runMonitoring(store, { asOf: truth.asOf });
  const fullCpuSeconds = cpuSecondsSince(cpu);
  const fullProfile = topQueries(timings, 8);
  const accuracy = compare(full, truth);

  timings.clear();
  const events = await addEvents(store, truth);
  cpu = process.cpuUsage();
  const incremental = await runMonitoring(store, { asOf: truth.asOf });
  const incrementalCpuSeconds = cpuSecondsSince(cpu);
  const incrementalProfile = topQueries(timings, 8);
  const cleared = await stillInactive(store, events.quietTouched);

  const again = await runMonitoring(store, { asOf: truth.asOf });

  const result = {
    scale, store: store.dialect, generateSeconds, loadSeconds, ...counts,
    full: { seconds: full.seconds, cpuSeconds: fullCpuSeconds, ...full.phases, evaluated: full.evaluated.length, ...statusCounts(full), ...accuracy },
    incremental: {
      seconds: incremental.seconds, cpuSeconds: incrementalCpuSeconds, ...incremental.phases, newEvents: NEW_ACTIVITIES + NEW_MEMBER_CHANGES, evaluated: incremental.evaluated.length,
      mode: incremental.mode, quietUnionsGivenAnActivity: events.quietTouched.length, ofThoseStillInactive: cleared,
    },
    rerun: { seconds: again.seconds, mode: again.mode, evaluated: again.evaluated.length, changes: again.changes.length },
  };
  console.log(JSON.stringify(result, null, 2));
  if (log) {
    console.log('\nslowest statements, full run:');
    for (const line of fullProfile) console.log(line);
    console.log('\nslowest statements, incremental run:');
    for (const line of incrementalProfile) console.log(line);
  }
  await store.close();
  if (pgUrl && pgSchema && !process.argv.includes('--keep-schema')) await dropSchema(pgUrl, pgSchema);
  else if (pgSchema) console.log(`kept PostgreSQL schema ${pgSchema}`);
  if (!hubDir) rmSync(dir, { recursive: true, force: true });
}

// ---------- loading: what the pipeline would have written, without the pipeline ----------

/** epoch ms of an ISO instant, in SQLite. */
const EPOCH_MS = (col: string) => `CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000) AS INTEGER)`;

/**
 * Bulk load, as one would restore a dump: the four tables' indexes are dropped, the rows copied
 * with INSERT … SELECT, and the indexes rebuilt from their own definitions (a sorted build, far
 * faster than millions of random index inserts through a small page cache).
 */
async function loadSqlite(store: Store, provinceFile: string): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(store.db);
  await run('PRAGMA cache_size = -1000000');
  const indexes = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
    WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('unions', 'activities', 'member_sources', 'change_log')`.execute(store.db);
  for (const ix of indexes.rows) await run(`DROP INDEX "${ix.name}"`);
  await sql`ATTACH DATABASE ${provinceFile} AS p`.execute(store.db);
  await run('BEGIN');
  await run(`INSERT INTO unions (id, system, source_id, name, credit_code, type, division_code, city, parent_id, founded_on, last_election_on, dissolved, deleted, version, updated_at)
    SELECT id, system, id, name, credit_code, type, division, city, parent_id, founded_on, last_election_on, dissolved, deleted, ${EPOCH_MS('updated_at')}, updated_at FROM p.unions`);
  await run(`INSERT INTO activities (id, system, source_id, union_id, kind, date, participants, amount_yuan, deleted, version, updated_at)
    SELECT id, system, id, union_id, kind, date, participants, amount_yuan, deleted, ${EPOCH_MS('updated_at')}, updated_at FROM p.activities`);
  await run(`INSERT INTO member_sources (system, source_id, person_key, id_type, id_number_enc, name, gender, union_id, city, joined_on, join_channel, occupations, status, deleted, version, updated_at)
    SELECT system, id, id_type || ':' || id_number, id_type, '', name, gender, union_id, city, joined_on, join_channel, '[]', status, deleted, ${EPOCH_MS('updated_at')}, updated_at FROM p.members`);
  // The change log in the order a pull applies records: by upstream update time.
  await run(`INSERT INTO change_log (recorded_at, source_id, system, entity, entity_id, op, version, union_id, occurred_on)
    SELECT '2026-01-01T00:00:00.000Z', 'province', system, entity, id, 'UPSERT', ${EPOCH_MS('updated_at')}, union_id, occurred_on FROM (
      SELECT system, 'union' AS entity, id, id AS union_id, NULL AS occurred_on, updated_at FROM p.unions
      UNION ALL SELECT system, 'activity', id, union_id, date, updated_at FROM p.activities
      UNION ALL SELECT system, 'member', id, union_id, substr(updated_at, 1, 10), updated_at FROM p.members
    ) ORDER BY updated_at, id`);
  await run('COMMIT');
  await run('DETACH DATABASE p');
  for (const ix of indexes.rows) await run(ix.sql);
  await run('PRAGMA wal_checkpoint(TRUNCATE)');
  await run('PRAGMA cache_size = -2000');
}

/**
 * PostgreSQL has no ATTACH: rows go over in batches of 20,000 as column arrays
 * (INSERT … SELECT FROM unnest(…)), one statement per batch, with the tables' secondary indexes
 * dropped during the load and rebuilt after it, then VACUUM ANALYZE, as after restoring a dump.
 */
async function loadPostgres(store: Store, provinceFile: string): Promise<void> {
  const p = new Database(provinceFile, { readonly: true });
  const indexes = await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename IN ('unions', 'activities', 'member_sources', 'change_log')
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = indexname)`.execute(store.db);
  for (const ix of indexes.rows) await sql.raw(`DROP INDEX "${ix.indexname}"`).execute(store.db);
  type Row = Record<string, unknown>;
  /** Column name → PostgreSQL array type, in insert order. */
  const copy = async (query: string, table: string, columns: Array<[string, string]>, toRow: (r: Row) => Row) => {
    let batch: Row[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const arrays = columns.map(([name, type]) => sql`${batch.map((r) => r[name] ?? null)}::${sql.raw(type)}[]`);
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))})
        SELECT * FROM unnest(${sql.join(arrays)})`.execute(store.db);
      batch = [];
    };
    for (const r of p.prepare(query).iterate() as IterableIterator<Row>) {
      batch.push(toRow(r));
      if (batch.length >= 20_000) await flush();
    }
    await flush();
  };
  const ms = (iso: unknown) => Date.parse(iso as string);
  await copy('SELECT * FROM unions', 'unions', [
    ['id', 'text'], ['system', 'text'], ['source_id', 'text'], ['name', 'text'], ['credit_code', 'text'], ['type', 'text'], ['division_code', 'text'],
    ['city', 'text'], ['parent_id', 'text'], ['founded_on', 'text'], ['last_election_on', 'text'], ['dissolved', 'integer'], ['deleted', 'integer'],
    ['version', 'bigint'], ['updated_at', 'text'],
  ], (r) => ({ ...r, source_id: r.id, division_code: r.division, version: ms(r.updated_at) }));
  await copy('SELECT * FROM activities', 'activities', [
    ['id', 'text'], ['system', 'text'], ['source_id', 'text'], ['union_id', 'text'], ['kind', 'text'], ['date', 'text'], ['participants', 'integer'],
    ['amount_yuan', 'double precision'], ['deleted', 'integer'], ['version', 'bigint'], ['updated_at', 'text'],
  ], (r) => ({ ...r, source_id: r.id, version: ms(r.updated_at) }));
  await copy('SELECT * FROM members', 'member_sources', [
    ['system', 'text'], ['source_id', 'text'], ['person_key', 'text'], ['id_type', 'text'], ['id_number_enc', 'text'], ['name', 'text'],
    ['gender', 'text'], ['union_id', 'text'], ['city', 'text'], ['joined_on', 'text'], ['join_channel', 'text'], ['occupations', 'text'],
    ['status', 'text'], ['deleted', 'integer'], ['version', 'bigint'], ['updated_at', 'text'],
  ], (r) => ({ ...r, source_id: r.id, person_key: `${r.id_type}:${r.id_number}`, id_number_enc: '', occupations: '[]', version: ms(r.updated_at) }));
  await copy(`SELECT system, entity, id, union_id, occurred_on, updated_at FROM (
      SELECT system, 'union' AS entity, id, id AS union_id, NULL AS occurred_on, updated_at FROM unions
      UNION ALL SELECT system, 'activity', id, union_id, date, updated_at FROM activities
      UNION ALL SELECT system, 'member', id, union_id, substr(updated_at, 1, 10), updated_at FROM members
    ) ORDER BY updated_at, id`, 'change_log', [
    ['recorded_at', 'text'], ['source_id', 'text'], ['system', 'text'], ['entity', 'text'], ['entity_id', 'text'], ['op', 'text'],
    ['version', 'bigint'], ['union_id', 'text'], ['occurred_on', 'text'],
  ], (r) => ({ ...r, recorded_at: '2026-01-01T00:00:00.000Z', source_id: 'province', entity_id: r.id, op: 'UPSERT', version: ms(r.updated_at) }));
  p.close();
  for (const ix of indexes.rows) await sql.raw(ix.indexdef).execute(store.db);
  // What autovacuum does to a table that has been written: statistics, and the visibility map that
  // lets index-only scans skip the heap.
  await sql`VACUUM ANALYZE`.execute(store.db);
}

/** A kept store that finished loading carries this checkpoint; a half-loaded one is not reused. */
async function loaded(store: Store): Promise<boolean> {
  return (await store.db.selectFrom('checkpoints').select('value').where('source_id', '=', 'bench').where('resource', '=', 'loaded').executeTakeFirst()) !== undefined;
}

async function markLoaded(store: Store): Promise<void> {
  await store.db.insertInto('checkpoints').values({ source_id: 'bench', resource: 'loaded', value: 'yes', updated_at: new Date().toISOString() }).execute();
}

async function resetMonitoring(store: Store): Promise<void> {
  await store.db.deleteFrom('union_health').execute();
  await store.db.deleteFrom('union_health_history').execute();
  await store.db.deleteFrom('monitoring_watermarks').execute();
  await store.db.deleteFrom('activities').where('id', 'like', 'BENCH%').execute();
  await store.db.deleteFrom('change_log').where('source_id', '=', 'bench').execute();
}

async function tableCounts(store: Store) {
  const count = async (table: 'unions' | 'activities' | 'member_sources' | 'change_log') =>
    Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { unions: await count('unions'), activities: await count('activities'), memberRecords: await count('member_sources'), changeLog: await count('change_log') };
}

// ---------- the 1,000 new events ----------

/**
 * 500 meetings in 500 grassroots unions (up to 100 of them quiet, INACTIVE after the full run)
 * and 500 changes to member records, each with its change-log entry, as the pipeline writes them.
 */
async function addEvents(store: Store, truth: GroundTruth): Promise<{ quietTouched: string[] }> {
  const quiet = truth.quietUnionIds.slice(0, 100);
  const others = await store.db.selectFrom('unions').select('id').where('type', 'in', ['GRASSROOTS', 'JOINT_GRASSROOTS'])
    .where('id', 'not in', quiet.length > 0 ? quiet : ['-']).orderBy('id').limit(NEW_ACTIVITIES - quiet.length).execute();
  const unions = [...quiet, ...others.map((r) => r.id)];
  const day = addDays(truth.asOf, -3);
  const version = Date.parse(`${day}T12:00:00.000Z`);
  const members = await store.db.selectFrom('member_sources').select(['system', 'source_id', 'union_id']).where('deleted', '=', 0)
    .orderBy('source_id', 'desc').limit(NEW_MEMBER_CHANGES).execute();
  await store.db.transaction().execute(async (trx) => {
    const activities = unions.map((unionId, i) => ({
      id: `BENCH${String(i).padStart(6, '0')}`, system: 'zhejiang-digital-union', source_id: `BENCH${String(i).padStart(6, '0')}`,
      union_id: unionId, kind: 'MEETING', date: day, participants: 12, amount_yuan: null, deleted: 0, version, updated_at: new Date(version).toISOString(),
    }));
    for (let i = 0; i < activities.length; i += 500) await trx.insertInto('activities').values(activities.slice(i, i + 500)).execute();
    for (const m of members) {
      await trx.updateTable('member_sources').set({ status: 'LEFT', version, updated_at: new Date(version).toISOString() })
        .where('system', '=', m.system).where('source_id', '=', m.source_id).execute();
    }
    const log = [
      ...activities.map((a) => ({ entity: 'activity', entity_id: a.id, system: a.system, union_id: a.union_id, occurred_on: day })),
      ...members.map((m) => ({ entity: 'member', entity_id: m.source_id, system: m.system, union_id: m.union_id, occurred_on: day })),
    ].map((c) => ({ ...c, recorded_at: new Date().toISOString(), source_id: 'bench', op: 'UPSERT' as const, version }));
    for (let i = 0; i < log.length; i += 500) await trx.insertInto('change_log').values(log.slice(i, i + 500)).execute();
  });
  return { quietTouched: quiet };
}

async function stillInactive(store: Store, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await store.db.selectFrom('union_health').select((eb) => eb.fn.countAll().as('n'))
    .where('union_id', 'in', ids).where('status', '=', 'INACTIVE').executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------- figures ----------

function statusCounts(run: RunResult) {
  const by = { ACTIVE: 0, AT_RISK: 0, INACTIVE: 0 };
  for (const e of run.evaluated) by[e.verdict.status]++;
  return { active: by.ACTIVE, atRisk: by.AT_RISK, inactive: by.INACTIVE };
}

/** The INACTIVE set against the generator's quiet unions. */
function compare(run: RunResult, truth: GroundTruth) {
  const flagged = new Set(run.evaluated.filter((e) => e.verdict.status === 'INACTIVE').map((e) => e.signals.unionId));
  const quiet = new Set(truth.quietUnionIds);
  const hits = [...flagged].filter((id) => quiet.has(id)).length;
  const overdue = run.evaluated.filter((e) => e.verdict.flags.some((f) => f.code === 'ELECTION_OVERDUE')).length;
  return {
    quietUnions: quiet.size, precision: flagged.size === 0 ? 1 : hits / flagged.size, recall: quiet.size === 0 ? 1 : hits / quiet.size,
    electionOverdue: overdue, electionOverdueTruth: truth.province.electionOverdueUnions,
  };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
