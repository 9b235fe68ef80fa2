import type { Store } from '../../../core/store/database';
import type { UnionHealthTable } from '../../../core/store/tables';
import { HEALTH_FLAG_CODES, isOneOf, type City, type HealthFlagCode, type HealthStatus } from '../../../schema/enums';
import { defineLoader, oneByKey, toConnection, toCount, type ConnectionValue, type PageRequest } from '../../kit';
import { toUnionValue, type UnionValue } from './unions';

/**
 * Passive monitoring's results (union_health), as written by the monitoring job. Until it has run
 * there are no rows, and everything here answers empty or zero: no figure is ever made up.
 */
export interface HealthFlagValue {
  code: HealthFlagCode;
  detail: string;
  since: string | null;
}

export interface UnionHealthValue {
  status: HealthStatus;
  flags: HealthFlagValue[];
  lastActivityOn: string | null;
  lastMemberChangeOn: string | null;
  duesMonthsPaidLast12: number;
  asOf: string;
  evaluatedAt: string;
}

export interface MonitoringSummaryValue {
  city: City | null;
  asOf: string | null;
  total: number;
  active: number;
  atRisk: number;
  inactive: number;
  byFlag: Array<{ code: HealthFlagCode; count: number }>;
}

/** Flags are a JSON list of {code, detail, since}; entries with an unknown code are skipped. */
export function parseFlags(text: string): HealthFlagValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((f: unknown): HealthFlagValue[] => {
    if (typeof f !== 'object' || f === null) return [];
    const { code, detail, since } = f as Record<string, unknown>;
    if (!isOneOf(HEALTH_FLAG_CODES, code)) return [];
    return [{ code, detail: typeof detail === 'string' ? detail : '', since: typeof since === 'string' ? since : null }];
  });
}

function toHealthValue(row: UnionHealthTable): UnionHealthValue {
  return {
    status: row.status as HealthStatus,
    flags: parseFlags(row.flags),
    lastActivityOn: row.last_activity_on,
    lastMemberChangeOn: row.last_member_change_on,
    duesMonthsPaidLast12: Number(row.dues_months_paid_last12),
    asOf: row.as_of,
    evaluatedAt: row.evaluated_at,
  };
}

export const unionHealthLoader = defineLoader<string, UnionHealthValue | null>('unionHealth', async (store, unionIds) => {
  const rows = await store.db.selectFrom('union_health').selectAll().where('union_id', 'in', [...unionIds]).execute();
  return oneByKey(unionIds, rows, (r) => r.union_id).map((r) => (r ? toHealthValue(r) : null));
});

/** Visible unions with a verdict, optionally in a city: the base of every monitoring figure. */
function monitoredUnions(store: Store, city: City | null) {
  return store.db
    .selectFrom('union_health')
    .innerJoin('unions', 'unions.id', 'union_health.union_id')
    .where('unions.deleted', '=', 0)
    .$if(city !== null, (qb) => qb.where('unions.city', '=', city));
}

export async function unionsByHealth(store: Store, city: City | null, statuses: readonly HealthStatus[], page: PageRequest): Promise<ConnectionValue<UnionValue>> {
  if (statuses.length === 0) return toConnection([], page, (u: UnionValue) => u.id, async () => 0);
  const rows = await monitoredUnions(store, city)
    .where('union_health.status', 'in', [...statuses])
    .$if(page.afterKey !== null, (qb) => qb.where('unions.id', '>', page.afterKey as string))
    .selectAll('unions')
    .orderBy('unions.id')
    .limit(page.first + 1)
    .execute();
  const count = async () => {
    const row = await monitoredUnions(store, city)
      .where('union_health.status', 'in', [...statuses])
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return toCount(row?.n);
  };
  return toConnection(rows.map(toUnionValue), page, (u) => u.id, count);
}

export async function countInactiveUnions(store: Store, city: City | null): Promise<number> {
  const row = await monitoredUnions(store, city)
    .where('union_health.status', '=', 'INACTIVE')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toCount(row?.n);
}

export async function monitoringSummary(store: Store, city: City | null): Promise<MonitoringSummaryValue> {
  const byStatus = await monitoredUnions(store, city)
    .select(['union_health.status as status', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.max('union_health.as_of').as('as_of')])
    .groupBy('union_health.status')
    .execute();
  const count = (status: HealthStatus) => toCount(byStatus.find((r) => r.status === status)?.n);
  const asOf = byStatus.map((r) => r.as_of).filter((d): d is string => typeof d === 'string').sort().pop() ?? null;
  return {
    city,
    asOf,
    total: byStatus.reduce((sum, r) => sum + toCount(r.n), 0),
    active: count('ACTIVE'),
    atRisk: count('AT_RISK'),
    inactive: count('INACTIVE'),
    byFlag: await countFlags(store, city),
  };
}

/**
 * Flags are JSON lists, and JSON functions differ between SQLite and PostgreSQL, so they are
 * counted here; only rows with at least one flag are read. Codes without any flag are left out.
 */
async function countFlags(store: Store, city: City | null): Promise<Array<{ code: HealthFlagCode; count: number }>> {
  const rows = await monitoredUnions(store, city).where('union_health.flags', '<>', '[]').select('union_health.flags').execute();
  const counts = new Map<HealthFlagCode, number>();
  for (const row of rows) {
    // A union counts once per code even if a flag were listed twice.
    for (const code of new Set(parseFlags(row.flags).map((f) => f.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return HEALTH_FLAG_CODES.filter((c) => counts.has(c)).map((code) => ({ code, count: counts.get(code) as number }));
}
