import {
  ACTIVITY_KIND, FACILITY, GENDER, ID_TYPE, JOIN_CHANNEL, MEMBER_STATUS, OCCUPATION, STATION_KIND, UNION_TYPE, UPGRADE_STATUS,
  type CodeTable,
} from '../../adapters/ningbo-yonggonghui/codes';
import { mapNingboRecord } from '../../adapters/ningbo-yonggonghui/map';
import { checkCharacter } from '../../core/identity/resident-id';
import { withCreditCheck } from '../../core/identity/credit-code';
import { haversineMeters } from '../../core/geo';
import type { CanonicalChange, MapResult, MemberRecord, StationRecord } from '../../schema/model';

/** 甬工惠 records → canonical changes, with the code tables and messy values of the contract. */
const ID = residentId('330203', '19850615', '123');
const CREDIT = withCreditCheck('91330203MA2AB1234');

function residentId(area: string, birth: string, sequence: string): string {
  const first17 = area + birth + sequence;
  return first17 + checkCharacter(first17);
}

function change(result: MapResult): CanonicalChange {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.reason}`);
  return result.change;
}

function upserted<T>(result: MapResult): { record: T; issues: Array<{ code: string; field: string }> } {
  const c = change(result);
  if (c.op !== 'upsert') throw new Error('not an upsert');
  return { record: c.record as T, issues: c.issues };
}

function member(fields: Record<string, unknown> = {}) {
  return {
    hyid: 'NB00012345', xm: '王芳', zjlx: '01', zjhm: ID, xb: '2', sjhm: '13800001234', ghid: 'NBGH0000100', rhrq: '20240501',
    rhqd: '2', zybs: 'WMQS', gzdw: '宁波某某配送有限公司', gzdwxydm: CREDIT, hyzt: '1', gxsj: '2025-06-01 09:30:12', sfsc: '0',
    ...fields,
  };
}

describe('code tables, as the contract lists them', () => {
  const cases: Array<[CodeTable<string | null>, string, string | null]> = [
    [UNION_TYPE, '1', 'GRASSROOTS'], [UNION_TYPE, '2', 'JOINT_GRASSROOTS'], [UNION_TYPE, '3', 'REGIONAL_FEDERATION'], [UNION_TYPE, '9', 'FEDERATION'],
    [ID_TYPE, '01', 'RESIDENT_ID'], [ID_TYPE, '02', 'HK_MACAO_PERMIT'], [ID_TYPE, '03', 'TAIWAN_PERMIT'], [ID_TYPE, '04', 'PASSPORT'],
    [GENDER, '1', 'MALE'], [GENDER, '2', 'FEMALE'], [GENDER, '9', null],
    [JOIN_CHANNEL, '1', 'ONLINE'], [JOIN_CHANNEL, '2', 'QR_CODE'], [JOIN_CHANNEL, '3', 'OFFLINE'], [JOIN_CHANNEL, '4', 'BULK'],
    [OCCUPATION, 'KDY', 'COURIER'], [OCCUPATION, 'WMQS', 'FOOD_DELIVERY'], [OCCUPATION, 'WYCSJ', 'RIDE_HAILING'], [OCCUPATION, 'CZCSJ', 'TAXI'],
    [OCCUPATION, 'HCSJ', 'TRUCK_DRIVER'], [OCCUPATION, 'JZFW', 'DOMESTIC_SERVICE'], [OCCUPATION, 'QT', 'OTHER'],
    [MEMBER_STATUS, '1', 'ACTIVE'], [MEMBER_STATUS, '2', 'TRANSFERRED_OUT'], [MEMBER_STATUS, '3', 'LEFT'],
    [ACTIVITY_KIND, 'HY', 'MEETING'], [ACTIVITY_KIND, 'HD', 'EVENT'], [ACTIVITY_KIND, 'WQ', 'RIGHTS_CASE'], [ACTIVITY_KIND, 'SQL', 'SUMMER_COOLING'], [ACTIVITY_KIND, 'TJ', 'CHECKUP'],
    [STATION_KIND, 'GHYZ', 'UNION_STATION'], [STATION_KIND, 'SJZJ', 'DRIVERS_HOME'], [STATION_KIND, 'AXYJ', 'LOVE_STATION'],
    [FACILITY, 'XJ', 'REST'], [FACILITY, 'YS', 'WATER'], [FACILITY, 'RF', 'MEAL_HEATING'], [FACILITY, 'CD', 'CHARGING'],
    [FACILITY, 'CS', 'TOILET'], [FACILITY, 'YX', 'FIRST_AID'], [FACILITY, 'WIFI', 'WIFI'], [FACILITY, 'SJ', 'READING'],
    [UPGRADE_STATUS, '0', 'NONE'], [UPGRADE_STATUS, '1', 'PLANNED'], [UPGRADE_STATUS, '2', 'IN_PROGRESS'], [UPGRADE_STATUS, '3', 'COMPLETED'],
  ];

  it.each(cases)('%#: %s "%s" → %s', (table, code, value) => {
    expect(table.decode(code)).toBe(value);
    expect(table.encode(value)).toBe(code);
  });

  it('has no code the contract does not list', () => {
    const listed = new Map<unknown, string[]>();
    for (const [table, code] of cases) listed.set(table, [...(listed.get(table) ?? []), code]);
    for (const [table, codes] of listed) expect((table as CodeTable<string | null>).codes.sort()).toEqual([...codes].sort());
  });
});

describe('members 会员', () => {
  it('maps every field to the canonical member source', () => {
    const { record, issues } = upserted<MemberRecord>(mapNingboRecord('members', member()));
    expect(record).toEqual({
      system: 'ningbo-yonggonghui', sourceId: 'NB00012345', version: Date.parse('2025-06-01T01:30:12Z'),
      name: '王芳', idType: 'RESIDENT_ID', idNumber: ID, gender: 'FEMALE', birthDate: null, mobile: '13800001234',
      unionSourceId: 'NBGH0000100', city: 'NINGBO', joinedOn: '2024-05-01', joinChannel: 'QR_CODE', occupations: ['FOOD_DELIVERY'],
      employerName: '宁波某某配送有限公司', employerCreditCode: CREDIT, status: 'ACTIVE',
    });
    expect(issues).toEqual([]);
  });

  it('repairs a 15-digit ID number (and says so), full-width digits, a lower-case x and spaces', () => {
    const fifteen = ID.slice(0, 6) + ID.slice(8, 17);
    const upgraded = upserted<MemberRecord>(mapNingboRecord('members', member({ zjhm: fifteen })));
    expect(upgraded.record.idNumber).toBe(ID);
    expect(upgraded.issues).toEqual([expect.objectContaining({ code: 'ID_UPGRADED_FROM_15', field: 'zjhm' })]);
    const x = Array.from({ length: 100 }, (_, i) => residentId('330206', '19900101', String(i).padStart(3, '0'))).find((id) => id.endsWith('X')) as string;
    const fullWidth = [...x.toLowerCase()].map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    for (const messy of [` ${x.toLowerCase()}  `, fullWidth, `${x.slice(0, 6)} ${x.slice(6)}`]) {
      expect(upserted<MemberRecord>(mapNingboRecord('members', member({ zjhm: messy }))).record.idNumber).toBe(x);
    }
  });

  it('repairs phones with +86, spaces or dashes, and keeps an unreadable one out with a warning', () => {
    for (const sjhm of ['+86 13800001234', '+86-138-0000-1234', '138 0000 1234', '138-0000-1234', '８６１３８００００１２３４']) {
      expect(upserted<MemberRecord>(mapNingboRecord('members', member({ sjhm }))).record.mobile).toBe('13800001234');
    }
    const bad = upserted<MemberRecord>(mapNingboRecord('members', member({ sjhm: '0574-8765432' })));
    expect(bad.record.mobile).toBeNull();
    expect(bad.issues).toEqual([expect.objectContaining({ code: 'INVALID_MOBILE', field: 'sjhm' })]);
  });

  it('normalizes names: spaces, any middle dot, and a resident\'s traditional characters (recorded)', () => {
    const name = (xm: string, zjlx = '01', zjhm = ID) => upserted<MemberRecord>(mapNingboRecord('members', member({ xm, zjlx, zjhm })));
    expect(name(' 王 芳 ').record.name).toBe('王芳');
    for (const dot of ['·', '•', '・', '･']) expect(name(`买买提${dot}艾力`).record.name).toBe('买买提·艾力');
    const traditional = name('陳偉');
    expect(traditional.record.name).toBe('陈伟');
    expect(traditional.issues).toEqual([expect.objectContaining({ code: 'NAME_TRADITIONAL_CHARACTERS', field: 'xm' })]);
    // Characters simplified text uses as well are left alone; so is a Hong Kong permit holder's name.
    expect(name('王乾').record.name).toBe('王乾');
    expect(name('陳大文', '02', 'H12345678').record.name).toBe('陳大文');
  });

  it('reads "" and missing fields as no value; "9" as unstated sex; tags with stray spaces', () => {
    const { record } = upserted<MemberRecord>(mapNingboRecord('members', member({ sjhm: '', gzdw: '', gzdwxydm: undefined, xb: '9', zybs: 'KDY, WMQS,', rhrq: '' })));
    expect(record).toMatchObject({ mobile: null, employerName: null, employerCreditCode: null, gender: null, occupations: ['COURIER', 'FOOD_DELIVERY'], joinedOn: null });
    expect(upserted<MemberRecord>(mapNingboRecord('members', member({ zybs: '' }))).record.occupations).toEqual([]);
  });

  it('rejects an ID number with a wrong check character, naming the field and rule, the number masked', () => {
    const wrong = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    const result = mapNingboRecord('members', member({ zjhm: wrong }));
    expect(result).toEqual({ ok: false, rejection: expect.objectContaining({ sourceId: 'NB00012345', field: 'zjhm', rule: 'RESIDENT_ID_CHECKSUM' }) });
    if (!result.ok) expect(result.rejection.reason).not.toContain(wrong.slice(6, 14));
  });

  it.each([
    ['zjlx', { zjlx: '05' }, 'CODE'],
    ['hyzt', { hyzt: 'ACTIVE' }, 'CODE'],
    ['zybs', { zybs: 'KDY,PILOT' }, 'CODE'],
    ['rhrq', { rhrq: '2024-05-01' }, 'DATE'],
    ['gxsj', { gxsj: '2025-06-01T09:30:12Z' }, 'TIMESTAMP'],
    ['gxsj', { gxsj: '' }, 'REQUIRED'],
    ['xm', { xm: '  ' }, 'REQUIRED'],
    ['sfsc', { sfsc: 'Y' }, 'CODE'],
  ])('rejects a bad %s (%j) with rule %s', (field, fields, rule) => {
    expect(mapNingboRecord('members', member(fields))).toEqual({ ok: false, rejection: expect.objectContaining({ field, rule }) });
  });
});

describe('tombstones (sfsc = "1")', () => {
  it.each([
    ['unions', { ghid: 'NBGH0000100' }, 'union'],
    ['members', { hyid: 'NB00012345' }, 'member'],
    ['activities', { hdid: 'NBHD00000001' }, 'activity'],
    ['dues', { jfid: 'NBJF00000001' }, 'activity'],
    ['stations', { zdid: 'NBZD000001' }, 'station'],
  ])('a %s tombstone deletes the %s, versioned by its gxsj', (resource, id, entity) => {
    expect(change(mapNingboRecord(resource, { ...id, gxsj: '2025-06-01 09:30:12', sfsc: '1' }))).toEqual({
      entity, op: 'delete', system: 'ningbo-yonggonghui', sourceId: Object.values(id)[0], version: Date.parse('2025-06-01T01:30:12Z'), issues: [],
    });
  });
});

describe('unions, activities, dues', () => {
  const union = {
    ghid: 'NBGH0000100', ghmc: '宁波某某配送有限公司工会委员会', xydm: withCreditCheck('81330203MA2AB1234'), sjghid: 'NBGH0000010',
    xzqh: '330282', ghlx: '1', clrq: '20180301', hjrq: '20230301', gxsj: '2025-06-01 09:30:12', sfsc: '0',
  };

  it('maps a union, its type from ghlx and dates from yyyyMMdd', () => {
    const { record, issues } = upserted(mapNingboRecord('unions', union));
    expect(record).toEqual({
      system: 'ningbo-yonggonghui', sourceId: 'NBGH0000100', version: Date.parse('2025-06-01T01:30:12Z'), name: union.ghmc,
      creditCode: union.xydm, type: 'GRASSROOTS', divisionCode: '330282', city: 'NINGBO', parentSourceId: 'NBGH0000010',
      foundedOn: '2018-03-01', lastElectionOn: '2023-03-01', dissolved: false,
    });
    expect(issues).toEqual([]);
  });

  it('flags a county outside Ningbo and a credit code failing its check; an empty parent is none', () => {
    const broken = union.xydm.slice(0, 17) + (union.xydm[17] === '0' ? '1' : '0');
    const { record, issues } = upserted<{ parentSourceId: string | null }>(mapNingboRecord('unions', { ...union, xzqh: '330702', xydm: broken, sjghid: '' }));
    expect(record.parentSourceId).toBeNull();
    expect(issues.map((i) => `${i.code}:${i.field}`).sort()).toEqual(['DIVISION_NOT_IN_CITY:xzqh', 'INVALID_CREDIT_CODE:xydm']);
  });

  it('maps an activity (hdlx, hdrq, cyrs as text or number)', () => {
    const a = { hdid: 'NBHD00000001', ghid: 'NBGH0000100', hdlx: 'SQL', hdrq: '20250710', cyrs: '25', gxsj: '2025-07-11 08:00:00', sfsc: '0' };
    expect(upserted(mapNingboRecord('activities', a)).record).toMatchObject({ kind: 'SUMMER_COOLING', date: '2025-07-10', participants: 25, amountYuan: null });
    expect(upserted(mapNingboRecord('activities', { ...a, cyrs: 40 })).record).toMatchObject({ participants: 40 });
  });

  it('maps dues as a DUES activity on the first of the month, the amount from a two-decimal string', () => {
    const d = { jfid: 'NBJF00000001', ghid: 'NBGH0000100', ny: '202506', je: '85.04', gxsj: '2025-06-16 08:56:47', sfsc: '0' };
    expect(upserted(mapNingboRecord('dues', d)).record).toMatchObject({ kind: 'DUES', date: '2025-06-01', amountYuan: 85.04, participants: null, unionSourceId: 'NBGH0000100' });
    expect(mapNingboRecord('dues', { ...d, je: '85.045' })).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'je', rule: 'AMOUNT' }) });
    expect(mapNingboRecord('dues', { ...d, ny: '2025-06' })).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'ny', rule: 'MONTH' }) });
  });

  it('rejects a resource the contract does not have', () => {
    expect(mapNingboRecord('enterprises', { id: 'x' })).toEqual({ ok: false, rejection: expect.objectContaining({ rule: 'UNKNOWN_RESOURCE' }) });
  });
});

describe('stations 服务阵地: GCJ-02 in, WGS-84 stored', () => {
  // DOMAIN.md check point (Hangzhou).
  const WGS84 = { lng: 120.1503589, lat: 30.2764043 };
  const station = {
    zdid: 'NBZD000001', zdmc: '某某街道工会驿站', zdlx: 'GHYZ', ghid: 'NBGH0000100', xzqh: '330203', dz: '浙江省宁波市海曙区某某路1号',
    jd: '120.1550722', wd: '30.274088', fwss: 'XJ,YS,RF,CD,CS,YX,WIFI,SJ', yysj: '24h', tszt: '3', tsnd: '2024', gxsj: '2025-06-01 09:30:12', sfsc: '0',
  };

  it('converts the Amap coordinates to within 1 m of the check point', () => {
    const { record, issues } = upserted<StationRecord>(mapNingboRecord('stations', station));
    expect(record.location).not.toBeNull();
    expect(haversineMeters(record.location as { lng: number; lat: number }, WGS84)).toBeLessThan(1);
    expect(record).toMatchObject({
      kind: 'UNION_STATION', facilities: ['REST', 'WATER', 'MEAL_HEATING', 'CHARGING', 'TOILET', 'FIRST_AID', 'WIFI', 'READING'],
      hours: '24h', upgradeStatus: 'COMPLETED', upgradeYear: 2024, city: 'NINGBO', hostUnionSourceId: 'NBGH0000100',
    });
    expect(issues).toEqual([]);
  });

  it('keeps a station without coordinates, with a data issue and no location', () => {
    for (const coordinates of [{ jd: '', wd: '' }, { jd: undefined, wd: undefined }, { jd: '121.5', wd: 'abc' }]) {
      const { record, issues } = upserted<StationRecord>(mapNingboRecord('stations', { ...station, ...coordinates, tszt: '0', tsnd: '' }));
      expect(record).toMatchObject({ location: null, upgradeStatus: 'NONE', upgradeYear: null });
      expect(issues).toEqual([expect.objectContaining({ code: 'MISSING_COORDINATES' })]);
    }
  });

  it('rejects an unknown facility or station kind', () => {
    expect(mapNingboRecord('stations', { ...station, fwss: 'XJ,SPA' })).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'fwss', rule: 'CODE' }) });
    expect(mapNingboRecord('stations', { ...station, zdlx: 'QT' })).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'zdlx', rule: 'CODE' }) });
  });
});
