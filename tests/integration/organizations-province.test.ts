import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyBatch } from '../../adapters/pipeline/apply-batch';
import { registerSources } from '../../adapters/pipeline/sources';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { syncSource } from '../../adapters/pipeline/sync';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import { ProvincialAdapter } from '../../adapters/zhejiang-digital-union';
import { mapProvincialRecord, SYSTEM } from '../../adapters/zhejiang-digital-union/map';
import { startProvinceSimulator, type ProvinceSimulator } from '../../adapters/zhejiang-digital-union/simulator';
import { runMonitoring } from '../../core/monitoring/run';
import type { Store } from '../../core/store/database';
import { CITIES } from '../../schema/enums';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildOrganizationsSchema } from '../../subgraphs/organizations';
import { gql, type GraphQLResponse } from '../support/graphql';
import { testPii } from '../support/pii';
import { STORE_VARIANTS } from '../support/stores';

/**
 * The organizations subgraph and passive monitoring over a synthetic province pulled through the
 * real pipeline (provincial simulator over HTTP → adapter → pipeline → store): the article's
 * formation figures, the union tree across systems, and monitoring — the INACTIVE set is exactly
 * the generator's quiet unions, re-runs are idempotent, one new activity clears one union without
 * touching the others, and the verdicts are served over GraphQL.
 */
const SCALE = 0.002;
const SEED = 31;
const API_KEY = 'monitoring-test-key';

let dir: string;
let truth: GroundTruth;
let sim: ProvinceSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monitoring-province-'));
  truth = await generateProvince({ scale: SCALE, seed: SEED, outDir: dir });
  sim = await startProvinceSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, apiKey: API_KEY, cities: [...CITIES], includeAllSystems: true });
}, 60_000);

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface InactivePage {
  inactiveUnions: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ node: { id: string; city: string; health: { status: string; asOf: string; flags: Array<{ code: string; detail: string; since: string | null }> } } }>;
  };
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('organizations and passive monitoring of a synced province on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let organizations: SubgraphServer;
  const quiet = () => [...truth.quietUnionIds].sort();

  beforeAll(async () => {
    store = await variant.open();
    const source: SourceConfig = { id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: sim.url, apiKey: API_KEY, webhookSecret: 'whsec_dGVzdA==' };
    await registerSources(store, [source]);
    const adapter = new ProvincialAdapter(source, { pageSize: 1000 });
    try {
      await syncSource({ store, pii: testPii() }, source, adapter);
    } finally {
      await adapter.close();
    }
    organizations = await startSubgraph({ name: 'organizations', schema: buildOrganizationsSchema(), store, port: 0 });
  }, 120_000);

  afterAll(async () => {
    await organizations?.close();
    await store?.dispose();
  });

  async function inactiveIds(): Promise<string[]> {
    const rows = await store.db.selectFrom('union_health').select('union_id').where('status', '=', 'INACTIVE').orderBy('union_id').execute();
    return rows.map((r) => r.union_id);
  }

  it('reproduces the article\'s formation figures: 12/12, 150/159, 43/61, 205/232 = 88.4 %', async () => {
    const res = await gql<{ formationStats: { city: string | null; total: number; unionized: number; rate: number; categories: Array<Record<string, unknown>> } }>(
      organizations.url, '{ formationStats { city total unionized rate categories { category total unionized rate } } }');
    expect(res.errors).toBeUndefined();
    const f = res.data!.formationStats;
    expect(f).toMatchObject({ city: null, total: 232, unionized: 205, rate: 0.884 });
    expect(f.categories.slice(0, 3)).toEqual([
      { category: 'PLATFORM_HQ', total: 12, unionized: 12, rate: 1 },
      { category: 'PLATFORM_BRANCH', total: 159, unionized: 150, rate: 0.943 },
      { category: 'COOPERATING', total: 61, unionized: 43, rate: 0.705 },
    ]);
    expect(f.categories[3]).toMatchObject({ category: 'OTHER', total: truth.province.enterprisesByCategory.OTHER.total, unionized: truth.province.enterprisesByCategory.OTHER.unionized });
    let cityTotal = 0;
    for (const city of CITIES) {
      const c = await gql<{ formationStats: { total: number; unionized: number } }>(organizations.url, `{ formationStats(city: ${city}) { total unionized } }`);
      expect(c.data!.formationStats).toEqual({ total: truth.cities[city].formation.total, unionized: truth.cities[city].formation.unionized });
      cityTotal += c.data!.formationStats.total;
    }
    expect(cityTotal).toBe(232);
    const headquarters = await gql<{ enterprises: { totalCount: number; edges: Array<{ node: { unionized: boolean; union: { type: string } | null; platform: string } }> } }>(
      organizations.url, '{ enterprises(filter: { categories: [PLATFORM_HQ] }, first: 20) { totalCount edges { node { unionized platform union { type } } } } }');
    expect(headquarters.data!.enterprises.totalCount).toBe(12);
    for (const e of headquarters.data!.enterprises.edges) expect(e.node).toMatchObject({ unionized: true, union: { type: 'GRASSROOTS' } });
  });

  it('hangs every city federation under the province federation, whichever system left it unlinked', async () => {
    const res = await gql<{ union: { children: { totalCount: number; edges: Array<{ node: { id: string; division: { code: string }; parent: { id: string } } }> } } }>(
      organizations.url, '{ union(id: "ZJGH0000000") { children(first: 50) { totalCount edges { node { id division { code } parent { id } } } } } }');
    expect(res.errors).toBeUndefined();
    const children = res.data!.union.children;
    expect(children.totalCount).toBe(11);
    expect(children.edges.map((e) => e.node.id.slice(0, 4)).sort()).toEqual(['NBGH', 'SXGH', ...Array(9).fill('ZJGH')].sort());
    for (const e of children.edges) expect(e.node.parent.id).toBe('ZJGH0000000');
    const ningbo = await gql<{ unions: { totalCount: number } }>(organizations.url, '{ unions(filter: { divisionCode: "330200", types: [GRASSROOTS, JOINT_GRASSROOTS] }) { totalCount } }');
    expect(ningbo.data!.unions.totalCount).toBe(truth.cities.NINGBO.grassrootsUnions);
  });

  it('rates exactly the generator\'s quiet unions INACTIVE as of its date: precision and recall 1.0', async () => {
    expect(truth.quietUnionIds.length).toBeGreaterThan(3);
    const run = await runMonitoring(store, { asOf: truth.asOf });
    expect(run.mode).toBe('FULL');
    expect(run.evaluated).toHaveLength(truth.province.grassrootsUnions);
    expect(await inactiveIds()).toEqual(quiet());
    // Every union is monitored and none is silently left out; the first verdicts that are not ACTIVE are history.
    expect(run.changes.filter((c) => c.status === 'INACTIVE').map((c) => c.unionId).sort()).toEqual(quiet());
    const overdue = run.evaluated.filter((e) => e.verdict.flags.some((f) => f.code === 'ELECTION_OVERDUE'));
    expect(overdue).toHaveLength(truth.province.electionOverdueUnions);
    const oneQuiet = run.evaluated.find((e) => e.signals.unionId === quiet()[0])!;
    expect(oneQuiet.verdict.flags[0]).toMatchObject({ code: 'NO_ACTIVITY', detail: expect.stringMatching(/^no activity, dues or member change (since \d{4}-\d{2}-\d{2} \(\d+ days\)|on record)/) });
    expect(oneQuiet.signals.activitiesLast180).toBe(0);
  });

  it('changes nothing when re-run: incremental, nothing evaluated, every stored verdict as it was', async () => {
    const before = await store.db.selectFrom('union_health').selectAll().orderBy('union_id').execute();
    const again = await runMonitoring(store, { asOf: truth.asOf });
    expect(again).toMatchObject({ mode: 'INCREMENTAL', evaluated: [], changes: [], removed: [] });
    expect(await store.db.selectFrom('union_health').selectAll().orderBy('union_id').execute()).toEqual(before);
    // A forced full run reaches the same verdicts (only the time of evaluation moves).
    const full = await runMonitoring(store, { asOf: truth.asOf, full: true });
    expect(full.changes).toEqual([]);
    const after = await store.db.selectFrom('union_health').selectAll().orderBy('union_id').execute();
    expect(after.map(({ evaluated_at: _e, ...rest }) => rest)).toEqual(before.map(({ evaluated_at: _e, ...rest }) => rest));
    const history = await store.db.selectFrom('union_health_history').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(Number((await store.db.selectFrom('union_health').select((eb) => eb.fn.countAll().as('n')).where('status', '<>', 'ACTIVE').executeTakeFirstOrThrow()).n));
  });

  it('serves the verdicts over GraphQL: inactiveUnions paged, Union.health, monitoringSummary, Overview.inactiveUnions', async () => {
    const query = `query($after: String) { inactiveUnions(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id city health { status asOf flags { code detail since } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const res: GraphQLResponse<InactivePage> = await gql<InactivePage>(organizations.url, query, { after });
      expect(res.errors).toBeUndefined();
      const page: InactivePage['inactiveUnions'] = res.data!.inactiveUnions;
      expect(page.totalCount).toBe(truth.quietUnionIds.length);
      for (const e of page.edges) {
        expect(e.node.health).toMatchObject({ status: 'INACTIVE', asOf: truth.asOf });
        expect(e.node.health.flags.map((f) => f.code)).toContain('NO_ACTIVITY');
        seen.push(e.node.id);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(quiet());

    const summary = await gql<{ monitoringSummary: Record<string, unknown>; overview: { inactiveUnions: number; grassrootsUnions: number } }>(
      organizations.url, '{ monitoringSummary { city asOf total active atRisk inactive byFlag { code count } } overview { inactiveUnions grassrootsUnions } }');
    expect(summary.errors).toBeUndefined();
    const s = summary.data!.monitoringSummary;
    expect(s).toMatchObject({ city: null, asOf: truth.asOf, total: truth.province.grassrootsUnions, inactive: truth.quietUnionIds.length });
    expect((s.active as number) + (s.atRisk as number) + (s.inactive as number)).toBe(truth.province.grassrootsUnions);
    expect(s.byFlag).toContainEqual({ code: 'ELECTION_OVERDUE', count: truth.province.electionOverdueUnions });
    expect(summary.data!.overview).toEqual({ inactiveUnions: truth.quietUnionIds.length, grassrootsUnions: truth.province.grassrootsUnions });

    const city = CITIES.find((c) => truth.cities[c].quietUnions > 0)!;
    const byCity = await gql<InactivePage & { overview: { inactiveUnions: number } }>(organizations.url,
      `{ inactiveUnions(city: ${city}, first: 500) { totalCount edges { node { id city } } } overview(city: ${city}) { inactiveUnions } }`);
    expect(byCity.data!.inactiveUnions.totalCount).toBe(truth.cities[city].quietUnions);
    expect(new Set(byCity.data!.inactiveUnions.edges.map((e) => e.node.city))).toEqual(new Set([city]));
    expect(byCity.data!.overview.inactiveUnions).toBe(truth.cities[city].quietUnions);

    const watch = await gql<{ inactiveUnions: { totalCount: number } }>(organizations.url, '{ inactiveUnions(statuses: [AT_RISK, INACTIVE]) { totalCount } }');
    expect(watch.data!.inactiveUnions.totalCount).toBe((s.atRisk as number) + (s.inactive as number));
  });

  it('clears a quiet union\'s INACTIVE when one activity arrives through the pipeline, re-evaluating that union only', async () => {
    const target = quiet()[0];
    const before = await store.db.selectFrom('union_health').select(['union_id', 'evaluated_at']).where('union_id', '<>', target).orderBy('union_id').execute();
    const meeting = {
      id: 'ZJHD-MONITOR-1', unionId: target, kind: 'MEETING', date: '2025-12-20', participants: 18, amountYuan: null,
      updatedAt: '2025-12-21T09:00:00.000Z', deleted: false,
    };
    const counts = await applyBatch(store, testPii(), {
      sourceId: 'province', system: SYSTEM, records: [{ resource: 'activities', raw: meeting, deliveryId: '' }],
      map: (resource, raw) => mapProvincialRecord(resource, raw),
    });
    expect(counts.applied).toBe(1);

    const run = await runMonitoring(store, { asOf: truth.asOf });
    expect(run.mode).toBe('INCREMENTAL');
    expect(run.evaluated.map((e) => e.signals.unionId)).toEqual([target]);
    const verdict = run.evaluated[0].verdict;
    expect(verdict.status).not.toBe('INACTIVE');
    expect(verdict.flags.map((f) => f.code)).not.toContain('NO_ACTIVITY');
    expect(run.changes).toEqual([expect.objectContaining({ unionId: target, previousStatus: 'INACTIVE', status: verdict.status })]);
    expect(await inactiveIds()).toEqual(quiet().filter((id) => id !== target));
    // The others were not re-evaluated: their verdicts still carry the earlier evaluation time.
    expect(await store.db.selectFrom('union_health').select(['union_id', 'evaluated_at']).where('union_id', '<>', target).orderBy('union_id').execute()).toEqual(before);

    const res = await gql<{ union: { health: { status: string; lastActivityOn: string } } }>(organizations.url,
      `{ union(id: "${target}") { health { status lastActivityOn } } }`);
    expect(res.data!.union.health).toEqual({ status: verdict.status, lastActivityOn: '2025-12-20' });
    const history = await store.db.selectFrom('union_health_history').select(['previous_status', 'status']).where('union_id', '=', target).orderBy('id').execute();
    expect(history).toEqual([{ previous_status: null, status: 'INACTIVE' }, { previous_status: 'INACTIVE', status: verdict.status }]);
  });
});
