import 'reflect-metadata';
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { LogEvent } from 'kysely';
import { generateProvince } from '../adapters/synthetic-province/generate';
import { ProvincialAdapter } from '../adapters/zhejiang-digital-union';
import { NingboAdapter } from '../adapters/ningbo-yonggonghui';
import { ShaoxingAdapter } from '../adapters/shaoxing-internet-plus';
import { syncSource, type ResourceSummary } from '../adapters/pipeline/sync';
import { registerSources } from '../adapters/pipeline/sources';
import type { PullAdapter, SourceConfig } from '../adapters/pipeline/source-adapter';
import { openStore, type Store } from '../core/store/database';
import { migrate } from '../core/store/migrate';
import { createPiiCipher } from '../core/pii';
import { adapterOptions, serveUpstreams, SERVE_FLAG, startUpstreams } from './ingest-upstreams';
import { bareInsert } from './bare-insert';
import { arg } from './cli-args';
import { queryProfiler, topQueries, type QueryTimings } from './query-profile';

/**
 * Ingest end to end: the three upstream simulators over HTTP → adapters → pipeline → store, then
 * the limit (bench/bare-insert.ts: the same canonical rows, batch-inserted into a fresh store).
 *   node dist/bench/ingest.js [--scale 0.01] [--store sqlite|postgres] [--postgres URL] [--page 1000]
 *                             [--cache DIR] [--query-profile] [--no-bare] [--heap-snapshot]
 * Prints one JSON line: recordsPerSecond (every record kind), memberRecordsPerSecond (the member
 * resources' records over the time spent on those resources), bareInsertPerSecond,
 * ingestVsBareInsert, CPU seconds and the hub process's peak RSS.
 */
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';

async function main() {
  const scale = Number(arg('scale', '0.01'));
  const pgUrl = arg('postgres', arg('store', 'sqlite') === 'postgres' ? process.env.HUB_TEST_DATABASE_URL ?? DEFAULT_PG : '');
  const pageSize = Number(arg('page', '1000'));
  const cache = arg('cache', join(tmpdir(), `hub-bench-province-${scale}`));
  const t0 = Date.now();
  await generateProvince({ scale, seed: 2025, outDir: cache });
  const generateSeconds = (Date.now() - t0) / 1000;
  // Sampled from here: generating the province (skipped when cached) is not the hub's memory.
  const peak = rssSampler();
  const upstreams = await startUpstreams(__filename, join(cache, 'province.sqlite'));
  const timings: QueryTimings = new Map();
  const log = process.argv.includes('--query-profile') ? queryProfiler(timings, 90) : undefined;
  const hub = await freshStore(pgUrl, 'hub', log);
  await registerSources(hub.store, upstreams.sources);
  const pii = createPiiCipher(Buffer.alloc(32, 1));

  const clock = resourceClock();
  const cpu = process.cpuUsage();
  const started = Date.now();
  const resources: Array<ResourceSummary & { sourceId: string }> = [];
  for (const source of upstreams.sources) {
    const adapter = adapterFor(source, pageSize);
    clock.mark();
    const summary = await syncSource({ store: hub.store, pii }, source, adapter, { onPage: (id, s) => clock.page(`${id}/${s.resource}`) });
    resources.push(...summary.resources.map((r) => ({ ...r, sourceId: source.id })));
    await adapter.close?.();
  }
  const seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const ingestPeakMB = peak.mb();
  // What the hub still holds once every source is synced (open in Chrome DevTools → Memory).
  if (process.argv.includes('--heap-snapshot')) console.error(`heap snapshot: ${writeHeapSnapshot()}`);
  const ingestPeakHeapMB = peak.heapMb();
  const ingestPeakHeapTotalMB = peak.heapTotalMb();
  const ingestPeakExternalMB = peak.externalMb();
  await upstreams.close();

  const count = (r: ResourceSummary) => r.applied + r.unchanged + r.deadLetters;
  const records = resources.reduce((n, r) => n + count(r), 0);
  const memberResources = resources.filter((r) => r.resource.startsWith('members'));
  const memberRecords = memberResources.reduce((n, r) => n + count(r), 0);
  const memberSeconds = memberResources.reduce((n, r) => n + clock.seconds(`${r.sourceId}/${r.resource}`), 0);
  const memberCpuSeconds = memberResources.reduce((n, r) => n + clock.cpuSeconds(`${r.sourceId}/${r.resource}`), 0);
  const memberSourceRows = Number((await hub.store.db.selectFrom('member_sources').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const bare = process.argv.includes('--no-bare') ? null : await measureBare(hub.store, pgUrl, pageSize);
  const result = {
    scale, store: pgUrl ? 'postgres' : 'sqlite', pageSize, generateSeconds,
    syncSeconds: seconds, cpuSeconds: round(cpuSeconds, 2),
    records, memberRecords, memberSourceRows,
    recordsPerSecond: Math.round(records / seconds),
    recordsPerCpuSecond: Math.round(records / cpuSeconds),
    memberRecordsPerSecond: Math.round(memberRecords / memberSeconds),
    memberSeconds: round(memberSeconds, 2),
    memberRecordsPerCpuSecond: Math.round(memberRecords / memberCpuSeconds),
    bareInsertPerSecond: bare ? Math.round(bare.rows / bare.seconds) : null,
    bareMemberInsertPerSecond: bare ? Math.round(bare.memberRows / bare.memberSeconds) : null,
    bareRows: bare?.rows ?? null,
    bareSeconds: bare ? round(bare.seconds, 2) : null,
    bareCpuSeconds: bare ? round(bare.cpuSeconds, 2) : null,
    // Canonical rows per second through the hub ÷ the same rows per second through a bare insert.
    ingestVsBareInsert: bare ? round(bare.seconds / seconds * (records / bare.rows), 3) : null,
    // The same ratio in this process's CPU seconds: steadier when other work shares the machine.
    ingestVsBareInsertCpu: bare ? round(bare.cpuSeconds / cpuSeconds * (records / bare.rows), 3) : null,
    peakRssMB: ingestPeakMB,
    peakHeapUsedMB: ingestPeakHeapMB,
    peakHeapTotalMB: ingestPeakHeapTotalMB,
    peakExternalMB: ingestPeakExternalMB,
    bySource: Object.fromEntries(upstreams.sources.map((s) => [s.id, resources.filter((r) => r.sourceId === s.id).reduce((n, r) => n + count(r), 0)])),
  };
  console.log(JSON.stringify(result));
  for (const line of topQueries(timings, 20)) console.log(line);
  await hub.close();
}

function round(n: number, digits: number): number {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}

function adapterFor(source: SourceConfig, pageSize: number): PullAdapter {
  const options = adapterOptions(pageSize);
  if (source.adapter === 'ningbo-yonggonghui') return new NingboAdapter(source, options);
  if (source.adapter === 'shaoxing-internet-plus') return new ShaoxingAdapter(source, options);
  return new ProvincialAdapter(source, options);
}

/**
 * Wall and CPU time per resource: from the previous page (or the resource's start) to each page
 * applied. CPU time is this process's, so it holds on a loaded machine where wall time does not.
 */
function resourceClock() {
  const spent = new Map<string, { wall: number; cpu: number }>();
  const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let last = { wall: Date.now(), cpu: cpuNow() };
  return {
    mark: () => { last = { wall: Date.now(), cpu: cpuNow() }; },
    page: (key: string) => {
      const now = { wall: Date.now(), cpu: cpuNow() };
      const s = spent.get(key) ?? { wall: 0, cpu: 0 };
      spent.set(key, { wall: s.wall + now.wall - last.wall, cpu: s.cpu + now.cpu - last.cpu });
      last = now;
    },
    seconds: (key: string) => (spent.get(key)?.wall ?? 0) / 1000,
    cpuSeconds: (key: string) => (spent.get(key)?.cpu ?? 0) / 1000,
  };
}

/** Peak resident set and peak V8 heap in use, sampled every 100 ms. */
function rssSampler() {
  // Peaks of the resident set and of its parts V8 knows: heap used, heap reserved, and memory
  // outside the heap that JS objects hold (Buffers: HTTP bodies). What is left is native (SQLite).
  const peaks = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peaks) as Array<keyof typeof peaks>) peaks[k] = Math.max(peaks[k], m[k]);
  };
  sample();
  const timer = setInterval(sample, 100);
  timer.unref();
  const mb = (n: number) => Math.round(n / 1e6);
  return {
    mb: () => (sample(), mb(peaks.rss)),
    heapMb: () => mb(peaks.heapUsed),
    heapTotalMb: () => mb(peaks.heapTotal),
    externalMb: () => mb(peaks.external),
  };
}

/** The bare insert of the ingested canonical rows into a second, fresh store of the same kind. */
async function measureBare(hub: Store, pgUrl: string, pageSize: number) {
  const target = await freshStore(pgUrl, 'bare');
  try {
    return await bareInsert(hub, target.store, pageSize);
  } finally {
    await target.close();
  }
}

/** A migrated store in a temporary SQLite file or a fresh PostgreSQL schema; close() removes it. */
async function freshStore(pgUrl: string, name: string, log?: (e: LogEvent) => void): Promise<{ store: Store; close(): Promise<void> }> {
  if (pgUrl) {
    const pgSchema = `bench_${name}_${process.pid}`;
    await withPg(pgUrl, (c) => c.query(`CREATE SCHEMA ${pgSchema}`));
    const store = openStore({ databaseUrl: pgUrl, pgSchema, log });
    await migrate(store);
    return { store, close: async () => { await store.close(); await withPg(pgUrl, (c) => c.query(`DROP SCHEMA ${pgSchema} CASCADE`)); } };
  }
  const dir = mkdtempSync(join(tmpdir(), `hub-bench-${name}-`));
  const store = openStore({ sqliteFile: join(dir, 'hub.sqlite'), log });
  await migrate(store);
  return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}


async function withPg(url: string, run: (c: Client) => Promise<unknown>): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await run(c);
  } finally {
    await c.end();
  }
}

const serving = process.argv.indexOf(SERVE_FLAG);
(serving >= 0 ? serveUpstreams(process.argv[serving + 1]) : main()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
