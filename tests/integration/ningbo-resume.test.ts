import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NingboAdapter } from '../../adapters/ningbo-yonggonghui';
import { formatLocalTimestamp, parseLocalTimestamp } from '../../adapters/ningbo-yonggonghui/local-time';
import { startNingboSimulator, type NingboSimulator } from '../../adapters/ningbo-yonggonghui/simulator';
import { readCheckpoint, registerSources } from '../../adapters/pipeline/sources';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { syncSource, type SyncOptions } from '../../adapters/pipeline/sync';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import { HubError } from '../../core/errors';
import type { Store } from '../../core/store/database';
import { applyOtherCitiesRecordsOfNingboPeople, expectedNingboFigures, NINGBO_SYSTEM, ningboFigures } from '../support/ningbo-truth';
import { testPii } from '../support/pii';
import { STORE_VARIANTS } from '../support/stores';

/**
 * A 甬工惠 sync that stops says why, keeps what it applied, and the next one resumes from the
 * checkpoint: 40101 (the upstream rotated its secret) stops at once as a configuration error;
 * a run of 50001 stops after the bounded retries.
 */
const pii = testPii();
/** Unique per test file: PostgreSQL tests share one database, and a sync locks its source id there. */
const SOURCE_ID = 'ningbo-resume';
const APP_KEY = 'nb-resume-app';
const OLD_SECRET = 'nb-resume-secret-before';
const NEW_SECRET = 'nb-resume-secret-after!';
const OVERLAP_SECONDS = 120;
const FAST_RETRY = { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 };

let dir: string;
let truth: GroundTruth;
let data: Database.Database;
let sim: NingboSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ningbo-resume-'));
  truth = await generateProvince({ scale: 0.002, seed: 11, outDir: dir });
  data = new Database(join(dir, 'province.sqlite'), { readonly: true });
  sim = await startNingboSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, appKey: APP_KEY, appSecret: OLD_SECRET });
});

afterAll(async () => {
  await sim?.close();
  data?.close();
  rmSync(dir, { recursive: true, force: true });
});

function source(appSecret: string): SourceConfig {
  return { id: SOURCE_ID, adapter: NINGBO_SYSTEM, cities: ['NINGBO'], baseUrl: sim.url, appKey: APP_KEY, appSecret };
}

async function sync(store: Store, appSecret: string, options: SyncOptions = {}) {
  const s = source(appSecret);
  await registerSources(store, [s]);
  const adapter = new NingboAdapter(s, { pageSize: 200, retry: FAST_RETRY });
  try {
    const summary = await syncSource({ store, pii }, s, adapter, options);
    // Another sync of this source id (a parallel test on the same PostgreSQL database) would make this one skip.
    if (summary.skipped) throw new Error(`sync skipped: ${summary.skipped}`);
    return summary;
  } finally {
    await adapter.close();
  }
}

/** The first request for `resource` the simulator logged after request number `after`. */
function firstRequestAfter(after: number, resource: string) {
  return sim.requestLog().find((r) => r.n > after && r.resource === resource);
}

function minusOverlap(checkpoint: string | null): string {
  return formatLocalTimestamp((parseLocalTimestamp(checkpoint ?? '') ?? NaN) - OVERLAP_SECONDS * 1000);
}

describe.each(STORE_VARIANTS)('甬工惠 sync that stops, on $name', (variant) => {
  let store: Store & { dispose(): Promise<void> };

  beforeEach(async () => {
    store = await variant.open();
    await applyOtherCitiesRecordsOfNingboPeople(store, pii, data);
    sim.rotateSecret(OLD_SECRET);
    sim.setFaults({});
  });

  afterEach(() => store?.dispose());

  it('fails clearly on 40101 and resumes from the checkpoint once the secret is fixed', async () => {
    // Ningbo rotates its app secret while the hub is half-way through the members.
    const stop = sync(store, OLD_SECRET, {
      onPage: (_id, summary) => {
        if (summary.resource === 'members' && summary.pages === 2) sim.rotateSecret(NEW_SECRET);
      },
    });
    await expect(stop).rejects.toThrow(HubError);
    await expect(stop).rejects.toMatchObject({ code: 'UPSTREAM_CONFIG', message: expect.stringMatching(/40101.*appSecret/) });
    const status = await store.db.selectFrom('sources').selectAll().where('id', '=', SOURCE_ID).executeTakeFirstOrThrow();
    expect(status.last_error).toMatch(/40101/);
    expect(status.last_sync_finished_at).toBeNull();
    const kept = await store.db.selectFrom('member_sources').select('source_id').where('system', '=', NINGBO_SYSTEM).execute();
    expect(kept.length).toBeGreaterThanOrEqual(350);
    const members = await readCheckpoint(store, SOURCE_ID, 'members');
    const unions = await readCheckpoint(store, SOURCE_ID, 'unions');
    expect(members).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await readCheckpoint(store, SOURCE_ID, 'activities')).toBeNull();

    const mark = sim.stats().requests;
    const resumed = await sync(store, NEW_SECRET);
    // Each resource starts from its own checkpoint, less the overlap; nothing is read from the start.
    expect(firstRequestAfter(mark, 'unions')).toMatchObject({ pageNo: 1, gxsjStart: minusOverlap(unions) });
    expect(firstRequestAfter(mark, 'members')).toMatchObject({ pageNo: 1, gxsjStart: minusOverlap(members) });
    expect(firstRequestAfter(mark, 'activities')).toMatchObject({ pageNo: 1, gxsjStart: '1970-01-01 00:00:00' });
    const resumedMembers = resumed.resources.find((r) => r.resource === 'members');
    expect((resumedMembers?.applied ?? 0) + (resumedMembers?.deadLetters ?? 0)).toBeLessThan(truth.records[NINGBO_SYSTEM].members - 300);
    expect(await ningboFigures(store, SOURCE_ID)).toEqual(expectedNingboFigures(truth));
    const after = await store.db.selectFrom('sources').selectAll().where('id', '=', SOURCE_ID).executeTakeFirstOrThrow();
    expect(after.last_error).toBeNull();
  });

  it('gives up after its bounded retries, says why, and the next sync finishes the job', async () => {
    const stop = sync(store, OLD_SECRET, {
      onPage: (_id, summary) => {
        if (summary.resource === 'dues' && summary.pages === 1) sim.setFaults({ internalErrorEvery: 1 });
      },
    });
    await expect(stop).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/GET \/dues .*failed 4 times; last: .*50001/) });
    const dues = await readCheckpoint(store, SOURCE_ID, 'dues');
    expect(dues).not.toBeNull();
    sim.setFaults({});
    await sync(store, OLD_SECRET);
    expect(await ningboFigures(store, SOURCE_ID)).toEqual(expectedNingboFigures(truth));
  });
});
