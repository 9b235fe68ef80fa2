import { autoId, bigint, index, notNull, zero, type AnyDb, type Dialect } from './columns';

/** Sources, checkpoints, the push inbox, the change log, dead letters and data issues. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('adapter', 'text', notNull)
    .addColumn('cities', 'text', notNull)
    .addColumn('last_sync_started_at', 'text')
    .addColumn('last_sync_finished_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('records_applied', bigint(dialect), zero)
    .addColumn('records_unchanged', bigint(dialect), zero)
    .addColumn('dead_letters', bigint(dialect), zero)
    .execute();

  await db.schema
    .createTable('checkpoints')
    .addColumn('source_id', 'text', notNull)
    .addColumn('resource', 'text', notNull)
    .addColumn('value', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addPrimaryKeyConstraint('checkpoints_pk', ['source_id', 'resource'])
    .execute();

  await autoId(db.schema.createTable('inbox'), dialect, 'id')
    .addColumn('source_id', 'text', notNull)
    .addColumn('delivery_id', 'text', notNull)
    .addColumn('received_at', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('attempts', 'integer', zero)
    .addColumn('processed_at', 'text')
    .addColumn('error', 'text')
    .addUniqueConstraint('inbox_delivery_uq', ['source_id', 'delivery_id'])
    .execute();
  await index(db, 'inbox_pending_ix', 'inbox', ['status', 'id']);

  await autoId(db.schema.createTable('change_log'), dialect, 'seq')
    .addColumn('recorded_at', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('system', 'text', notNull)
    .addColumn('entity', 'text', notNull)
    .addColumn('entity_id', 'text', notNull)
    .addColumn('op', 'text', notNull)
    .addColumn('version', bigint(dialect), notNull)
    .addColumn('union_id', 'text')
    .addColumn('occurred_on', 'text')
    .execute();
  await index(db, 'change_log_union_ix', 'change_log', ['union_id', 'entity', 'occurred_on']);

  await autoId(db.schema.createTable('dead_letters'), dialect, 'id')
    .addColumn('source_id', 'text', notNull)
    .addColumn('system', 'text', notNull)
    .addColumn('resource', 'text', notNull)
    .addColumn('source_record_id', 'text', notNull)
    .addColumn('field', 'text', notNull)
    .addColumn('rule', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('raw', 'text', notNull)
    .addColumn('delivery_id', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    // The same bad record read again (pages overlap, pushes repeat) stays one dead letter.
    .addUniqueConstraint('dead_letters_uq', ['source_id', 'resource', 'source_record_id', 'field', 'rule', 'delivery_id'])
    .execute();

  await autoId(db.schema.createTable('data_issues'), dialect, 'id')
    .addColumn('code', 'text', notNull)
    .addColumn('severity', 'text', notNull)
    .addColumn('message', 'text', notNull)
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('field', 'text', notNull)
    .addColumn('entity_type', 'text', notNull)
    .addColumn('entity_id', 'text', notNull)
    .addColumn('detected_at', 'text', notNull)
    .addUniqueConstraint('data_issues_uq', ['code', 'system', 'source_id', 'field'])
    .execute();
  await index(db, 'data_issues_entity_ix', 'data_issues', ['entity_type', 'entity_id']);
}
