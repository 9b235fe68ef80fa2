import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { countiesOf } from '../../core/division';
import { haversineMeters, isInZhejiang, type LngLat } from '../../core/geo';
import type { Store } from '../../core/store/database';
import type { StationsTable } from '../../core/store/tables';
import { CITIES, CITY_DIVISION, STATION_KINDS, type City, type CoordSystem } from '../../schema/enums';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildStationsSchema } from '../../subgraphs/stations';
import { gql } from '../support/graphql';
import { insertRows, syntheticProvince, type SyntheticProvince } from '../support/stations-province';
import { STORE_VARIANTS } from '../support/stores';

/**
 * The stations subgraph over the synthetic province (3,000 stations, five without coordinates),
 * its unions and its members, over real HTTP: the article's figures, every filter, stations
 * without coordinates still listed, locations in all three systems, and the coverage of every city.
 */
let province: SyntheticProvince;

beforeAll(async () => {
  province = await syntheticProvince(0.001, 2025);
});

afterAll(() => province?.dispose());

/** Counts SQL statements, to show that Union.stations is one query for many unions. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const facilitiesOf = (s: StationsTable) => JSON.parse(s.facilities) as string[];

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('the stations subgraph over the synthetic province on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let subgraph: SubgraphServer;
  const counter = new QueryCounter();

  /** The data of a query that must succeed. */
  async function data<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const { data: d, errors } = await gql<T>(subgraph.url, query, variables);
    expect(errors).toBeUndefined();
    return d as T;
  }

  beforeAll(async () => {
    store = await variant.open();
    await insertRows(store, 'stations', province.stations);
    await insertRows(store, 'unions', province.unions);
    await insertRows(store, 'members', province.members);
    subgraph = await startSubgraph({ name: 'stations', schema: buildStationsSchema(), store: { ...store, db: store.db.withPlugin(counter) }, port: 0 });
  });

  afterAll(async () => {
    await subgraph?.close();
    await store?.dispose();
  });

  describe('figures', () => {
    it('shows 3,000 stations, 159 drivers\' homes and 1,239 upgrades completed in 2024', async () => {
      const { stationStats } = await data<{ stationStats: { total: number; byKind: Array<{ kind: string; count: number }>; upgradesCompletedByYear: Array<{ year: number; count: number }> } }>(
        '{ stationStats { total byKind { kind count } upgradesCompletedByYear { year count } } }');
      expect(stationStats.total).toBe(3_000);
      expect(stationStats.byKind.find((k) => k.kind === 'DRIVERS_HOME')?.count).toBe(159);
      expect(stationStats.upgradesCompletedByYear.find((y) => y.year === 2024)?.count).toBe(1_239);
      expect(stationStats.byKind).toEqual(STATION_KINDS.map((kind) => ({ kind, count: province.truth.province.stations.byKind[kind] })));
      expect(stationStats.upgradesCompletedByYear).toEqual(province.truth.province.stations.upgradesCompletedByYear);
    });

    it.each(CITIES.map((c) => [c]))('agrees with the ground truth for %s, on stationStats and Overview', async (city) => {
      const truth = province.truth.cities[city].stations;
      const { stationStats, _entities } = await data<{
        stationStats: { city: string; total: number; byKind: unknown[]; upgradesCompletedByYear: unknown[] };
        _entities: Array<{ stations: number; driversHomes: number; stationsUpgradedByYear: unknown[] }>;
      }>(`{ stationStats(city: ${city}) { city total byKind { kind count } upgradesCompletedByYear { year count } }
        _entities(representations: [{ __typename: "Overview", scope: "${CITY_DIVISION[city]}" }]) {
          ... on Overview { stations driversHomes stationsUpgradedByYear { year count } } } }`);
      expect(stationStats).toEqual({
        city, total: truth.total, byKind: STATION_KINDS.map((kind) => ({ kind, count: truth.byKind[kind] })), upgradesCompletedByYear: truth.upgradesCompletedByYear,
      });
      expect(_entities).toEqual([{ stations: truth.total, driversHomes: truth.driversHomes, stationsUpgradedByYear: truth.upgradesCompletedByYear }]);
    });

    it('gives the province Overview its station figures', async () => {
      const { _entities } = await data<{ _entities: Array<{ stations: number; driversHomes: number; stationsUpgradedByYear: Array<{ year: number; count: number }> }> }>(
        '{ _entities(representations: [{ __typename: "Overview", scope: "330000" }]) { ... on Overview { stations driversHomes stationsUpgradedByYear { year count } } } }');
      expect(_entities[0].stations).toBe(3_000);
      expect(_entities[0].driversHomes).toBe(159);
      expect(_entities[0].stationsUpgradedByYear).toContainEqual({ year: 2024, count: 1_239 });
    });
  });

  describe('stations(filter)', () => {
    const cases: Array<[string, (s: StationsTable) => boolean]> = [
      ['{ cities: [NINGBO, SHAOXING] }', (s) => s.city === 'NINGBO' || s.city === 'SHAOXING'],
      ['{ kinds: [DRIVERS_HOME, LOVE_STATION] }', (s) => s.kind === 'DRIVERS_HOME' || s.kind === 'LOVE_STATION'],
      ['{ facilities: [CHARGING, FIRST_AID] }', (s) => facilitiesOf(s).includes('CHARGING') && facilitiesOf(s).includes('FIRST_AID')],
      ['{ upgradeStatus: IN_PROGRESS }', (s) => s.upgrade_status === 'IN_PROGRESS'],
      ['{ upgradeYear: 2025 }', (s) => s.upgrade_year === 2025],
      ['{ cities: [HANGZHOU], kinds: [UNION_STATION], facilities: [WIFI], upgradeStatus: COMPLETED, upgradeYear: 2024 }',
        (s) => s.city === 'HANGZHOU' && s.kind === 'UNION_STATION' && facilitiesOf(s).includes('WIFI') && s.upgrade_status === 'COMPLETED' && s.upgrade_year === 2024],
    ];
    it.each(cases)('filters by %s', async (filter, keep) => {
      const expected = province.stations.filter(keep).map((s) => s.id).sort();
      expect(expected.length).toBeGreaterThan(0);
      const ids: string[] = [];
      let after: string | null = null;
      let total = -1;
      do {
        const page: { stations: { totalCount: number; edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
          await data(`query($after: String) { stations(filter: ${filter}, first: 500, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
        total = page.stations.totalCount;
        ids.push(...page.stations.edges.map((e) => e.node.id));
        after = page.stations.pageInfo.hasNextPage ? page.stations.pageInfo.endCursor : null;
      } while (after);
      expect(total).toBe(expected.length);
      expect(ids).toEqual(expected);
    });
  });

  describe('stations without coordinates', () => {
    interface Node {
      id: string;
      city: City;
      locationPrecision: string;
      location: LngLat & { system: string };
      gcj: LngLat & { system: string };
      position: (LngLat & { system: string }) | null;
    }

    it('are still listed, with their city\'s centre as location, no position, and the precision saying so', async () => {
      const nodes: Node[] = [];
      let after: string | null = null;
      do {
        const { body } = await rawPage(after);
        // Not one error: a station without coordinates must not null the page.
        expect(body.errors).toBeUndefined();
        nodes.push(...body.data.stations.edges.map((e) => e.node));
        after = body.data.stations.pageInfo.hasNextPage ? body.data.stations.pageInfo.endCursor : null;
      } while (after);
      expect(nodes).toHaveLength(3_000);
      const missing = new Set(province.truth.missingCoordinateStationIds);
      expect(missing.size).toBe(5);
      const standIns = nodes.filter((n) => n.locationPrecision !== 'EXACT');
      expect(standIns.map((n) => n.id).sort()).toEqual([...missing].sort());
      for (const n of standIns) {
        expect(n.locationPrecision).toBe('CITY_CENTRE');
        expect(n.position).toBeNull();
        expect(n.location.system).toBe('WGS84');
        expect(isInZhejiang(n.location)).toBe(true);
        expect(n.gcj.system).toBe('GCJ02');
        // The centre of the station's own city: stations of a city lie within ~15 km of it.
        const sameCity = province.stations.filter((s) => s.city === n.city && s.lat !== null);
        const nearest = Math.min(...sameCity.map((s) => haversineMeters(n.location, { lng: s.lng as number, lat: s.lat as number })));
        expect(nearest).toBeLessThan(5_000);
      }
      for (const n of nodes.filter((x) => x.locationPrecision === 'EXACT')) {
        expect(n.position).toEqual(n.location);
      }
    });

    async function rawPage(after: string | null) {
      const res = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `query($after: String) { stations(first: 500, after: $after) { edges { node { id city locationPrecision
            location { lng lat system } gcj: location(system: GCJ02) { lng lat system } position { lng lat system } } }
            pageInfo { hasNextPage endCursor } } }`,
          variables: { after },
        }),
      });
      return { body: (await res.json()) as { data: { stations: { edges: Array<{ node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }; errors?: unknown[] } };
    }

    it('answer station(id) and Union.stations without an error, and are never a stationsNear hit', async () => {
      const id = province.truth.missingCoordinateStationIds[0];
      const row = province.stations.find((s) => s.id === id)!;
      const { station } = await data<{ station: { id: string; locationPrecision: string; position: null; location: LngLat } }>(
        `{ station(id: "${id}") { id locationPrecision position { lng } location { lng lat } } }`);
      expect(station).toMatchObject({ id, locationPrecision: 'CITY_CENTRE', position: null });
      const { _entities } = await data<{ _entities: Array<{ stations: Array<{ id: string; locationPrecision: string }> }> }>(
        `{ _entities(representations: [{ __typename: "Union", id: "${row.host_union_id}" }]) { ... on Union { stations { id locationPrecision location { lng } } } } }`);
      expect(_entities[0].stations).toContainEqual({ id, locationPrecision: 'CITY_CENTRE', location: { lng: station.location.lng } });
      const { stationsNear } = await data<{ stationsNear: Array<{ station: { id: string } }> }>(
        `{ stationsNear(lng: ${station.location.lng}, lat: ${station.location.lat}, withinMeters: 50000, first: 100) { station { id } } }`);
      expect(stationsNear.map((h) => h.station.id)).not.toContain(id);
    });
  });

  it('batches Union.stations: one statement for fifty unions', async () => {
    const hosts = [...new Set(province.stations.map((s) => s.host_union_id as string))].sort().slice(0, 50);
    const before = counter.count;
    const { _entities } = await data<{ _entities: Array<{ stations: Array<{ id: string }> }> }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Union { stations { id } } } }`,
      { r: hosts.map((id) => ({ __typename: 'Union', id })) });
    expect(counter.count - before).toBe(1);
    expect(_entities.map((e) => e.stations.map((s) => s.id))).toEqual(
      hosts.map((h) => province.stations.filter((s) => s.host_union_id === h).map((s) => s.id).sort()));
  });

  describe('stationCoverage', () => {
    interface Coverage {
      county: { code: string; name: string; level: string; city: City };
      newEmploymentMembers: number;
      stations: number;
      stationsPer1000Members: number | null;
    }

    /** What the coverage must say, counted from the rows themselves. */
    function expectedCoverage(city: City): Map<string, { members: number; stations: number }> {
      const out = new Map(countiesOf(city).map((c) => [c.code, { members: 0, stations: 0 }]));
      const unionDivision = new Map(province.unions.map((u) => [u.id, u.division_code]));
      for (const m of province.members) {
        if (m.status !== 'ACTIVE' || m.new_employment !== 1 || !m.union_id) continue;
        const entry = out.get(unionDivision.get(m.union_id) ?? '');
        if (entry) entry.members++;
      }
      for (const s of province.stations) {
        const entry = out.get(s.division_code ?? '');
        if (entry) entry.stations++;
      }
      return out;
    }

    it.each(CITIES.map((c) => [c]))('answers for %s: every county, counted right, lowest coverage first', async (city) => {
      const { stationCoverage } = await data<{ stationCoverage: Coverage[] }>(
        `{ stationCoverage(city: ${city}) { county { code name level city } newEmploymentMembers stations stationsPer1000Members } }`);
      const expected = expectedCoverage(city);
      expect(stationCoverage.map((c) => c.county.code).sort()).toEqual([...expected.keys()].sort());
      for (const c of stationCoverage) {
        const e = expected.get(c.county.code)!;
        expect(c).toMatchObject({ newEmploymentMembers: e.members, stations: e.stations, county: { level: 'COUNTY', city } });
        expect(c.stationsPer1000Members).toBe(e.members === 0 ? null : Math.round((e.stations * 1_000_000) / e.members) / 1000);
      }
      // The city's totals are the ground truth's: every station and new-employment member is in one of its counties.
      expect(stationCoverage.reduce((s, c) => s + c.stations, 0)).toBe(province.truth.cities[city].stations.total);
      expect(stationCoverage.reduce((s, c) => s + c.newEmploymentMembers, 0)).toBe(province.truth.cities[city].newEmploymentMembers);
      // Lowest first; counties without such members (no ratio) last.
      const ratios = stationCoverage.map((c) => c.stationsPer1000Members ?? Number.POSITIVE_INFINITY);
      expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
      expect(stationCoverage.some((c) => c.stationsPer1000Members !== null)).toBe(true);
    });

    it('requires a city', async () => {
      const { errors } = await gql(subgraph.url, '{ stationCoverage { stations } }');
      expect(errors?.[0].message).toMatch(/argument "city" of type "City!" is required/);
    });
  });

  describe('locations in every coordinate system', () => {
    const CHECK: Record<CoordSystem, LngLat> = {
      WGS84: { lng: 120.1503589, lat: 30.2764043 },
      GCJ02: { lng: 120.1550722, lat: 30.274088 },
      BD09: { lng: 120.1616149, lat: 30.2799982 },
    };
    const systems: CoordSystem[] = ['WGS84', 'GCJ02', 'BD09'];

    beforeAll(async () => {
      await insertRows(store, 'stations', [{ ...province.stations[0], id: 'CHECK-POINT', source_id: 'CHECK-POINT', ...CHECK.WGS84 }]);
    });

    afterAll(async () => {
      await store.db.deleteFrom('stations').where('id', '=', 'CHECK-POINT').execute();
    });

    // A client gives the DOMAIN.md check point in one system and reads the station back in another:
    // both ends land within 1 m of the reference, in all six directions (and the three identities).
    it.each(systems.flatMap((from) => systems.map((to) => [from, to] as const)))('asked in %s, answered in %s', async (from, to) => {
      const { stationsNear } = await data<{ stationsNear: Array<{ distanceMeters: number; station: { id: string; location: LngLat & { system: string }; position: LngLat & { system: string } } }> }>(
        `{ stationsNear(lng: ${CHECK[from].lng}, lat: ${CHECK[from].lat}, system: ${from}, withinMeters: 5, first: 1) {
          distanceMeters station { id location(system: ${to}) { lng lat system } position(system: ${to}) { lng lat system } } } }`);
      expect(stationsNear).toHaveLength(1);
      const [hit] = stationsNear;
      expect(hit.station.id).toBe('CHECK-POINT');
      expect(hit.distanceMeters).toBeLessThan(1);
      expect(hit.station.location.system).toBe(to);
      expect(haversineMeters(hit.station.location, CHECK[to])).toBeLessThan(1);
      expect(hit.station.position).toEqual(hit.station.location);
    });
  });
});
