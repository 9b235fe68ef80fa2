import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../core/config';
import { ConfigError } from '../../core/errors';
import { evaluate, type HealthFlag } from '../../core/monitoring/rules';
import { emptySignals, signalWindow, type UnionSignals } from '../../core/monitoring/signals';
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from '../../core/monitoring/thresholds';
import { parseMonitoringSettings } from '../../core/monitoring/settings';
import { addYears, daysBetween, monthStartBefore, parseAsOf } from '../../core/monitoring/calendar';
import { InputError } from '../../core/errors';
import type { HealthFlagCode } from '../../schema/enums';

/**
 * The monitoring rules on signals alone: each flag, each status, the thresholds that move them,
 * and the refusals of contradictory thresholds.
 */
const AS_OF = '2025-12-31';
const T: Thresholds = { ...DEFAULT_THRESHOLDS };

/** A lively union as of AS_OF: a meeting last month, dues every month, members steady, elected 2023. */
function lively(p: Partial<UnionSignals> = {}): UnionSignals {
  return {
    ...emptySignals('U1', '2010-03-01', '2023-04-01'),
    lastActivityOn: '2025-11-20', activitiesLast90: 1, activitiesLast180: 2,
    lastDuesOn: '2025-12-01', duesMonthsPaidLast12: 12,
    lastMemberChangeOn: '2025-10-15', membersNow: 40, members90DaysAgo: 41,
    ...p,
  };
}

const codes = (flags: HealthFlag[]) => flags.map((f) => f.code);
const flag = (flags: HealthFlag[], code: HealthFlagCode) => flags.find((f) => f.code === code);

describe('statuses', () => {
  it('rates a union with recent activity, dues and member changes ACTIVE with no flag', () => {
    expect(evaluate(lively(), AS_OF, T)).toEqual({ status: 'ACTIVE', flags: [] });
  });

  it('rates a union silent for inactiveSilentDays INACTIVE, saying since when', () => {
    const v = evaluate(lively({ lastActivityOn: '2025-03-02', lastDuesOn: '2025-02-01', lastMemberChangeOn: '2024-12-30', activitiesLast90: 0, activitiesLast180: 0, duesMonthsPaidLast12: 2 }), AS_OF, T);
    expect(v.status).toBe('INACTIVE');
    expect(flag(v.flags, 'NO_ACTIVITY')).toEqual({ code: 'NO_ACTIVITY', detail: 'no activity, dues or member change since 2025-03-02 (304 days)', since: '2025-03-02' });
  });

  it('puts the boundary exactly at the thresholds: 180 days INACTIVE, 179 AT_RISK, 90 AT_RISK, 89 ACTIVE', () => {
    const quietFor = (days: number) => {
      const last = new Date(Date.parse(`${AS_OF}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
      return lively({ lastActivityOn: last, lastDuesOn: last, lastMemberChangeOn: last });
    };
    expect(evaluate(quietFor(180), AS_OF, T).status).toBe('INACTIVE');
    expect(evaluate(quietFor(179), AS_OF, T).status).toBe('AT_RISK');
    expect(codes(evaluate(quietFor(90), AS_OF, T).flags)).toEqual(['NO_ACTIVITY']);
    expect(evaluate(quietFor(89), AS_OF, T)).toEqual({ status: 'ACTIVE', flags: [] });
  });

  it('follows the thresholds it is given', () => {
    const s = lively({ lastActivityOn: '2025-09-01', lastDuesOn: '2025-09-01', lastMemberChangeOn: '2025-09-01' }); // 121 days
    expect(evaluate(s, AS_OF, T).status).toBe('AT_RISK');
    expect(evaluate(s, AS_OF, { ...T, atRiskSilentDays: 60, inactiveSilentDays: 120 }).status).toBe('INACTIVE');
    expect(evaluate(s, AS_OF, { ...T, atRiskSilentDays: 150, inactiveSilentDays: 200, noDuesDays: 150 })).toEqual({ status: 'ACTIVE', flags: [] });
  });

  it('never rates a union with no data at all ACTIVE: it is INACTIVE with every flag that missing data implies', () => {
    const v = evaluate(emptySignals('U0', null, null), AS_OF, T);
    expect(v.status).toBe('INACTIVE');
    expect(codes(v.flags)).toEqual(['NO_ACTIVITY', 'NO_DUES', 'NO_MEMBER_CHANGE', 'ELECTION_OVERDUE', 'NO_MEMBERS']);
    expect(flag(v.flags, 'NO_ACTIVITY')).toEqual({ code: 'NO_ACTIVITY', detail: 'no activity, dues or member change on record', since: null });
    expect(flag(v.flags, 'NO_MEMBERS')?.detail).toBe('no active members on the roll');
  });

  it('counts a new union\'s silence from its founding: AT_RISK (no members yet), not INACTIVE', () => {
    const v = evaluate(emptySignals('U0', '2025-11-01', null), AS_OF, T);
    expect(v.status).toBe('AT_RISK');
    expect(codes(v.flags)).toEqual(['NO_MEMBERS']);
    const older = evaluate(emptySignals('U0', '2025-05-01', null), AS_OF, T);
    expect(older.status).toBe('INACTIVE');
    expect(flag(older.flags, 'NO_ACTIVITY')?.detail).toBe('no activity, dues or member change on record since the union was founded on 2025-05-01 (244 days)');
  });
});

describe('flags', () => {
  it('NO_ACTIVITY when only dues and member records show life for noActivityDays', () => {
    const v = evaluate(lively({ lastActivityOn: '2024-11-30', activitiesLast90: 0, activitiesLast180: 0 }), AS_OF, T);
    expect(v.status).toBe('AT_RISK');
    expect(v.flags).toEqual([{
      code: 'NO_ACTIVITY', since: '2024-11-30',
      detail: 'no meeting, event or other activity since 2024-11-30 (396 days); only dues and member records show the union is alive',
    }]);
    expect(evaluate(lively({ lastActivityOn: '2025-01-01' }), AS_OF, T).flags).toEqual([]);
  });

  it('NO_DUES after noDuesDays, naming the last month paid and how many of the last 12', () => {
    const v = evaluate(lively({ lastDuesOn: '2025-08-01', duesMonthsPaidLast12: 7 }), AS_OF, T);
    expect(v.flags).toEqual([{ code: 'NO_DUES', since: '2025-08-01', detail: 'no dues paid since the payment for 2025-08 (7 of the last 12 months paid)' }]);
    expect(evaluate(lively({ lastDuesOn: '2025-09-03' }), AS_OF, T).flags).toEqual([]); // 119 days
    expect(flag(evaluate(lively({ lastDuesOn: null, duesMonthsPaidLast12: 0 }), AS_OF, T).flags, 'NO_DUES')?.detail)
      .toBe('no dues payment on record since the union was founded on 2010-03-01 (5784 days)');
  });

  it('NO_MEMBER_CHANGE after noMemberChangeDays', () => {
    const v = evaluate(lively({ lastMemberChangeOn: '2024-12-01' }), AS_OF, T);
    expect(v.flags).toEqual([{ code: 'NO_MEMBER_CHANGE', since: '2024-12-01', detail: 'member roll unchanged since 2024-12-01 (395 days): nobody joined, left or was updated' }]);
  });

  it('ELECTION_OVERDUE when the term since the last election (else since founding) has ended', () => {
    expect(evaluate(lively({ lastElectionOn: '2020-12-31' }), AS_OF, T).flags).toEqual([]);
    expect(evaluate(lively({ lastElectionOn: '2020-12-30' }), AS_OF, T).flags).toEqual([{
      code: 'ELECTION_OVERDUE', since: '2025-12-30', detail: 'last election on 2020-12-30: the 5-year term ended on 2025-12-30, 1 day ago',
    }]);
    expect(evaluate(lively({ lastElectionOn: '2020-12-30' }), AS_OF, { ...T, electionTermYears: 6 }).flags).toEqual([]);
    expect(evaluate(lively({ lastElectionOn: null, foundedOn: '2019-06-01' }), AS_OF, T).flags[0]).toMatchObject({ code: 'ELECTION_OVERDUE', since: '2024-06-01' });
    expect(evaluate(lively({ lastElectionOn: null, foundedOn: '2022-06-01' }), AS_OF, T).flags).toEqual([]);
  });

  it('NO_MEMBERS when the roll is empty, saying how many there were 90 days ago', () => {
    const v = evaluate(lively({ membersNow: 0, members90DaysAgo: 3 }), AS_OF, T);
    expect(v.status).toBe('AT_RISK');
    expect(v.flags).toEqual([{ code: 'NO_MEMBERS', detail: 'no active members on the roll (3 90 days ago)', since: '2025-10-15' }]);
  });

  it('MEMBERS_SHRINKING when the roll fell by shrinkingPercent over 90 days, for rolls of shrinkingMinMembers', () => {
    expect(evaluate(lively({ membersNow: 40, members90DaysAgo: 50 }), AS_OF, T).flags).toEqual([{
      code: 'MEMBERS_SHRINKING', since: '2025-10-02', detail: 'members fell from 50 to 40 (−20%) in the 90 days to 2025-12-31',
    }]);
    expect(evaluate(lively({ membersNow: 41, members90DaysAgo: 50 }), AS_OF, T).flags).toEqual([]);
    // 9 → 5 is −44 %, but a roll of 9 is below shrinkingMinMembers (10): chance, not a trend.
    expect(evaluate(lively({ membersNow: 5, members90DaysAgo: 9 }), AS_OF, T).flags).toEqual([]);
    expect(codes(evaluate(lively({ membersNow: 5, members90DaysAgo: 9 }), AS_OF, { ...T, shrinkingMinMembers: 5 }).flags)).toEqual(['MEMBERS_SHRINKING']);
  });

  it('lists several flags in the contract\'s order', () => {
    const v = evaluate(lively({ lastDuesOn: '2025-06-01', lastElectionOn: '2019-01-01', membersNow: 0, members90DaysAgo: 12 }), AS_OF, T);
    expect(codes(v.flags)).toEqual(['NO_DUES', 'ELECTION_OVERDUE', 'NO_MEMBERS', 'MEMBERS_SHRINKING']);
    expect(v.status).toBe('AT_RISK');
  });
});

describe('thresholds and settings', () => {
  it('has documented defaults and takes partial overrides', () => {
    expect(parseThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
    expect(parseThresholds({ noDuesDays: 150 })).toEqual({ ...DEFAULT_THRESHOLDS, noDuesDays: 150 });
    expect(parseMonitoringSettings(undefined)).toEqual({ thresholds: DEFAULT_THRESHOLDS, intervalSeconds: 3600, alertUrl: null });
  });

  it('refuses AT_RISK stricter than INACTIVE, naming the key and both values', () => {
    expect(() => parseThresholds({ atRiskSilentDays: 200 })).toThrow(ConfigError);
    expect(() => parseThresholds({ atRiskSilentDays: 200 })).toThrow(
      'monitoring.thresholds.atRiskSilentDays: 200 days must be fewer than inactiveSilentDays (180): AT_RISK cannot be stricter than INACTIVE');
    expect(() => parseThresholds({ atRiskSilentDays: 120, inactiveSilentDays: 120 })).toThrow(/AT_RISK cannot be stricter than INACTIVE/);
  });

  it('reads the monitoring section of the config file, and stops on contradictory thresholds naming the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitoring-config-'));
    try {
      const file = join(dir, 'hub.json');
      writeFileSync(file, JSON.stringify({ sources: [], monitoring: { intervalSeconds: 600, alertUrl: 'http://127.0.0.1:9/alerts', thresholds: { noDuesDays: 150 } } }));
      expect(loadConfig({ configFile: file, env: {} }).monitoring).toEqual({
        intervalSeconds: 600, alertUrl: 'http://127.0.0.1:9/alerts', thresholds: { ...DEFAULT_THRESHOLDS, noDuesDays: 150 },
      });
      expect(loadConfig({ env: {} }).monitoring).toEqual({ intervalSeconds: 3600, alertUrl: null, thresholds: DEFAULT_THRESHOLDS });
      writeFileSync(file, JSON.stringify({ sources: [], monitoring: { thresholds: { atRiskSilentDays: 365 } } }));
      expect(() => loadConfig({ configFile: file, env: {} })).toThrow(
        'monitoring.thresholds.atRiskSilentDays: 365 days must be fewer than inactiveSilentDays (180): AT_RISK cannot be stricter than INACTIVE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unknown keys and values that are not whole numbers in range', () => {
    expect(() => parseThresholds({ inactiveDays: 10 })).toThrow('monitoring.thresholds.inactiveDays: unknown threshold');
    expect(() => parseThresholds({ noDuesDays: '120' })).toThrow('monitoring.thresholds.noDuesDays: expected a whole number from 1 to 3650, got "120"');
    expect(() => parseThresholds({ shrinkingPercent: 150 })).toThrow('monitoring.thresholds.shrinkingPercent: expected a whole number from 1 to 100, got 150');
    expect(() => parseMonitoringSettings({ alertUrl: 'ftp://x' })).toThrow('monitoring.alertUrl: expected an http(s) URL, got "ftp://x"');
    expect(() => parseMonitoringSettings({ intervalSeconds: -1 })).toThrow('monitoring.intervalSeconds');
    expect(() => parseMonitoringSettings({ schedule: 1 })).toThrow('monitoring.schedule: unknown key');
  });
});

describe('calendar', () => {
  it('refuses an asOf that is not a real date, naming it', () => {
    expect(parseAsOf('2025-12-31')).toBe('2025-12-31');
    for (const bad of ['2025-13-01', '2025-02-30', '31/12/2025', 'yesterday', '']) {
      expect(() => parseAsOf(bad, '--as-of')).toThrow(InputError);
      expect(() => parseAsOf(bad, '--as-of')).toThrow(`--as-of must be a date written yyyy-MM-dd, got "${bad}"`);
    }
  });

  it('computes the windows the signal queries use', () => {
    const w = signalWindow('2025-12-31');
    expect(w).toMatchObject({
      asOf: '2025-12-31', dayAfter: '2026-01-01', after90: '2025-10-02', after180: '2025-07-04', duesFrom: '2025-01-01',
      windowStart: '2025-01-01', ninetyDaysAgo: '2025-10-02', dayAfterNinetyDaysAgo: '2025-10-03',
    });
    expect(w.duesMonths).toHaveLength(12);
    expect(w.duesMonths[0]).toEqual({ from: '2025-01-01', until: '2025-02-01' });
    expect(w.duesMonths[11]).toEqual({ from: '2025-12-01', until: '2026-01-01' });
    expect(monthStartBefore('2025-03-15', 11)).toBe('2024-04-01');
    expect(addYears('2020-02-29', 5)).toBe('2025-02-28');
    expect(daysBetween('2025-03-02', '2025-12-31')).toBe(304);
  });
});
