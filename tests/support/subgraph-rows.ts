import type { Store } from '../../core/store/database';
import { occupationMask } from '../../subgraphs/membership/occupation-mask';
import type { Occupation } from '../../schema/enums';
import type {
  EnterprisesTable, MembersTable, StationsTable, UnionHealthTable, UnionsTable,
} from '../../core/store/tables';

/**
 * A small province written straight into the store, for the subgraph tests: what ingest would have
 * written, without running ingest. Figures the tests assert are derived in the comments.
 */
const V = 1_700_000_000_000;
const AT = '2025-06-01T00:00:00.000Z';

/** The DOMAIN.md check point in Hangzhou, WGS-84 and its GCJ-02 twin. */
export const HANGZHOU_WGS84 = { lng: 120.1503589, lat: 30.2764043 };
export const HANGZHOU_GCJ02 = { lng: 120.1550722, lat: 30.274088 };

function union(id: string, p: Partial<UnionsTable>): UnionsTable {
  return {
    id, system: 'zhejiang-digital-union', source_id: id, name: id, credit_code: null, type: 'GRASSROOTS',
    division_code: '330106', city: 'HANGZHOU', parent_id: null, founded_on: '2020-01-01', last_election_on: null,
    dissolved: 0, deleted: 0, version: V, updated_at: AT, ...p,
  };
}

export const UNIONS: UnionsTable[] = [
  union('ZJ', { name: '浙江省总工会', type: 'FEDERATION', division_code: '330000', city: null }),
  // No parent_id: its parent is the province federation.
  union('HZ', { name: '杭州市总工会', type: 'FEDERATION', division_code: '330100', parent_id: null }),
  union('NB', { name: '宁波市总工会', type: 'FEDERATION', division_code: '330200', city: 'NINGBO', parent_id: 'ZJ' }),
  union('HZ-G1', { name: '西湖区外卖骑手联合工会', type: 'JOINT_GRASSROOTS', parent_id: 'HZ', credit_code: '81330106MC0000001A' }),
  union('HZ-G2', { name: '杭州某快递公司工会', parent_id: 'HZ' }),
  union('HZ-G3', { name: '已撤销的工会', parent_id: 'HZ', dissolved: 1 }),
  union('HZ-DEL', { name: '删除的工会', parent_id: 'HZ', deleted: 1 }),
  union('NB-G1', { name: '慈溪市货车司机工会', division_code: '330282', city: 'NINGBO', parent_id: 'NB' }),
];
// grassroots, not dissolved, not deleted: province 3 (HZ-G1, HZ-G2, NB-G1), Hangzhou 2.

function health(unionId: string, status: string, flags: string[]): UnionHealthTable {
  return {
    union_id: unionId, status, flags: JSON.stringify(flags.map((code) => ({ code, detail: `${code} detail`, since: '2025-01-01' }))),
    last_activity_on: '2024-12-01', last_member_change_on: null, dues_months_paid_last12: 3, as_of: '2025-06-30', evaluated_at: AT,
  };
}

export const HEALTH: UnionHealthTable[] = [
  health('HZ-G1', 'INACTIVE', ['NO_ACTIVITY', 'NO_DUES']),
  health('HZ-G2', 'AT_RISK', ['NO_ACTIVITY']),
  health('NB-G1', 'ACTIVE', []),
];

function enterprise(id: string, p: Partial<EnterprisesTable>): EnterprisesTable {
  return {
    id, system: 'shaoxing-internet-plus', source_id: id, name: id, credit_code: null, category: 'OTHER', platform: null,
    division_code: '330106', city: 'HANGZHOU', union_id: null, employees: 100, new_employment_workers: 10,
    deleted: 0, version: V, updated_at: AT, ...p,
  };
}

export const EMPLOYER_CREDIT_CODE = '91330100MA27XYZ12K';

export const ENTERPRISES: EnterprisesTable[] = [
  enterprise('E-HQ1', { category: 'PLATFORM_HQ', platform: '饿了么', union_id: 'HZ-G1', credit_code: EMPLOYER_CREDIT_CODE }),
  enterprise('E-BR1', { category: 'PLATFORM_BRANCH', platform: '美团' }),
  enterprise('E-BR2', { category: 'PLATFORM_BRANCH', platform: '美团', union_id: 'HZ-G2' }),
  enterprise('E-CO1', { category: 'COOPERATING', city: 'NINGBO', division_code: '330282' }),
  enterprise('E-OT1', { category: 'OTHER', union_id: 'HZ-G1' }),
  enterprise('E-DEL', { category: 'PLATFORM_HQ', union_id: 'HZ-G1', deleted: 1 }),
];
// Platform economy: Hangzhou 3 enterprises, 2 unionized (0.667); province 4, 2 unionized (0.5).

function member(id: string, p: Partial<MembersTable>): MembersTable {
  return {
    id, person_key: `pk-${id}`, id_type: 'RESIDENT_ID', id_number_enc: 'v1:x', id_number_masked: '330106********1234',
    name: id, name_pinyin: id.toLowerCase(), name_initials: id.toLowerCase(), gender: 'MALE', birth_date: '1990-01-01',
    mobile_enc: null, mobile_masked: '138****5678', city: 'HANGZHOU', union_id: 'HZ-G1', employer_name: null,
    employer_credit_code: null, new_employment: 0, joined_on: '2024-01-01', join_year: 2024, join_channel: 'ONLINE',
    status: 'ACTIVE', updated_at: AT, ...p,
  };
}

export const MEMBERS: MembersTable[] = [
  member('M1', { name: '王芳', name_pinyin: 'wangfang', name_initials: 'wf', gender: 'FEMALE', new_employment: 1, joined_on: '2024-03-01', join_year: 2024, employer_credit_code: EMPLOYER_CREDIT_CODE }),
  member('M2', { name: '李强', name_pinyin: 'liqiang', name_initials: 'lq', new_employment: 1, joined_on: '2025-01-15', join_year: 2025, join_channel: 'QR_CODE' }),
  member('M3', { name: '张伟', name_pinyin: 'zhangwei', name_initials: 'zw', joined_on: '2023-06-01', join_year: 2023, join_channel: 'OFFLINE' }),
  member('M4', { name: '陈静', name_pinyin: 'chenjing', name_initials: 'cj', gender: 'FEMALE', new_employment: 1, status: 'LEFT' }),
  member('M5', { name: '刘洋', name_pinyin: 'liuyang', name_initials: 'ly', new_employment: 1, city: 'NINGBO', union_id: 'NB-G1', joined_on: '2024-07-01', join_year: 2024, join_channel: null }),
];
// ACTIVE: Hangzhou 3 (M1, M2, M3), Ningbo 1 (M5); new employment ACTIVE: M1, M2, M5.
// Union HZ-G1: 3 active members, 2 of them new employment.

export const OCCUPATIONS: Array<{ member_id: string; occupation: string }> = [
  { member_id: 'M1', occupation: 'FOOD_DELIVERY' },
  { member_id: 'M2', occupation: 'COURIER' },
  { member_id: 'M2', occupation: 'RIDE_HAILING' },
  { member_id: 'M4', occupation: 'COURIER' },
  { member_id: 'M5', occupation: 'TRUCK_DRIVER' },
];

function station(id: string, p: Partial<StationsTable>): StationsTable {
  return {
    id, system: 'zhejiang-digital-union', source_id: id, name: id, kind: 'UNION_STATION', host_union_id: null,
    division_code: '330106', city: 'HANGZHOU', address: '杭州市西湖区', lng: HANGZHOU_WGS84.lng, lat: HANGZHOU_WGS84.lat,
    facilities: '["REST","WATER"]', hours: '08:00-20:00', upgrade_status: 'NONE', upgrade_year: null,
    deleted: 0, version: V, updated_at: AT, ...p,
  };
}

export const STATIONS: StationsTable[] = [
  station('S1', { host_union_id: 'HZ-G1', facilities: '["REST","WATER","CHARGING"]', upgrade_status: 'COMPLETED', upgrade_year: 2024 }),
  // About 1.0 km north and 1.9 km east of the check point.
  station('S2', { kind: 'DRIVERS_HOME', host_union_id: 'HZ-G1', lat: HANGZHOU_WGS84.lat + 0.009, facilities: '["REST","MEAL_HEATING"]', upgrade_status: 'COMPLETED', upgrade_year: 2023 }),
  station('S3', { kind: 'LOVE_STATION', lng: HANGZHOU_WGS84.lng + 0.02, facilities: '["WATER"]', upgrade_status: 'IN_PROGRESS', upgrade_year: 2025 }),
  // About 10 km away.
  station('S4', { lat: HANGZHOU_WGS84.lat + 0.09, upgrade_status: 'COMPLETED', upgrade_year: 2024 }),
  station('S5', { city: 'NINGBO', division_code: '330282', lng: null, lat: null }),
  station('S6', { deleted: 1 }),
];
// Province: 5 stations (3 union stations, 1 drivers' home, 1 love station); completed 2023: 1, 2024: 2.

export async function insertProvince(store: Store): Promise<void> {
  const db = store.db;
  await db.insertInto('unions').values(UNIONS).execute();
  await db.insertInto('union_health').values(HEALTH).execute();
  await db.insertInto('enterprises').values(ENTERPRISES).execute();
  await db.insertInto('formation_applications').values([
    { id: 'FA-1', system: 'shaoxing-internet-plus', enterprise_id: 'E-BR1', stage: 'SUBMITTED', submitted_at: '2025-01-01T02:00:00.000Z', stage_updated_at: null, union_id: null, deleted: 0, version: V },
    { id: 'FA-2', system: 'shaoxing-internet-plus', enterprise_id: 'E-BR1', stage: 'UNDER_REVIEW', submitted_at: '2025-03-01T02:00:00.000Z', stage_updated_at: '2025-03-05T02:00:00.000Z', union_id: null, deleted: 0, version: V },
  ]).execute();
  await db.insertInto('members').values(MEMBERS).execute();
  // The member-view writer keeps a member's occupation tags as bits in its row (occupation-mask.ts); so do we.
  for (const memberId of new Set(OCCUPATIONS.map((o) => o.member_id))) {
    const tags = OCCUPATIONS.filter((o) => o.member_id === memberId).map((o) => o.occupation as Occupation);
    await db.updateTable('members').set({ occupation_mask: occupationMask(tags) }).where('id', '=', memberId).execute();
  }
  await db.insertInto('member_sources').values([
    memberSource('NB-100', 'ningbo-yonggonghui', 'pk-M1', 'HZ-G1', V),
    memberSource('ZJ-200', 'zhejiang-digital-union', 'pk-M1', 'HZ-G1', V + 1000),
  ]).execute();
  await db.insertInto('member_events').values([
    { member_id: 'M1', kind: 'JOINED', at: '2024-03-01T00:00:00.000Z', system: 'ningbo-yonggonghui', source_id: 'NB-100', union_id: 'HZ-G1' },
  ]).execute();
  await db.insertInto('data_issues').values([
    { code: 'DUAL_ACTIVE_MEMBERSHIP', severity: 'WARNING', message: 'active in 2 unions', system: '', source_id: 'M1', field: '', entity_type: 'member', entity_id: 'M1', detected_at: AT },
    { code: 'INVALID_MOBILE', severity: 'INFO', message: 'mobile 138****56 is too short', system: 'ningbo-yonggonghui', source_id: 'NB-100', field: 'mobile', entity_type: 'member', entity_id: 'NB-100', detected_at: AT },
    { code: 'DIVISION_NOT_IN_CITY', severity: 'ERROR', message: '330282 is not in JINHUA', system: 'zhejiang-digital-union', source_id: 'X-1', field: 'divisionCode', entity_type: 'union', entity_id: 'X-1', detected_at: AT },
  ]).execute();
  await db.insertInto('stations').values(STATIONS).execute();
  await db.insertInto('sources').values([
    { id: 'ningbo', adapter: 'ningbo-yonggonghui', cities: '["NINGBO"]', last_sync_started_at: AT, last_sync_finished_at: AT, last_error: null, records_applied: 42, records_unchanged: 0, dead_letters: 1 },
  ]).execute();
  await db.insertInto('checkpoints').values([
    { source_id: 'ningbo', resource: 'members', value: '2025-06-01T00:00:00Z', updated_at: AT },
    { source_id: 'ningbo', resource: 'unions', value: 'cursor-7', updated_at: AT },
  ]).execute();
}

function memberSource(sourceId: string, system: string, personKey: string, unionId: string, version: number) {
  return {
    system, source_id: sourceId, person_key: personKey, id_type: 'RESIDENT_ID', id_number_enc: 'v1:x', name: '王芳',
    gender: 'FEMALE', birth_date: null, mobile_enc: null, union_id: unionId, city: 'HANGZHOU', joined_on: '2024-03-01',
    join_channel: 'ONLINE', occupations: '["FOOD_DELIVERY"]', employer_name: null, employer_credit_code: null,
    status: 'ACTIVE', deleted: 0, version, updated_at: new Date(version).toISOString(),
  };
}
