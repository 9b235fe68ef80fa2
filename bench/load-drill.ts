import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_API_KEY, DEMO_WEBHOOK_SECRET } from '../cli/demo';
import { servicePorts } from '../core/config';
import { CITIES } from '../schema/enums';
import { issueToken } from '../core/auth/token-issuer';
import { openStore, type Store } from '../core/store/database';
import { ANALYST_PAGE, OVERVIEW } from './gateway-operations';
import { planBurst, sendAll } from './drills/push-burst';
import { freePortBase, spawnHub, startedIngest, waitFor, type HubProcess } from './drills/hub-process';
import { arg } from './cli-args';

/**
 * Reliability drill 4, load: 50 concurrent GraphQL clients (half dashboards asking for the province
 * overview, half analysts paging members across all four subgraphs), each its own token subject,
 * while the provincial platform pushes 200 member events a second, for 60 s. The hub is
 * `hub start --demo` in its own process; by default the pushes go to a second process,
 * `hub serve ingest` on the same store, as docker compose deploys the ingest service beside the
 * gateway (`--topology one-process` sends them to the demo's own ingest instead: gateway,
 * subgraphs and ingest on one event loop). This process only generates the load.
 *   node dist/bench/load-drill.js [--seconds 60] [--scale 0.002] [--clients 50] [--pushes-per-second 200] [--client-rate 4] [--topology compose|one-process]
 * Passes with zero 5xx and zero lost pushes (every acknowledged push applied); prints one JSON
 * line prefixed `loadDrill: ` with p50/p99 by client kind, status counts and push figures.
 * --client-rate is each client's requests per second (a person at a dashboard, not a flood): the
 * gateway's per-subject rate limit would otherwise turn the drill into a 429 count.
 */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  '4xx': number;
  '5xx': number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

const SECRET = 'union-hub load drill: a secret of thirty-two chars+';

async function tokens(role: string, n: number): Promise<string[]> {
  const key = new Uint8Array(Buffer.from(SECRET, 'utf8'));
  return Promise.all(Array.from({ length: n }, async (_, i) =>
    (await issueToken(key, { role, city: null, subject: `load-${role.toLowerCase()}-${i}`, ttlSeconds: 3600 })).token));
}

/** One kind of client: `connections` of them, each at `rate` requests/s, rotating over their tokens. */
function clients(url: string, query: string, subjects: string[], seconds: number, rate: number): Promise<AutocannonResult> {
  let next = 0;
  return autocannon({
    url, method: 'POST', connections: subjects.length, duration: seconds, connectionRate: rate, timeout: 30,
    requests: [{
      setupRequest: (req: Record<string, unknown>) => ({
        ...req,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${subjects[next++ % subjects.length]}` },
        body: JSON.stringify({ query }),
      }),
    }],
  });
}

async function main() {
  const seconds = Number(arg('seconds', '60'));
  const scale = Number(arg('scale', '0.002'));
  const clientCount = Number(arg('clients', '50'));
  const pushesPerSecond = Number(arg('pushes-per-second', '200'));
  const clientRate = Number(arg('client-rate', '4'));
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-load-drill-'));
  const portBase = await freePortBase();
  const ports = servicePorts(portBase);
  const topology = arg('topology', 'compose');
  if (topology !== 'compose' && topology !== 'one-process') throw new Error(`--topology must be compose or one-process, got ${topology}`);
  const hub = spawnHub(['--data-dir', dataDir, '--port-base', String(portBase), 'start', '--demo', '--scale', String(scale)], { HUB_JWT_SECRET: SECRET, HUB_CONFIG: '', HUB_DATABASE_URL: '' });
  let store: Store | null = null;
  let ingestProcess: HubProcess | null = null;
  try {
    await waitFor('hub start --demo', async () => hub.output().includes('union-hub is ready'), hub, 600_000);
    store = openStore({ sqliteFile: join(dataDir, 'hub.sqlite') });
    const gateway = `http://127.0.0.1:${ports.gateway}/graphql`;
    let ingest = `http://127.0.0.1:${ports.ingest}`;
    if (topology === 'compose') {
      ({ process: ingestProcess, url: ingest } = await startSeparateIngest(dataDir, ports.provinceSimulator));
    }
    const [dashboards, analysts] = await Promise.all([tokens('PROVINCE_ADMIN', Math.ceil(clientCount / 2)), tokens('ANALYST', Math.floor(clientCount / 2))]);
    const answers = await Promise.all([[OVERVIEW.query, dashboards[0]], [ANALYST_PAGE.query, analysts[0]]].map(async ([query, token]) => {
      const r = await fetch(gateway, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
      const body = (await r.json()) as { errors?: Array<{ message: string }> };
      return { status: r.status, errors: (body.errors ?? []).map((e) => e.message).slice(0, 3) };
    }));

    const deliveries = planBurst(Math.ceil(pushesPerSecond * seconds / 0.83)).deliveries.filter((d) => d.kind === 'member').slice(0, pushesPerSecond * seconds);
    const started = Date.now();
    const [dash, analyst, pushes] = await Promise.all([
      clients(gateway, OVERVIEW.query, dashboards, seconds, clientRate),
      clients(gateway, ANALYST_PAGE.query, analysts, seconds, clientRate),
      sendAll(ingest, DEMO_WEBHOOK_SECRET, deliveries, { concurrency: 32, perSecond: pushesPerSecond }),
    ]);
    const pushSeconds = (Date.now() - started) / 1000;
    const db = store.db;
    await waitFor('pushes applied', async () => (await db.selectFrom('inbox').select('id').where('status', '=', 'PENDING').limit(1).execute()).length === 0, hub, 120_000);
    const acknowledged = new Set(deliveries.filter((_, i) => pushes[i].acknowledged).map((d) => d.id));
    const applied = await db.selectFrom('inbox').select('delivery_id').where('status', '=', 'APPLIED').where('delivery_id', 'like', 'burst-%').execute();
    const appliedIds = new Set(applied.map((r) => r.delivery_id));
    const lost = [...acknowledged].filter((id) => !appliedIds.has(id)).length;
    const figures = (r: AutocannonResult) => ({
      requests: r.requests.total, perSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max,
      status2xx: r['2xx'], status4xx: r['4xx'], status5xx: r['5xx'], errors: r.errors, timeouts: r.timeouts,
    });
    const summary = {
      seconds, scale, clients: clientCount, clientRate, preflight: answers,
      dashboards: figures(dash), analysts: figures(analyst),
      pushes: {
        sent: deliveries.length, perSecondTarget: pushesPerSecond, perSecondAchieved: deliveries.length / pushSeconds,
        acknowledged: acknowledged.size, applied: appliedIds.size, lost,
        refused: pushes.filter((p) => !p.acknowledged).length,
      },
      topology,
      ok: dash['5xx'] + analyst['5xx'] === 0 && lost === 0 && answers.every((a) => a.status === 200 && a.errors.length === 0),
    };
    process.stdout.write(`loadDrill: ${JSON.stringify(summary)}\n`);
    if (!summary.ok) process.exitCode = 1;
  } finally {
    await store?.close();
    if (ingestProcess) {
      ingestProcess.child.kill('SIGTERM');
      await ingestProcess.exited;
    }
    hub.child.kill('SIGTERM');
    await hub.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `hub serve ingest` on the demo's data directory (its store and PII key), configured with the
 * provincial source the demo pushes for, on ports of its own.
 */
async function startSeparateIngest(dataDir: string, provinceSimulatorPort: number): Promise<{ process: HubProcess; url: string }> {
  const configFile = join(dataDir, 'ingest.json');
  writeFileSync(configFile, JSON.stringify({
    sources: [{
      id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: `http://127.0.0.1:${provinceSimulatorPort}`,
      apiKey: DEMO_API_KEY, webhookSecret: DEMO_WEBHOOK_SECRET,
    }],
    sync: { intervalSeconds: 0 },
  }));
  const portBase = await freePortBase();
  const url = `http://127.0.0.1:${servicePorts(portBase).ingest}`;
  const started = await startedIngest(
    () => spawnHub(['--config', configFile, '--data-dir', dataDir, '--port-base', String(portBase), 'serve', 'ingest'], { HUB_JWT_SECRET: SECRET, HUB_CONFIG: '', HUB_DATABASE_URL: '' }),
    url,
  );
  return { process: started, url };
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
