import type { City, HealthStatus } from '../../schema/enums';
import type { Store } from '../store/database';
import { parseFlags } from './flags-json';
import type { HealthFlag } from './rules';
import { storedVerdicts } from './summary';

/**
 * The stored verdicts a county officer follows up: unions with the given statuses, INACTIVE
 * first, then by city, county and id. Read from union_health, so unions an incremental run did
 * not touch are listed with their standing verdict.
 */
export interface FlaggedUnion {
  id: string;
  name: string;
  city: City | null;
  divisionCode: string;
  status: HealthStatus;
  flags: HealthFlag[];
  lastActivityOn: string | null;
  lastMemberChangeOn: string | null;
  duesMonthsPaidLast12: number;
  asOf: string;
  evaluatedAt: string;
}

const ORDER: Record<HealthStatus, number> = { INACTIVE: 0, AT_RISK: 1, ACTIVE: 2 };

export async function readFlaggedUnions(store: Store, city: City | null, statuses: readonly HealthStatus[]): Promise<FlaggedUnion[]> {
  if (statuses.length === 0) return [];
  const rows = await storedVerdicts(store, city)
    .where('union_health.status', 'in', [...statuses])
    .select([
      'unions.id', 'unions.name', 'unions.city', 'unions.division_code', 'union_health.status', 'union_health.flags',
      'union_health.last_activity_on', 'union_health.last_member_change_on', 'union_health.dues_months_paid_last12',
      'union_health.as_of', 'union_health.evaluated_at',
    ])
    .execute();
  return rows
    .map((r): FlaggedUnion => ({
      id: r.id, name: r.name, city: r.city as City | null, divisionCode: r.division_code, status: r.status as HealthStatus,
      flags: parseFlags(r.flags), lastActivityOn: r.last_activity_on, lastMemberChangeOn: r.last_member_change_on,
      duesMonthsPaidLast12: Number(r.dues_months_paid_last12), asOf: r.as_of, evaluatedAt: r.evaluated_at,
    }))
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.city ?? '').localeCompare(b.city ?? '')
      || a.divisionCode.localeCompare(b.divisionCode) || a.id.localeCompare(b.id));
}
