import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CITIES } from '../../schema/enums';
import { generateProvince } from '../../adapters/synthetic-province/generate';
import { startProvinceSimulator, type ProvinceSimulator } from '../../adapters/zhejiang-digital-union/simulator';
import { ProvincialAdapter } from '../../adapters/zhejiang-digital-union';
import { registerSources } from '../../adapters/pipeline/sources';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { syncSource } from '../../adapters/pipeline/sync';
import { servicePorts } from '../../core/config';
import type { Store } from '../../core/store/database';
import { ingestUp, spawnHub, waitFor, type HubProcess } from '../../bench/drills/hub-process';
import { runPushCrashDrill } from '../../bench/drills/crash-pushes';
import { runSyncCrashDrill } from '../../bench/drills/crash-sync';
import { testPii } from '../support/pii';
import { freePortBase } from '../support/ports';
import { STORE_VARIANTS, underSchemaLock, type StoreVariant } from '../support/stores';

/**
 * Reliability drill 1: `kill -9` the hub in the middle of a pull sync and in the middle of a burst
 * of pushes, restart it, and find the store exactly where an uninterrupted run leaves it. The hub
 * runs as a real child process (the `hub` CLI); the store is a real SQLite file or PostgreSQL
 * schema that the test reads beside it. The long version (10,000 pushes) is bench/crash-drill.ts.
 */
const pii = testPii();
const PII_KEY = Buffer.alloc(32, 7).toString('base64');
const SECRET = 'whsec_' + Buffer.alloc(24, 9).toString('base64');
const PUSHES = 1500;
const PAGE_SIZE = 20;

let dir: string;
let sim: ProvinceSimulator;
let source: SourceConfig;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-crash-'));
  await generateProvince({ scale: 0.0002, seed: 21, outDir: join(dir, 'sim') });
  sim = await startProvinceSimulator({ dataFile: join(dir, 'sim', 'province.sqlite'), port: 0, apiKey: 'k', cities: [...CITIES], includeAllSystems: true });
  // Two cities' streams: enough pages to be killed in the middle of, short enough for npm test.
  source = { id: 'province', adapter: 'zhejiang-digital-union', cities: ['HUZHOU', 'QUZHOU'], baseUrl: sim.url, apiKey: 'k', webhookSecret: SECRET };
  writeFileSync(join(dir, 'hub.json'), JSON.stringify({ sources: [source], sync: { pageSize: PAGE_SIZE, intervalSeconds: 0 } }));
}, 60_000);

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A hub child migrates its store when it starts, and Kysely's migrator reads the catalog of every
 * schema: another test file dropping its schema at that moment fails it (tests/support/stores.ts).
 * On PostgreSQL the child therefore starts under the same lock as the test stores' DDL, released
 * once it is past its migrations (ingest: it answers /health; sync: it has marked the sync started).
 */
async function started(store: Store, start: () => HubProcess, pastMigrations: (hub: HubProcess) => Promise<void>): Promise<HubProcess> {
  const run = async () => {
    const hub = start();
    await pastMigrations(hub);
    return hub;
  };
  return store.dialect === 'postgres' ? underSchemaLock(process.env.HUB_TEST_DATABASE_URL!, run) : run();
}

async function syncStarted(store: Store): Promise<string | null> {
  const row = await store.db.selectFrom('sources').select('last_sync_started_at').where('id', '=', 'province').executeTakeFirst();
  return row?.last_sync_started_at ?? null;
}

/** The child's environment: the test store's SQLite file, or its PostgreSQL schema as a connection option. */
function storeEnv(store: Store): { dataDir: string; env: NodeJS.ProcessEnv } {
  const dataDir = store.dialect === 'sqlite' ? dirname(store.location) : mkdtempSync(join(dir, 'pg-data-'));
  const databaseUrl = store.dialect === 'postgres'
    ? `${process.env.HUB_TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${store.pgSchema}`)}`
    : '';
  return { dataDir, env: { HUB_PII_KEY: PII_KEY, HUB_DATABASE_URL: databaseUrl, HUB_CONFIG: '' } };
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('kill -9 during ingest (%s)', (_name, variant: StoreVariant) => {
  it('a pull sync killed half-way and run again ends equal to an uninterrupted sync', async () => {
    const [store, clean] = await Promise.all([variant.open(), variant.open()]);
    try {
      await registerSources(clean, [source]);
      await syncSource({ store: clean, pii }, source, new ProvincialAdapter(source, { pageSize: PAGE_SIZE }));
      const { dataDir, env } = storeEnv(store);
      const report = await runSyncCrashDrill({
        store, clean,
        startSync: async () => {
          const before = await syncStarted(store);
          return started(store, () => spawnHub(['--config', join(dir, 'hub.json'), '--data-dir', dataDir, 'sync', '--source', 'province'], env),
            (hub) => waitFor('hub sync started', async () => hub.child.exitCode !== null || (await syncStarted(store)) !== before, null));
        },
      });
      process.stderr.write(`crash drill, pull (${variant.name}): ${JSON.stringify(report)}\n`);
      // Killed in the middle, not at either end.
      expect(report.changesAtKill).toBeGreaterThan(0);
      expect(report.changesAtKill).toBeLessThan(report.changesExpected);
      expect(report.exitCodeAfterRestart).toBe(0);
      expect(report.differences).toEqual({ members: 0, unions: 0, enterprises: 0, stations: 0, activities: 0 });
      // No page applied twice in effect: exactly as many changes as the clean run recorded.
      expect(report.extraChanges).toBe(0);
    } finally {
      await Promise.all([store.dispose(), clean.dispose()]);
    }
  }, 120_000);

  it(`a burst of ${PUSHES} pushes killed half-way: every acknowledged push applied once, dead letters exactly the malformed`, async () => {
    const store = await variant.open();
    try {
      const { dataDir, env } = storeEnv(store);
      const portBase = await freePortBase();
      const ingestUrl = `http://127.0.0.1:${servicePorts(portBase).ingest}`;
      const report = await runPushCrashDrill({
        store, pii, secret: SECRET, total: PUSHES, ingestUrl,
        startIngest: () => started(store, () => spawnHub(['--config', join(dir, 'hub.json'), '--data-dir', dataDir, '--port-base', String(portBase), 'serve', 'ingest'], env),
          (hub) => waitFor('ingest up', ingestUp(ingestUrl), hub)),
      });
      process.stderr.write(`crash drill, pushes (${variant.name}): ${JSON.stringify({ ...report, deadLetterDeliveries: report.deadLetterDeliveries.length, malformedDeliveries: report.malformedDeliveries.length })}\n`);
      expect(report.figures).toEqual({ deliveries: PUSHES, members: 1245, duplicates: 150, reordered: 75, malformed: 30 });
      expect(report.acknowledgedBeforeKill).toBeGreaterThan(0);
      expect(report.resentAfterRestart).toBeGreaterThan(0);
      expect(report.acknowledgedButLost).toEqual([]);
      expect(report.appliedTwice).toEqual([]);
      expect(report.wrongMembers).toEqual([]);
      expect(report.membersStored).toBe(report.membersExpected);
      expect(report.doubleChanges).toBe(0);
      expect(report.deadLetterDeliveries).toEqual(report.malformedDeliveries);
      expect(report.unacknowledgedAtEnd).toBe(0);
    } finally {
      await store.dispose();
    }
  }, 120_000);
});
