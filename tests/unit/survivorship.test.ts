import { history, survive, type IdFacts, type SourceView } from '../../subgraphs/membership/survivorship';
import { nameKey } from '../../subgraphs/membership/name-key';

/** The README's survivorship rules, one by one, on hand-made sources of one person. */
const T = (iso: string) => Date.parse(iso);
const NO_FACTS: IdFacts = { gender: null, birthDate: null };
const FROM_ID: IdFacts = { gender: 'FEMALE', birthDate: '1990-01-01' };

function source(sourceId: string, over: Partial<SourceView> = {}): SourceView {
  return {
    system: 'zhejiang-digital-union', sourceId, name: '王芳', gender: null, birthDate: null, mobile: '13800001234',
    unionId: 'U-HZ', city: 'HANGZHOU', joinedOn: '2024-05-01', joinChannel: 'QR_CODE', occupations: ['FOOD_DELIVERY'],
    employerName: '某配送站', employerCreditCode: '91330100MA27XYZ12K', status: 'ACTIVE', version: T('2025-01-01T00:00:00Z'), ...over,
  };
}

const codes = (sources: SourceView[], facts = NO_FACTS) => survive(sources, facts).issues.map((i) => i.code);

describe('survive: one member from all of a person\'s sources', () => {
  it('lets the latest ACTIVE source decide union, city, employer and status, even when a newer one is not active', () => {
    const out = source('HZ-1', { status: 'TRANSFERRED_OUT', version: T('2025-03-01T00:00:00Z') });
    const into = source('NB-1', { system: 'ningbo-yonggonghui', unionId: 'U-NB', city: 'NINGBO', employerName: '宁波某公司', employerCreditCode: null, version: T('2025-02-01T00:00:00Z') });
    const { member } = survive([out, into], NO_FACTS);
    expect(member).toMatchObject({ unionId: 'U-NB', city: 'NINGBO', employerName: '宁波某公司', employerCreditCode: null, status: 'ACTIVE' });
    expect(member.updatedAt).toBe('2025-03-01T00:00:00.000Z');
  });

  it('takes the newer of two active sources, and the latest source when none is active', () => {
    const older = source('A', { unionId: 'U-1', version: T('2025-01-01T00:00:00Z') });
    const newer = source('B', { unionId: 'U-2', city: 'WENZHOU', version: T('2025-02-01T00:00:00Z') });
    expect(survive([older, newer], NO_FACTS).member).toMatchObject({ unionId: 'U-2', city: 'WENZHOU' });
    const left = source('C', { unionId: 'U-3', status: 'LEFT', version: T('2025-04-01T00:00:00Z') });
    const out = source('D', { unionId: 'U-4', status: 'TRANSFERRED_OUT', version: T('2025-03-01T00:00:00Z') });
    expect(survive([out, left], NO_FACTS).member).toMatchObject({ unionId: 'U-3', status: 'LEFT' });
  });

  it('keeps the earliest join date with the channel of that join', () => {
    const a = source('A', { joinedOn: '2023-02-01', joinChannel: 'OFFLINE', version: T('2025-01-01T00:00:00Z') });
    const b = source('B', { joinedOn: '2024-06-01', joinChannel: 'ONLINE', version: T('2025-02-01T00:00:00Z') });
    const c = source('C', { joinedOn: null, joinChannel: 'BULK', version: T('2025-03-01T00:00:00Z') });
    expect(survive([b, c, a], NO_FACTS).member).toMatchObject({ joinedOn: '2023-02-01', joinChannel: 'OFFLINE' });
  });

  it('unites the tags of the ACTIVE sources only; with none active, the latest source\'s tags', () => {
    const courier = source('A', { occupations: ['COURIER'] });
    const rider = source('B', { unionId: 'U-2', occupations: ['FOOD_DELIVERY', 'RIDE_HAILING'] });
    const oldTruck = source('C', { status: 'TRANSFERRED_OUT', occupations: ['TRUCK_DRIVER'] });
    expect(survive([courier, rider, oldTruck], NO_FACTS).member.occupations).toEqual(['COURIER', 'FOOD_DELIVERY', 'RIDE_HAILING']);
    const office = source('D', { occupations: [] });
    expect(survive([office, oldTruck], NO_FACTS).member.occupations).toEqual([]);
    const leftLatest = source('E', { status: 'LEFT', occupations: ['TAXI'], version: T('2025-05-01T00:00:00Z') });
    expect(survive([oldTruck, leftLatest], NO_FACTS).member.occupations).toEqual(['TAXI']);
  });

  it('takes the newest non-empty name and mobile', () => {
    const old = source('A', { name: '王芳', mobile: '13800001111', version: T('2025-01-01T00:00:00Z') });
    const blank = source('B', { name: ' ', mobile: null, version: T('2025-03-01T00:00:00Z') });
    const mid = source('C', { name: '王 芳', mobile: '13900002222', version: T('2025-02-01T00:00:00Z') });
    expect(survive([old, blank, mid], NO_FACTS).member).toMatchObject({ name: '王 芳', nameKey: '王芳', mobile: '13900002222' });
  });

  it('derives gender and birth date from the resident ID number; a contradiction is a data issue', () => {
    const silent = source('A', { gender: null, birthDate: null });
    expect(survive([silent], FROM_ID)).toEqual(expect.objectContaining({ issues: [] }));
    expect(survive([silent], FROM_ID).member).toMatchObject({ gender: 'FEMALE', birthDate: '1990-01-01' });
    const wrong = source('B', { gender: 'MALE', birthDate: '1991-02-03', system: 'ningbo-yonggonghui' });
    const { member, issues } = survive([silent, wrong], FROM_ID);
    expect(member).toMatchObject({ gender: 'FEMALE', birthDate: '1990-01-01' });
    expect(issues.map((i) => [i.code, i.field])).toEqual([['GENDER_MISMATCH', 'gender'], ['BIRTH_DATE_MISMATCH', 'birthDate']]);
    expect(issues[0].message).toContain('ningbo-yonggonghui B says MALE');
    // The birth date is part of the ID number: messages never spell it out.
    expect(issues.map((i) => i.message).join(' ')).not.toMatch(/1990|1991/);
    // Without a resident ID (a passport) the newest upstream value stands, no issue.
    expect(survive([silent, wrong], NO_FACTS)).toMatchObject({ member: { gender: 'MALE', birthDate: '1991-02-03' }, issues: [] });
  });

  it('flags two active memberships in different unions, not the same union twice or an unknown one', () => {
    const hz = source('A', { unionId: 'U-HZ' });
    const nb = source('B', { system: 'ningbo-yonggonghui', unionId: 'U-NB', city: 'NINGBO' });
    const [dual] = survive([hz, nb], NO_FACTS).issues;
    expect(dual).toMatchObject({ code: 'DUAL_ACTIVE_MEMBERSHIP', severity: 'WARNING', field: 'unionId' });
    // Sources are listed newest first (then by system and id).
    expect(dual.message).toBe('active in 2 unions at once: U-NB (ningbo-yonggonghui B), U-HZ (zhejiang-digital-union A)');
    expect(codes([hz, source('C', { system: 'ningbo-yonggonghui' })])).toEqual([]);
    expect(codes([hz, source('D', { unionId: null })])).toEqual([]);
    expect(codes([hz, source('E', { unionId: 'U-NB', status: 'TRANSFERRED_OUT' })])).toEqual([]);
  });

  it('flags clearly different names, not script, spacing or middle-dot variants', () => {
    expect(codes([source('A', { name: '陳大文' }), source('B', { name: '陈大文' })])).toEqual([]);
    expect(codes([source('A', { name: '阿依古丽•买买提' }), source('B', { name: '阿依古丽·买买提' }), source('C', { name: '阿依古丽 买买提' })])).toEqual([]);
    expect(codes([source('A', { name: 'JOHN SMITH' }), source('B', { name: 'John  Smith' })])).toEqual([]);
    const { issues } = survive([source('A', { name: '王芳' }), source('B', { name: '李小强', system: 'ningbo-yonggonghui' })], NO_FACTS);
    expect(issues).toEqual([{
      code: 'NAME_MISMATCH', severity: 'WARNING', field: 'name',
      message: 'the same ID number is registered under 2 different names: 李** (ningbo-yonggonghui B), 王* (zhejiang-digital-union A)',
    }]);
  });

  it('compares names in one form: simplified, no middle dots or spaces, Latin in lower case', () => {
    expect(nameKey('陳大文')).toBe('陈大文');
    expect(nameKey(' 帕提古丽．买买提 ')).toBe('帕提古丽买买提');
    expect(nameKey('Ａｎｎａ Lee')).toBe('annalee');
  });
});

describe('history: joins, transfers, leaving and re-joining', () => {
  it('shows a transfer (会员关系转接) as TRANSFERRED_OUT of the old union and TRANSFERRED_IN to the new one', () => {
    const out = source('ZJHY1', { unionId: 'U-HZ', joinedOn: '2021-03-01', status: 'TRANSFERRED_OUT', version: T('2025-04-10T09:30:00Z') });
    const into = source('NB1', { system: 'ningbo-yonggonghui', unionId: 'U-NB', city: 'NINGBO', joinedOn: '2025-04-12', version: T('2025-05-01T00:00:00Z') });
    expect(history([into, out])).toEqual([
      { kind: 'JOINED', at: '2021-02-28T16:00:00.000Z', system: 'zhejiang-digital-union', sourceId: 'ZJHY1', unionId: 'U-HZ' },
      { kind: 'TRANSFERRED_OUT', at: '2025-04-10T09:30:00.000Z', system: 'zhejiang-digital-union', sourceId: 'ZJHY1', unionId: 'U-HZ' },
      { kind: 'TRANSFERRED_IN', at: '2025-04-11T16:00:00.000Z', system: 'ningbo-yonggonghui', sourceId: 'NB1', unionId: 'U-NB' },
    ]);
  });

  it('never dates a transfer in before the transfer out it follows (a join date has no time of day)', () => {
    const out = source('ZJHY1', { unionId: 'U-HZ', joinedOn: '2021-03-01', status: 'TRANSFERRED_OUT', version: T('2025-04-12T09:30:00Z') });
    const into = source('NB1', { unionId: 'U-NB', joinedOn: '2025-04-12', version: T('2025-05-01T00:00:00Z') });
    expect(history([into, out]).slice(1).map((e) => [e.kind, e.at])).toEqual([
      ['TRANSFERRED_OUT', '2025-04-12T09:30:00.000Z'], ['TRANSFERRED_IN', '2025-04-12T09:30:00.000Z'],
    ]);
  });

  it('explains one join per transfer out: a membership that was already there, or came much later, joined', () => {
    const out = source('A', { unionId: 'U-1', joinedOn: '2020-01-01', status: 'TRANSFERRED_OUT', version: T('2024-06-01T00:00:00Z') });
    const parallel = source('B', { unionId: 'U-2', joinedOn: '2021-01-01' });
    const next = source('C', { unionId: 'U-3', joinedOn: '2024-06-03' });
    const muchLater = source('D', { unionId: 'U-4', joinedOn: '2025-09-01' });
    const kinds = Object.fromEntries(history([out, parallel, next, muchLater]).filter((e) => e.kind !== 'TRANSFERRED_OUT').map((e) => [e.sourceId, e.kind]));
    expect(kinds).toEqual({ A: 'JOINED', B: 'JOINED', C: 'TRANSFERRED_IN', D: 'JOINED' });
  });

  it('keeps leaving in one city and joining in another', () => {
    const left = source('A', { joinedOn: '2022-01-01', status: 'LEFT', version: T('2024-01-05T02:00:00Z') });
    const again = source('B', { unionId: 'U-WZ', city: 'WENZHOU', joinedOn: '2024-03-01' });
    expect(history([left, again]).map((e) => [e.kind, e.sourceId, e.unionId])).toEqual([
      ['JOINED', 'A', 'U-HZ'], ['LEFT', 'A', 'U-HZ'], ['JOINED', 'B', 'U-WZ'],
    ]);
  });

  it('keeps a LEFT and a re-join of the same record from the versions the hub received', () => {
    const now = source('A', {
      joinedOn: '2025-02-01', version: T('2025-02-02T00:00:00Z'),
      states: [
        { version: T('2023-01-01T00:00:00Z'), status: 'ACTIVE', unionId: 'U-HZ', joinedOn: '2022-05-01' },
        { version: T('2024-07-01T08:00:00Z'), status: 'LEFT', unionId: 'U-HZ', joinedOn: '2022-05-01' },
        { version: T('2024-07-01T08:00:00Z'), status: 'LEFT', unionId: 'U-HZ', joinedOn: '2022-05-01' },
      ],
    });
    expect(history([now]).map((e) => [e.kind, e.at])).toEqual([
      ['JOINED', '2022-04-30T16:00:00.000Z'], ['LEFT', '2024-07-01T08:00:00.000Z'], ['JOINED', '2025-01-31T16:00:00.000Z'],
    ]);
    // Without a new join date the re-join is dated when the upstream recorded it.
    const sameDate = source('A', { joinedOn: '2022-05-01', version: T('2025-02-02T00:00:00Z'), states: now.states });
    expect(history([sameDate]).map((e) => [e.kind, e.at])[2]).toEqual(['JOINED', '2025-02-02T00:00:00.000Z']);
  });

  it('shows a move to another union inside one record as UPDATED, and a later transfer out of it', () => {
    const now = source('A', {
      unionId: 'U-2', status: 'TRANSFERRED_OUT', version: T('2025-03-01T00:00:00Z'),
      states: [
        { version: T('2024-01-01T00:00:00Z'), status: 'ACTIVE', unionId: 'U-1', joinedOn: '2023-12-01' },
        { version: T('2024-09-01T00:00:00Z'), status: 'ACTIVE', unionId: 'U-2', joinedOn: '2023-12-01' },
      ],
    });
    expect(history([now]).map((e) => [e.kind, e.unionId])).toEqual([['JOINED', 'U-1'], ['UPDATED', 'U-2'], ['TRANSFERRED_OUT', 'U-2']]);
  });
});
