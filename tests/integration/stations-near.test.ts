import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { convertPoint, haversineMeters, type LngLat } from '../../core/geo';
import type { Store } from '../../core/store/database';
import type { StationsTable } from '../../core/store/tables';
import { COORD_SYSTEMS, FACILITIES, STATION_KINDS, type Facility, type StationKind } from '../../schema/enums';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildStationsSchema } from '../../subgraphs/stations';
import { stationsNear, type NearbyQuery } from '../../subgraphs/stations/store/nearby';
import { stationsInCircleBox } from '../../subgraphs/stations/store/spatial-index';
import { gql } from '../support/graphql';
import { insertRows, syntheticProvince, type SyntheticProvince } from '../support/stations-province';
import { STORE_VARIANTS } from '../support/stores';

/**
 * stationsNear over the synthetic province's 3,000 stations: the spatial index must find exactly
 * what a brute-force scan of every station finds, filters must apply before the limit, bad input
 * is named, and the index follows every change to the table (nothing cached).
 */
let province: SyntheticProvince;

beforeAll(async () => {
  province = await syntheticProvince(0.001, 2025);
});

afterAll(() => province?.dispose());

/** Mulberry32: the same 1,000 queries on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Hit {
  id: string;
  distanceMeters: number;
}

interface Plain {
  id: string;
  kind: StationKind;
  facilities: Set<string>;
  point: LngLat | null;
}

const plainCache = new WeakMap<readonly StationsTable[], Plain[]>();

function plain(stations: readonly StationsTable[]): Plain[] {
  let out = plainCache.get(stations);
  if (!out) {
    out = stations.filter((s) => s.deleted === 0).map((s) => ({
      id: s.id, kind: s.kind as StationKind, facilities: new Set(JSON.parse(s.facilities) as string[]),
      point: s.lng === null || s.lat === null ? null : { lng: s.lng, lat: s.lat },
    }));
    plainCache.set(stations, out);
  }
  return out;
}

/** Every station, every distance: what stationsNear must agree with. */
function bruteForce(stations: readonly StationsTable[], q: NearbyQuery, limit = true): Hit[] {
  const center = convertPoint({ lng: q.lng, lat: q.lat }, q.system, 'WGS84');
  // A great-circle distance is at least R × |Δlatitude|: dropping stations farther than that in
  // latitude alone changes nothing, and spares the trigonometry (slow in Jest's sandbox).
  const latReach = (q.withinMeters / 6371008.8) * (180 / Math.PI) * 1.000001;
  const hits = plain(stations)
    .filter((s) => s.point !== null && Math.abs(s.point.lat - center.lat) <= latReach)
    .filter((s) => !q.kinds?.length || q.kinds.includes(s.kind))
    .filter((s) => (q.facilities ?? []).every((f) => s.facilities.has(f)))
    .map((s) => ({ id: s.id, d: haversineMeters(center, s.point as LngLat) }))
    .filter((h) => h.d <= q.withinMeters)
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (limit ? hits.slice(0, q.first) : hits).map((h) => ({ id: h.id, distanceMeters: Math.round(h.d * 10) / 10 }));
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

function someOf<T>(next: () => number, items: readonly T[], max: number): T[] {
  const n = 1 + Math.floor(next() * max);
  return [...new Set(Array.from({ length: n }, () => pick(next, items)))];
}

/** Points near stations (where riders ask) and anywhere in Zhejiang's box; every system, radius and filter mix. */
function randomQueries(stations: readonly StationsTable[], count: number): NearbyQuery[] {
  const next = random(20250601);
  const located = stations.filter((s) => s.lat !== null);
  return Array.from({ length: count }, () => {
    const anchor = pick(next, located);
    const wgs: LngLat = next() < 0.7
      ? { lng: (anchor.lng as number) + (next() - 0.5) * 0.1, lat: (anchor.lat as number) + (next() - 0.5) * 0.1 }
      : { lng: 118 + next() * 5.3, lat: 27 + next() * 4.3 };
    const system = pick(next, COORD_SYSTEMS);
    const input = convertPoint(wgs, 'WGS84', system);
    const size = next();
    const withinMeters = Math.max(1, Math.round(size < 0.4 ? next() * 3_000 : size < 0.8 ? 3_000 + next() * 17_000 : 20_000 + next() * 30_000));
    return {
      lng: input.lng, lat: input.lat, system, withinMeters,
      kinds: next() < 0.3 ? someOf(next, STATION_KINDS, 2) : null,
      facilities: next() < 0.3 ? someOf<Facility>(next, FACILITIES, 2) : null,
      first: next() < 0.03 ? 0 : 1 + Math.floor(next() * 100),
    };
  });
}

/** Captures the SQL a call sends, to ask SQLite how it runs it. */
class Capture implements KyselyPlugin {
  nodes: RootOperationNode[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('stationsNear on %s', (variantName, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let subgraph: SubgraphServer;

  beforeAll(async () => {
    store = await variant.open();
    await insertRows(store, 'stations', province.stations);
    subgraph = await startSubgraph({ name: 'stations', schema: buildStationsSchema(), store, port: 0 });
  });

  afterAll(async () => {
    await subgraph?.close();
    await store?.dispose();
  });

  it('agrees with a brute-force scan on 1,000 random queries', async () => {
    const queries = randomQueries(province.stations, 1_000);
    const mismatches: unknown[] = [];
    let withHits = 0;
    let cutByFirst = 0;
    let wideAndCut = 0;
    // Ten at a time, as concurrent clients would (PostgreSQL answers them on separate connections).
    const answers: Hit[][] = [];
    for (let i = 0; i < queries.length; i += 10) {
      answers.push(...(await Promise.all(queries.slice(i, i + 10).map(async (q) =>
        (await stationsNear(store, q)).map((h) => ({ id: h.station.id, distanceMeters: h.distanceMeters }))))));
    }
    for (const [i, q] of queries.entries()) {
      const got = answers[i];
      const all = bruteForce(province.stations, q, false);
      const expected = all.slice(0, q.first);
      if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push({ q, got: got.slice(0, 5), expected: expected.slice(0, 5) });
      if (expected.length > 0) withHits++;
      if (all.length > q.first) cutByFirst++;
      if (all.length > q.first && q.withinMeters > 5_000) wideAndCut++;
    }
    expect(mismatches).toEqual([]);
    // The queries exercise what matters: hits, limits that cut, wide circles searched ring by ring.
    expect(withHits).toBeGreaterThan(500);
    expect(cutByFirst).toBeGreaterThan(200);
    expect(wideAndCut).toBeGreaterThan(100);
  });

  it('applies kinds and facilities before the limit', async () => {
    // A point whose three nearest stations are all union stations, with drivers' homes farther out.
    const drivers = province.stations.filter((s) => s.kind === 'DRIVERS_HOME' && s.lat !== null);
    const spot = province.stations.find((s) => {
      if (s.lat === null) return false;
      const q = { lng: s.lng as number, lat: s.lat, system: 'WGS84' as const, withinMeters: 50_000, first: 3 };
      const ids = new Set(bruteForce(province.stations, q).map((h) => h.id));
      return drivers.every((d) => !ids.has(d.id)) && bruteForce(province.stations, { ...q, kinds: ['DRIVERS_HOME'], facilities: ['WIFI'] }).length === 3;
    });
    expect(spot).toBeDefined();
    const { data, errors } = await gql<{ stationsNear: Array<{ distanceMeters: number; station: { id: string; kind: string; facilities: string[] } }> }>(
      subgraph.url,
      `query($lng: Float!, $lat: Float!) { stationsNear(lng: $lng, lat: $lat, withinMeters: 50000, kinds: [DRIVERS_HOME], facilities: [WIFI], first: 3) {
        distanceMeters station { id kind facilities } } }`,
      { lng: spot!.lng, lat: spot!.lat },
    );
    expect(errors).toBeUndefined();
    const hits = data!.stationsNear;
    expect(hits).toHaveLength(3);
    for (const h of hits) {
      expect(h.station.kind).toBe('DRIVERS_HOME');
      expect(h.station.facilities).toContain('WIFI');
    }
    const q = { lng: spot!.lng as number, lat: spot!.lat as number, system: 'WGS84' as const, withinMeters: 50_000, first: 3, kinds: ['DRIVERS_HOME' as const], facilities: ['WIFI' as const] };
    expect(hits.map((h) => ({ id: h.station.id, distanceMeters: h.distanceMeters }))).toEqual(bruteForce(province.stations, q));
  });

  it.each([
    ['lng: 180.5, lat: 30', 'lng', 'RANGE', /lng must be a longitude within -180…180, got 180.5/],
    ['lng: 120, lat: -90.01', 'lat', 'RANGE', /lat must be a latitude within -90…90/],
    ['lng: 120, lat: 30, withinMeters: 50001', 'withinMeters', 'MAX', /withinMeters must be at most 50000 \(50 km\), got 50001/],
    ['lng: 120, lat: 30, withinMeters: 0', 'withinMeters', 'MIN', /at least 1/],
    ['lng: 120, lat: 30, first: 101', 'first', 'MAX', /first must be at most 100, got 101/],
    ['lng: 120, lat: 30, first: -1', 'first', 'MIN', /first must be a whole number of at least 0/],
  ])('rejects stationsNear(%s) naming %s and the rule %s', async (args, field, rule, message) => {
    const { data, errors } = await gql(subgraph.url, `{ stationsNear(${args}) { distanceMeters } }`);
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(errors![0].message).toMatch(message);
  });

  it('accepts the limits themselves: 50 km and 100 hits', async () => {
    const s = province.stations.find((x) => x.city === 'HANGZHOU' && x.lat !== null)!;
    const { data, errors } = await gql<{ stationsNear: unknown[] }>(subgraph.url, `{ stationsNear(lng: ${s.lng}, lat: ${s.lat}, withinMeters: 50000, first: 100) { distanceMeters } }`);
    expect(errors).toBeUndefined();
    expect(data!.stationsNear).toHaveLength(100);
  });

  it('follows every change to the table at once: a station moved, deleted, added', async () => {
    const here = { lng: 119.5, lat: 27.5 }; // the hills of Lishui, far from every synthetic station
    const there = { lng: 119.6, lat: 27.6 };
    const near = async (p: LngLat) => (await stationsNear(store, { ...p, system: 'WGS84', withinMeters: 100, first: 10 })).map((h) => h.station.id);
    expect(await near(here)).toEqual([]);
    await insertRows(store, 'stations', [{ ...province.stations[0], id: 'MOVING', source_id: 'MOVING', ...here }]);
    expect(await near(here)).toEqual(['MOVING']);
    await store.db.updateTable('stations').set(there).where('id', '=', 'MOVING').execute();
    expect(await near(here)).toEqual([]);
    expect(await near(there)).toEqual(['MOVING']);
    await store.db.updateTable('stations').set({ lng: null, lat: null }).where('id', '=', 'MOVING').execute();
    expect(await near(there)).toEqual([]);
    await store.db.updateTable('stations').set({ ...there, deleted: 1 }).where('id', '=', 'MOVING').execute();
    expect(await near(there)).toEqual([]);
    await store.db.deleteFrom('stations').where('id', '=', 'MOVING').execute();
  });

  if (variantName === 'sqlite') {
    it('reads the latitude-band index, not the table', async () => {
      const capture = new Capture();
      const captured: Store = { ...store, db: store.db.withPlugin(capture) };
      await stationsInCircleBox(captured, { lng: 120.15, lat: 30.27 }, 3_000, { kinds: ['UNION_STATION'] });
      const compiled = store.db.getExecutor().compileQuery(capture.nodes[0], { queryId: 'plan' } as never);
      const plan = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
      const details = plan.rows.map((r) => r.detail).join('\n');
      expect(details).toMatch(/USING INDEX stations_spatial_ix \(lat_band=\? AND kind=\? AND lng>\? AND lng<\?\)/);
      expect(details).not.toMatch(/SCAN stations/);
    });
  }
});
