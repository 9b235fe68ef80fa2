import { autoId, bigint, index, notNull, zero, type AnyDb, type Dialect } from './columns';

/**
 * Passive monitoring: the history of status changes, the watermark each scope was last evaluated
 * at, and covering indexes for the set-based signal queries (core/monitoring/read-signals.ts).
 * The verdicts themselves live in union_health (002).
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  // One row per change of a union's status (the first verdict counts when it is not ACTIVE).
  await autoId(db.schema.createTable('union_health_history'), dialect, 'id')
    .addColumn('union_id', 'text', notNull)
    .addColumn('as_of', 'text', notNull)
    .addColumn('previous_status', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('flags', 'text', notNull)
    .addColumn('recorded_at', 'text', notNull)
    .execute();
  await index(db, 'union_health_history_union_ix', 'union_health_history', ['union_id', 'id']);

  // Per scope ('PROVINCE' or a City): the change-log seq, asOf and thresholds of the last run. A
  // run with the same asOf and thresholds re-evaluates only unions touched after that seq.
  await db.schema
    .createTable('monitoring_watermarks')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('as_of', 'text', notNull)
    .addColumn('thresholds', 'text', notNull)
    .addColumn('seq', bigint(dialect), zero)
    .addColumn('mode', 'text', notNull)
    .addColumn('unions_evaluated', 'integer', zero)
    .addColumn('evaluated_at', 'text', notNull)
    .execute();

  // Covering indexes: each signal aggregate reads one index in union order, never the table.
  await index(db, 'activities_monitoring_ix', 'activities', ['union_id', 'deleted', 'kind', 'date']);
  await index(db, 'change_log_member_change_ix', 'change_log', ['entity', 'union_id', 'occurred_on']);
  await index(db, 'member_sources_roll_ix', 'member_sources', ['union_id', 'deleted', 'status', 'joined_on', 'updated_at']);
  // Which unions an entity has fed before (a deleted activity, a member moved away): incremental runs.
  await index(db, 'change_log_entity_ix', 'change_log', ['entity', 'entity_id', 'union_id']);
}
