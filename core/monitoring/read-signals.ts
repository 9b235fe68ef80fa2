import { sql } from 'kysely';
import type { City } from '../../schema/enums';
import type { Store } from '../store/database';
import { monitoredUnionIds, readMonitoredUnions, type MonitoredUnion, type Scope } from './monitored-unions';
import { emptySignals, type SignalWindow, type UnionSignals } from './signals';
import { seekAggregates } from './read-signals-by-seek';

/**
 * Folds the signals of many unions at once: four GROUP BY queries (latest activities and dues,
 * windowed activities and dues, member changes from the change log, member rolls) over the whole scope, or over a list of union ids in
 * chunks — never a query per union. Each query reads only the covering indexes of 007_monitoring.
 */
const IDS_PER_QUERY = 900;

/**
 * Which unions' rows the aggregates read: all monitored unions of the scope, or the given ids.
 * A city scope restricts by subquery, so the province's other rows are not even read.
 */
type Rows = { kind: 'scope'; scope: Scope } | { kind: 'ids'; ids: string[] };

interface ActivityAggregate {
  union_id: string;
  last_activity_on: string | null;
  last_dues_on: string | null;
  activities_90: number | string | null;
  activities_180: number | string | null;
  dues_months: number | string | null;
}

/** The restriction as the queries apply it: an id list, or a city's monitored unions, or nothing. */
function restriction(rows: Rows): { ids: string[] | null; city: City | null } {
  return rows.kind === 'ids' ? { ids: rows.ids, city: null } : { ids: null, city: rows.scope.city };
}

const n = (v: number | string | null | undefined) => Number(v ?? 0);

/**
 * Activities and dues in two passes over the covering index: the latest dates over all history,
 * then the windowed counts over the rows of the last year only, so the dozen CASE expressions
 * of the windows are not evaluated for years of older records.
 */
async function activityAggregates(store: Store, rows: Rows, w: SignalWindow): Promise<ActivityAggregate[]> {
  const [latest, windowed] = await Promise.all([latestActivities(store, rows, w), windowedActivities(store, rows, w)]);
  const byUnion = new Map(windowed.map((x) => [x.union_id, x]));
  return latest.map((l) => {
    const x = byUnion.get(l.union_id);
    return { ...l, activities_90: x?.activities_90 ?? 0, activities_180: x?.activities_180 ?? 0, dues_months: x?.dues_months ?? 0 };
  });
}

/** The latest activity and the latest dues payment of each union, over all history. */
function latestActivities(store: Store, rows: Rows, w: SignalWindow) {
  const kind = sql.ref('activities.kind');
  const date = sql.ref('activities.date');
  return activityRows(store, rows, w)
    .select([
      sql<string | null>`max(case when ${kind} <> 'DUES' then ${date} end)`.as('last_activity_on'),
      sql<string | null>`max(case when ${kind} = 'DUES' then ${date} end)`.as('last_dues_on'),
    ])
    .execute();
}

/** The windowed counts, over the last year's rows only. */
function windowedActivities(store: Store, rows: Rows, w: SignalWindow) {
  const kind = sql.ref('activities.kind');
  const date = sql.ref('activities.date');
  return activityRows(store, rows, w)
    .where('activities.date', '>=', w.windowStart)
    .select([
      sql<number>`sum(case when ${kind} <> 'DUES' and ${date} > ${w.after90} then 1 else 0 end)`.as('activities_90'),
      sql<number>`sum(case when ${kind} <> 'DUES' and ${date} > ${w.after180} then 1 else 0 end)`.as('activities_180'),
      duesMonthsPaid(w).as('dues_months'),
    ])
    .execute();
}

/** Activities up to asOf of the unions asked for, grouped by union. */
function activityRows(store: Store, rows: Rows, w: SignalWindow) {
  const r = restriction(rows);
  return store.db
    .selectFrom('activities')
    .select('activities.union_id')
    .where('activities.deleted', '=', 0)
    .where('activities.date', '<=', w.asOf)
    .$if(r.ids !== null, (qb) => qb.where('activities.union_id', 'in', r.ids as string[]))
    .$if(r.city !== null, (qb) => qb.where('activities.union_id', 'in', monitoredUnionIds(store, { city: r.city })))
    .groupBy('activities.union_id');
}

/**
 * Months with dues paid among the 12 of the window: one max() per month, summed. A streaming
 * aggregate, where count(DISTINCT month) would sort every union's payments.
 */
function duesMonthsPaid(w: SignalWindow) {
  const kind = sql.ref('activities.kind');
  const date = sql.ref('activities.date');
  const months = w.duesMonths.map((m) =>
    sql`max(case when ${kind} = 'DUES' and ${date} >= ${m.from} and ${date} < ${m.until} then 1 else 0 end)`);
  return sql<number>`(${sql.join(months, sql` + `)})`;
}

/** The last member change per union: the newest business date of a member record in the change log. */
async function memberChanges(store: Store, rows: Rows, w: SignalWindow): Promise<Array<{ union_id: string | null; last_change_on: string | null }>> {
  const r = restriction(rows);
  return store.db
    .selectFrom('change_log')
    .select(['change_log.union_id', (eb) => eb.fn.max('change_log.occurred_on').as('last_change_on')])
    .where('change_log.entity', '=', 'member')
    .where('change_log.occurred_on', '<=', w.asOf)
    .$if(r.ids === null, (qb) => qb.where('change_log.union_id', 'is not', null))
    .$if(r.ids !== null, (qb) => qb.where('change_log.union_id', 'in', r.ids as string[]))
    .$if(r.city !== null, (qb) => qb.where('change_log.union_id', 'in', monitoredUnionIds(store, { city: r.city })))
    .groupBy('change_log.union_id')
    .execute();
}

/**
 * The roll as of a date, from the member records (one per upstream record): joined on or before
 * it, and ACTIVE now or changed to not-ACTIVE only after it. The record's last update stands for
 * the day it left; a record that moved between unions counts where it is now.
 */
async function memberRolls(store: Store, rows: Rows, w: SignalWindow): Promise<Array<{ union_id: string | null; members_now: number | string | null; members_then: number | string | null }>> {
  const r = restriction(rows);
  const joined = sql.ref('member_sources.joined_on');
  const status = sql.ref('member_sources.status');
  const updated = sql.ref('member_sources.updated_at');
  const onRollAt = (day: string, dayAfter: string) =>
    sql<number>`sum(case when (${joined} is null or ${joined} <= ${day}) and (${status} = 'ACTIVE' or ${updated} >= ${dayAfter}) then 1 else 0 end)`;
  return store.db
    .selectFrom('member_sources')
    .select([
      'member_sources.union_id',
      onRollAt(w.asOf, w.dayAfter).as('members_now'),
      onRollAt(w.ninetyDaysAgo, w.dayAfterNinetyDaysAgo).as('members_then'),
    ])
    .where('member_sources.deleted', '=', 0)
    .$if(r.ids === null, (qb) => qb.where('member_sources.union_id', 'is not', null))
    .$if(r.ids !== null, (qb) => qb.where('member_sources.union_id', 'in', r.ids as string[]))
    .$if(r.city !== null, (qb) => qb.where('member_sources.union_id', 'in', monitoredUnionIds(store, { city: r.city })))
    .groupBy('member_sources.union_id')
    .execute();
}

/** SQLite: activities and member changes by per-union index seeks (read-signals-by-seek.ts), rolls as above. */
async function readBySeek(store: Store, rows: Rows, w: SignalWindow) {
  const seek = await seekAggregates(store, restriction(rows), w);
  const rolls = await memberRolls(store, rows, w);
  const activities: ActivityAggregate[] = seek;
  const changes = seek.map((s) => ({ union_id: s.union_id, last_change_on: s.last_change_on }));
  return [activities, changes, rolls] as const;
}

/** Folds the three aggregates into signals for the given unions (rows of other unions are ignored). */
async function fold(store: Store, unions: readonly MonitoredUnion[], rows: Rows, w: SignalWindow, into: Map<string, UnionSignals>): Promise<void> {
  const part = new Map<string, UnionSignals>();
  for (const u of unions) part.set(u.id, emptySignals(u.id, u.foundedOn, u.lastElectionOn));
  // Independent reads: PostgreSQL runs them on separate connections at once; SQLite's one
  // connection takes them in turn.
  const [activities, changes, rolls] = store.dialect === 'sqlite'
    ? await readBySeek(store, rows, w)
    : await Promise.all([activityAggregates(store, rows, w), memberChanges(store, rows, w), memberRolls(store, rows, w)]);
  for (const a of activities) {
    const s = part.get(a.union_id);
    if (!s) continue;
    s.lastActivityOn = a.last_activity_on;
    s.lastDuesOn = a.last_dues_on;
    s.activitiesLast90 = n(a.activities_90);
    s.activitiesLast180 = n(a.activities_180);
    s.duesMonthsPaidLast12 = n(a.dues_months);
  }
  for (const c of changes) {
    const s = c.union_id ? part.get(c.union_id) : undefined;
    if (s) s.lastMemberChangeOn = c.last_change_on;
  }
  for (const r of rolls) {
    const s = r.union_id ? part.get(r.union_id) : undefined;
    if (!s) continue;
    s.membersNow = n(r.members_now);
    s.members90DaysAgo = n(r.members_then);
  }
  for (const [id, s] of part) into.set(id, s);
}

/** Signals of every monitored union in the scope. */
export async function readScopeSignals(store: Store, scope: Scope, w: SignalWindow): Promise<Map<string, UnionSignals>> {
  const out = new Map<string, UnionSignals>();
  await fold(store, await readMonitoredUnions(store, scope), { kind: 'scope', scope }, w, out);
  return out;
}

/** Signals of the given unions that are monitored in the scope; the others are left out. */
export async function readUnionSignals(store: Store, scope: Scope, ids: readonly string[], w: SignalWindow): Promise<Map<string, UnionSignals>> {
  const out = new Map<string, UnionSignals>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    const unions = await readMonitoredUnions(store, scope, chunk);
    if (unions.length === 0) continue;
    await fold(store, unions, { kind: 'ids', ids: unions.map((u) => u.id) }, w, out);
  }
  return out;
}
