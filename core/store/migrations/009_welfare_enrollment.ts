import { autoId, index, notNull, sql, zero, type AnyDb, type Dialect } from './columns';

/**
 * Welfare eligibility and enrollments (暖"新"服务):
 * - programs say which division organizes them (activities are linked by it) and who changed them last;
 * - an enrollment names the place it holds: '' for the member, or a keyed hash of the child for a
 *   children's camp, whose given name is stored encrypted (and masked for lists) with the birth year;
 * - the flags upstreams do not carry (hardship, martyr's family, frontline worker of a non-public
 *   enterprise) live in welfare's own table, each change logged with who and when.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('welfare_programs').addColumn('organizer_division', 'text', (c) => c.notNull().defaultTo('330000')).execute();
  await db.schema.alterTable('welfare_programs').addColumn('updated_by', 'text').execute();

  await db.schema.alterTable('enrollments').addColumn('place_key', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('enrollments').addColumn('child_given_name_enc', 'text').execute();
  await db.schema.alterTable('enrollments').addColumn('child_given_name_masked', 'text').execute();
  await db.schema.alterTable('enrollments').addColumn('child_birth_year', 'integer').execute();
  // A backstop under the program lock: one held place per member (or per child) and program.
  await db.schema
    .createIndex('enrollments_holder_uq')
    .ifNotExists()
    .on('enrollments')
    .columns(['program_id', 'member_id', 'place_key'])
    .unique()
    .where(sql.ref('status'), '<>', sql.lit('CANCELLED'))
    .execute();

  await db.schema
    .createTable('member_welfare_attributes')
    .addColumn('member_id', 'text', (c) => c.primaryKey())
    .addColumn('hardship', 'integer', zero)
    .addColumn('martyr_family', 'integer', zero)
    .addColumn('frontline_non_public', 'integer', zero)
    .addColumn('basis', 'text')
    .addColumn('set_by', 'text', notNull)
    .addColumn('set_at', 'text', notNull)
    .execute();

  await autoId(db.schema.createTable('member_welfare_attribute_log'), dialect, 'id')
    .addColumn('member_id', 'text', notNull)
    .addColumn('hardship', 'integer', notNull)
    .addColumn('martyr_family', 'integer', notNull)
    .addColumn('frontline_non_public', 'integer', notNull)
    .addColumn('basis', 'text')
    .addColumn('set_by', 'text', notNull)
    .addColumn('set_at', 'text', notNull)
    .addColumn('request_id', 'text', notNull)
    .execute();
  await index(db, 'member_welfare_attribute_log_member_ix', 'member_welfare_attribute_log', ['member_id', 'set_at']);

  // Welfare reads check-up and summer-cooling activities by kind and year across unions.
  await index(db, 'activities_welfare_kind_date_ix', 'activities', ['kind', 'date']);
}
