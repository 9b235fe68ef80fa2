import { sql, type RawBuilder } from 'kysely';
import { ACTIVITY_KINDS, type City } from '../../schema/enums';
import type { Store } from '../store/database';
import { MONITORED_TYPES } from './monitored-unions';
import type { SignalWindow } from './signals';

/**
 * SQLite's way to the activity and change-log signals: driven from the monitored unions, each
 * signal a correlated subquery that seeks the covering index (activities_monitoring_ix on
 * union, deleted, kind, date; change_log_member_change_ix on entity, union, date) and reads only
 * the rows it needs: one entry per kind for a latest date (min/max optimization), the last 90 or
 * 180 days for the counts, the dues window for the months paid. The GROUP BY form scans all of
 * the index (years of history) once per aggregate; at 150,000 unions and 3.9 million activities
 * this reads about a quarter of the rows and took 1.8 instead of 3.0 CPU seconds for the
 * activities, 0.4 instead of 0.7 for the change log. PostgreSQL keeps the GROUP BY form, where a
 * hash aggregate over the index is the better plan than 150,000 × 9 subplans.
 */
export interface SeekAggregate {
  union_id: string;
  last_activity_on: string | null;
  last_dues_on: string | null;
  activities_90: number | null;
  activities_180: number | null;
  dues_months: number | null;
  last_change_on: string | null;
}

const NON_DUES = ACTIVITY_KINDS.filter((k) => k !== 'DUES');

/** The unions whose signals are read: a city's or the province's monitored unions, or some of them by id. */
export interface SeekRestriction {
  ids: string[] | null;
  city: City | null;
}

export async function seekAggregates(store: Store, r: SeekRestriction, w: SignalWindow): Promise<SeekAggregate[]> {
  const latestOf = (kind: string) =>
    sql<string | null>`(select max(a.date) from activities a where a.union_id = u.id and a.deleted = 0 and a.kind = ${kind} and a.date <= ${w.asOf})`;
  // SQLite's multi-argument max() is NULL when any argument is: a kind never seen must not hide the others.
  const latestActivity = sql<string | null>`nullif(max(${sql.join(NON_DUES.map((k) => sql`coalesce(${latestOf(k)}, '')`))}), '')`;
  const activitiesAfter = (after: string) =>
    sql<number>`(select count(*) from activities a where a.union_id = u.id and a.deleted = 0 and a.kind in (${sql.join(NON_DUES)}) and a.date > ${after} and a.date <= ${w.asOf})`;
  // Dates are yyyy-MM-dd: the first seven characters are the calendar month the dues were paid for.
  const duesMonths = sql<number>`(select count(distinct substr(a.date, 1, 7)) from activities a where a.union_id = u.id and a.deleted = 0 and a.kind = 'DUES' and a.date >= ${w.duesFrom} and a.date <= ${w.asOf})`;
  const lastChange = sql<string | null>`(select max(c.occurred_on) from change_log c where c.entity = 'member' and c.union_id = u.id and c.occurred_on <= ${w.asOf})`;
  const columns: Array<[string, RawBuilder<unknown>]> = [
    ['last_activity_on', latestActivity],
    ['last_dues_on', latestOf('DUES')],
    ['activities_90', activitiesAfter(w.after90)],
    ['activities_180', activitiesAfter(w.after180)],
    ['dues_months', duesMonths],
    ['last_change_on', lastChange],
  ];
  const where = [
    sql`u.deleted = 0`,
    sql`u.dissolved = 0`,
    sql`u.type in (${sql.join([...MONITORED_TYPES])})`,
    ...(r.city !== null ? [sql`u.city = ${r.city}`] : []),
    ...(r.ids !== null ? [sql`u.id in (${sql.join(r.ids)})`] : []),
  ];
  const { rows } = await sql<SeekAggregate>`
    select u.id as union_id, ${sql.join(columns.map(([name, expr]) => sql`${expr} as ${sql.ref(name)}`))}
    from unions u
    where ${sql.join(where, sql` and `)}`.execute(store.db);
  return rows;
}
