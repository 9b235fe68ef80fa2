import { HEALTH_FLAG_CODES, type City, type HealthFlagCode, type HealthStatus } from '../../schema/enums';
import type { Store } from '../store/database';
import { parseFlags } from './flags-json';

/**
 * Counts of the stored verdicts for the province or a city: what `monitoringSummary`, the
 * Overview and `hub monitor` report. Only verdicts of unions that still exist count.
 */
export interface VerdictSummary {
  city: City | null;
  /** The newest asOf among the counted verdicts; null before monitoring has run. */
  asOf: string | null;
  total: number;
  active: number;
  atRisk: number;
  inactive: number;
  byFlag: Array<{ code: HealthFlagCode; count: number }>;
}

/** Verdicts joined to their (not deleted) union, optionally in one city: the base of every figure. */
export function storedVerdicts(store: Store, city: City | null) {
  return store.db
    .selectFrom('union_health')
    .innerJoin('unions', 'unions.id', 'union_health.union_id')
    .where('unions.deleted', '=', 0)
    .$if(city !== null, (qb) => qb.where('unions.city', '=', city));
}

export async function summarizeVerdicts(store: Store, city: City | null): Promise<VerdictSummary> {
  const byStatus = await storedVerdicts(store, city)
    .select(['union_health.status as status', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.max('union_health.as_of').as('as_of')])
    .groupBy('union_health.status')
    .execute();
  const count = (status: HealthStatus) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
  const asOf = byStatus.map((r) => r.as_of).filter((d): d is string => typeof d === 'string').sort().pop() ?? null;
  return {
    city,
    asOf,
    total: byStatus.reduce((sum, r) => sum + Number(r.n), 0),
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
  const rows = await storedVerdicts(store, city).where('union_health.flags', '<>', '[]').select('union_health.flags').execute();
  const counts = new Map<HealthFlagCode, number>();
  for (const row of rows) {
    // A union counts once per code even if a flag were listed twice.
    for (const code of new Set(parseFlags(row.flags).map((f) => f.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return HEALTH_FLAG_CODES.filter((c) => counts.has(c)).map((code) => ({ code, count: counts.get(code) as number }));
}
