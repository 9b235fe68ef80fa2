import { sql, type Kysely } from 'kysely';
import type { City, HealthStatus } from '../../schema/enums';
import type { Store } from '../store/database';
import type { HubTables, UnionHealthTable } from '../store/tables';
import { MONITORED_TYPES, type Scope } from './monitored-unions';

/**
 * Stored verdicts (union_health) and their history (union_health_history). Writes are multi-row
 * statements inside the run's transaction: 150,000 verdicts cost a few hundred statements.
 */
const ROWS_PER_STATEMENT = 1000;
const IDS_PER_QUERY = 900;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The status each union has now (before this run writes), for the given unions. */
export async function readStatuses(store: Store, ids: readonly string[]): Promise<Map<string, HealthStatus>> {
  const out = new Map<string, HealthStatus>();
  for (const part of chunks(ids, IDS_PER_QUERY)) {
    const rows = await store.db.selectFrom('union_health').select(['union_id', 'status']).where('union_id', 'in', part).execute();
    for (const r of rows) out.set(r.union_id, r.status as HealthStatus);
  }
  return out;
}

/** The status of every verdict in a scope: one query, for full runs. */
export async function readScopeStatuses(store: Store, scope: Scope): Promise<Map<string, HealthStatus>> {
  const rows = await store.db
    .selectFrom('union_health')
    .$if(scope.city !== null, (qb) => qb.innerJoin('unions', 'unions.id', 'union_health.union_id').where('unions.city', '=', scope.city as City))
    .select(['union_health.union_id', 'union_health.status'])
    .execute();
  return new Map(rows.map((r) => [r.union_id, r.status as HealthStatus]));
}

/**
 * Verdicts in the scope whose union is no longer monitored (deleted, dissolved, no longer
 * grassroots, or gone): they are removed, not left to look current.
 */
export async function verdictsWithoutMonitoredUnion(store: Store, scope: Scope): Promise<string[]> {
  const rows = await store.db
    .selectFrom('union_health')
    .leftJoin('unions', 'unions.id', 'union_health.union_id')
    .select('union_health.union_id')
    .where((eb) => eb.or([
      eb('unions.id', 'is', null),
      eb('unions.deleted', '<>', 0),
      eb('unions.dissolved', '<>', 0),
      eb('unions.type', 'not in', [...MONITORED_TYPES]),
    ]))
    // A city scope only cleans its own city; verdicts whose union is gone belong to the province run.
    .$if(scope.city !== null, (qb) => qb.where('unions.city', '=', scope.city as City))
    .execute();
  return rows.map((r) => r.union_id);
}

export async function writeVerdicts(trx: Kysely<HubTables>, rows: readonly UnionHealthTable[]): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('union_health')
      .values(part)
      .onConflict((oc) => oc.column('union_id').doUpdateSet({
        status: sql.ref('excluded.status'),
        flags: sql.ref('excluded.flags'),
        last_activity_on: sql.ref('excluded.last_activity_on'),
        last_member_change_on: sql.ref('excluded.last_member_change_on'),
        dues_months_paid_last12: sql.ref('excluded.dues_months_paid_last12'),
        as_of: sql.ref('excluded.as_of'),
        evaluated_at: sql.ref('excluded.evaluated_at'),
      }))
      .execute();
  }
}

export async function deleteVerdicts(trx: Kysely<HubTables>, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids, IDS_PER_QUERY)) await trx.deleteFrom('union_health').where('union_id', 'in', part).execute();
}

export interface HistoryEntry {
  unionId: string;
  asOf: string;
  previousStatus: HealthStatus | null;
  status: HealthStatus;
  flags: string;
  recordedAt: string;
}

export async function recordHistory(trx: Kysely<HubTables>, entries: readonly HistoryEntry[]): Promise<void> {
  for (const part of chunks(entries, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('union_health_history')
      .values(part.map((e) => ({
        union_id: e.unionId, as_of: e.asOf, previous_status: e.previousStatus, status: e.status, flags: e.flags, recorded_at: e.recordedAt,
      })))
      .execute();
  }
}
