import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CITIES } from '../schema/enums';
import { generateProvince } from '../adapters/synthetic-province/generate';
import { startProvinceSimulator } from '../adapters/zhejiang-digital-union/simulator';
import { ProvincialAdapter } from '../adapters/zhejiang-digital-union';
import { registerSources } from '../adapters/pipeline/sources';
import type { SourceConfig } from '../adapters/pipeline/source-adapter';
import { syncSource } from '../adapters/pipeline/sync';
import { servicePorts } from '../core/config';
import { createPiiCipher } from '../core/pii';
import { openStore, type Store } from '../core/store/database';
import { migrate } from '../core/store/migrate';
import { freePortBase, spawnHub, startedIngest } from './drills/hub-process';
import { runPushCrashDrill } from './drills/crash-pushes';
import { runSyncCrashDrill } from './drills/crash-sync';
import { arg } from './cli-args';

/**
 * Reliability drill 1, long version: `kill -9` the hub (`hub sync`, then `hub serve ingest`, each a
 * real child process) in the middle of a pull of the whole synthetic province and in the middle of
 * a burst of 10,000 pushes (10% duplicates, 5% reordered, 2% malformed); restart; compare.
 *   node dist/bench/crash-drill.js [--pushes 10000] [--scale 0.002] [--postgres URL]
 * Prints one JSON line prefixed `crashDrill: `; exits 1 when anything was lost or applied twice.
 * The short version runs in npm test: tests/e2e/crash-drill.test.ts.
 */
const PII_KEY = Buffer.alloc(32, 7);
const SECRET = 'whsec_' + Buffer.alloc(24, 9).toString('base64');

interface DrillStore { store: Store; env: NodeJS.ProcessEnv; dataDir: string; drop(): Promise<void> }

async function openDrillStore(pgUrl: string, name: string, root: string): Promise<DrillStore> {
  const dataDir = join(root, name);
  if (!pgUrl) {
    const store = openStore({ sqliteFile: join(dataDir, 'hub.sqlite') });
    await migrate(store);
    return { store, dataDir, env: { HUB_DATABASE_URL: '' }, drop: () => store.close() };
  }
  const schema = `crash_drill_${name}_${process.pid}`;
  const admin = new Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const store = openStore({ databaseUrl: pgUrl, pgSchema: schema });
  await migrate(store);
  return {
    store, dataDir,
    env: { HUB_DATABASE_URL: `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    drop: async () => {
      await store.close();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

async function main() {
  const pushes = Number(arg('pushes', '10000'));
  const scale = Number(arg('scale', '0.002'));
  const pgUrl = arg('postgres', '');
  const root = mkdtempSync(join(tmpdir(), 'hub-crash-drill-'));
  const pii = createPiiCipher(PII_KEY);
  await generateProvince({ scale, seed: 2025, outDir: join(root, 'sim') });
  const sim = await startProvinceSimulator({ dataFile: join(root, 'sim', 'province.sqlite'), port: 0, apiKey: 'k', cities: [...CITIES], includeAllSystems: true });
  const source: SourceConfig = { id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: sim.url, apiKey: 'k', webhookSecret: SECRET };
  const configFile = join(root, 'hub.json');
  writeFileSync(configFile, JSON.stringify({ sources: [source], sync: { pageSize: 100, intervalSeconds: 0 } }));
  const stores: DrillStore[] = [];
  try {
    const [clean, pulled, pushed] = await Promise.all(['clean', 'pull', 'push'].map((n) => openDrillStore(pgUrl, n, root)));
    stores.push(clean, pulled, pushed);
    const env = (s: DrillStore) => ({ ...s.env, HUB_PII_KEY: PII_KEY.toString('base64'), HUB_CONFIG: '' });

    await registerSources(clean.store, [source]);
    const cleanStarted = Date.now();
    await syncSource({ store: clean.store, pii }, source, new ProvincialAdapter(source, { pageSize: 100 }));
    const cleanSeconds = (Date.now() - cleanStarted) / 1000;
    const pull = await runSyncCrashDrill({
      store: pulled.store, clean: clean.store,
      startSync: async () => spawnHub(['--config', configFile, '--data-dir', pulled.dataDir, 'sync', '--source', 'province'], env(pulled)),
    });

    const portBase = await freePortBase();
    const ingestUrl = `http://127.0.0.1:${servicePorts(portBase).ingest}`;
    const push = await runPushCrashDrill({
      store: pushed.store, pii, secret: SECRET, total: pushes, ingestUrl,
      startIngest: () => startedIngest(() => spawnHub(['--config', configFile, '--data-dir', pushed.dataDir, '--port-base', String(portBase), 'serve', 'ingest'], env(pushed)), ingestUrl),
    });
    const pullOk = Object.values(pull.differences).every((n) => n === 0) && pull.extraChanges === 0 && pull.changesAtKill < pull.changesExpected;
    const pushOk = push.acknowledgedButLost.length === 0 && push.appliedTwice.length === 0 && push.wrongMembers.length === 0
      && push.doubleChanges === 0 && push.unacknowledgedAtEnd === 0 && JSON.stringify(push.deadLetterDeliveries) === JSON.stringify(push.malformedDeliveries);
    const summary = {
      store: pgUrl ? 'postgres' : 'sqlite', scale, cleanSyncSeconds: cleanSeconds,
      pull,
      push: { ...push, acknowledgedButLost: push.acknowledgedButLost.length, appliedTwice: push.appliedTwice.length, wrongMembers: push.wrongMembers.length, deadLetterDeliveries: push.deadLetterDeliveries.length, malformedDeliveries: push.malformedDeliveries.length },
      ok: pullOk && pushOk,
    };
    process.stdout.write(`crashDrill: ${JSON.stringify(summary)}\n`);
    if (!summary.ok) process.exitCode = 1;
  } finally {
    for (const s of stores) await s.drop();
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
