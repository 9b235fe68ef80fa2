import { ShaoxingAdapter } from '../../adapters/shaoxing-internet-plus';
import type { ShaoxingSimulator } from '../../adapters/shaoxing-internet-plus/simulator';
import type { Store } from '../../core/store/database';
import { expectedShaoxing, hubFigures, SOURCE_ID, sourceFor, startSimulator, syncShaoxing, tinyProvince, type Province } from '../support/shaoxing';
import { STORE_VARIANTS } from '../support/stores';

/** OAuth2 client credentials against the simulator: refresh once on 401, fail clearly on bad credentials. */
let province: Province;

beforeAll(async () => {
  province = await tinyProvince();
});

afterAll(() => province?.dispose());

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('Shaoxing tokens on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let sim: ShaoxingSimulator;

  beforeEach(async () => {
    store = await variant.open();
  });

  afterEach(async () => {
    await sim?.close();
    await store?.dispose();
  });

  it('fails clearly on a wrong client secret: one token request, no feed request, nothing stored', async () => {
    sim = await startSimulator(province);
    const failed = syncShaoxing(store, sim, { secret: 'not-the-secret' });
    await expect(failed).rejects.toMatchObject({
      code: 'UPSTREAM_CONFIG',
      message: expect.stringMatching(/refused the client credentials \(HTTP 401 invalid_client.*sources\[\]\.clientSecret/),
    });
    expect(sim.stats()).toMatchObject({ tokenRequests: 1, feedRequests: 0 });
    const source = await store.db.selectFrom('sources').selectAll().where('id', '=', SOURCE_ID).executeTakeFirstOrThrow();
    expect(source.last_error).toContain('invalid_client');
    expect(await store.db.selectFrom('unions').select('id').execute()).toHaveLength(0);
  });

  it('keeps its token between syncs and, when it has expired or been revoked, gets a new one once and repeats the call', async () => {
    // Unthrottled on both sides: this test is about tokens, not pacing.
    sim = await startSimulator(province, {}, { rateLimitPerSecond: 0 });
    const adapter = new ShaoxingAdapter(sourceFor(sim), { requestsPerSecond: 0 });
    try {
      await syncShaoxing(store, sim, { adapter });
      expect(sim.stats().tokensIssued).toBe(1);
      sim.revokeTokens();
      const requests = sim.feedLog().length;
      const again = await syncShaoxing(store, sim, { adapter });
      expect(sim.stats().tokensIssued).toBe(2);
      expect(sim.feedLog().slice(requests).map((l) => l.status)).toEqual([401, 200]);
      expect(again.resources[0].retries).toBe(1);
      expect(await hubFigures(store)).toEqual(expectedShaoxing(province));
    } finally {
      await adapter.close();
    }
  });

  it('does not loop when even fresh tokens are refused: bounded attempts, one new token each, then a clear error', async () => {
    sim = await startSimulator(province, { tokenLifetimeMs: 0 });
    const failed = syncShaoxing(store, sim, { adapterOptions: { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } } });
    await expect(failed).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/failed 3 times.*freshly issued token was refused.*HTTP 401/) });
    expect(sim.stats()).toMatchObject({ feedRequests: 6, tokensIssued: 4 });
  });
});
