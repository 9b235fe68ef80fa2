import { ConfigError } from '../errors';

/**
 * The numbers the monitoring rules compare signals with (config `monitoring.thresholds`).
 * Defaults are for real use and documented in the README:
 * - a grassroots union pays dues monthly, so a quarter with nothing at all (no activity, no dues,
 *   no member change) is worth a look (AT_RISK) and half a year is INACTIVE;
 * - a union holds at least a members' meeting a year, so a year without any activity besides dues
 *   is flagged even while dues keep arriving;
 * - unions elect every 3 to 5 years (工会法), so a last election more than 5 years ago is overdue.
 */
export interface Thresholds {
  /** No activity, dues or member change for this many days: AT_RISK (flag NO_ACTIVITY). */
  atRiskSilentDays: number;
  /** No activity, dues or member change for this many days: INACTIVE. */
  inactiveSilentDays: number;
  /** No activity other than dues (meeting, event, rights case…) for this many days: NO_ACTIVITY. */
  noActivityDays: number;
  /** No dues paid for this many days: NO_DUES. */
  noDuesDays: number;
  /** No member joined, left or changed for this many days: NO_MEMBER_CHANGE. */
  noMemberChangeDays: number;
  /** Years a union's committee serves; a last election longer ago: ELECTION_OVERDUE. */
  electionTermYears: number;
  /** Members fell by at least this percentage over 90 days: MEMBERS_SHRINKING … */
  shrinkingPercent: number;
  /** … for unions that had at least this many members 90 days ago (small rolls swing by chance). */
  shrinkingMinMembers: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  atRiskSilentDays: 90,
  inactiveSilentDays: 180,
  noActivityDays: 365,
  noDuesDays: 120,
  noMemberChangeDays: 365,
  electionTermYears: 5,
  shrinkingPercent: 20,
  shrinkingMinMembers: 10,
});

const KEYS = Object.keys(DEFAULT_THRESHOLDS) as Array<keyof Thresholds>;

/** Upper bounds that catch a unit mistake (seconds for days) rather than limit real use. */
const MAX: Record<keyof Thresholds, number> = {
  atRiskSilentDays: 3650, inactiveSilentDays: 3650, noActivityDays: 3650, noDuesDays: 3650, noMemberChangeDays: 3650,
  electionTermYears: 20, shrinkingPercent: 100, shrinkingMinMembers: 1_000_000,
};

/**
 * Thresholds from the config file over the defaults. Refuses unknown keys, values that are not
 * whole numbers in range, and contradictions: AT_RISK must come before INACTIVE.
 */
export function parseThresholds(value: unknown, key = 'monitoring.thresholds'): Thresholds {
  if (value === undefined) return { ...DEFAULT_THRESHOLDS };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(key, 'expected an object');
  const raw = value as Record<string, unknown>;
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const name of Object.keys(raw)) {
    if (!(KEYS as string[]).includes(name)) throw new ConfigError(`${key}.${name}`, `unknown threshold; expected one of ${KEYS.join(', ')}`);
    const n = raw[name];
    const limit = MAX[name as keyof Thresholds];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > limit) {
      throw new ConfigError(`${key}.${name}`, `expected a whole number from 1 to ${limit}, got ${JSON.stringify(n)}`);
    }
    out[name as keyof Thresholds] = n;
  }
  checkConsistent(out, key);
  return out;
}

/** The one ordering the rules depend on: a union is AT_RISK before it is INACTIVE. */
export function checkConsistent(t: Thresholds, key = 'monitoring.thresholds'): void {
  if (t.atRiskSilentDays >= t.inactiveSilentDays) {
    throw new ConfigError(
      `${key}.atRiskSilentDays`,
      `${t.atRiskSilentDays} days must be fewer than inactiveSilentDays (${t.inactiveSilentDays}): AT_RISK cannot be stricter than INACTIVE`,
    );
  }
}

/** A stable text of the thresholds: a run under other thresholds re-evaluates every union. */
export function thresholdsKey(t: Thresholds): string {
  return JSON.stringify(KEYS.map((k) => [k, t[k]]));
}
