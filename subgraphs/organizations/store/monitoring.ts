import type { Store } from '../../../core/store/database';
import type { UnionHealthTable } from '../../../core/store/tables';
import { parseFlags } from '../../../core/monitoring/flags-json';
import { storedVerdicts, summarizeVerdicts, type VerdictSummary } from '../../../core/monitoring/summary';
import type { HealthFlag } from '../../../core/monitoring/rules';
import type { City, HealthStatus } from '../../../schema/enums';
import { defineLoader, oneByKey, toConnection, toCount, type ConnectionValue, type PageRequest } from '../../kit';
import { toUnionValue, type UnionValue } from './unions';

/**
 * Passive monitoring's results (union_health), as written by the monitoring job. Until it has run
 * there are no rows, and everything here answers empty or zero: no figure is ever made up.
 */
export type HealthFlagValue = HealthFlag;

export interface UnionHealthValue {
  status: HealthStatus;
  flags: HealthFlagValue[];
  lastActivityOn: string | null;
  lastMemberChangeOn: string | null;
  duesMonthsPaidLast12: number;
  asOf: string;
  evaluatedAt: string;
}

export type MonitoringSummaryValue = VerdictSummary;

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

export async function unionsByHealth(store: Store, city: City | null, statuses: readonly HealthStatus[], page: PageRequest): Promise<ConnectionValue<UnionValue>> {
  if (statuses.length === 0) return toConnection([], page, (u: UnionValue) => u.id, async () => 0);
  const rows = await storedVerdicts(store, city)
    .where('union_health.status', 'in', [...statuses])
    .$if(page.afterKey !== null, (qb) => qb.where('unions.id', '>', page.afterKey as string))
    .selectAll('unions')
    .orderBy('unions.id')
    .limit(page.first + 1)
    .execute();
  const count = async () => {
    const row = await storedVerdicts(store, city)
      .where('union_health.status', 'in', [...statuses])
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return toCount(row?.n);
  };
  return toConnection(rows.map(toUnionValue), page, (u) => u.id, count);
}

export async function countInactiveUnions(store: Store, city: City | null): Promise<number> {
  const row = await storedVerdicts(store, city)
    .where('union_health.status', '=', 'INACTIVE')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toCount(row?.n);
}

export function monitoringSummary(store: Store, city: City | null): Promise<MonitoringSummaryValue> {
  return summarizeVerdicts(store, city);
}
