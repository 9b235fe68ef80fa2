import { index, notNull, zero, type AnyDb } from './columns';

/** Welfare programs and enrollments. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('welfare_programs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('year', 'integer', notNull)
    .addColumn('funder', 'text', notNull)
    .addColumn('budget_yuan', 'double precision')
    .addColumn('places', 'integer')
    .addColumn('standard_yuan_per_person', 'double precision')
    .addColumn('organizer_level', 'text', notNull)
    .addColumn('eligibility', 'text', notNull)
    .addColumn('closed', 'integer', zero)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', notNull)
    .addColumn('member_id', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('enrolled_at', 'text', notNull)
    .addColumn('cancelled_at', 'text')
    .execute();
  await index(db, 'enrollments_program_ix', 'enrollments', ['program_id', 'status']);
  await index(db, 'enrollments_member_ix', 'enrollments', ['member_id']);
}
