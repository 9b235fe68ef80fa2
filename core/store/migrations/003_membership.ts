import { autoId, bigint, index, notNull, zero, type AnyDb, type Dialect } from './columns';

/** Member sources (one per upstream record), the derived members, occupations and history. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('member_sources')
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('person_key', 'text', notNull)
    .addColumn('id_type', 'text', notNull)
    .addColumn('id_number_enc', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('gender', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('mobile_enc', 'text')
    .addColumn('union_id', 'text')
    .addColumn('city', 'text')
    .addColumn('joined_on', 'text')
    .addColumn('join_channel', 'text')
    .addColumn('occupations', 'text', notNull)
    .addColumn('employer_name', 'text')
    .addColumn('employer_credit_code', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('deleted', 'integer', zero)
    .addColumn('version', bigint(dialect), notNull)
    .addColumn('updated_at', 'text', notNull)
    .addPrimaryKeyConstraint('member_sources_pk', ['system', 'source_id'])
    .execute();
  await index(db, 'member_sources_person_ix', 'member_sources', ['person_key']);

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_key', 'text', (c) => c.notNull().unique())
    .addColumn('id_type', 'text', notNull)
    .addColumn('id_number_enc', 'text', notNull)
    .addColumn('id_number_masked', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('name_pinyin', 'text', notNull)
    .addColumn('name_initials', 'text', notNull)
    .addColumn('gender', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('mobile_enc', 'text')
    .addColumn('mobile_masked', 'text')
    .addColumn('city', 'text')
    .addColumn('union_id', 'text')
    .addColumn('employer_name', 'text')
    .addColumn('employer_credit_code', 'text')
    .addColumn('new_employment', 'integer', zero)
    .addColumn('joined_on', 'text')
    .addColumn('join_year', 'integer')
    .addColumn('join_channel', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await index(db, 'members_city_status_ix', 'members', ['city', 'status']);
  await index(db, 'members_union_ix', 'members', ['union_id', 'status']);
  await index(db, 'members_joined_ix', 'members', ['joined_on']);

  await db.schema
    .createTable('member_occupations')
    .addColumn('member_id', 'text', notNull)
    .addColumn('occupation', 'text', notNull)
    .addPrimaryKeyConstraint('member_occupations_pk', ['member_id', 'occupation'])
    .execute();
  await index(db, 'member_occupations_occ_ix', 'member_occupations', ['occupation', 'member_id']);

  await autoId(db.schema.createTable('member_events'), dialect, 'id')
    .addColumn('member_id', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('union_id', 'text')
    .addUniqueConstraint('member_events_uq', ['member_id', 'kind', 'at', 'system', 'source_id'])
    .execute();
}
