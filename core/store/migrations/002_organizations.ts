import { bigint, index, notNull, zero, type AnyDb, type Dialect } from './columns';

/** Unions, enterprises, formation applications and the monitoring results. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('unions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('credit_code', 'text')
    .addColumn('type', 'text', notNull)
    .addColumn('division_code', 'text', notNull)
    .addColumn('city', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('founded_on', 'text')
    .addColumn('last_election_on', 'text')
    .addColumn('dissolved', 'integer', zero)
    .addColumn('deleted', 'integer', zero)
    .addColumn('version', bigint(dialect), notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await index(db, 'unions_parent_ix', 'unions', ['parent_id']);
  await index(db, 'unions_city_type_ix', 'unions', ['city', 'type']);
  await index(db, 'unions_division_ix', 'unions', ['division_code']);

  await db.schema
    .createTable('enterprises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('credit_code', 'text')
    .addColumn('category', 'text', notNull)
    .addColumn('platform', 'text')
    .addColumn('division_code', 'text')
    .addColumn('city', 'text')
    .addColumn('union_id', 'text')
    .addColumn('employees', 'integer')
    .addColumn('new_employment_workers', 'integer')
    .addColumn('deleted', 'integer', zero)
    .addColumn('version', bigint(dialect), notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await index(db, 'enterprises_city_category_ix', 'enterprises', ['city', 'category']);
  await index(db, 'enterprises_credit_code_ix', 'enterprises', ['credit_code']);

  await db.schema
    .createTable('formation_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system', 'text', notNull)
    .addColumn('enterprise_id', 'text', notNull)
    .addColumn('stage', 'text', notNull)
    .addColumn('submitted_at', 'text', notNull)
    .addColumn('stage_updated_at', 'text')
    .addColumn('union_id', 'text')
    .addColumn('deleted', 'integer', zero)
    .addColumn('version', bigint(dialect), notNull)
    .execute();
  await index(db, 'formation_applications_enterprise_ix', 'formation_applications', ['enterprise_id']);

  await db.schema
    .createTable('union_health')
    .addColumn('union_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', notNull)
    .addColumn('flags', 'text', notNull)
    .addColumn('last_activity_on', 'text')
    .addColumn('last_member_change_on', 'text')
    .addColumn('dues_months_paid_last12', 'integer', zero)
    .addColumn('as_of', 'text', notNull)
    .addColumn('evaluated_at', 'text', notNull)
    .execute();
  await index(db, 'union_health_status_ix', 'union_health', ['status']);
}
