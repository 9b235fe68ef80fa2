import 'reflect-metadata';
import { fork } from 'node:child_process';
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITIES } from '../schema/enums';
import { generateProvince } from '../adapters/synthetic-province/generate';
import { startProvinceSimulator } from '../adapters/zhejiang-digital-union/simulator';
import { ProvincialAdapter } from '../adapters/zhejiang-digital-union';
import { syncSource } from '../adapters/pipeline/sync';
import { registerSources } from '../adapters/pipeline/sources';
import type { LogEvent } from 'kysely';
import { openStore } from '../core/store/database';
import { migrate } from '../core/store/migrate';
import { createPiiCipher } from '../core/pii';
import type { SourceConfig } from '../adapters/pipeline/source-adapter';

/**
 * Ingest end to end: the provincial simulator over HTTP → adapter → pipeline → store.
 *   node dist/bench/ingest.js [--scale 0.01] [--postgres URL] [--page 1000] [--cache DIR]
 * The simulator runs in a child process (as a real upstream would), so the hub's process is
 * measured alone. Prints records/s and the hub process's peak RSS.
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const scale = Number(arg('scale', '0.01'));
  const pgUrl = arg('postgres', '');
  const pageSize = Number(arg('page', '1000'));
  const cache = arg('cache', join(tmpdir(), `hub-bench-province-${scale}`));
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  const t0 = Date.now();
  await generateProvince({ scale, seed: 2025, outDir: cache });
  const genSeconds = (Date.now() - t0) / 1000;
  const sim = await simulatorProcess(join(cache, 'province.sqlite'));
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-ingest-'));
  const timings = new Map<string, { n: number; ms: number }>();
  const log = process.argv.includes('--query-profile')
    ? (e: LogEvent) => {
        const key = e.query.sql.replace(/\s+/g, ' ').replace(/\(([?$\d, ]+)\)(, \(([?$\d, ]+)\))*/g, '(…)').slice(0, 90);
        const t = timings.get(key) ?? { n: 0, ms: 0 };
        t.n++;
        t.ms += e.queryDurationMillis;
        timings.set(key, t);
      }
    : undefined;
  const pgSchema = pgUrl ? `bench_ingest_${process.pid}` : undefined;
  if (pgSchema) await withPg(pgUrl, (c) => c.query(`CREATE SCHEMA ${pgSchema}`));
  const store = pgUrl ? openStore({ databaseUrl: pgUrl, pgSchema, log }) : openStore({ sqliteFile: join(dir, 'hub.sqlite'), log });
  await migrate(store);
  const source: SourceConfig = { id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: sim.url, apiKey: 'k', webhookSecret: 'whsec_AAAA' };
  await registerSources(store, [source]);
  const pii = createPiiCipher(Buffer.alloc(32, 1));
  const adapter = new ProvincialAdapter(source, { pageSize });
  const started = Date.now();
  const summary = await syncSource({ store, pii }, source, adapter);
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const total = summary.resources.reduce((n, r) => n + r.applied + r.unchanged + r.deadLetters, 0);
  const members = summary.resources.filter((r) => r.resource.startsWith('members')).reduce((n, r) => n + r.applied + r.unchanged + r.deadLetters, 0);
  const result = {
    scale, store: pgUrl ? 'postgres' : 'sqlite', pageSize, generateSeconds: genSeconds, syncSeconds: seconds,
    records: total, members, recordsPerSecond: Math.round(total / seconds), peakRssMB: Math.round(peak / 1e6),
  };
  console.log(JSON.stringify(result));
  for (const [sql, t] of [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    console.log(`${t.ms.toFixed(0).padStart(7)} ms ${String(t.n).padStart(6)}× ${sql}`);
  }
  await adapter.close();
  await sim.close();
  await store.close();
  if (pgSchema) await withPg(pgUrl, (c) => c.query(`DROP SCHEMA ${pgSchema} CASCADE`));
  rmSync(dir, { recursive: true, force: true });
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

/** Starts the provincial simulator in a child process (ended with this one); resolves with its URL. */
function simulatorProcess(dataFile: string): Promise<{ url: string; close(): Promise<void> }> {
  const child = fork(__filename, ['--serve-simulator', dataFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  process.once('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    child.once('message', (url) => resolve({
      url: String(url),
      close: () => new Promise((done) => { child.once('exit', () => done()); child.kill(); }),
    }));
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

async function serveSimulator(dataFile: string) {
  const sim = await startProvinceSimulator({ dataFile, port: 0, apiKey: 'k', cities: [...CITIES], includeAllSystems: true });
  process.send?.(sim.url);
  process.once('disconnect', () => process.exit(0)); // the parent is gone
}

const serving = process.argv.indexOf('--serve-simulator');
(serving >= 0 ? serveSimulator(process.argv[serving + 1]) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
