import {
  formatCompactDate, formatLocalTimestamp, formatMonth, parseCompactDate, parseLocalTimestamp, parseMonth,
} from '../../adapters/ningbo-yonggonghui/local-time';

/** 甬工惠's local times are Asia/Shanghai, UTC+08:00 all year (no daylight saving). */
describe('gxsj: yyyy-MM-dd HH:mm:ss in Shanghai without an offset', () => {
  it.each([
    ['2025-06-01 09:30:12', '2025-06-01T01:30:12.000Z'],
    ['2025-01-01 00:00:00', '2024-12-31T16:00:00.000Z'],
    ['2024-02-29 07:59:59', '2024-02-28T23:59:59.000Z'],
    // Summer and winter alike: no daylight saving shift.
    ['2025-07-15 12:00:00', '2025-07-15T04:00:00.000Z'],
    ['2025-12-15 12:00:00', '2025-12-15T04:00:00.000Z'],
  ])('%s is %s', (local, utc) => {
    expect(parseLocalTimestamp(local)).toBe(Date.parse(utc));
    expect(formatLocalTimestamp(Date.parse(utc))).toBe(local);
  });

  it('drops milliseconds when formatting (the contract has none)', () => {
    expect(formatLocalTimestamp(Date.parse('2025-06-01T01:30:12.999Z'))).toBe('2025-06-01 09:30:12');
  });

  it.each(['2025-02-29 10:00:00', '2025-06-01T09:30:12', '2025-06-01 24:00:00', '2025-6-1 9:30:12', '2025-06-01 09:30:12Z', '', '2025-06-01'])(
    'refuses %j', (text) => expect(parseLocalTimestamp(text)).toBeNull(),
  );
});

describe('dates and months', () => {
  it('reads yyyyMMdd as a calendar date', () => {
    expect(parseCompactDate('20240229')).toBe('2024-02-29');
    expect(parseCompactDate('20250229')).toBeNull();
    expect(parseCompactDate('2025-02-01')).toBeNull();
    expect(parseCompactDate('20251301')).toBeNull();
    expect(formatCompactDate('2025-06-01')).toBe('20250601');
  });

  it('reads yyyyMM as the first day of the month paid for', () => {
    expect(parseMonth('202506')).toBe('2025-06-01');
    expect(parseMonth('202513')).toBeNull();
    expect(parseMonth('2025-06')).toBeNull();
    expect(formatMonth('2025-06-01')).toBe('202506');
  });
});
