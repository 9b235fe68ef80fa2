import { bigint, index, notNull, zero, type AnyDb, type Dialect } from './columns';

/** Union activities, dues payments among them (kind DUES). */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('union_id', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('date', 'text', notNull)
    .addColumn('participants', 'integer')
    .addColumn('amount_yuan', 'double precision')
    .addColumn('deleted', 'integer', zero)
    .addColumn('version', bigint(dialect), notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await index(db, 'activities_union_kind_date_ix', 'activities', ['union_id', 'kind', 'date']);
}
