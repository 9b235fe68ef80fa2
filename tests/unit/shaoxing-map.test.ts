import {
  ENTERPRISE_CATEGORY, FORMATION_STAGE, GENDER, ID_TYPE, MEMBER_STATUS, OCCUPATION, SERVICE, STATION_KIND, UNION_TYPE, type CodeTable,
} from '../../adapters/shaoxing-internet-plus/code-tables';
import { mapShaoxingRecord } from '../../adapters/shaoxing-internet-plus/map';
import { haversineMeters } from '../../core/geo';
import {
  ENTERPRISE_CATEGORIES, FACILITIES, FORMATION_STAGES, GENDERS, ID_TYPES, MEMBER_STATUSES, OCCUPATIONS, STATION_KINDS, UNION_TYPES,
} from '../../schema/enums';
import type { CanonicalChange, MapResult, MemberRecord, StationRecord } from '../../schema/model';

/** Shaoxing records as the feed client yields them → canonical changes, messy values included. */
const FEED_VERSION = 1_735_000_000_123;

function record(type: string, fields: Record<string, string>, op = 'upsert') {
  return { type, op, id: fields.id ?? '', fields, feedVersion: FEED_VERSION };
}

function changeOf(result: MapResult): CanonicalChange {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.reason}`);
  return result.change;
}

function upserted<T>(result: MapResult): T {
  const change = changeOf(result);
  if (change.op !== 'upsert') throw new Error('not an upsert');
  return change.record as T;
}

const MEMBER = {
  id: 'SXHY0000123', name: '王喆', idType: '居民身份证', idNo: '11010519491231002X', gender: '女', mobile: '13800001234',
  unionId: 'SXGH000789', joinedOn: '2024-05-01', occupation: '外卖骑手', status: '在会', updatedAt: '2025-06-01T09:30:12.345+08:00',
};

describe('code tables', () => {
  it.each([
    ['enterprise category', ENTERPRISE_CATEGORY, ENTERPRISE_CATEGORIES],
    ['union type', UNION_TYPE, UNION_TYPES],
    ['formation stage', FORMATION_STAGE, FORMATION_STAGES],
    ['ID type', ID_TYPE, ID_TYPES],
    ['gender', GENDER, GENDERS],
    ['occupation', OCCUPATION, OCCUPATIONS],
    ['member status', MEMBER_STATUS, MEMBER_STATUSES],
    ['station kind', STATION_KIND, STATION_KINDS],
    ['service', SERVICE, FACILITIES],
  ] as Array<[string, CodeTable<string>, readonly string[]]>)('the %s words cover every canonical value exactly once', (_name, table, values) => {
    expect(Object.values(table).sort()).toEqual([...values].sort());
  });

  it('maps the contract\'s words', () => {
    expect(UNION_TYPE['区域/行业工会联合会']).toBe('REGIONAL_FEDERATION');
    expect(ENTERPRISE_CATEGORY['用工合作企业']).toBe('COOPERATING');
    expect(FORMATION_STAGE['已成立']).toBe('FOUNDED');
    expect(MEMBER_STATUS['转出']).toBe('TRANSFERRED_OUT');
    expect(STATION_KIND['爱心驿家']).toBe('LOVE_STATION');
    expect(SERVICE['无线网络']).toBe('WIFI');
  });
});

describe('member', () => {
  it('maps a clean record: Chinese codes to enums, updatedAt (+08:00) to the version, the source\'s city', () => {
    const m = upserted<MemberRecord>(mapShaoxingRecord(record('member', MEMBER), 'SHAOXING'));
    expect(m).toMatchObject({
      system: 'shaoxing-internet-plus', sourceId: 'SXHY0000123', version: Date.parse('2025-06-01T01:30:12.345Z'), name: '王喆',
      idType: 'RESIDENT_ID', idNumber: '11010519491231002X', gender: 'FEMALE', mobile: '13800001234', unionSourceId: 'SXGH000789',
      city: 'SHAOXING', joinedOn: '2024-05-01', occupations: ['FOOD_DELIVERY'], status: 'ACTIVE', joinChannel: null,
    });
  });

  it.each([
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ'],
    ['lower-case x', '11010519491231002x'],
    ['spaces', ' 110105 19491231 002X '],
  ])('repairs an ID number with %s', (_what, idNo) => {
    expect(upserted<MemberRecord>(mapShaoxingRecord(record('member', { ...MEMBER, idNo }), 'SHAOXING')).idNumber).toBe('11010519491231002X');
  });

  it('upgrades a legacy 15-digit number and notes it', () => {
    const change = changeOf(mapShaoxingRecord(record('member', { ...MEMBER, idNo: '440524800101001' }), 'SHAOXING'));
    expect(change.op === 'upsert' && (change.record as MemberRecord).idNumber).toBe('440524198001010013');
    expect(change.issues).toEqual([expect.objectContaining({ code: 'ID_UPGRADED_FROM_15', severity: 'INFO', field: 'idNo' })]);
  });

  it.each(['+86 138-0000-1234', '138-0000-1234', '+8613800001234', '１３８ ０００ ０１２３４'])('reads the mobile %s', (mobile) => {
    expect(upserted<MemberRecord>(mapShaoxingRecord(record('member', { ...MEMBER, mobile }), 'SHAOXING')).mobile).toBe('13800001234');
  });

  it('reads several occupations, separated by ; or a full-width ；, and the other code words', () => {
    const m = upserted<MemberRecord>(mapShaoxingRecord(record('member', { ...MEMBER, occupation: '快递员；外卖骑手;其他', gender: '男', status: '退会' }), 'SHAOXING'));
    expect(m.occupations).toEqual(['COURIER', 'FOOD_DELIVERY', 'OTHER']);
    expect(m).toMatchObject({ gender: 'MALE', status: 'LEFT' });
  });

  it('stores a resident\'s traditional spelling simplified (with a note) and normalizes middle dots, as the shared name rules do', () => {
    const change = changeOf(mapShaoxingRecord(record('member', { ...MEMBER, name: '陳大文' }), 'SHAOXING'));
    expect(change.op === 'upsert' && (change.record as MemberRecord).name).toBe('陈大文');
    expect(change.issues).toEqual([expect.objectContaining({ code: 'NAME_TRADITIONAL_CHARACTERS', field: 'name' })]);
    expect(upserted<MemberRecord>(mapShaoxingRecord(record('member', { ...MEMBER, name: '王喆' }), 'SHAOXING')).name).toBe('王喆');
    expect(upserted<MemberRecord>(mapShaoxingRecord(record('member', { ...MEMBER, name: '买买提•艾力' }), 'SHAOXING')).name).toBe('买买提·艾力');
  });

  it('treats empty elements as missing values', () => {
    const m = upserted<MemberRecord>(mapShaoxingRecord(record('member', { ...MEMBER, mobile: '', occupation: '', gender: '' }), 'SHAOXING'));
    expect(m).toMatchObject({ mobile: null, occupations: [], gender: null });
  });

  it('rejects an ID number whose check character is wrong, naming idNo and the rule, the number masked', () => {
    const result = mapShaoxingRecord(record('member', { ...MEMBER, idNo: '110105194912310021' }), 'SHAOXING');
    expect(result).toEqual({ ok: false, rejection: expect.objectContaining({ sourceId: 'SXHY0000123', field: 'idNo', rule: 'RESIDENT_ID_CHECKSUM' }) });
    expect(!result.ok && result.rejection.reason).not.toContain('110105194912310021');
  });

  it('rejects a code word the contract does not have, listing the ones it does', () => {
    const result = mapShaoxingRecord(record('member', { ...MEMBER, status: '正常' }), 'SHAOXING');
    expect(result).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'status', rule: 'CODE', reason: expect.stringContaining('在会、转出、退会') }) });
  });

  it('rejects an updatedAt without a zone', () => {
    const result = mapShaoxingRecord(record('member', { ...MEMBER, updatedAt: '2025-06-01 09:30:12' }), 'SHAOXING');
    expect(result).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'updatedAt', rule: 'INSTANT' }) });
  });
});

describe('organizations', () => {
  const UNION = {
    id: 'SXGH000789', name: '柯桥区快递行业联合工会', creditCode: '', parentId: 'SXGH000001', district: '330603',
    type: '联合基层工会', foundedOn: '2021-03-01', lastElectionOn: '2024-03-01', status: '正常',
  };

  it('maps a union: no updatedAt in the contract, so the version is its place in the feed', () => {
    const change = changeOf(mapShaoxingRecord(record('union', UNION), 'SHAOXING'));
    expect(change).toMatchObject({
      entity: 'union',
      record: { version: FEED_VERSION, type: 'JOINT_GRASSROOTS', divisionCode: '330603', city: 'SHAOXING', creditCode: null, dissolved: false, parentSourceId: 'SXGH000001' },
      issues: [],
    });
    expect(changeOf(mapShaoxingRecord(record('union', { ...UNION, status: '撤销' }), 'SHAOXING'))).toMatchObject({ record: { dissolved: true } });
  });

  it('flags a district outside the source\'s city', () => {
    const change = changeOf(mapShaoxingRecord(record('union', { ...UNION, district: '330282' }), 'SHAOXING'));
    expect(change.issues).toEqual([expect.objectContaining({ code: 'DIVISION_NOT_IN_CITY', field: 'district' })]);
  });

  it('maps an enterprise with its category words and an empty unionId as none', () => {
    const change = changeOf(mapShaoxingRecord(record('enterprise', {
      id: 'SXQY000456', name: '绍兴顺丰速运有限公司', creditCode: '', district: '330602', category: '平台分支机构', platform: '顺丰',
      employees: '120', newFormWorkers: '85', unionId: '',
    }), 'SHAOXING'));
    expect(change).toMatchObject({
      entity: 'enterprise',
      record: { category: 'PLATFORM_BRANCH', platform: '顺丰', employees: 120, newEmploymentWorkers: 85, unionSourceId: null, version: FEED_VERSION },
    });
  });

  it('maps a formation application: submittedAt in epoch ms, the stage word, updatedAt as version and stage date', () => {
    const change = changeOf(mapShaoxingRecord(record('application', {
      id: 'SXSQ000001', enterpriseId: 'SXQY000456', submittedAt: '1735000000000', stage: '已成立', unionId: 'SXGH000789',
      updatedAt: '2025-02-01T10:00:00.000+08:00',
    }), 'SHAOXING'));
    expect(change).toMatchObject({
      entity: 'application',
      record: {
        enterpriseSourceId: 'SXQY000456', submittedAt: '2024-12-24T00:26:40.000Z', stage: 'FOUNDED', unionSourceId: 'SXGH000789',
        version: Date.parse('2025-02-01T02:00:00.000Z'), stageUpdatedAt: '2025-02-01T02:00:00.000Z',
      },
    });
  });

  it('rejects a submittedAt that is not epoch milliseconds', () => {
    const result = mapShaoxingRecord(record('application', { id: 'SXSQ000001', enterpriseId: 'SXQY000456', submittedAt: '2024-12-24', stage: '已提交', updatedAt: '2025-02-01T10:00:00+08:00' }), 'SHAOXING');
    expect(result).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'submittedAt', rule: 'EPOCH_MS' }) });
  });
});

describe('station', () => {
  const STATION = {
    id: 'SXZD000012', name: '越城区工会驿站', kind: '工会驿站', hostUnionId: 'SXGH000789', district: '330602', address: '解放北路1号',
    bdLng: '120.1616149', bdLat: '30.2799982', services: '歇脚,饮水,热饭,无线网络', hours: '08:00-20:00', updatedAt: '2025-03-01T12:00:00+08:00',
  };

  it('converts BD-09 to WGS-84 within a metre of DOMAIN.md\'s check point', () => {
    const s = upserted<StationRecord>(mapShaoxingRecord(record('station', STATION), 'SHAOXING'));
    expect(s.location).not.toBeNull();
    expect(haversineMeters(s.location!, { lng: 120.1503589, lat: 30.2764043 })).toBeLessThan(1);
    expect(s).toMatchObject({ kind: 'UNION_STATION', facilities: ['REST', 'WATER', 'MEAL_HEATING', 'WIFI'], upgradeStatus: 'NONE', city: 'SHAOXING' });
  });

  it('keeps a station without coordinates, without a location, and says so', () => {
    const change = changeOf(mapShaoxingRecord(record('station', { ...STATION, bdLng: '', bdLat: '' }), 'SHAOXING'));
    expect(change).toMatchObject({ record: { location: null } });
    expect(change.issues).toEqual([expect.objectContaining({ code: 'MISSING_COORDINATES' })]);
  });

  it('rejects a service word the contract does not have', () => {
    expect(mapShaoxingRecord(record('station', { ...STATION, services: '歇脚,洗澡' }), 'SHAOXING'))
      .toEqual({ ok: false, rejection: expect.objectContaining({ field: 'services', rule: 'CODE' }) });
  });
});

describe('dispatch and deletes', () => {
  it.each(['member', 'union', 'enterprise', 'application', 'station'])('maps a %s delete to a tombstone at the feed version', (type) => {
    const entity = type;
    expect(changeOf(mapShaoxingRecord(record(type, { id: 'X1' }, 'delete'), 'SHAOXING')))
      .toEqual({ entity, op: 'delete', system: 'shaoxing-internet-plus', sourceId: 'X1', version: FEED_VERSION, issues: [] });
  });

  it('rejects a record type or op the contract does not have', () => {
    expect(mapShaoxingRecord(record('activity', { id: 'X1' }), 'SHAOXING')).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'type', rule: 'ENUM' }) });
    expect(mapShaoxingRecord(record('member', { id: 'X1' }, 'merge'), 'SHAOXING')).toEqual({ ok: false, rejection: expect.objectContaining({ field: 'op', rule: 'ENUM' }) });
  });
});
