import { hasPermission, ROLES, type Permission, type Role } from '../../core/auth/roles';
import type { Store } from '../../core/store/database';
import { bearer, tokenFor } from '../support/auth';
import { post, startSecuredHub, type Reply, type SecuredHub } from '../support/secured-hub';
import { STORE_VARIANTS } from '../support/stores';
import { ENTERPRISES, MEMBERS, STATIONS, UNIONS } from '../support/subgraph-rows';

/**
 * The README's role table, held through the real secured gateway: every Query field of
 * schema/contract.graphql and both mutations, asked by each role. What a role may do comes from
 * ROLE_POLICIES (core/auth/roles.ts): allowed → data and no error; refused → FORBIDDEN and no data.
 * A Ningbo city admin sees Ningbo records only, and asking for Shaoxing, or reaching a Shaoxing
 * record by id or through a reference, is FORBIDDEN.
 */

type Data = Record<string, unknown>;
type Row = Record<string, unknown>;

/** One operation of the contract: what it needs, how it is asked, how a city admin's answer is confined. */
interface Operation {
  field: string;
  permission: Permission;
  /** The roles the README's table lets do it; checked against ROLE_POLICIES below. */
  allowed: readonly Role[];
  query: (role: Role) => string;
  /** The place of each record answered (a city, or what stands for one); a city admin's must all be NINGBO. */
  places?: (data: Data) => string[];
  /** One record asked for by id (a Ningbo one): a province-wide role sees no more than it. */
  byId?: true;
  /** The same operation aimed at Shaoxing: FORBIDDEN for a Ningbo city admin. */
  shaoxing?: string;
}

const ALL: readonly Role[] = ['PROVINCE_ADMIN', 'CITY_ADMIN', 'ANALYST', 'MONITOR'];
const NOT_MONITOR: readonly Role[] = ['PROVINCE_ADMIN', 'CITY_ADMIN', 'ANALYST'];
const ADMINS: readonly Role[] = ['PROVINCE_ADMIN', 'CITY_ADMIN'];

/** Where the extra Ningbo and Shaoxing stations stand, 2 km either side of it. */
const BORDER = { lng: 121.0, lat: 30.05 };
const PROGRAM = 'wp-2025-checkup-national';
/** Who each role tries to enroll: the admins' members are in their reach; the others must change nothing. */
const ENROLLEE: Record<Role, string> = { PROVINCE_ADMIN: 'M1', CITY_ADMIN: 'M5', ANALYST: 'M2', MONITOR: 'M2' };
/** An enrollment that the roles without welfare:write try to cancel. */
const FIXED_ENROLLMENT = 'EN-FIXED';

const nodes = (connection: unknown): Row[] => ((connection as { edges: Array<{ node: Row }> }).edges).map((e) => e.node);
const cityOf = (row: unknown): string => String((row as Row).city ?? 'PROVINCE');
const list = (value: unknown): Row[] => value as Row[];
/** A data issue's place: the city its system serves alone, else the system (or the hub's own checks). */
const SYSTEM_PLACE: Record<string, string> = { 'ningbo-yonggonghui': 'NINGBO', 'shaoxing-internet-plus': 'SHAOXING' };

/** Enrollment ids the admins created, for their cancelEnrollment cell. */
const enrolled = new Map<Role, string>();

// The contract's operations, in the order of its Query type, then the mutations.
//   field                permission             allowed roles
const OPERATIONS: Operation[] = [
  { field: 'overview', permission: 'aggregates:read', allowed: NOT_MONITOR,
    query: () => '{ overview { scope city grassrootsUnions inactiveUnions stations driversHomes members welfarePlacesUsed formation { city total } } }',
    places: (d) => [cityOf(d.overview)], shaoxing: '{ overview(city: SHAOXING) { scope } }' },
  { field: 'union', permission: 'organizations:read', allowed: ALL,
    query: () => '{ union(id: "NB-G1") { id city parent { id } health { status } } }', places: (d) => [cityOf(d.union)], byId: true,
    shaoxing: '{ union(id: "SX-G1") { id name } }' },
  { field: 'unions', permission: 'organizations:read', allowed: ALL,
    query: () => '{ unions(first: 100) { edges { node { id city } } } }', places: (d) => nodes(d.unions).map(cityOf),
    shaoxing: '{ unions(filter: { cities: [NINGBO, SHAOXING] }) { totalCount } }' },
  { field: 'enterprise', permission: 'organizations:read', allowed: ALL,
    query: () => '{ enterprise(id: "E-CO1") { id city } }', places: (d) => [cityOf(d.enterprise)], byId: true,
    shaoxing: '{ enterprise(id: "E-SX1") { id name } }' },
  { field: 'enterprises', permission: 'organizations:read', allowed: ALL,
    query: () => '{ enterprises(first: 100) { edges { node { id city } } } }', places: (d) => nodes(d.enterprises).map(cityOf),
    shaoxing: '{ enterprises(filter: { cities: [SHAOXING] }) { totalCount } }' },
  { field: 'formationStats', permission: 'organizations:read', allowed: ALL,
    query: () => '{ formationStats { city total unionized } }', places: (d) => [cityOf(d.formationStats)],
    shaoxing: '{ formationStats(city: SHAOXING) { total } }' },
  { field: 'inactiveUnions', permission: 'monitoring:read', allowed: ALL,
    query: () => '{ inactiveUnions(statuses: [ACTIVE, AT_RISK, INACTIVE], first: 100) { edges { node { id city } } } }',
    places: (d) => nodes(d.inactiveUnions).map(cityOf), shaoxing: '{ inactiveUnions(city: SHAOXING) { totalCount } }' },
  { field: 'monitoringSummary', permission: 'monitoring:read', allowed: ALL,
    query: () => '{ monitoringSummary { city total } }', places: (d) => [cityOf(d.monitoringSummary)],
    shaoxing: '{ monitoringSummary(city: SHAOXING) { total } }' },
  { field: 'member', permission: 'members:read', allowed: NOT_MONITOR,
    query: () => '{ member(id: "M5") { id city idNumberMasked } }', places: (d) => [cityOf(d.member)], byId: true,
    shaoxing: '{ member(id: "SX-M1") { id name } }' },
  { field: 'members', permission: 'members:read', allowed: NOT_MONITOR,
    query: () => '{ members(first: 100) { edges { node { id city } } } }', places: (d) => nodes(d.members).map(cityOf),
    shaoxing: '{ members(filter: { cities: [SHAOXING] }) { totalCount } }' },
  { field: 'memberStats', permission: 'aggregates:read', allowed: NOT_MONITOR,
    query: () => '{ memberStats(groupBy: [CITY]) { key count } }', places: (d) => list(d.memberStats).map((b) => String((b.key as string[])[0])),
    shaoxing: '{ memberStats(filter: { cities: [SHAOXING] }, groupBy: [CITY]) { count } }' },
  { field: 'station', permission: 'stations:read', allowed: NOT_MONITOR,
    query: () => '{ station(id: "NB-S2") { id city } }', places: (d) => [cityOf(d.station)], byId: true,
    shaoxing: '{ station(id: "SX-S1") { id name } }' },
  { field: 'stations', permission: 'stations:read', allowed: NOT_MONITOR,
    query: () => '{ stations(first: 100) { edges { node { id city } } } }', places: (d) => nodes(d.stations).map(cityOf),
    shaoxing: '{ stations(filter: { cities: [SHAOXING] }) { totalCount } }' },
  { field: 'stationsNear', permission: 'stations:read', allowed: NOT_MONITOR,
    query: () => `{ stationsNear(lng: ${BORDER.lng}, lat: ${BORDER.lat}, withinMeters: 10000) { station { id city } } }`,
    places: (d) => list(d.stationsNear).map((h) => cityOf(h.station)) },
  { field: 'stationStats', permission: 'aggregates:read', allowed: NOT_MONITOR,
    query: () => '{ stationStats { city total } }', places: (d) => [cityOf(d.stationStats)],
    shaoxing: '{ stationStats(city: SHAOXING) { total } }' },
  { field: 'welfareProgram', permission: 'welfare:read', allowed: NOT_MONITOR,
    query: () => `{ welfareProgram(id: "${PROGRAM}") { id placesLeft } }` },
  { field: 'welfarePrograms', permission: 'welfare:read', allowed: NOT_MONITOR,
    query: () => '{ welfarePrograms(year: 2025) { id } }' },
  { field: 'sources', permission: 'sources:read', allowed: ALL,
    query: () => '{ sources { id cities } }',
    places: (d) => list(d.sources).map((s) => ((s.cities as string[]).includes('NINGBO') ? 'NINGBO' : (s.cities as string[]).join('+'))) },
  { field: 'dataIssues', permission: 'data-issues:read', allowed: NOT_MONITOR,
    query: () => '{ dataIssues(first: 100) { edges { node { code system } } } }',
    places: (d) => nodes(d.dataIssues).map((i) => SYSTEM_PLACE[String(i.system)] ?? (String(i.system ?? '') || 'hub')) },
  { field: 'enroll', permission: 'welfare:write', allowed: ADMINS,
    query: (role) => `mutation { enroll(programId: "${PROGRAM}", memberId: "${ENROLLEE[role]}") { id status member { id city } } }`,
    places: (d) => [cityOf((d.enroll as Row).member)] },
  { field: 'cancelEnrollment', permission: 'welfare:write', allowed: ADMINS,
    query: (role) => `mutation { cancelEnrollment(id: "${enrolled.get(role) ?? FIXED_ENROLLMENT}") { id status } }` },
];

/** Shaoxing and border records beside the small province of subgraph-rows.ts. */
async function insertShaoxing(store: Store): Promise<void> {
  const nbUnion = UNIONS.find((u) => u.id === 'NB-G1')!;
  await store.db.insertInto('unions').values({ ...nbUnion, id: 'SX-G1', source_id: 'SX-G1', name: '柯桥区快递员工会', division_code: '330603', city: 'SHAOXING', parent_id: null }).execute();
  const nbEnterprise = ENTERPRISES.find((e) => e.id === 'E-CO1')!;
  await store.db.insertInto('enterprises').values({ ...nbEnterprise, id: 'E-SX1', source_id: 'E-SX1', division_code: '330603', city: 'SHAOXING' }).execute();
  const nbMember = MEMBERS.find((m) => m.id === 'M5')!;
  await store.db.insertInto('members').values([
    { ...nbMember, id: 'SX-M1', person_key: 'pk-SX-M1', name: '赵敏', city: 'SHAOXING', union_id: 'SX-G1' },
    // Works in Ningbo, member of a Shaoxing union: the reference a Ningbo admin could follow out.
    { ...nbMember, id: 'NB-M2', person_key: 'pk-NB-M2', name: '周杰', union_id: 'SX-G1' },
  ]).execute();
  const station = STATIONS.find((s) => s.id === 'S1')!;
  await store.db.insertInto('stations').values([
    // A Ningbo station hosted by a Shaoxing union, and a Shaoxing station hosted by a Ningbo union:
    // the two references a Ningbo admin could follow out of its city.
    { ...station, id: 'NB-S2', source_id: 'NB-S2', city: 'NINGBO', division_code: '330281', host_union_id: 'SX-G1', lng: BORDER.lng + 0.02, lat: BORDER.lat },
    { ...station, id: 'SX-S1', source_id: 'SX-S1', name: '柯桥驿站', city: 'SHAOXING', division_code: '330604', host_union_id: 'NB-G1', lng: BORDER.lng - 0.02, lat: BORDER.lat },
  ]).execute();
  await store.db.insertInto('sources').values({
    id: 'shaoxing', adapter: 'shaoxing-internet-plus', cities: '["SHAOXING"]', last_sync_started_at: null, last_sync_finished_at: null,
    last_error: null, records_applied: 0, records_unchanged: 0, dead_letters: 0,
  }).execute();
  await store.db.insertInto('data_issues').values({
    code: 'INVALID_ID_CHECKSUM', severity: 'ERROR', message: 'id number 330602********123X fails its checksum', system: 'shaoxing-internet-plus',
    source_id: 'SX-9', field: 'idNumber', entity_type: 'member', entity_id: 'SX-9', detected_at: '2025-06-01T00:00:00.000Z',
  }).execute();
  await store.db.insertInto('enrollments').values({
    id: FIXED_ENROLLMENT, program_id: PROGRAM, member_id: 'M3', status: 'ENROLLED', enrolled_at: '2025-06-01T00:00:00.000Z',
    cancelled_at: null, child_given_name_enc: null, child_given_name_masked: null, child_birth_year: null,
  }).execute();
}

function codes(reply: Reply): unknown[] {
  return (reply.body.errors ?? []).map((e) => e.extensions?.code);
}

/** Refused: FORBIDDEN, and the field answered nothing. */
function expectForbidden(reply: Reply, field: string): void {
  expect(codes(reply)).toContain('FORBIDDEN');
  expect(reply.body.data?.[field] ?? null).toBeNull();
}

describe.each(STORE_VARIANTS)('the role table through the gateway ($name)', (variant) => {
  let hub: SecuredHub;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    hub = await startSecuredHub(await variant.open());
    await insertShaoxing(hub.store);
    for (const role of ROLES) tokens.set(role, await tokenFor(role, role === 'CITY_ADMIN' ? { city: 'NINGBO', sub: 'nb-admin' } : {}));
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const ask = (role: Role, query: string) => post(hub.gateway, { query }, bearer(tokens.get(role)!));

  it('covers every Query field of the contract and both mutations, as the README table says', () => {
    expect(OPERATIONS.map((o) => o.field)).toEqual([
      'overview', 'union', 'unions', 'enterprise', 'enterprises', 'formationStats', 'inactiveUnions', 'monitoringSummary',
      'member', 'members', 'memberStats', 'station', 'stations', 'stationsNear', 'stationStats', 'welfareProgram',
      'welfarePrograms', 'sources', 'dataIssues', 'enroll', 'cancelEnrollment',
    ]);
    for (const op of OPERATIONS) {
      expect([op.field, ROLES.filter((role) => hasPermission({ role, city: null }, op.permission))]).toEqual([op.field, op.allowed]);
    }
  });

  describe.each(ROLES.map((role) => [role]))('%s', (role) => {
    it.each(OPERATIONS.map((op) => [op.field, op.permission, op]))('%s (%s)', async (_field, _permission, op) => {
      const reply = await ask(role, op.query(role));
      if (!hasPermission({ role, city: null }, op.permission)) {
        expectForbidden(reply, op.field);
        return;
      }
      expect(reply.body.errors).toBeUndefined();
      const data = reply.body.data as Data;
      expect(data[op.field]).not.toBeNull();
      if (op.field === 'enroll') enrolled.set(role, String((data.enroll as Row).id));
      if (!op.places) return;
      const places = op.places(data);
      expect(places.length).toBeGreaterThan(0);
      // A city admin sees its city only; a province-wide role sees beyond it (so the check can fail).
      if (role === 'CITY_ADMIN') expect(new Set(places)).toEqual(new Set(['NINGBO']));
      else if (!op.byId && op.field !== 'enroll') expect(places.some((p) => p !== 'NINGBO')).toBe(true);
    });
  });

  it('left nothing changed by the refused mutations', async () => {
    const rows = await hub.store.db.selectFrom('enrollments').select(['id', 'member_id', 'status']).orderBy('member_id').execute();
    expect(rows.filter((r) => r.member_id === 'M2')).toEqual([]);
    expect(rows.find((r) => r.id === FIXED_ENROLLMENT)?.status).toBe('ENROLLED');
    expect(rows.filter((r) => r.member_id !== 'M3').map((r) => [r.member_id, r.status])).toEqual([['M1', 'CANCELLED'], ['M5', 'CANCELLED']]);
  });

  describe('fields one subgraph adds to another\'s entity', () => {
    it('a MONITOR reads a union and its health, but not the stations it hosts', async () => {
      const health = await ask('MONITOR', '{ union(id: "HZ-G1") { name health { status } } }');
      expect(health.body).toEqual({ data: { union: { name: '西湖区外卖骑手联合工会', health: { status: 'INACTIVE' } } } });
      const stations = await ask('MONITOR', '{ union(id: "HZ-G1") { name stations { id } } }');
      expect(codes(stations)).toEqual(['FORBIDDEN']);
      expect(stations.body.data?.union ?? null).toBeNull();
      expect(stations.text).not.toMatch(/"S1"|"S2"/);
    });
  });

  describe('a Ningbo city admin outside Ningbo', () => {
    it.each(OPERATIONS.filter((op) => op.shaoxing).map((op) => [op.field, op]))('%s of Shaoxing is FORBIDDEN', async (_field, op) => {
      const reply = await ask('CITY_ADMIN', op.shaoxing!);
      expectForbidden(reply, op.field);
      expect(reply.text).not.toMatch(/柯桥|赵敏/);
    });

    it('a province-level union is outside its reach, through a parent as by id', async () => {
      expectForbidden(await ask('CITY_ADMIN', '{ union(id: "ZJ") { name } }'), 'union');
      const parent = await ask('CITY_ADMIN', '{ union(id: "NB") { id parent { name } } }');
      expect(parent.body.data).toEqual({ union: { id: 'NB', parent: null } });
      expect(codes(parent)).toEqual(['FORBIDDEN']);
      expect(parent.text).not.toContain('浙江省总工会');
      expect(parent.text).not.toContain('province');
    });

    it('reaching a Shaoxing union through a Ningbo station is FORBIDDEN on that union', async () => {
      const reply = await ask('CITY_ADMIN', '{ station(id: "NB-S2") { id hostUnion { id name } } }');
      expect(reply.body.data).toEqual({ station: { id: 'NB-S2', hostUnion: null } });
      expect(codes(reply)).toEqual(['FORBIDDEN']);
      // "Not yours" only: the refusal does not tell where the union is.
      expect(reply.text).not.toMatch(/SHAOXING|绍兴/);
      expect(reply.text).not.toContain('柯桥区快递员工会');
      // A province-wide role follows the same reference.
      const analyst = await ask('ANALYST', '{ station(id: "NB-S2") { hostUnion { name } } }');
      expect(analyst.body).toEqual({ data: { station: { hostUnion: { name: '柯桥区快递员工会' } } } });
    });

    it('reaching a Shaoxing station through a Ningbo union is FORBIDDEN on those stations', async () => {
      const reply = await ask('CITY_ADMIN', '{ union(id: "NB-G1") { id stations { id name } } }');
      expect(codes(reply)).toContain('FORBIDDEN');
      expect(reply.body.data?.union ?? null).toBeNull();
      expect(reply.text).not.toMatch(/SX-S1|柯桥驿站/);
      const analyst = await ask('ANALYST', '{ union(id: "NB-G1") { stations { id } } }');
      expect(analyst.body).toEqual({ data: { union: { stations: [{ id: 'SX-S1' }] } } });
    });

    it('reaching a Shaoxing union through a Ningbo member is FORBIDDEN on that union', async () => {
      const reply = await ask('CITY_ADMIN', '{ member(id: "NB-M2") { id union { id name } } }');
      expect(reply.body.data).toEqual({ member: { id: 'NB-M2', union: null } });
      expect(codes(reply)).toEqual(['FORBIDDEN']);
      expect(reply.text).not.toContain('柯桥区快递员工会');
    });

    it('station coverage is its own city\'s only', async () => {
      const own = await ask('CITY_ADMIN', '{ stationCoverage(city: NINGBO) { stations } }');
      expect(own.body.errors).toBeUndefined();
      expectForbidden(await ask('CITY_ADMIN', '{ stationCoverage(city: SHAOXING) { stations } }'), 'stationCoverage');
    });

    it('may neither enroll a Shaoxing member nor cancel a Hangzhou enrollment', async () => {
      expectForbidden(await ask('CITY_ADMIN', `mutation { enroll(programId: "${PROGRAM}", memberId: "SX-M1") { id } }`), 'enroll');
      expectForbidden(await ask('CITY_ADMIN', `mutation { cancelEnrollment(id: "${FIXED_ENROLLMENT}") { id } }`), 'cancelEnrollment');
      const rows = await hub.store.db.selectFrom('enrollments').select(['member_id', 'status']).where('member_id', 'in', ['SX-M1', 'M3']).execute();
      expect(rows).toEqual([{ member_id: 'M3', status: 'ENROLLED' }]);
    });
  });
});
