import { MessyValues } from '../../adapters/shaoxing-internet-plus/simulator-messy';
import type { ShaoxingSimulator } from '../../adapters/shaoxing-internet-plus/simulator';
import type { SyncSummary } from '../../adapters/pipeline/sync';
import type { Store } from '../../core/store/database';
import { haversineMeters } from '../../core/geo';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildOrganizationsSchema } from '../../subgraphs/organizations';
import { gql } from '../support/graphql';
import { expectedShaoxing, hubFigures, startSimulator, syncShaoxing, tinyProvince, type Province } from '../support/shaoxing';
import { STORE_VARIANTS } from '../support/stores';

/**
 * A real hub store synced from the Shaoxing simulator over HTTP, compared with the ground truth for
 * Shaoxing: GBK XML in, canonical rows out, end to end to the organizations subgraph.
 */
let province: Province;
let sim: ShaoxingSimulator;

beforeAll(async () => {
  province = await tinyProvince();
  sim = await startSimulator(province);
});

afterAll(async () => {
  await sim?.close();
  province?.dispose();
});

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('a clean sync from the Shaoxing simulator on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let summary: SyncSummary;

  beforeAll(async () => {
    store = await variant.open();
    summary = await syncShaoxing(store, sim);
  });

  afterAll(() => store?.dispose());

  it('ends with the ground truth for Shaoxing: unions, enterprises, applications, members, stations, dead letters', async () => {
    expect(await hubFigures(store)).toEqual(expectedShaoxing(province));
    expect(summary.resources).toEqual([expect.objectContaining({ resource: 'changes', retries: 0 })]);
  });

  it('turns exactly the records whose ID number fails its check into dead letters naming idNo, masked', async () => {
    const letters = await store.db.selectFrom('dead_letters').selectAll().execute();
    expect(letters.length).toBeGreaterThan(0);
    for (const letter of letters) {
      expect(letter).toMatchObject({ system: 'shaoxing-internet-plus', resource: 'changes', field: 'idNo', rule: 'RESIDENT_ID_CHECKSUM' });
      const raw = JSON.parse(letter.raw) as { fields: { idNo: string } };
      expect(raw.fields.idNo).toMatch(/\*{8}/);
    }
  });

  it('keeps the names that only GBK carries (喆, 堃, 燚 …) intact, and stores traditional spellings simplified', async () => {
    const messy = new MessyValues(province.db);
    const rows = province.db.prepare("SELECT id, name, id_type FROM members WHERE system = 'shaoxing-internet-plus'").all() as Array<{ id: string; name: string; id_type: 'RESIDENT_ID' }>;
    const stored = new Map((await store.db.selectFrom('member_sources').select(['source_id', 'name']).execute()).map((r) => [r.source_id, r.name]));
    const rare = rows.filter((r) => messy.hasRareName(r.id) && stored.has(r.id));
    expect(rare.length).toBeGreaterThan(0);
    for (const r of rare) {
      expect(stored.get(r.id)).toBe(messy.name(r));
      expect(stored.get(r.id)).toMatch(/[喆堃燚昇玥珺璟犇翀赟祎琤旻镕]$/u);
    }
    const traditional = rows.filter((r) => !messy.hasRareName(r.id) && /[陳劉張黃趙吳鄭偉華麗]/.test(messy.name(r)) && stored.has(r.id));
    expect(traditional.length).toBeGreaterThan(0);
    for (const r of traditional) expect(stored.get(r.id)).toBe(r.name);
    const notes = await store.db.selectFrom('data_issues').select('entity_id').where('code', '=', 'NAME_TRADITIONAL_CHARACTERS').execute();
    expect(notes.map((n) => n.entity_id)).toEqual(expect.arrayContaining(traditional.map((r) => r.id)));
  });

  it('stores station locations in WGS-84, within a metre of the truth, from Baidu BD-09', async () => {
    const stations = await store.db.selectFrom('stations').select(['id', 'lng', 'lat']).where('deleted', '=', 0).where('lng', 'is not', null).execute();
    expect(stations.length).toBeGreaterThan(200);
    for (const s of stations) {
      const truth = province.db.prepare('SELECT lng, lat FROM stations WHERE id = ?').get(s.id) as { lng: number; lat: number };
      expect(haversineMeters({ lng: Number(s.lng), lat: Number(s.lat) }, truth)).toBeLessThan(1);
    }
  });

  it('applies the deletes: records created and deleted again are tombstones, not rows anyone sees', async () => {
    const apps = await store.db.selectFrom('formation_applications').select(['id', 'deleted']).where('id', 'like', 'SXSQ9%').execute();
    const stations = await store.db.selectFrom('stations').select(['id', 'deleted']).where('id', 'like', 'SXZD9%').execute();
    const members = await store.db.selectFrom('member_sources').select(['source_id', 'deleted']).where('source_id', 'like', 'SXHY9%').execute();
    expect(apps.length).toBeGreaterThan(0);
    expect(stations.length).toBeGreaterThan(0);
    expect(members.length).toBeGreaterThan(0);
    for (const row of [...apps, ...stations, ...members]) expect(row.deleted).toBe(1);
  });

  it('repairs what can be repaired and says so: legacy 15-digit ID numbers are upgraded with a note', async () => {
    const notes = await store.db.selectFrom('data_issues').select(['code', 'system']).where('code', '=', 'ID_UPGRADED_FROM_15').execute();
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => n.system === 'shaoxing-internet-plus')).toBe(true);
  });

  it('changes nothing when synced again: caught up at the stored cursor', async () => {
    const again = await syncShaoxing(store, sim);
    expect(again.resources[0]).toMatchObject({ applied: 0, deadLetters: 0, retries: 0 });
    expect(await hubFigures(store)).toEqual(expectedShaoxing(province));
  });

  describe('through the organizations subgraph', () => {
    let organizations: SubgraphServer;
    beforeAll(async () => {
      organizations = await startSubgraph({ name: 'organizations', schema: buildOrganizationsSchema(), store, port: 0 });
    });
    afterAll(() => organizations?.close());

    it('serves Enterprise.formationApplication from the applications Shaoxing sent (the latest per enterprise)', async () => {
      const latest = new Map<string, { id: string; stage: string; submitted_at: string }>();
      const rows = province.db.prepare("SELECT id, enterprise_id, stage, submitted_at FROM applications WHERE system = 'shaoxing-internet-plus' ORDER BY submitted_at, id").all() as Array<{ id: string; enterprise_id: string; stage: string; submitted_at: string }>;
      for (const r of rows) latest.set(r.enterprise_id, r);
      expect(latest.size).toBeGreaterThan(0);
      const result = await gql<{ enterprises: { totalCount: number; edges: Array<{ node: { id: string; formationApplication: { id: string; stage: string; submittedAt: string; updatedAt: string | null } | null } }> } }>(
        organizations.url,
        '{ enterprises(filter: {cities: [SHAOXING]}, first: 500) { totalCount edges { node { id formationApplication { id stage submittedAt updatedAt } } } } }',
      );
      expect(result.errors).toBeUndefined();
      const served = result.data!.enterprises.edges.map((e) => e.node);
      for (const node of served) {
        const expected = latest.get(node.id);
        if (!expected) {
          expect(node.formationApplication).toBeNull();
          continue;
        }
        expect(node.formationApplication).toEqual({
          id: expected.id, stage: expected.stage, submittedAt: new Date(expected.submitted_at).toISOString(), updatedAt: expect.any(String),
        });
      }
      expect(served.filter((n) => n.formationApplication !== null)).toHaveLength(latest.size);
    });

    it('reports Shaoxing\'s formation rate as the ground truth has it', async () => {
      const result = await gql<{ formationStats: { total: number; unionized: number } }>(organizations.url, '{ formationStats(city: SHAOXING) { total unionized } }');
      expect(result.errors).toBeUndefined();
      const truth = province.truth.cities.SHAOXING.formation;
      expect(result.data!.formationStats).toEqual({ total: truth.total, unionized: truth.unionized });
    });
  });
});
