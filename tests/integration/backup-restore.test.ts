import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITIES } from '../../schema/enums';
import { generateProvince } from '../../adapters/synthetic-province/generate';
import type { GroundTruth } from '../../adapters/synthetic-province/ground-truth';
import { startProvinceSimulator } from '../../adapters/zhejiang-digital-union/simulator';
import { ProvincialAdapter } from '../../adapters/zhejiang-digital-union';
import { syncSource } from '../../adapters/pipeline/sync';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { loadConfig, type HubConfig } from '../../core/config';
import { openRuntime, type Runtime } from '../../cli/runtime';
import { restore } from '../../cli/commands/backup';

/** Reliability drill: a backup taken mid-sync, restored elsewhere, resumes to the ground truth. */
describe('backup taken mid-sync and restored', () => {
  let dir: string;
  let truth: GroundTruth;
  let sim: Awaited<ReturnType<typeof startProvinceSimulator>>;
  let source: SourceConfig;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-backup-'));
    truth = await generateProvince({ scale: 0.001, seed: 9, outDir: join(dir, 'sim') });
    sim = await startProvinceSimulator({ dataFile: join(dir, 'sim', 'province.sqlite'), port: 0, apiKey: 'k', cities: [...CITIES], includeAllSystems: true });
    source = { id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: sim.url, apiKey: 'k', webhookSecret: 'whsec_AAAA' };
  }, 60_000);
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const configIn = (name: string): HubConfig => ({ ...loadConfig({ dataDir: join(dir, name), env: { HUB_PII_KEY: Buffer.alloc(32, 4).toString('base64') } }), sources: [source] });
  const count = async (r: Runtime, status = 'ACTIVE') =>
    Number((await r.store.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).executeTakeFirstOrThrow()).n);

  it('resumes from the backup\'s checkpoints to exactly the ground truth', async () => {
    const live = await openRuntime(configIn('live'));
    const backupFile = join(dir, 'mid-sync.sqlite');
    let pages = 0;
    let taken: Promise<unknown> | null = null;
    await syncSource({ store: live.store, pii: live.pii }, source, new ProvincialAdapter(source, { pageSize: 100 }), {
      onPage: () => {
        pages++;
        if (pages === 8) taken = live.store.sqlite!.backup(backupFile);
      },
    });
    await taken;
    expect(pages).toBeGreaterThan(8);
    expect(await count(live)).toBe(truth.province.members);
    await live.close();

    const restoredConfig = configIn('restored');
    const fresh = await openRuntime(restoredConfig); // creates the data dir and its store
    await fresh.close();
    restore(restoredConfig, backupFile);
    const restored = await openRuntime(restoredConfig);
    const before = await count(restored);
    expect(before).toBeLessThan(truth.province.members);
    const resumed = await syncSource({ store: restored.store, pii: restored.pii }, source, new ProvincialAdapter(source, { pageSize: 100 }));
    expect(resumed.resources.reduce((n, r) => n + r.applied, 0)).toBeGreaterThan(0);
    expect(await count(restored)).toBe(truth.province.members);
    const stations = await restored.store.db.selectFrom('stations').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted', '=', 0).executeTakeFirstOrThrow();
    expect(Number(stations.n)).toBe(truth.province.stations.total);
    await restored.close();
  });

  it('refuses a file that is not a hub backup', () => {
    expect(() => restore(configIn('x'), join(dir, 'sim', 'ground-truth.json'))).toThrow(/not a readable SQLite file|not a union-hub backup/);
  });
});
