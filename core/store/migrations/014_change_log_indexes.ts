import type { AnyDb } from './columns';

/**
 * Ingest writes one change-log row per applied record, and every index on the log is maintained
 * for each. `change_log_union_ix` (union_id, entity, occurred_on, from 001) holds the same columns
 * as 007's `change_log_member_change_ix` (entity, union_id, occurred_on) in another order, and no
 * reader needs the union-first order: every read by union also fixes the entity (the monitoring
 * signal reads, core/monitoring/read-signals*.ts, and the incremental run's touched unions). Their
 * plans seek the entity-first index (checked with EXPLAIN on SQLite and PostgreSQL), so the
 * union-first one is only write cost.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('change_log_union_ix').ifExists().execute();
}
