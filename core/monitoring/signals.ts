import { addDays, monthStartBefore } from './calendar';

/**
 * What passive monitoring (动态无感监测) knows about one grassroots union as of a date, read from
 * data the union already produces: its activity records, dues payments, member records and the
 * change log. Nothing here is reported by the union itself. Every event dated after `asOf` is
 * left out, so the same store gives the same signals for the same date.
 */
export interface UnionSignals {
  unionId: string;
  foundedOn: string | null;
  lastElectionOn: string | null;
  /** The latest activity other than dues: meeting, event, rights case, summer cooling, check-up. */
  lastActivityOn: string | null;
  /** Activities other than dues in the 90 (180) days up to asOf. */
  activitiesLast90: number;
  activitiesLast180: number;
  /** The latest dues payment (dated the first day of the month paid for). */
  lastDuesOn: string | null;
  /** Calendar months with dues paid, among the 12 up to and including asOf's month. */
  duesMonthsPaidLast12: number;
  /** The latest change to one of the union's member records (join, leave, transfer, update). */
  lastMemberChangeOn: string | null;
  /** Members on the roll as of asOf, and 90 days before. */
  membersNow: number;
  members90DaysAgo: number;
}

/** A union nothing has been recorded for: every count zero, every date unknown. */
export function emptySignals(unionId: string, foundedOn: string | null, lastElectionOn: string | null): UnionSignals {
  return {
    unionId, foundedOn, lastElectionOn, lastActivityOn: null, activitiesLast90: 0, activitiesLast180: 0,
    lastDuesOn: null, duesMonthsPaidLast12: 0, lastMemberChangeOn: null, membersNow: 0, members90DaysAgo: 0,
  };
}

/** The cut-off dates every signal query uses, from asOf. Windows end on asOf, inclusive. */
export interface SignalWindow {
  asOf: string;
  /** The first day after asOf: an instant before it happened on or before asOf. */
  dayAfter: string;
  /** Events strictly after these dates fall in the last 90 / 180 days. */
  after90: string;
  after180: string;
  /** The first day of the 12-month dues window (11 months before asOf's month). */
  duesFrom: string;
  /** The earliest day any windowed signal looks at (the dues window or 180 days, whichever is longer). */
  windowStart: string;
  /** The 12 months of the dues window, each [from, until). */
  duesMonths: Array<{ from: string; until: string }>;
  /** asOf − 90 days, and the day after it, for the member count then. */
  ninetyDaysAgo: string;
  dayAfterNinetyDaysAgo: string;
}

export function signalWindow(asOf: string): SignalWindow {
  const ninetyDaysAgo = addDays(asOf, -90);
  const duesFrom = monthStartBefore(asOf, 11);
  const after180 = addDays(asOf, -180);
  return {
    asOf,
    dayAfter: addDays(asOf, 1),
    after90: ninetyDaysAgo,
    after180,
    duesFrom,
    windowStart: duesFrom < after180 ? duesFrom : after180,
    duesMonths: Array.from({ length: 12 }, (_, k) => ({ from: monthStartBefore(asOf, 11 - k), until: monthStartBefore(asOf, 10 - k) })),
    ninetyDaysAgo,
    dayAfterNinetyDaysAgo: addDays(ninetyDaysAgo, 1),
  };
}
