import type { ShaoxingSimulator } from '../../adapters/shaoxing-internet-plus/simulator';
import { decodeCheckpoint } from '../../adapters/shaoxing-internet-plus/feed-version';
import { readCheckpoint } from '../../adapters/pipeline/sources';
import type { Store } from '../../core/store/database';
import { expectedShaoxing, hubFigures, hubSnapshot, SOURCE_ID, startSimulator, syncShaoxing, tinyProvince, type Province } from '../support/shaoxing';
import { STORE_VARIANTS } from '../support/stores';

/**
 * A sync that gives up keeps what it applied and the cursor that covers exactly that, says why,
 * and the next sync resumes from there; a cursor too old for the upstream starts the feed over
 * and ends in the same state.
 */
let province: Province;

beforeAll(async () => {
  province = await tinyProvince();
});

afterAll(() => province?.dispose());

async function changeLogDuplicates(store: Store): Promise<number> {
  const rows = await store.db.selectFrom('change_log').select(['entity', 'entity_id', 'version']).execute();
  return rows.length - new Set(rows.map((r) => `${r.entity}:${r.entity_id}:${r.version}`)).size;
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('resuming a Shaoxing sync on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let sim: ShaoxingSimulator;

  beforeEach(async () => {
    store = await variant.open();
  });

  afterEach(async () => {
    await sim?.close();
    await store?.dispose();
  });

  it('gives up after bounded retries saying why, keeps the last applied page\'s cursor, and resumes from it', async () => {
    // Unthrottled on both sides: this test is about checkpoints, not pacing.
    sim = await startSimulator(province, {}, { rateLimitPerSecond: 0 });
    let pages = 0;
    const adapterOptions = { pageSize: 100, requestsPerSecond: 0, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 50 } };
    const failed = syncShaoxing(store, sim, {
      adapterOptions,
      // The upstream goes down after the third page has been applied.
      sync: { onPage: () => void (++pages === 3 && sim.setFaults({ outage: true })) },
    });
    await expect(failed).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/failed 3 times.*HTTP 503/) });
    const source = await store.db.selectFrom('sources').selectAll().where('id', '=', SOURCE_ID).executeTakeFirstOrThrow();
    expect(source.last_error).toMatch(/HTTP 503 SERVICE_UNAVAILABLE/);
    const stored = decodeCheckpoint(await readCheckpoint(store, SOURCE_ID, 'changes'));
    const log = sim.feedLog();
    // The sync fetches the next page while it applies one, so the outage may meet page 4 or 5.
    const served = log.findIndex((l) => l.status !== 200);
    expect(served).toBeGreaterThanOrEqual(3);
    expect(log.slice(served).map((l) => l.status)).toEqual([503, 503, 503]);
    // Every page served was applied, and the checkpoint is the cursor after the last of them.
    expect(stored.cursor).toBe(log[served].cursor);
    expect(await store.db.selectFrom('member_sources').select('source_id').execute()).not.toHaveLength(0);

    sim.setFaults({});
    await syncShaoxing(store, sim, { adapterOptions });
    expect(sim.feedLog()[served + 3].cursor).toBe(stored.cursor);
    expect(await hubFigures(store)).toEqual(expectedShaoxing(province));
    expect(await changeLogDuplicates(store)).toBe(0);
  });

  it('starts the feed over when the stored cursor has expired, and ends in the same state', async () => {
    sim = await startSimulator(province, {}, { cursorValidityMs: 1500, rateLimitPerSecond: 0 });
    const adapterOptions = { requestsPerSecond: 0 };
    await syncShaoxing(store, sim, { adapterOptions });
    const before = await hubSnapshot(store);
    const datedUpserts = () => store.db.selectFrom('change_log').select('entity_id')
      .where('op', '=', 'UPSERT').where('entity', 'in', ['member', 'station', 'application']).execute();
    const datedBefore = (await datedUpserts()).length;
    await new Promise((r) => setTimeout(r, 1600));
    const requestsBefore = sim.feedLog().length;

    const again = await syncShaoxing(store, sim, { adapterOptions });
    const log = sim.feedLog().slice(requestsBefore);
    expect(log[0].status).toBe(400);
    expect(log[1]).toEqual({ cursor: null, status: 200 });
    expect(again.resources[0].retries).toBe(1);
    expect(await hubSnapshot(store)).toEqual(before);
    // Records that carry updatedAt come back with the same version: nothing re-applied.
    expect((await datedUpserts()).length).toBe(datedBefore);
    expect(await hubFigures(store)).toEqual(expectedShaoxing(province));
  });
});
