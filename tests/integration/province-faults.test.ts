import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeCount, pulledContent } from '../../bench/drills/crash-sync';
import { registerSources } from '../../adapters/pipeline/sources';
import type { RetryNotice, SourceConfig } from '../../adapters/pipeline/source-adapter';
import { syncSource, type SyncSummary } from '../../adapters/pipeline/sync';
import { generateProvince } from '../../adapters/synthetic-province/generate';
import { ProvincialAdapter } from '../../adapters/zhejiang-digital-union';
import {
  PROVINCE_FAULT_KINDS, startProvinceSimulator, type ProvinceFaults, type ProvinceSimulator,
} from '../../adapters/zhejiang-digital-union/simulator';
import type { Store } from '../../core/store/database';
import { CITIES, type City } from '../../schema/enums';
import { testPii } from '../support/pii';
import { STORE_VARIANTS } from '../support/stores';

/**
 * Reliability drill 2 for 浙江数字工会: a sync through 20% 5xx, 5% answers slower than the
 * client's timeout, 429s with Retry-After, HTML maintenance pages and bodies cut off half-way
 * ends exactly where a clean sync ends, and each fault cost one retry. (The platform authenticates
 * with a fixed API key: there is no token to expire. Ningbo's and Shaoxing's drills cover tokens.)
 */
const pii = testPii();
const CLIENT_TIMEOUT_MS = 1000;
const FAULTS: ProvinceFaults = {
  serverErrorEvery: 5,
  slowEvery: 19,
  slowMs: 3 * CLIENT_TIMEOUT_MS,
  rateLimitEvery: 23,
  retryAfterSeconds: 1,
  maintenanceEvery: 29,
  truncateEvery: 31,
};
const FAST_RETRY = { attempts: 8, baseDelayMs: 20, maxDelayMs: 500 };
const DRILL_CITIES: City[] = ['HUZHOU', 'QUZHOU'];
const PAGE_SIZE = 20;

let dir: string;
let cleanSim: ProvinceSimulator;
let faultySim: ProvinceSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'province-faults-'));
  await generateProvince({ scale: 0.0002, seed: 23, outDir: dir });
  const common = { dataFile: join(dir, 'province.sqlite'), port: 0, apiKey: 'k', cities: [...CITIES], includeAllSystems: true };
  cleanSim = await startProvinceSimulator(common);
  faultySim = await startProvinceSimulator({ ...common, faults: FAULTS });
}, 60_000);

afterAll(async () => {
  await Promise.all([cleanSim?.close(), faultySim?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function syncFrom(store: Store, sim: ProvinceSimulator, notices: RetryNotice[] = []): Promise<SyncSummary> {
  const source: SourceConfig = { id: sim === faultySim ? 'province-faulty' : 'province-clean', adapter: 'zhejiang-digital-union', cities: DRILL_CITIES, baseUrl: sim.url, apiKey: 'k', webhookSecret: 'whsec_AAAA' };
  await registerSources(store, [source]);
  const adapter = new ProvincialAdapter(source, { pageSize: PAGE_SIZE, timeoutMs: CLIENT_TIMEOUT_MS, retry: FAST_RETRY });
  try {
    return await syncSource({ store, pii }, source, adapter, { onRetry: (_id, notice) => notices.push(notice) });
  } finally {
    await adapter.close();
  }
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('浙江数字工会 sync with every fault switched on (%s)', (_name, variant) => {
  let clean: Store & { dispose(): Promise<void> };
  let faulty: Store & { dispose(): Promise<void> };

  beforeAll(async () => {
    [clean, faulty] = await Promise.all([variant.open(), variant.open()]);
  });

  afterAll(async () => {
    await clean?.dispose();
    await faulty?.dispose();
  });

  it('ends in the same state as a clean sync, having met every fault and retried once per failed request', async () => {
    const before = faultySim.injected();
    const notices: RetryNotice[] = [];
    const [run, cleanRun] = await Promise.all([syncFrom(faulty, faultySim, notices), syncFrom(clean, cleanSim)]);
    const after = faultySim.injected();
    const raised = Object.fromEntries(PROVINCE_FAULT_KINDS.map((k) => [k, after[k] - before[k]]));
    const retries = run.resources.reduce((n, r) => n + r.retries, 0);
    process.stderr.write(`province fault drill (${variant.name}): ${JSON.stringify({ raised, retries, seconds: run.seconds, cleanSeconds: cleanRun.seconds })}\n`);
    expect(Object.entries(raised).filter(([, n]) => n === 0).map(([k]) => k)).toEqual([]);
    expect(retries).toBe(Object.values(raised).reduce((a, b) => a + b, 0));
    expect(notices.some((n) => /HTTP 429/.test(n.reason) && n.waitMs === 1000)).toBe(true);
    expect(notices.some((n) => /network error|timeout/i.test(n.reason))).toBe(true);
    expect(notices.some((n) => /cut off|not complete JSON/.test(n.reason))).toBe(true);
    // Nothing missing, nothing doubled.
    expect(await pulledContent(faulty)).toEqual(await pulledContent(clean));
    expect(await changeCount(faulty)).toBe(await changeCount(clean));
    expect(await changeCount(clean)).toBeGreaterThan(1000);
  }, 60_000);
});
