import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Store } from '../../core/store/database';
import { haversineMeters } from '../../core/geo';
import { subgraphDefinitions } from '../../schema/compose';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildMembershipSchema, membershipSdl } from '../../subgraphs/membership';
import { buildOrganizationsSchema } from '../../subgraphs/organizations';
import { buildStationsSchema } from '../../subgraphs/stations';
import { buildWelfareSchema, seedWelfarePrograms } from '../../subgraphs/welfare';
import { testPii } from '../support/pii';
import { STORE_VARIANTS } from '../support/stores';
import { HANGZHOU_GCJ02, HANGZHOU_WGS84, insertProvince } from '../support/subgraph-rows';

/** Counts the SQL statements the subgraphs send, to prove that related rows are batched. */
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

interface GraphQLResponse {
  data?: Record<string, any> | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

async function gql(server: SubgraphServer, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse };
}

/** The data of a query that must succeed. */
async function data(server: SubgraphServer, query: string, variables: Record<string, unknown> = {}) {
  const { body } = await gql(server, query, variables);
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The first error of a query that must fail. */
async function firstError(server: SubgraphServer, query: string, variables: Record<string, unknown> = {}) {
  const { body } = await gql(server, query, variables);
  expect(body.errors?.length).toBeGreaterThan(0);
  return body.errors![0];
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('subgraphs over HTTP on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  const counter = new QueryCounter();
  let organizations: SubgraphServer;
  let membership: SubgraphServer;
  let stations: SubgraphServer;
  let welfare: SubgraphServer;

  beforeAll(async () => {
    store = await variant.open();
    await insertProvince(store);
    await seedWelfarePrograms(store);
    await store.db.insertInto('welfare_programs').values([
      { id: 'wp-test-two-places', name: '两个名额的测试项目', kind: 'OTHER', year: 2025, funder: '测试', budget_yuan: 1000, places: 2, standard_yuan_per_person: 500, organizer_level: 'CITY', eligibility: '{}', closed: 0, created_at: '2025-06-01T00:00:00.000Z', updated_at: '2025-06-01T00:00:00.000Z' },
      { id: 'wp-test-closed', name: '已结束的项目', kind: 'OTHER', year: 2024, funder: '测试', budget_yuan: null, places: null, standard_yuan_per_person: null, organizer_level: 'CITY', eligibility: '{}', closed: 1, created_at: '2025-06-01T00:00:00.000Z', updated_at: '2025-06-01T00:00:00.000Z' },
    ]).execute();
    const counted: Store = { ...store, db: store.db.withPlugin(counter) };
    // All four in one process, as `hub start` runs them.
    [organizations, membership, stations, welfare] = await Promise.all([
      startSubgraph({ name: 'organizations', schema: buildOrganizationsSchema(), store: counted, port: 0 }),
      startSubgraph({ name: 'membership', schema: buildMembershipSchema(), store: counted, port: 0 }),
      startSubgraph({ name: 'stations', schema: buildStationsSchema(), store: counted, port: 0 }),
      startSubgraph({ name: 'welfare', schema: buildWelfareSchema(), store: counted, port: 0 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([organizations, membership, stations, welfare].filter(Boolean).map((s) => s.close()));
    await store?.dispose();
  });

  describe('the kit', () => {
    it('builds all four schemas in one process, again and again, to the same SDL', () => {
      const first = subgraphDefinitions();
      expect(first.map((d) => d.name)).toEqual(['membership', 'organizations', 'stations', 'welfare']);
      expect(membershipSdl()).toEqual(membershipSdl());
      expect(membershipSdl()).toContain('type Member @key(fields: "id")');
    });

    it('answers /health and echoes x-request-id', async () => {
      const health = await fetch(organizations.url.replace('/graphql', '/health'));
      expect(health.status).toBe(200);
      const res = await gql(organizations, '{ __typename }', {}, { 'x-request-id': 'req-123' });
      expect(res.headers.get('x-request-id')).toBe('req-123');
    });

    it('refuses first: 501 with BAD_USER_INPUT naming the field and rule', async () => {
      const error = await firstError(organizations, '{ unions(first: 501) { totalCount } }');
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', rule: 'MAX' });
      expect(error.message).toMatch(/at most 500/);
      const negative = await firstError(membership, '{ members(first: -1) { totalCount } }');
      expect(negative.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', rule: 'MIN' });
    });

    it('refuses a cursor it did not issue', async () => {
      const error = await firstError(stations, '{ stations(after: "not-a-cursor") { totalCount } }');
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', rule: 'CURSOR' });
    });
  });

  describe('organizations', () => {
    it('pages unions with cursors and totalCount, deleted rows invisible', async () => {
      const query = `query($after: String) { unions(filter: { cities: [HANGZHOU] }, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
      const page1 = (await data(organizations, query)).unions;
      expect(page1.totalCount).toBe(4); // HZ, HZ-G1, HZ-G2, HZ-G3 (HZ-DEL is deleted)
      expect(page1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['HZ', 'HZ-G1']);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = (await data(organizations, query, { after: page1.pageInfo.endCursor })).unions;
      expect(page2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['HZ-G2', 'HZ-G3']);
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });

    it('filters unions by every UnionFilter field', async () => {
      const ids = async (filter: string) =>
        (await data(organizations, `{ unions(filter: ${filter}) { edges { node { id } } } }`)).unions.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(await ids('{ types: [GRASSROOTS, JOINT_GRASSROOTS], cities: [NINGBO] }')).toEqual(['NB-G1']);
      expect(await ids('{ divisionCode: "330282" }')).toEqual(['NB-G1']);
      expect(await ids('{ nameContains: "快递" }')).toEqual(['HZ-G2']);
      expect(await ids('{ nameContains: "%" }')).toEqual([]);
      // Hangzhou's federation names no parent: it still counts among the province federation's children.
      expect(await ids('{ parentId: "ZJ" }')).toEqual(['HZ', 'NB']);
      expect(await ids('{ parentId: "HZ" }')).toEqual(['HZ-G1', 'HZ-G2', 'HZ-G3']);
    });

    it('resolves division, parent, children and health', async () => {
      const { union } = await data(organizations, `{ union(id: "HZ") {
        name division { code name level city } parent { id name }
        children(first: 1) { totalCount edges { node { id health { status flags { code since } duesMonthsPaidLast12 asOf } } } } } }`);
      expect(union.division).toEqual({ code: '330100', name: '杭州市', level: 'CITY', city: 'HANGZHOU' });
      expect(union.parent).toEqual({ id: 'ZJ', name: '浙江省总工会' });
      expect(union.children.totalCount).toBe(3);
      expect(union.children.edges[0].node).toEqual({
        id: 'HZ-G1',
        health: { status: 'INACTIVE', flags: [{ code: 'NO_ACTIVITY', since: '2025-01-01' }, { code: 'NO_DUES', since: '2025-01-01' }], duesMonthsPaidLast12: 3, asOf: '2025-06-30' },
      });
      const { union: province } = await data(organizations, '{ union(id: "ZJ") { parent { id } health { status } division { level city } } }');
      expect(province).toEqual({ parent: null, health: null, division: { level: 'PROVINCE', city: null } });
    });

    it('computes formation stats over the platform economy, OTHER listed too', async () => {
      const { formationStats } = await data(organizations, `{ formationStats(city: HANGZHOU) { city total unionized rate categories { category total unionized rate } } }`);
      expect(formationStats).toEqual({
        city: 'HANGZHOU', total: 3, unionized: 2, rate: 0.667,
        categories: [
          { category: 'PLATFORM_HQ', total: 1, unionized: 1, rate: 1 },
          { category: 'PLATFORM_BRANCH', total: 2, unionized: 1, rate: 0.5 },
          { category: 'COOPERATING', total: 0, unionized: 0, rate: 0 },
          { category: 'OTHER', total: 1, unionized: 1, rate: 1 },
        ],
      });
      const province = (await data(organizations, '{ formationStats { total unionized rate } }')).formationStats;
      expect(province).toEqual({ total: 4, unionized: 2, rate: 0.5 });
    });

    it('serves enterprises with filters, union and latest formation application', async () => {
      const { enterprises } = await data(organizations, `{ enterprises(filter: { categories: [PLATFORM_BRANCH], platform: "美团", unionized: false }) {
        totalCount edges { node { id unionized union { id } formationApplication { id stage submittedAt updatedAt } } } } }`);
      expect(enterprises.totalCount).toBe(1);
      expect(enterprises.edges[0].node).toEqual({
        id: 'E-BR1', unionized: false, union: null,
        formationApplication: { id: 'FA-2', stage: 'UNDER_REVIEW', submittedAt: '2025-03-01T02:00:00.000Z', updatedAt: '2025-03-05T02:00:00.000Z' },
      });
      const { enterprise } = await data(organizations, '{ enterprise(id: "E-HQ1") { union { name } division { name } } }');
      expect(enterprise).toEqual({ union: { name: '西湖区外卖骑手联合工会' }, division: { name: '西湖区' } });
    });

    it('lists monitoring results and never invents them', async () => {
      const { inactiveUnions, monitoringSummary } = await data(organizations, `{
        inactiveUnions(city: HANGZHOU) { totalCount edges { node { id } } }
        monitoringSummary { total active atRisk inactive asOf byFlag { code count } } }`);
      expect(inactiveUnions).toEqual({ totalCount: 1, edges: [{ node: { id: 'HZ-G1' } }] });
      expect(monitoringSummary).toEqual({
        total: 3, active: 1, atRisk: 1, inactive: 1, asOf: '2025-06-30',
        byFlag: [{ code: 'NO_ACTIVITY', count: 2 }, { code: 'NO_DUES', count: 1 }],
      });
      const atRisk = (await data(organizations, '{ inactiveUnions(statuses: [AT_RISK, INACTIVE]) { totalCount } }')).inactiveUnions;
      expect(atRisk.totalCount).toBe(2);
      const empty = (await data(organizations, '{ monitoringSummary(city: LISHUI) { total asOf byFlag { code } } }')).monitoringSummary;
      expect(empty).toEqual({ total: 0, asOf: null, byFlag: [] });
    });

    it('reports sources with their checkpoints and the stored data issues', async () => {
      const { sources, dataIssues } = await data(organizations, `{
        sources { id adapter cities checkpoint recordsApplied deadLetters }
        dataIssues(system: "zhejiang-digital-union") { totalCount edges { node { code severity system sourceId field } } } }`);
      expect(sources).toEqual([{ id: 'ningbo', adapter: 'ningbo-yonggonghui', cities: ['NINGBO'], checkpoint: '{"members":"2025-06-01T00:00:00Z","unions":"cursor-7"}', recordsApplied: 42, deadLetters: 1 }]);
      expect(dataIssues.totalCount).toBe(1);
      expect(dataIssues.edges[0].node).toEqual({ code: 'DIVISION_NOT_IN_CITY', severity: 'ERROR', system: 'zhejiang-digital-union', sourceId: 'X-1', field: 'divisionCode' });
      const memberLevel = (await data(organizations, '{ dataIssues(code: "DUAL_ACTIVE_MEMBERSHIP") { edges { node { system field } } } }')).dataIssues;
      expect(memberLevel.edges[0].node).toEqual({ system: null, field: null }); // '' in the store
    });

    it('answers the overview and resolves Enterprise by credit code', async () => {
      const { overview } = await data(organizations, '{ overview(city: HANGZHOU) { scope city grassrootsUnions inactiveUnions formation { rate } } }');
      expect(overview).toEqual({ scope: '330100', city: 'HANGZHOU', grassrootsUnions: 2, inactiveUnions: 1, formation: { rate: 0.667 } });
      const { _entities } = await data(organizations, `{ _entities(representations: [
        { __typename: "Enterprise", creditCode: "91330100MA27XYZ12K" }, { __typename: "Overview", scope: "330000" }, { __typename: "Union", id: "NB-G1" }]) {
        ... on Enterprise { id } ... on Overview { grassrootsUnions } ... on Union { name } } }`);
      expect(_entities).toEqual([{ id: 'E-HQ1' }, { grassrootsUnions: 3 }, { name: '慈溪市货车司机工会' }]);
    });
  });

  describe('membership', () => {
    it('filters members by every MemberFilter field', async () => {
      const ids = async (filter: string) =>
        (await data(membership, `{ members(filter: ${filter}) { totalCount edges { node { id } } } }`)).members.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(await ids('{ cities: [NINGBO] }')).toEqual(['M5']);
      expect(await ids('{ occupations: [COURIER, RIDE_HAILING] }')).toEqual(['M2', 'M4']); // M2 once
      expect(await ids('{ newEmploymentOnly: true, status: ACTIVE }')).toEqual(['M1', 'M2', 'M5']);
      expect(await ids('{ unionId: "NB-G1" }')).toEqual(['M5']);
      expect(await ids('{ joinedFrom: "2024-01-01", joinedTo: "2024-12-31" }')).toEqual(['M1', 'M4', 'M5']);
      expect(await ids('{ nameContains: "王" }')).toEqual(['M1']);
      expect(await ids('{ nameContains: "LiQiang" }')).toEqual(['M2']);
      expect(await ids('{ nameContains: "zw" }')).toEqual(['M3']);
      expect(await ids('{ nameContains: "_" }')).toEqual([]);
    });

    it('shows a member with occupations, union, employer, sources, history and data issues', async () => {
      const { member } = await data(membership, `{ member(id: "M1") {
        name idNumberMasked mobileMasked occupations newEmploymentForm
        union { id memberCount } employer { creditCode } sources { system sourceId status union { id } updatedAt }
        history { kind at system union { id } } dataIssues { code system } } }`);
      expect(member).toEqual({
        name: '王芳', idNumberMasked: '330106********1234', mobileMasked: '138****5678',
        occupations: ['FOOD_DELIVERY'], newEmploymentForm: true,
        union: { id: 'HZ-G1', memberCount: 3 }, employer: { creditCode: '91330100MA27XYZ12K' },
        sources: [
          { system: 'zhejiang-digital-union', sourceId: 'ZJ-200', status: 'ACTIVE', union: { id: 'HZ-G1' }, updatedAt: new Date(1_700_000_001_000).toISOString() },
          { system: 'ningbo-yonggonghui', sourceId: 'NB-100', status: 'ACTIVE', union: { id: 'HZ-G1' }, updatedAt: new Date(1_700_000_000_000).toISOString() },
        ],
        history: [{ kind: 'JOINED', at: '2024-03-01T00:00:00.000Z', system: 'ningbo-yonggonghui', union: { id: 'HZ-G1' } }],
        dataIssues: [{ code: 'DUAL_ACTIVE_MEMBERSHIP', system: null }, { code: 'INVALID_MOBILE', system: 'ningbo-yonggonghui' }],
      });
    });

    it('batches a page: one query per related table, whatever the page size', async () => {
      const query = `query($first: Int) { members(first: $first) { edges { node {
        occupations sources { system } history { kind } dataIssues { code } union { memberCount } } } } }`;
      const cost = async (first: number) => {
        const before = counter.count;
        await data(membership, query, { first });
        return counter.count - before;
      };
      const one = await cost(1);
      const five = await cost(5);
      expect(five).toBe(one);
      expect(five).toBeLessThanOrEqual(7); // page, occupations, sources, history, issues ×2, union counts
    });

    it('looks a member up by ID number only when it is one', async () => {
      const bad = await firstError(membership, '{ member(idNumber: "110105194912310021") { id } }');
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber', rule: 'CHECKSUM' });
      const short = await firstError(membership, '{ member(idNumber: "1234") { id } }');
      expect(short.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FORMAT' });
      // A valid number, but this server has no PII key to hash it with.
      const noKey = await firstError(membership, '{ member(idNumber: "11010519491231002X") { id } }');
      expect(noKey.extensions).toMatchObject({ code: 'CONFIG_INVALID' });
    });

    it('finds a member by ID number through the blind index, written any way', async () => {
      const pii = testPii();
      await store.db.updateTable('members').set({ person_key: pii.blindIndex('RESIDENT_ID:11010519491231002X') }).where('id', '=', 'M3').execute();
      // A second membership schema in the same process, this one with the PII key.
      const keyed = await startSubgraph({ name: 'membership-keyed', schema: buildMembershipSchema({ pii }), store, port: 0 });
      try {
        const found = await data(keyed, '{ member(idNumber: "１１０１０５ 19491231002x") { id name } }');
        expect(found.member).toEqual({ id: 'M3', name: '张伟' });
        const unknown = await data(keyed, '{ member(idNumber: "440524188001010014") { id } }');
        expect(unknown.member).toBeNull();
      } finally {
        await keyed.close();
      }
    });

    it('groups member counts by any dimensions in SQL', async () => {
      const stats = async (args: string) => (await data(membership, `{ memberStats(${args}) { key count } }`)).memberStats;
      expect(await stats('filter: { status: ACTIVE }, groupBy: [CITY]')).toEqual([
        { key: ['HANGZHOU'], count: 3 },
        { key: ['NINGBO'], count: 1 },
      ]);
      expect(await stats('filter: { status: ACTIVE, newEmploymentOnly: true }, groupBy: [CITY, OCCUPATION]')).toEqual([
        { key: ['HANGZHOU', 'COURIER'], count: 1 },
        { key: ['HANGZHOU', 'FOOD_DELIVERY'], count: 1 },
        { key: ['HANGZHOU', 'RIDE_HAILING'], count: 1 },
        { key: ['NINGBO', 'TRUCK_DRIVER'], count: 1 },
      ]);
      expect(await stats('groupBy: [JOIN_YEAR, GENDER]')).toEqual([
        { key: ['2023', 'MALE'], count: 1 },
        { key: ['2024', 'FEMALE'], count: 2 },
        { key: ['2024', 'MALE'], count: 1 },
        { key: ['2025', 'MALE'], count: 1 },
      ]);
      expect(await stats('filter: { cities: [NINGBO] }, groupBy: [JOIN_CHANNEL, STATUS]')).toEqual([{ key: ['UNKNOWN', 'ACTIVE'], count: 1 }]);
      expect(await stats('groupBy: []')).toEqual([{ key: [], count: 5 }]);
    });

    it('adds member counts to Union and figures to Overview through _entities', async () => {
      const { _entities } = await data(membership, `{ _entities(representations: [
        { __typename: "Union", id: "HZ-G1" }, { __typename: "Union", id: "NB-G1" }, { __typename: "Union", id: "NOBODY" },
        { __typename: "Overview", scope: "330000" }, { __typename: "Overview", scope: "330200" }]) {
        ... on Union { memberCount newEmploymentMemberCount }
        ... on Overview { city members newEmploymentMembers membersByCity { city count } } } }`);
      expect(_entities.slice(0, 3)).toEqual([
        { memberCount: 3, newEmploymentMemberCount: 2 },
        { memberCount: 1, newEmploymentMemberCount: 1 },
        { memberCount: 0, newEmploymentMemberCount: 0 },
      ]);
      expect(_entities[3]).toMatchObject({ city: null, members: 4, newEmploymentMembers: 3 });
      expect(_entities[3].membersByCity).toHaveLength(11);
      expect(_entities[3].membersByCity.slice(0, 2)).toEqual([{ city: 'HANGZHOU', count: 3 }, { city: 'NINGBO', count: 1 }]);
      expect(_entities[4]).toEqual({ city: 'NINGBO', members: 1, newEmploymentMembers: 1, membersByCity: [{ city: 'NINGBO', count: 1 }] });
    });
  });

  describe('stations', () => {
    it('finds stations near a point, nearest first, in any coordinate system', async () => {
      const near = async (lng: number, lat: number, system: string, extra = '') =>
        (await data(stations, `{ stationsNear(lng: ${lng}, lat: ${lat}, system: ${system}${extra}) { distanceMeters station { id } } }`)).stationsNear as Array<{ distanceMeters: number; station: { id: string } }>;
      const hits = await near(HANGZHOU_WGS84.lng, HANGZHOU_WGS84.lat, 'WGS84');
      expect(hits.map((h) => h.station.id)).toEqual(['S1', 'S2', 'S3']);
      expect(hits[0].distanceMeters).toBe(0);
      expect(hits[1].distanceMeters).toBeGreaterThan(950);
      expect(hits[1].distanceMeters).toBeLessThan(1050);
      // The same place as Amap gives it (GCJ-02) finds the same station within a metre.
      const gcj = await near(HANGZHOU_GCJ02.lng, HANGZHOU_GCJ02.lat, 'GCJ02', ', withinMeters: 500');
      expect(gcj.map((h) => h.station.id)).toEqual(['S1']);
      expect(gcj[0].distanceMeters).toBeLessThan(1);
      const filtered = await near(HANGZHOU_WGS84.lng, HANGZHOU_WGS84.lat, 'WGS84', ', withinMeters: 20000, kinds: [UNION_STATION], facilities: [CHARGING], first: 5');
      expect(filtered.map((h) => h.station.id)).toEqual(['S1']);
      const wide = await near(HANGZHOU_WGS84.lng, HANGZHOU_WGS84.lat, 'WGS84', ', withinMeters: 20000, first: 2');
      expect(wide.map((h) => h.station.id)).toEqual(['S1', 'S2']);
    });

    it('validates stationsNear input', async () => {
      const radius = await firstError(stations, '{ stationsNear(lng: 120.1, lat: 30.2, withinMeters: 50001) { distanceMeters } }');
      expect(radius.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'withinMeters' });
      const lat = await firstError(stations, '{ stationsNear(lng: 120.1, lat: 95) { distanceMeters } }');
      expect(lat.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lat' });
      const first = await firstError(stations, '{ stationsNear(lng: 120.1, lat: 30.2, first: 101) { distanceMeters } }');
      expect(first.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', rule: 'MAX' });
    });

    it('filters stations and converts locations on request', async () => {
      const { stations: page } = await data(stations, `{ stations(filter: { cities: [HANGZHOU], facilities: [REST, WATER], upgradeStatus: COMPLETED, upgradeYear: 2024 }) {
        totalCount edges { node { id kind hostUnion { id } division { name } upgrade { status year }
        wgs: location { lng lat system } bd: location(system: BD09) { lng lat system } } } } }`);
      expect(page.totalCount).toBe(2);
      const s1 = page.edges[0].node;
      expect(s1).toMatchObject({ id: 'S1', kind: 'UNION_STATION', hostUnion: { id: 'HZ-G1' }, division: { name: '西湖区' }, upgrade: { status: 'COMPLETED', year: 2024 } });
      expect(s1.wgs).toEqual({ ...HANGZHOU_WGS84, system: 'WGS84' });
      expect(haversineMeters(s1.bd, { lng: 120.1616149, lat: 30.2799982 })).toBeLessThan(1);
      expect(s1.bd.system).toBe('BD09');
      const kinds = (await data(stations, '{ stations(filter: { kinds: [DRIVERS_HOME, LOVE_STATION] }) { edges { node { id } } } }')).stations;
      expect(kinds.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['S2', 'S3']);
    });

    it('answers a stand-in location for a station stored without coordinates, and says so', async () => {
      const { station } = await data(stations, '{ station(id: "S5") { id location { lng lat system } locationPrecision position { lng } } }');
      expect(station).toMatchObject({ id: 'S5', locationPrecision: 'CITY_CENTRE', position: null, location: { system: 'WGS84' } });
      expect(haversineMeters(station.location, { lng: 121.55, lat: 29.875 })).toBeLessThan(1); // Ningbo's centre
    });

    it('counts stations and adds Union.stations and Overview figures', async () => {
      const { stationStats } = await data(stations, '{ stationStats { total byKind { kind count } upgradesCompletedByYear { year count } } }');
      expect(stationStats).toEqual({
        total: 5,
        byKind: [{ kind: 'UNION_STATION', count: 3 }, { kind: 'DRIVERS_HOME', count: 1 }, { kind: 'LOVE_STATION', count: 1 }],
        upgradesCompletedByYear: [{ year: 2023, count: 1 }, { year: 2024, count: 2 }],
      });
      const { _entities } = await data(stations, `{ _entities(representations: [
        { __typename: "Union", id: "HZ-G1" }, { __typename: "Union", id: "NB-G1" }, { __typename: "Overview", scope: "330200" }]) {
        ... on Union { stations { id } } ... on Overview { total: stations driversHomes stationsUpgradedByYear { year count } } } }`);
      expect(_entities).toEqual([
        { stations: [{ id: 'S1' }, { id: 'S2' }] },
        { stations: [] },
        { total: 1, driversHomes: 0, stationsUpgradedByYear: [] },
      ]);
    });
  });

  describe('welfare', () => {
    it('seeds the 2025 programs once and flags the province check-up budget', async () => {
      expect(await seedWelfarePrograms(store)).toBe(0); // already seeded in beforeAll
      const { welfarePrograms } = await data(welfare, `{ welfarePrograms(year: 2025, kind: HEALTH_CHECKUP) {
        id budgetYuan places standardYuanPerPerson placesLeft dataIssues { code severity message field } } }`);
      expect(welfarePrograms).toEqual([
        { id: 'wp-2025-checkup-national', budgetYuan: 5_000_000, places: 10_000, standardYuanPerPerson: 500, placesLeft: 10_000, dataIssues: [] },
        {
          id: 'wp-2025-checkup-province', budgetYuan: 2_000_000, places: 12_000, standardYuanPerPerson: 500, placesLeft: 12_000,
          dataIssues: [{ code: 'BUDGET_MISMATCH', severity: 'WARNING', field: 'budgetYuan', message: 'budget 2,000,000 yuan does not match 12,000 places × 500 yuan per person = 6,000,000 yuan' }],
        },
      ]);
      const meal = (await data(welfare, '{ welfareProgram(id: "wp-2025-meal-subsidy") { kind standardYuanPerPerson places placesLeft dataIssues { code } } }')).welfareProgram;
      expect(meal).toEqual({ kind: 'MEAL_SUBSIDY', standardYuanPerPerson: null, places: null, placesLeft: null, dataIssues: [] });
      const all = (await data(welfare, '{ welfarePrograms(year: 2025) { id } }')).welfarePrograms;
      expect(all.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['wp-2025-recuperation', 'wp-2025-summer-camp-1', 'wp-2025-summer-cooling']));
    });

    it('enrolls until no places are left, with a code for each refusal', async () => {
      const enroll = `mutation($p: ID!, $m: ID!) { enroll(programId: $p, memberId: $m) { id status program { id placesUsed placesLeft } member { id } } }`;
      const code = async (p: string, m: string) => (await firstError(welfare, enroll, { p, m })).extensions?.code;

      const first = (await data(welfare, enroll, { p: 'wp-test-two-places', m: 'M1' })).enroll;
      expect(first).toMatchObject({ status: 'ENROLLED', program: { placesUsed: 1, placesLeft: 1 }, member: { id: 'M1' } });
      expect(await code('wp-test-two-places', 'M1')).toBe('ALREADY_ENROLLED');
      expect(await code('wp-test-two-places', 'M4')).toBe('MEMBER_INACTIVE');
      expect(await code('wp-test-two-places', 'NOBODY')).toBe('NOT_FOUND');
      expect(await code('wp-no-such-program', 'M1')).toBe('NOT_FOUND');
      expect(await code('wp-test-closed', 'M1')).toBe('PROGRAM_CLOSED');
      const second = (await data(welfare, enroll, { p: 'wp-test-two-places', m: 'M2' })).enroll;
      expect(second.program.placesLeft).toBe(0);
      expect(await code('wp-test-two-places', 'M3')).toBe('NO_PLACES_LEFT');

      const cancel = (await data(welfare, `mutation { cancelEnrollment(id: "${second.id}") { status program { placesLeft } } }`)).cancelEnrollment;
      expect(cancel).toEqual({ status: 'CANCELLED', program: { placesLeft: 1 } });
      expect((await data(welfare, enroll, { p: 'wp-test-two-places', m: 'M3' })).enroll.program.placesLeft).toBe(0);
    });

    it('keeps the last place for one of two racing enrollments', async () => {
      await store.db.insertInto('welfare_programs').values({
        id: 'wp-test-one-place', name: '一个名额', kind: 'OTHER', year: 2025, funder: '测试', budget_yuan: null, places: 1,
        standard_yuan_per_person: null, organizer_level: 'CITY', eligibility: '{}', closed: 0, created_at: '2025-06-01T00:00:00.000Z', updated_at: '2025-06-01T00:00:00.000Z',
      }).execute();
      const enroll = `mutation($m: ID!) { enroll(programId: "wp-test-one-place", memberId: $m) { id } }`;
      const results = await Promise.all(['M1', 'M2', 'M3', 'M5'].map((m) => gql(welfare, enroll, { m })));
      const codes = results.map((r) => r.body.errors?.[0].extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['NO_PLACES_LEFT', 'NO_PLACES_LEFT', 'NO_PLACES_LEFT', 'OK']);
    });

    it('adds Member.benefits and Overview.welfarePlacesUsed through _entities', async () => {
      const { _entities } = await data(welfare, `{ _entities(representations: [
        { __typename: "Member", id: "M1" }, { __typename: "Member", id: "M4" }, { __typename: "Overview", scope: "330100" }, { __typename: "Overview", scope: "330200" }]) {
        ... on Member { benefits { status program { id } } } ... on Overview { welfarePlacesUsed } } }`);
      expect(_entities[0].benefits).toEqual(expect.arrayContaining([{ status: 'ENROLLED', program: { id: 'wp-test-two-places' } }]));
      expect(_entities[1]).toEqual({ benefits: [] });
      // Hangzhou: M1 and M3 hold places in the two-place program, plus the racing winner if from Hangzhou.
      expect(_entities[2].welfarePlacesUsed).toBeGreaterThanOrEqual(2);
      expect(_entities[2].welfarePlacesUsed + _entities[3].welfarePlacesUsed).toBe(3);
    });
  });
});
