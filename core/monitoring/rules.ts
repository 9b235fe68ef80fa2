import type { HealthFlagCode, HealthStatus } from '../../schema/enums';
import { addDays, addYears, daysBetween, latest } from './calendar';
import type { UnionSignals } from './signals';
import type { Thresholds } from './thresholds';

/**
 * The monitoring rules: signals in, a verdict out. Pure functions, so every rule is tested on
 * signals alone. The verdict:
 * - INACTIVE: no activity, dues or member change for `inactiveSilentDays`;
 * - AT_RISK: any flag (the quiet spell of `atRiskSilentDays` is the NO_ACTIVITY flag);
 * - ACTIVE: no flag at all.
 * A union with no data at all collects every flag that missing data implies (NO_ACTIVITY, NO_DUES,
 * NO_MEMBERS…), so it is never silently ACTIVE. When a union never had an event of a kind, its
 * clock runs from its founding date; with no founding date either, the flag is raised at once.
 * Each flag's `detail` is a sentence a county officer can act on; `since` is when the condition began.
 */
export interface HealthFlag {
  code: HealthFlagCode;
  detail: string;
  since: string | null;
}

export interface Verdict {
  status: HealthStatus;
  flags: HealthFlag[];
}

/** How long something has not happened: since its last date, else since founding, else forever. */
interface Quiet {
  since: string | null;
  days: number;
  /** False when `since` is the founding date, not an event. */
  sinceEvent: boolean;
}

function quietSince(last: string | null, foundedOn: string | null, asOf: string): Quiet {
  if (last) return { since: last, days: daysBetween(last, asOf), sinceEvent: true };
  if (foundedOn) return { since: foundedOn, days: daysBetween(foundedOn, asOf), sinceEvent: false };
  return { since: null, days: Number.POSITIVE_INFINITY, sinceEvent: false };
}

const daysText = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** "since 2025-03-02 (304 days)", "since the union was founded on …", or "on record". */
function sinceText(q: Quiet): string {
  if (q.since === null) return 'on record';
  return q.sinceEvent ? `since ${q.since} (${daysText(q.days)})` : `on record since the union was founded on ${q.since} (${daysText(q.days)})`;
}

/** The last sign of life: any activity, dues payment or member change. */
export function lastSignOfLife(s: UnionSignals): string | null {
  return latest(s.lastActivityOn, s.lastDuesOn, s.lastMemberChangeOn);
}

export function silence(s: UnionSignals, asOf: string): Quiet {
  return quietSince(lastSignOfLife(s), s.foundedOn, asOf);
}

/** NO_ACTIVITY: nothing at all for atRiskSilentDays, or nothing but dues and member changes for noActivityDays. */
export function noActivityFlag(s: UnionSignals, asOf: string, t: Thresholds): HealthFlag | null {
  const quiet = silence(s, asOf);
  if (quiet.days >= t.atRiskSilentDays) {
    return { code: 'NO_ACTIVITY', detail: `no activity, dues or member change ${sinceText(quiet)}`, since: quiet.since };
  }
  const activities = quietSince(s.lastActivityOn, s.foundedOn, asOf);
  if (activities.days >= t.noActivityDays) {
    return {
      code: 'NO_ACTIVITY',
      detail: `no meeting, event or other activity ${sinceText(activities)}; only dues and member records show the union is alive`,
      since: activities.since,
    };
  }
  return null;
}

export function noDuesFlag(s: UnionSignals, asOf: string, t: Thresholds): HealthFlag | null {
  const quiet = quietSince(s.lastDuesOn, s.foundedOn, asOf);
  if (quiet.days < t.noDuesDays) return null;
  const paid = `${s.duesMonthsPaidLast12} of the last 12 months paid`;
  const detail = quiet.sinceEvent
    ? `no dues paid since the payment for ${quiet.since!.slice(0, 7)} (${paid})`
    : `no dues payment ${sinceText(quiet)}`;
  return { code: 'NO_DUES', detail, since: quiet.since };
}

export function noMemberChangeFlag(s: UnionSignals, asOf: string, t: Thresholds): HealthFlag | null {
  const quiet = quietSince(s.lastMemberChangeOn, s.foundedOn, asOf);
  if (quiet.days < t.noMemberChangeDays) return null;
  const detail = quiet.sinceEvent
    ? `member roll unchanged since ${quiet.since} (${daysText(quiet.days)}): nobody joined, left or was updated`
    : `no member change ${sinceText(quiet)}`;
  return { code: 'NO_MEMBER_CHANGE', detail, since: quiet.since };
}

/** ELECTION_OVERDUE: the committee's term (from the last election, else from founding) has ended. */
export function electionOverdueFlag(s: UnionSignals, asOf: string, t: Thresholds): HealthFlag | null {
  const term = `${t.electionTermYears}-year term`;
  if (s.lastElectionOn) {
    const due = addYears(s.lastElectionOn, t.electionTermYears);
    if (due >= asOf) return null;
    return { code: 'ELECTION_OVERDUE', detail: `last election on ${s.lastElectionOn}: the ${term} ended on ${due}, ${daysText(daysBetween(due, asOf))} ago`, since: due };
  }
  if (s.foundedOn) {
    const due = addYears(s.foundedOn, t.electionTermYears);
    if (due >= asOf) return null;
    return { code: 'ELECTION_OVERDUE', detail: `no election on record since the union was founded on ${s.foundedOn}: the first ${term} ended on ${due}`, since: due };
  }
  return { code: 'ELECTION_OVERDUE', detail: 'no election date and no founding date on record', since: null };
}

export function noMembersFlag(s: UnionSignals, asOf: string): HealthFlag | null {
  if (s.membersNow > 0) return null;
  if (s.members90DaysAgo > 0) {
    return {
      code: 'NO_MEMBERS', detail: `no active members on the roll (${s.members90DaysAgo} 90 days ago)`,
      since: s.lastMemberChangeOn ?? addDays(asOf, -90),
    };
  }
  return { code: 'NO_MEMBERS', detail: 'no active members on the roll', since: null };
}

export function membersShrinkingFlag(s: UnionSignals, asOf: string, t: Thresholds): HealthFlag | null {
  const before = s.members90DaysAgo;
  if (before < t.shrinkingMinMembers || s.membersNow >= before) return null;
  const lost = before - s.membersNow;
  if (lost * 100 < t.shrinkingPercent * before) return null;
  return {
    code: 'MEMBERS_SHRINKING',
    detail: `members fell from ${before} to ${s.membersNow} (−${Math.round((lost * 100) / before)}%) in the 90 days to ${asOf}`,
    since: addDays(asOf, -90),
  };
}

/** Every flag that applies, in the contract's order of codes, then the status they add up to. */
export function evaluate(s: UnionSignals, asOf: string, t: Thresholds): Verdict {
  const flags = [
    noActivityFlag(s, asOf, t),
    noDuesFlag(s, asOf, t),
    noMemberChangeFlag(s, asOf, t),
    electionOverdueFlag(s, asOf, t),
    noMembersFlag(s, asOf),
    membersShrinkingFlag(s, asOf, t),
  ].filter((f): f is HealthFlag => f !== null);
  const status: HealthStatus = silence(s, asOf).days >= t.inactiveSilentDays ? 'INACTIVE' : flags.length > 0 ? 'AT_RISK' : 'ACTIVE';
  return { status, flags };
}
