import { bigint, index, notNull, type AnyDb, type Dialect } from './columns';

/**
 * The real-name member view, second part (after 003_membership):
 * - `members.name_key`: the name in the form names are compared and searched in (traditional →
 *   simplified, no middle dots or spaces; subgraphs/membership/name-key.ts), so `nameContains`
 *   finds 陳大文 by 陈大文 and 阿依古丽·买买提 by 阿依古丽买买提;
 * - `member_source_states`: every version of a member record the hub applied (status, union, join
 *   date), so history keeps a LEFT and a re-join, or a move between unions, that later versions
 *   of the same record overwrite in member_sources;
 * - an index for the dashboard's counts of active (new-employment) members.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('members').addColumn('name_key', 'text', (c) => c.notNull().defaultTo('')).execute();

  await db.schema
    .createTable('member_source_states')
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('version', bigint(dialect), notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('union_id', 'text')
    .addColumn('joined_on', 'text')
    .addPrimaryKeyConstraint('member_source_states_pk', ['system', 'source_id', 'version'])
    .execute();
  await index(db, 'member_source_states_source_ix', 'member_source_states', ['source_id']);

  await index(db, 'members_status_new_employment_ix', 'members', ['status', 'new_employment', 'city']);
}
