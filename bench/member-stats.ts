import 'reflect-metadata';
import { execute, parse, validate } from 'graphql';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../core/store/database';
import { migrate } from '../core/store/migrate';
import type { MembersTable } from '../core/store/tables';
import { CITIES, OCCUPATIONS, type City, type MemberDimension, type MemberStatus, type Occupation } from '../schema/enums';
import { createContext } from '../subgraphs/kit';
import { buildMembershipSchema } from '../subgraphs/membership';
import { occupationMask } from '../subgraphs/membership/occupation-mask';
import { memberStats } from '../subgraphs/membership/store/member-stats';
import type { MemberQuery } from '../subgraphs/membership/store/members';
import { arg } from './cli-args';
import { dropSchema, freshSchema } from './pg-schema';
import { mulberry32 } from '../adapters/synthetic-province/random';

/**
 * memberStats over the province's real-name member view (2 million members):
 *   node dist/bench/member-stats.js [--members 2000000] [--runs 5] [--store sqlite|postgres] [--postgres URL | --hub FILE] [--explain]
 * (--hub keeps the loaded SQLite file there and reuses it on the next run with the same --members.)
 * Fills `members` directly, occupation tags as the row's bits (no pipeline: bench/ingest.ts measures that)
 * with synthetic members spread as the synthetic province spreads them (cities by workforce,
 * two thirds new-employment workers with one occupation tag, 5 % of them two), then times each
 * query shape through GraphQL execution of the membership subgraph (the resolver, no HTTP):
 *   - cold: the first query on a freshly opened store (SQLite: empty page cache of the
 *           connection, though the OS file cache is warm; PostgreSQL: a new connection),
 *   - warm: the median of --runs repeats after it.
 * Prints seconds per query and `memberStatsSeconds` (warm, city × occupation, no filter).
 */
/** As adapters/synthetic-province/plan.ts: workforce shares of the cities, the occupation mix. */
const CITY_WEIGHTS: Record<City, number> = {
  HANGZHOU: 22.8, NINGBO: 18.2, WENZHOU: 12, JIAXING: 8, HUZHOU: 5, SHAOXING: 8,
  JINHUA: 10, QUZHOU: 3, ZHOUSHAN: 2, TAIZHOU: 8, LISHUI: 3,
};
const OCCUPATION_WEIGHTS: Record<Occupation, number> = {
  COURIER: 30, FOOD_DELIVERY: 30, RIDE_HAILING: 12, TAXI: 5, TRUCK_DRIVER: 13, DOMESTIC_SERVICE: 6, OTHER: 4,
};

function weighted<T extends string>(values: readonly T[], weight: (v: T) => number): (r: number) => T {
  const total = values.reduce((s, v) => s + weight(v), 0);
  return (r) => {
    let x = r * total;
    for (const v of values) if ((x -= weight(v)) < 0) return v;
    return values[values.length - 1];
  };
}

const pickCity = weighted(CITIES, (c) => CITY_WEIGHTS[c]);
const pickOccupation = weighted(OCCUPATIONS, (o) => OCCUPATION_WEIGHTS[o]);
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';

interface SyntheticMember {
  member: MembersTable & { name_key: string; occupation_mask: number };
  occupations: Occupation[];
}

/**
 * Random-looking text of a given width, cheaply: the ciphertexts' content does not matter to a
 * count, their width (how many rows fit a page) does.
 */
const NOISE = (() => {
  const next = mulberry32(7);
  let s = '';
  for (let i = 0; i < 8_192; i++) s += B32[Math.floor(next() * 32)];
  return s;
})();
function noise(next: () => number, length: number): string {
  const at = Math.floor(next() * (NOISE.length - length));
  return NOISE.slice(at, at + length);
}

/** A unique key in no order, as keyed hashes are: a scrambled prefix, then i for uniqueness. */
function scrambled(i: number, salt: number, length: number): string {
  const h = (Math.imul(i ^ salt, 0x9e3779b1) >>> 0).toString(32).padStart(7, '0');
  return (h + i.toString(32).padStart(5, '0') + NOISE).slice(0, length);
}

/** Member i of the synthetic province; personal data as wide as the real ciphertexts. */
function syntheticMember(next: () => number, i: number): SyntheticMember {
  const newEmployment = next() < 2 / 3;
  const occupations = new Set<Occupation>();
  if (newEmployment) {
    occupations.add(pickOccupation(next()));
    if (next() < 0.05) occupations.add(pickOccupation(next()));
  }
  const r = next();
  const status: MemberStatus = r < 0.98 ? 'ACTIVE' : r < 0.995 ? 'TRANSFERRED_OUT' : 'LEFT';
  const year = 2015 + Math.floor(next() * 11);
  const joined = `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
  const name = SURNAMES[Math.floor(next() * SURNAMES.length)] + GIVEN[Math.floor(next() * GIVEN.length)] + GIVEN[Math.floor(next() * GIVEN.length)];
  const city = next() < 0.001 ? null : pickCity(next());
  const channel = ['QR_CODE', 'ONLINE', 'OFFLINE', 'BULK'][Math.floor(next() * 4)];
  return {
    member: {
      id: `M${scrambled(i, 0x5bd1e995, 26)}`, person_key: scrambled(i, 0x27d4eb2f, 43), id_type: 'RESIDENT_ID', id_number_enc: noise(next, 88),
      id_number_masked: '330***********123X', name, name_pinyin: 'wangwei', name_initials: 'ww', name_key: name,
      gender: next() < 0.7 ? 'MALE' : 'FEMALE', birth_date: '1990-01-01', mobile_enc: noise(next, 76), mobile_masked: '138****0000',
      city, union_id: `U${String(Math.floor(next() * 150_000)).padStart(7, '0')}`, employer_name: '某某网络科技有限公司',
      employer_credit_code: '91330100MA2XXXXXXX', new_employment: newEmployment ? 1 : 0, joined_on: joined, join_year: year,
      join_channel: channel, status, updated_at: `2025-06-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
      occupation_mask: occupationMask([...occupations]),
    },
    occupations: OCCUPATIONS.filter((o) => occupations.has(o)),
  };
}

const MEMBER_COLUMNS = [
  'id', 'person_key', 'id_type', 'id_number_enc', 'id_number_masked', 'name', 'name_pinyin', 'name_initials', 'name_key', 'gender',
  'birth_date', 'mobile_enc', 'mobile_masked', 'city', 'union_id', 'employer_name', 'employer_credit_code', 'new_employment',
  'joined_on', 'join_year', 'join_channel', 'status', 'updated_at', 'occupation_mask',
] as const;
const PG_TYPES: Partial<Record<(typeof MEMBER_COLUMNS)[number], string>> = { new_employment: 'integer', join_year: 'integer', occupation_mask: 'integer' };
const BATCH = 10_000;

/** Members in batches of BATCH, generated as they are inserted (2 million do not fit comfortably at once). */
function* batches(count: number): Generator<SyntheticMember[]> {
  const next = mulberry32(2_000_000);
  for (let start = 0; start < count; start += BATCH) {
    yield Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => syntheticMember(next, start + k));
  }
}

/**
 * As one restores a dump: the members table's secondary indexes dropped, the rows inserted in one
 * transaction (SQLite: one prepared statement; PostgreSQL: column arrays through unnest), the
 * indexes rebuilt from their own definitions, then planner statistics.
 */
async function load(store: Store, count: number): Promise<number> {
  const indexes = await secondaryIndexes(store);
  for (const ix of indexes) await sql.raw(`DROP INDEX "${ix.name}"`).execute(store.db);
  let tags = 0;
  if (store.sqlite) {
    const db = store.sqlite;
    db.pragma('cache_size = -262144');
    const insertMember = db.prepare(`INSERT INTO members (${MEMBER_COLUMNS.join(', ')}) VALUES (${MEMBER_COLUMNS.map((c) => `@${c}`).join(', ')})`);
    db.exec('BEGIN');
    for (const batch of batches(count)) {
      for (const { member, occupations } of batch) {
        insertMember.run(member);
        tags += occupations.length;
      }
    }
    db.exec('COMMIT');
  } else {
    await store.db.transaction().execute(async (trx) => {
      for (const batch of batches(count)) {
        const arrays = MEMBER_COLUMNS.map((c) => sql`${batch.map((m) => m.member[c] ?? null)}::${sql.raw(PG_TYPES[c] ?? 'text')}[]`);
        await sql`INSERT INTO members (${sql.join(MEMBER_COLUMNS.map((c) => sql.ref(c)))}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(trx);
        tags += batch.reduce((n, m) => n + m.occupations.length, 0);
      }
    });
  }
  for (const ix of indexes) await sql.raw(ix.sql).execute(store.db);
  if (store.sqlite) {
    store.sqlite.exec('ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)');
    store.sqlite.pragma('cache_size = -65536');
  } else {
    await sql`VACUUM ANALYZE members`.execute(store.db);
  }
  return tags;
}

async function secondaryIndexes(store: Store): Promise<Array<{ name: string; sql: string }>> {
  if (store.dialect === 'sqlite') {
    const r = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
      WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = 'members'`.execute(store.db);
    return r.rows;
  }
  const r = await sql<{ name: string; sql: string }>`SELECT indexname AS name, indexdef AS sql FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = 'members'
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = indexname)`.execute(store.db);
  return r.rows;
}

interface Shape {
  name: string;
  groupBy: MemberDimension[];
  filter: MemberQuery | null;
}

const SHAPES: Shape[] = [
  { name: 'city × occupation, all members', groupBy: ['CITY', 'OCCUPATION'], filter: null },
  { name: 'city × occupation, active new-employment', groupBy: ['CITY', 'OCCUPATION'], filter: { status: 'ACTIVE', newEmploymentOnly: true } },
  { name: 'city × occupation, couriers and riders', groupBy: ['CITY', 'OCCUPATION'], filter: { occupations: ['COURIER', 'FOOD_DELIVERY'] } },
  { name: 'occupation, one city (a city admin)', groupBy: ['OCCUPATION'], filter: { cities: ['NINGBO'] } },
  { name: 'city × occupation, joined in 2024', groupBy: ['CITY', 'OCCUPATION'], filter: { joinedFrom: '2024-01-01', joinedTo: '2024-12-31' } },
];

const STATS_QUERY = `query($filter: MemberFilter, $groupBy: [MemberDimension!]!) { memberStats(filter: $filter, groupBy: $groupBy) { key count } }`;

interface Timing {
  shape: string;
  buckets: number;
  members: number;
  coldSeconds: number;
  warmSeconds: number;
  /** This process's CPU seconds per warm query: SQLite's whole work, PostgreSQL's client side only. */
  warmCpuSeconds: number;
}

async function timeOnce(run: () => Promise<unknown>): Promise<{ seconds: number; cpu: number }> {
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, cpu: (used.user + used.system) / 1e6 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeShapes(open: () => Store, runs: number): Promise<Timing[]> {
  const schema = buildMembershipSchema();
  const document = parse(STATS_QUERY);
  const invalid = validate(schema, document);
  if (invalid.length > 0) throw invalid[0];
  const out: Timing[] = [];
  for (const shape of SHAPES) {
    // A fresh store per shape: its first query is the cold one.
    const store = open();
    try {
      let buckets: Array<{ key: string[]; count: number }> = [];
      const query = async () => {
        const r = await execute({ schema, document, contextValue: createContext(store), variableValues: { filter: shape.filter, groupBy: shape.groupBy } });
        if (r.errors) throw r.errors[0];
        buckets = (r.data as { memberStats: typeof buckets }).memberStats;
      };
      const cold = await timeOnce(query);
      const warm: Array<{ seconds: number; cpu: number }> = [];
      for (let i = 0; i < runs; i++) warm.push(await timeOnce(query));
      // The resolver and the store function agree (the GraphQL layer adds nothing but the shape).
      const direct = await memberStats(store, shape.filter ?? {}, shape.groupBy);
      if (JSON.stringify(direct) !== JSON.stringify(buckets)) throw new Error(`resolver and store disagree on ${shape.name}`);
      out.push({
        shape: shape.name, buckets: buckets.length, members: buckets.reduce((s, b) => s + b.count, 0),
        coldSeconds: cold.seconds, warmSeconds: median(warm.map((w) => w.seconds)), warmCpuSeconds: median(warm.map((w) => w.cpu)),
      });
    } finally {
      await store.close();
    }
  }
  return out;
}

/** The plan of the unfiltered city × occupation query, as the store function builds it. */
async function explain(store: Store): Promise<string[]> {
  const captured: string[] = [];
  const probe = openStore(store.dialect === 'sqlite'
    ? { sqliteFile: store.location, log: (e) => { if (e.level === 'query') captured.push(e.query.sql); } }
    : { databaseUrl: pgUrl, pgSchema: store.pgSchema, log: (e) => { if (e.level === 'query') captured.push(e.query.sql); } });
  try {
    await memberStats(probe, {}, ['CITY', 'OCCUPATION']);
    const text = captured[captured.length - 1];
    if (store.dialect === 'sqlite') {
      const rows = await sql<{ detail: string }>`${sql.raw(`EXPLAIN QUERY PLAN ${text}`)}`.execute(probe.db);
      return rows.rows.map((r) => r.detail);
    }
    const rows = await sql<{ 'QUERY PLAN': string }>`${sql.raw(`EXPLAIN (ANALYZE, BUFFERS) ${text}`)}`.execute(probe.db);
    return rows.rows.map((r) => r['QUERY PLAN']);
  } finally {
    await probe.close();
  }
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
const pgUrl = arg('postgres', arg('store', 'sqlite') === 'postgres' ? process.env.HUB_TEST_DATABASE_URL ?? DEFAULT_PG : '');

async function main() {
  const count = Number(arg('members', '2000000'));
  const runs = Number(arg('runs', '5'));
  const hubFile = arg('hub', '');
  const dir = pgUrl || hubFile ? '' : mkdtempSync(join(tmpdir(), 'hub-bench-member-stats-'));
  const sqliteFile = hubFile || join(dir, 'hub.sqlite');
  const pgSchema = pgUrl ? await freshSchema(pgUrl, 'bench_member_stats') : undefined;
  const open = () => (pgUrl ? openStore({ databaseUrl: pgUrl, pgSchema }) : openStore({ sqliteFile }));
  try {
    const store = open();
    let tags = 0;
    let loadSeconds = 0;
    try {
      let t = Date.now();
      const applied = await migrate(store);
      if (applied.length > 0) console.log(`${store.dialect}: migrations ${applied.join(', ')} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      t = Date.now();
      const present = await store.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      if (Number(present.n) > 0 && Number(present.n) !== count) throw new Error(`${sqliteFile} holds ${present.n} members, not ${count}`);
      if (Number(present.n) === 0) tags = await load(store, count);
      loadSeconds = (Date.now() - t) / 1000;
      console.log(`${store.dialect}: loaded ${count.toLocaleString('en')} members with ${tags.toLocaleString('en')} occupation tags in ${loadSeconds.toFixed(1)} s`);
      if (process.argv.includes('--explain')) for (const line of await explain(store)) console.log(`  ${line}`);
    } finally {
      await store.close();
    }
    const timings = await timeShapes(open, runs);
    console.log(`\nmemberStats over ${count.toLocaleString('en')} members (${pgUrl ? 'postgres' : 'sqlite'}), seconds per query, through the resolver:`);
    console.table(timings.map((t) => ({
      query: t.shape, buckets: t.buckets, 'members counted': t.members, cold: t.coldSeconds.toFixed(3), warm: t.warmSeconds.toFixed(3),
      'warm, this process CPU': t.warmCpuSeconds.toFixed(3),
    })));
    console.log(JSON.stringify({
      store: pgUrl ? 'postgres' : 'sqlite', members: count, occupationTags: tags, loadSeconds, runs,
      memberStatsSeconds: timings[0].warmSeconds, memberStatsColdSeconds: timings[0].coldSeconds, shapes: timings,
    }));
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (pgUrl && pgSchema) await dropSchema(pgUrl, pgSchema);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
