import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NingboAdapter } from '../../adapters/ningbo-yonggonghui';
import { FAULT_KINDS, type NingboFaults } from '../../adapters/ningbo-yonggonghui/simulator-faults';
import { startNingboSimulator, type NingboSimulator } from '../../adapters/ningbo-yonggonghui/simulator';
import { registerSources } from '../../adapters/pipeline/sources';
import type { RetryNotice, SourceConfig } from '../../adapters/pipeline/source-adapter';
import { syncSource, type SyncSummary } from '../../adapters/pipeline/sync';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import type { Store } from '../../core/store/database';
import {
  applyOtherCitiesRecordsOfNingboPeople, expectedNingboFigures, NINGBO_SYSTEM, ningboContent, ningboFigures,
} from '../support/ningbo-truth';
import { testPii } from '../support/pii';
import { STORE_VARIANTS } from '../support/stores';

/**
 * The same 甬工惠 sync with every fault the simulator can raise switched on: 42901 with
 * retryAfter, 50001, the 503 HTML maintenance page, 40102 and 40103, answers cut off half-way,
 * answers slower than the client's timeout, and records moving to the end of the order while the
 * hub pages. It must end in the same state as a clean sync (nothing missing, nothing doubled),
 * equal to the ground truth, and say how often it retried.
 */
const pii = testPii();
const APP_KEY = 'nb-faults-app';
const APP_SECRET = 'nb-faults-secret-0123456789';
const PAGE_SIZE = 100;
/** Generous for a loaded test machine; the slow fault answers well after it. */
const CLIENT_TIMEOUT_MS = 2500;

/** Periods below the ~50 requests a run makes, so each fault is met in every run, but rarely twice in a row. */
const FAULTS: NingboFaults = {
  changeWhilePagingEvery: 3,
  internalErrorEvery: 13,
  maintenanceEvery: 17,
  timestampEvery: 19,
  rateLimitEvery: 23,
  retryAfterSeconds: 1,
  nonceEvery: 29,
  truncateEvery: 31,
  slowEvery: 37,
  // Well past the client's timeout, whatever the timer granularity.
  slowMs: 3 * CLIENT_TIMEOUT_MS,
};

/** The default policy's shape (8 attempts, doubling back-off) with shorter waits, to keep the test quick. */
const FAST_RETRY = { attempts: 8, baseDelayMs: 20, maxDelayMs: 500 };

let dir: string;
let truth: GroundTruth;
let data: Database.Database;
let cleanSim: NingboSimulator;
let faultySim: NingboSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ningbo-faults-'));
  truth = await generateProvince({ scale: 0.002, seed: 11, outDir: dir });
  const dataFile = join(dir, 'province.sqlite');
  data = new Database(dataFile, { readonly: true });
  cleanSim = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET });
  // The contract's own 10 requests/s limit is left to ningbo-simulator.test.ts: here 42901 comes
  // only from the schedule, so every retry can be accounted for.
  faultySim = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET, faults: FAULTS, requestsPerSecond: 0 });
});

afterAll(async () => {
  await Promise.all([cleanSim?.close(), faultySim?.close()]);
  data?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function syncNingbo(store: Store, sim: NingboSimulator, notices: RetryNotice[] = []): Promise<SyncSummary> {
  // Unique ids: PostgreSQL tests share one database, and a sync locks its source id there.
  const source: SourceConfig = { id: sim === faultySim ? 'ningbo-faulty' : 'ningbo-clean', adapter: NINGBO_SYSTEM, cities: ['NINGBO'], baseUrl: sim.url, appKey: APP_KEY, appSecret: APP_SECRET };
  await registerSources(store, [source]);
  const adapter = sim === faultySim
    ? new NingboAdapter(source, { pageSize: PAGE_SIZE, timeoutMs: CLIENT_TIMEOUT_MS, maxRequestsPerSecond: 50, retry: FAST_RETRY })
    : new NingboAdapter(source, { pageSize: 250 });
  try {
    return await syncSource({ store, pii }, source, adapter, { onRetry: (_id, notice) => notices.push(notice) });
  } finally {
    await adapter.close();
  }
}

describe.each(STORE_VARIANTS)('甬工惠 sync with every fault switched on, $name store', (variant) => {
  let clean: Store & { dispose(): Promise<void> };
  let faulty: Store & { dispose(): Promise<void> };

  beforeAll(async () => {
    [clean, faulty] = await Promise.all([variant.open(), variant.open()]);
    await applyOtherCitiesRecordsOfNingboPeople(clean, pii, data);
    await applyOtherCitiesRecordsOfNingboPeople(faulty, pii, data);
  });

  afterAll(async () => {
    await clean?.dispose();
    await faulty?.dispose();
  });

  it('ends in the same state as a clean sync, equal to the ground truth, and counts one retry per failed request', async () => {
    const before = faultySim.stats();
    const notices: RetryNotice[] = [];
    // The faulty sync mostly waits (retryAfter, back-off, timeouts): the clean one runs meanwhile.
    const [run, cleanRun] = await Promise.all([syncNingbo(faulty, faultySim, notices), syncNingbo(clean, cleanSim)]);
    expect([run.skipped, cleanRun.skipped]).toEqual([undefined, undefined]);
    const after = faultySim.stats();
    const raised = Object.fromEntries(FAULT_KINDS.map((k) => [k, after.faults[k] - before.faults[k]]));
    // Every fault was met in this run, and records really moved while the hub paged…
    expect(Object.entries(raised).filter(([, n]) => n === 0).map(([k]) => k)).toEqual([]);
    expect(after.moved).toBeGreaterThan(before.moved);
    // …each fault that fails a request cost one retry, and the summary says so…
    const failing = FAULT_KINDS.filter((k) => k !== 'changeWhilePaging').reduce((s, k) => s + raised[k], 0);
    const retries = run.resources.reduce((s, r) => s + r.retries, 0);
    if (retries !== failing) process.stderr.write(`retries ${retries}, failing faults ${JSON.stringify(raised)}:\n${notices.map((n) => n.reason).join('\n')}\n`);
    expect(retries).toBe(failing);
    expect(notices.some((n) => /42901/.test(n.reason) && n.waitMs === 1000)).toBe(true);
    expect(notices.some((n) => /HTTP 503/.test(n.reason))).toBe(true);
    // …and nothing is missing or doubled.
    expect(await ningboFigures(faulty, 'ningbo-faulty')).toEqual(expectedNingboFigures(truth));
    expect(await ningboContent(faulty)).toEqual(await ningboContent(clean));
  });
});
