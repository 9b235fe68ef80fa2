import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NingboAdapter } from '../../adapters/ningbo-yonggonghui';
import { messOf, startNingboSimulator, type NingboSimulator } from '../../adapters/ningbo-yonggonghui/simulator';
import { registerSources } from '../../adapters/pipeline/sources';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { syncSource, type SyncSummary } from '../../adapters/pipeline/sync';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import type { MemberRow, StationRow } from '../../adapters/synthetic-province/store';
import { haversineMeters } from '../../core/geo';
import type { Store } from '../../core/store/database';
import { applyOtherCitiesRecordsOfNingboPeople, expectedNingboFigures, NINGBO_SYSTEM, ningboFigures } from '../support/ningbo-truth';
import { testPii } from '../support/pii';
import { STORE_VARIANTS } from '../support/stores';

/**
 * Syncs a real hub store from the 甬工惠 simulator over a tiny synthetic province and holds the
 * result against the ground truth for Ningbo, record by record where the simulator made the
 * values messy. (The same sync with every fault switched on: ningbo-faults.test.ts.)
 */
const pii = testPii();
/** Unique per test file: PostgreSQL tests share one database, and a sync locks its source id there. */
const SOURCE_ID = 'ningbo-sync';
const APP_KEY = 'nb-test-app';
const APP_SECRET = 'nb-test-secret-0123456789';

let dir: string;
let truth: GroundTruth;
let data: Database.Database;
let sim: NingboSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ningbo-sync-'));
  truth = await generateProvince({ scale: 0.002, seed: 11, outDir: dir });
  data = new Database(join(dir, 'province.sqlite'), { readonly: true });
  sim = await startNingboSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, appKey: APP_KEY, appSecret: APP_SECRET });
});

afterAll(async () => {
  await sim?.close();
  data?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function syncNingbo(store: Store): Promise<SyncSummary> {
  const source: SourceConfig = { id: SOURCE_ID, adapter: NINGBO_SYSTEM, cities: ['NINGBO'], baseUrl: sim.url, appKey: APP_KEY, appSecret: APP_SECRET };
  await registerSources(store, [source]);
  const adapter = new NingboAdapter(source, { pageSize: 250 });
  try {
    const summary = await syncSource({ store, pii }, source, adapter);
    // Another sync of this source id (a parallel test on the same PostgreSQL database) would make this one skip.
    if (summary.skipped) throw new Error(`sync skipped: ${summary.skipped}`);
    return summary;
  } finally {
    await adapter.close();
  }
}

describe.each(STORE_VARIANTS)('甬工惠 sync into a $name store', (variant) => {
  let store: Store & { dispose(): Promise<void> };
  let run: SyncSummary;

  beforeAll(async () => {
    store = await variant.open();
    await applyOtherCitiesRecordsOfNingboPeople(store, pii, data);
    run = await syncNingbo(store);
  });

  afterAll(() => store?.dispose());

  it('ends equal to the ground truth for Ningbo: unions by type, members, stations, dead letters', async () => {
    expect(await ningboFigures(store, SOURCE_ID)).toEqual(expectedNingboFigures(truth));
    expect(run.resources.map((r) => r.resource)).toEqual(['unions', 'members', 'activities', 'dues', 'stations']);
    expect(run.resources.reduce((s, r) => s + r.retries, 0)).toBe(0);
    // Each served record counted once as applied or dead (overlapping re-reads count as unchanged).
    const served = truth.records[NINGBO_SYSTEM];
    expect(run.resources.reduce((s, r) => s + r.applied + r.deadLetters, 0)).toBe(served.unions + served.members + served.activities + served.stations);
    const source = await store.db.selectFrom('sources').selectAll().where('id', '=', SOURCE_ID).executeTakeFirstOrThrow();
    expect(source).toMatchObject({ last_error: null, dead_letters: expectedNingboFigures(truth).deadLetters.length });
  });

  it('dead-letters an ID number with a wrong check character, naming field and rule, the number masked', async () => {
    const letters = await store.db.selectFrom('dead_letters').selectAll().where('source_id', '=', SOURCE_ID).execute();
    const row = data.prepare('SELECT id_number FROM members WHERE id = ?').get(letters[0].source_record_id) as { id_number: string };
    expect(letters[0]).toMatchObject({ resource: 'members', field: 'zjhm', rule: 'RESIDENT_ID_CHECKSUM' });
    expect(letters[0].reason).toMatch(/zjhm .*\*{8}.* is not a valid resident ID number/);
    expect(JSON.stringify(letters)).not.toContain(row.id_number.slice(6, 14));
  });

  it('repairs the messy values: every member source holds the generated name, ID number and mobile', async () => {
    const rows = data.prepare(`SELECT * FROM members WHERE system = '${NINGBO_SYSTEM}'`).all() as MemberRow[];
    const invalid = new Set(truth.invalidIdSourceIds);
    const held = new Map((await store.db.selectFrom('member_sources').selectAll().where('system', '=', NINGBO_SYSTEM).execute()).map((s) => [s.source_id, s]));
    const valid = rows.filter((r) => !invalid.has(r.id));
    expect(held.size).toBe(valid.length);
    const differing = valid.filter((row) => {
      const s = held.get(row.id);
      return !s || s.name !== row.name || pii.decrypt(s.id_number_enc) !== row.id_number || (s.mobile_enc ? pii.decrypt(s.mobile_enc) : null) !== row.mobile;
    });
    expect(differing.map((r) => r.id)).toEqual([]);
    // The messy subset is large enough to mean something, and the repairs the rules record are
    // recorded for exactly those records.
    const messes = valid.map((r) => ({ id: r.id, mess: messOf(r) }));
    const ids = (pick: (m: ReturnType<typeof messOf>) => boolean) => messes.filter((m) => pick(m.mess)).map((m) => m.id).sort();
    expect(ids((m) => m.idNumber === 'fifteen-digits').length).toBeGreaterThan(10);
    expect(ids((m) => m.idNumber === 'full-width' || m.idNumber === 'padded').length).toBeGreaterThan(10);
    expect(ids((m) => m.lowerX).length).toBeGreaterThan(3);
    expect(ids((m) => m.mobile !== 'as-is').length).toBeGreaterThan(10);
    expect(ids((m) => m.name === 'traditional').length).toBeGreaterThan(10);
    expect(ids((m) => m.name === 'inner-space' || m.name === 'padded').length).toBeGreaterThan(10);
    const issues = await store.db.selectFrom('data_issues').select(['code', 'source_id']).where('system', '=', NINGBO_SYSTEM).where('entity_type', '=', 'member').execute();
    const withIssue = (code: string) => issues.filter((i) => i.code === code).map((i) => i.source_id).sort();
    expect(withIssue('ID_UPGRADED_FROM_15')).toEqual(ids((m) => m.idNumber === 'fifteen-digits'));
    expect(withIssue('NAME_TRADITIONAL_CHARACTERS')).toEqual(ids((m) => m.name === 'traditional'));
  });

  it('stores stations in WGS-84 within 1 m of the generated location (served in GCJ-02)', async () => {
    const rows = data.prepare(`SELECT * FROM stations WHERE system = '${NINGBO_SYSTEM}' AND lng IS NOT NULL`).all() as StationRow[];
    const held = new Map((await store.db.selectFrom('stations').select(['id', 'lng', 'lat']).where('system', '=', NINGBO_SYSTEM).execute()).map((s) => [s.id, s]));
    const distances = rows.map((r) => {
      const s = held.get(r.id);
      return s && s.lng !== null && s.lat !== null ? haversineMeters({ lng: s.lng, lat: s.lat }, { lng: r.lng as number, lat: r.lat as number }) : Infinity;
    });
    expect(Math.max(...distances)).toBeLessThan(1);
    const missing = await store.db.selectFrom('data_issues').select('source_id').where('code', '=', 'MISSING_COORDINATES').where('system', '=', NINGBO_SYSTEM).execute();
    expect(missing.map((m) => m.source_id).sort()).toEqual(truth.missingCoordinateStationIds.filter((id) => id.startsWith('NBZD')));
  });

  it('keeps one member per person registered in Ningbo and elsewhere', async () => {
    const crossCity = Object.values(truth.duplicatePersons).filter((ids) => ids.some((id) => /^NB\d/.test(id)));
    expect(crossCity.length).toBeGreaterThan(0);
    for (const ids of crossCity) {
      const keys = await store.db.selectFrom('member_sources').select('person_key').where('source_id', 'in', ids).execute();
      expect(keys).toHaveLength(2);
      expect(new Set(keys.map((k) => k.person_key)).size).toBe(1);
    }
  });

  it('reads again from the checkpoints with overlap and changes nothing', async () => {
    const again = await syncNingbo(store);
    expect(again.resources.reduce((s, r) => s + r.applied + r.deadLetters, 0)).toBe(0);
    expect(again.resources.reduce((s, r) => s + r.unchanged, 0)).toBeGreaterThan(0);
    const checkpoints = await store.db.selectFrom('checkpoints').select(['resource', 'value']).where('source_id', '=', SOURCE_ID).orderBy('resource').execute();
    expect(checkpoints.map((c) => c.resource)).toEqual(['activities', 'dues', 'members', 'stations', 'unions']);
    for (const c of checkpoints) expect(c.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('applies tombstones (sfsc = "1"), and a later live version brings the record back', async () => {
    const station = truth.missingCoordinateStationIds.find((id) => id.startsWith('NBZD')) ?? 'NBZD000001';
    // A valid membership of someone registered nowhere else: deleting it takes one member off Ningbo.
    const invalid = new Set(truth.invalidIdSourceIds);
    const member = (data.prepare(`SELECT id FROM members WHERE system = '${NINGBO_SYSTEM}' AND status = 'ACTIVE'
      AND person_no IN (SELECT person_no FROM members GROUP BY person_no HAVING COUNT(*) = 1) ORDER BY id`).all() as Array<{ id: string }>)
      .map((r) => r.id).find((id) => !invalid.has(id)) as string;
    const expected = expectedNingboFigures(truth);
    sim.mutate({ resource: 'stations', id: station, deleted: true });
    sim.mutate({ resource: 'members', id: member, deleted: true });
    await syncNingbo(store);
    const deleted = await ningboFigures(store, SOURCE_ID);
    expect(deleted.stations.total).toBe(expected.stations.total - 1);
    expect(deleted.members).toBe(expected.members - 1);
    expect(await store.db.selectFrom('member_sources').select('deleted').where('source_id', '=', member).executeTakeFirstOrThrow()).toEqual({ deleted: 1 });
    sim.mutate({ resource: 'stations', id: station, deleted: false });
    sim.mutate({ resource: 'members', id: member, deleted: false });
    await syncNingbo(store);
    expect(await ningboFigures(store, SOURCE_ID)).toEqual(expected);
  });
});
