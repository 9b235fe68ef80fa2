import { ALL_FAULTS, type ShaoxingSimulator } from '../../adapters/shaoxing-internet-plus/simulator';
import type { Store } from '../../core/store/database';
import { expectedShaoxing, hubFigures, hubSnapshot, startSimulator, syncShaoxing, tinyProvince, type Province } from '../support/shaoxing';
import { STORE_VARIANTS } from '../support/stores';

/**
 * Every fault the Shaoxing simulator can raise, all at once: 429 with Retry-After, 500/502/503,
 * slow answers (past the client's timeout), bodies cut off two ways, a GBK body labelled UTF-8,
 * tokens revoked and tokens that die before their expires_in, and records changing while the
 * client pages. The hub must end exactly where a clean sync ends, equal to the ground truth.
 */
let province: Province;

beforeAll(async () => {
  province = await tinyProvince();
});

afterAll(() => province?.dispose());

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('a sync through every fault on %s', (_name, variant) => {
  let clean: Store & { dispose(): Promise<void> };
  let faulty: Store & { dispose(): Promise<void> };
  let sim: ShaoxingSimulator;

  beforeAll(async () => {
    [clean, faulty] = await Promise.all([variant.open(), variant.open()]);
    // The baseline runs unthrottled: only its end state matters here.
    const cleanSim = await startSimulator(province, {}, { rateLimitPerSecond: 0 });
    try {
      await syncShaoxing(clean, cleanSim, { adapterOptions: { requestsPerSecond: 0 } });
    } finally {
      await cleanSim.close();
    }
    sim = await startSimulator(province, ALL_FAULTS);
  });

  afterAll(async () => {
    await sim?.close();
    await clean?.dispose();
    await faulty?.dispose();
  });

  it('ends in the same state as a clean sync, equal to the ground truth, having met every fault', async () => {
    // Pages of 100 make the sync long enough to meet every fault; a 1 s timeout turns the 2 s slow
    // answers into timeouts; short back-offs keep the test short.
    const mislabelled: string[] = [];
    const summary = await syncShaoxing(faulty, sim, {
      adapterOptions: {
        pageSize: 100, timeoutMs: 1000, retry: { attempts: 8, baseDelayMs: 50, maxDelayMs: 1000 }, onMislabeledBody: (label) => mislabelled.push(label),
      },
    });
    const injected = sim.stats().injected;
    const faults = ['tokenLifetimeMs', 'revokeTokensEvery', 'rateLimitEvery', 'serverErrorEvery', 'slowEvery', 'truncateEvery', 'mislabelCharsetEvery', 'changeWhilePagingEvery'] as const;
    expect(Object.fromEntries(faults.map((f) => [f, (injected[f] ?? 0) > 0]))).toEqual(Object.fromEntries(faults.map((f) => [f, true])));
    expect(summary.resources[0].retries).toBeGreaterThan(5);
    // The GBK pages labelled UTF-8 that arrived whole were noticed and read as GBK.
    expect(mislabelled.length).toBeGreaterThan(0);
    expect(new Set(mislabelled)).toEqual(new Set(['utf-8']));
    expect(await hubFigures(faulty)).toEqual(expectedShaoxing(province));
    expect(await hubSnapshot(faulty)).toEqual(await hubSnapshot(clean));
  });

  it('honours Retry-After: after every 429, the next request came no sooner than the server asked', () => {
    const stats = sim.stats();
    expect(stats.injected.rateLimitEvery).toBeGreaterThan(0);
    expect(stats.earlyReturns).toBe(0);
  });
});
