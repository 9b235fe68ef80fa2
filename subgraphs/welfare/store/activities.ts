import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { HubTables } from '../../../core/store/tables';
import type { ActivityKind, City, WelfareKind } from '../../../schema/enums';
import { defineLoader, toConnection, toCount, type ConnectionValue, type PageRequest } from '../../kit';
import { ACTIVITY_KIND_OF, WELFARE_ACTIVITY_KINDS, welfareKindOfActivity, type ProgramActivityScope } from './activity-links';
import { listPrograms, type ProgramValue } from './programs';

/** A check-up or summer-cooling activity an upstream reported (activities table, read only). */
export interface WelfareActivityValue {
  id: string;
  system: string;
  sourceId: string;
  kind: WelfareKind;
  date: string;
  participants: number | null;
  amountYuan: number | null;
  unionId: string;
  /** The union's division and city; null while the union itself has not arrived. */
  unionDivision: string | null;
  city: City | null;
}

type ActivityDb = ExpressionBuilder<HubTables & { u: HubTables['unions'] }, 'activities' | 'u'>;

export const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** The activities a query asks for, by year, city and kinds (welfare kinds only). */
export interface ActivityQuery {
  year: number;
  city: City | null;
  kinds: readonly ActivityKind[];
}

function queryWhere(eb: ActivityDb, q: ActivityQuery): Expression<SqlBool> {
  const { from, to } = yearRange(q.year);
  const conditions: Array<Expression<SqlBool>> = [
    eb('activities.deleted', '=', 0),
    eb('activities.kind', 'in', [...q.kinds]),
    eb('activities.date', '>=', from),
    eb('activities.date', '<=', to),
  ];
  if (q.city) conditions.push(eb('u.city', '=', q.city));
  return eb.and(conditions);
}

/** The activities a program gets by the link rule (activity-links.ts). */
function scopeWhere(eb: ActivityDb, scope: ProgramActivityScope): Expression<SqlBool> {
  const { from, to } = yearRange(scope.year);
  return eb.and([
    eb('activities.deleted', '=', 0),
    eb('activities.kind', '=', scope.activityKind),
    eb('activities.date', '>=', from),
    eb('activities.date', '<=', to),
    eb('u.division_code', 'like', `${scope.include}%`),
    ...scope.exclude.map((prefix) => eb.not(eb('u.division_code', 'like', `${prefix}%`))),
  ]);
}

function base(store: Store) {
  return store.db.selectFrom('activities').leftJoin('unions as u', 'u.id', 'activities.union_id');
}

/** Pages go by date, then id: the cursor carries both (`2025-07-01|act-9`). */
const keyOf = (a: WelfareActivityValue) => `${a.date}|${a.id}`;

async function page(store: Store, where: (eb: ActivityDb) => Expression<SqlBool>, req: PageRequest): Promise<ConnectionValue<WelfareActivityValue>> {
  const [afterDate, afterId] = splitKey(req.afterKey);
  const rows = await base(store)
    .select(['activities.id', 'activities.system', 'activities.source_id', 'activities.kind', 'activities.date', 'activities.participants', 'activities.amount_yuan', 'activities.union_id', 'u.division_code', 'u.city'])
    .where((eb) => where(eb as ActivityDb))
    .$if(afterDate !== null, (qb) => qb.where((eb) => eb.or([eb('activities.date', '>', afterDate as string), eb.and([eb('activities.date', '=', afterDate as string), eb('activities.id', '>', afterId as string)])])))
    .orderBy('activities.date')
    .orderBy('activities.id')
    .limit(req.first + 1)
    .execute();
  const values: WelfareActivityValue[] = rows.map((r) => ({
    id: r.id, system: r.system, sourceId: r.source_id, kind: welfareKindOfActivity(r.kind) ?? 'OTHER', date: r.date,
    participants: r.participants === null ? null : Number(r.participants), amountYuan: r.amount_yuan === null ? null : Number(r.amount_yuan),
    unionId: r.union_id, unionDivision: r.division_code ?? null, city: (r.city ?? null) as City | null,
  }));
  const count = async () => toCount((await base(store).select((eb) => eb.fn.countAll().as('n')).where((eb) => where(eb as ActivityDb)).executeTakeFirst())?.n);
  return toConnection(values, req, keyOf, count);
}

function splitKey(key: string | null): [string | null, string | null] {
  if (key === null) return [null, null];
  const bar = key.indexOf('|');
  return bar < 0 ? [key, ''] : [key.slice(0, bar), key.slice(bar + 1)];
}

export function welfareActivitiesPage(store: Store, q: ActivityQuery, req: PageRequest): Promise<ConnectionValue<WelfareActivityValue>> {
  if (q.kinds.length === 0) return Promise.resolve(toConnection<WelfareActivityValue>([], req, keyOf, async () => 0));
  return page(store, (eb) => queryWhere(eb, q), req);
}

/** A program's activities; an empty page when the rule links none to it (no activity kind, or a tie). */
export function programActivitiesPage(store: Store, scope: ProgramActivityScope | null, req: PageRequest, city: City | null = null): Promise<ConnectionValue<WelfareActivityValue>> {
  if (!scope) return Promise.resolve(toConnection<WelfareActivityValue>([], req, keyOf, async () => 0));
  // city: a city admin's view of a provincial program (its own city's activities only).
  return page(store, (eb) => (city ? eb.and([scopeWhere(eb, scope), eb('u.city', '=', city)]) : scopeWhere(eb, scope)), req);
}

export interface CityActivityCount {
  city: City | null;
  activities: number;
  participants: number;
}

/** Activities and participants per city: all welfare activities of a year, or a program's by its scope. */
export async function activitiesByCity(store: Store, where: { query: ActivityQuery } | { scope: ProgramActivityScope }): Promise<CityActivityCount[]> {
  const rows = await base(store)
    .select((eb) => ['u.city', eb.fn.countAll().as('n'), eb.fn.sum<number | string | null>('activities.participants').as('p')])
    .where((eb) => ('query' in where ? queryWhere(eb as ActivityDb, where.query) : scopeWhere(eb as ActivityDb, where.scope)))
    .groupBy('u.city')
    .execute();
  return rows.map((r) => ({ city: (r.city ?? null) as City | null, activities: toCount(r.n), participants: toCount(r.p) }));
}

/** The programs of one kind and year, per request: what linking an activity compares it with. */
export const programsOfKindAndYearLoader = defineLoader<string, ProgramValue[]>('welfareProgramsOfKindAndYear', async (store, keys) => {
  const years = [...new Set(keys.map((k) => Number(k.split(':')[1])))];
  const programs = (await Promise.all(years.map((y) => listPrograms(store, y, null)))).flat();
  return keys.map((key) => {
    const [kind, year] = key.split(':');
    return programs.filter((p) => p.kind === kind && p.year === Number(year));
  });
});

export const kindAndYearKey = (kind: WelfareKind, year: number) => `${kind}:${year}`;

export const activityKindsFor = (kind: WelfareKind | null): ActivityKind[] => {
  if (kind === null) return [...WELFARE_ACTIVITY_KINDS];
  const activityKind = ACTIVITY_KIND_OF[kind];
  return activityKind ? [activityKind] : [];
};
