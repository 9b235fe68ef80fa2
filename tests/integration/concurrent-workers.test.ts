import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITIES } from '../../schema/enums';
import { generateProvince } from '../../adapters/synthetic-province/generate';
import { startProvinceSimulator } from '../../adapters/zhejiang-digital-union/simulator';
import { ProvincialAdapter, provincialPush } from '../../adapters/zhejiang-digital-union';
import { mapProvincialRecord } from '../../adapters/zhejiang-digital-union/map';
import { syncSource } from '../../adapters/pipeline/sync';
import { registerSources } from '../../adapters/pipeline/sources';
import { drainInbox, storeDelivery } from '../../adapters/pipeline/inbox';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { openStore, type Store } from '../../core/store/database';
import { postgresVariant, STORE_VARIANTS } from '../support/stores';
import { testPii } from '../support/pii';
import { provincialMember, residentId } from '../support/provincial-records';

/**
 * Two workers on one PostgreSQL database: this is how the hub scales past one machine. They must
 * not apply anything twice or corrupt a checkpoint (issue: reliability drills, point 5).
 */
const pii = testPii();
const havePostgres = STORE_VARIANTS.some((v) => v.name === 'postgres');
const SECRET = 'whsec_' + Buffer.alloc(24, 5).toString('base64');

(havePostgres ? describe : describe.skip)('two workers on one PostgreSQL database', () => {
  let primary: Store & { dispose(): Promise<void> };
  let second: Store;
  let dir: string;
  let sim: Awaited<ReturnType<typeof startProvinceSimulator>>;
  let source: SourceConfig;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-workers-'));
    await generateProvince({ scale: 0.001, seed: 3, outDir: dir });
    sim = await startProvinceSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, apiKey: 'k', cities: [...CITIES], includeAllSystems: true });
    primary = await postgresVariant.open();
    // The second worker: its own pool on the same schema, as another process would have.
    second = openStore({ databaseUrl: process.env.HUB_TEST_DATABASE_URL, pgSchema: primary.pgSchema });
    source = { id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: sim.url, apiKey: 'k', webhookSecret: SECRET };
    await registerSources(primary, [source]);
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await primary?.dispose();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets one of two simultaneous syncs of a source run and the other skip; a later sync changes nothing', async () => {
    const [a, b] = await Promise.all([
      syncSource({ store: primary, pii }, source, new ProvincialAdapter(source, { pageSize: 200 })),
      syncSource({ store: second, pii }, source, new ProvincialAdapter(source, { pageSize: 200 })),
    ]);
    const ran = [a, b].filter((s) => !s.skipped);
    expect(ran).toHaveLength(1);
    expect([a, b].filter((s) => s.skipped)[0].skipped).toContain('another worker');
    const again = await syncSource({ store: second, pii }, source, new ProvincialAdapter(source, { pageSize: 200 }));
    expect(again.resources.reduce((n, r) => n + r.applied, 0)).toBe(0);
  });

  it('drains one inbox from two workers without applying any delivery twice', async () => {
    const push = provincialPush(source);
    const mapper = { map: mapProvincialRecord };
    const n = 300;
    for (let i = 0; i < n; i++) {
      const body = JSON.stringify({ type: 'member.upserted', data: provincialMember(`ZJHY8${String(i).padStart(7, '0')}`, { idNumber: residentId('330106', '19900101', String(100 + (i % 800)).padStart(3, '0')), updatedAt: new Date(Date.UTC(2025, 5, 1, 0, 0, i)).toISOString() }) });
      await storeDelivery({ store: primary, pii }, 'province', `d-${i}`, Buffer.from(body));
    }
    const logBefore = await primary.db.selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const [x, y] = await Promise.all([
      drainInbox({ store: primary, pii }, 'province', push, mapper, 20),
      drainInbox({ store: second, pii }, 'province', push, mapper, 20),
    ]);
    expect(x.deliveries + y.deliveries).toBe(n);
    expect(x.deliveries).toBeGreaterThan(0);
    expect(y.deliveries).toBeGreaterThan(0);
    const statuses = await primary.db.selectFrom('inbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    expect(statuses).toEqual([{ status: 'APPLIED', n }]);
    const logAfter = await primary.db.selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(logAfter.n) - Number(logBefore.n)).toBe(n);
  });
});
