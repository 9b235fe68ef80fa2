import type { AnyDb } from './columns';

/**
 * A member's occupation tags live as bits in its row (members.occupation_mask, 013, backfilled
 * there from this table and written with the row since). The tag table repeated them one row per
 * tag, with two indexes keyed by the member's random id: at province scale (millions of members)
 * each new member cost two more index pages out of cache on the ingest's write path. Readers use
 * the bits now (Member.occupations, the occupations filter, memberStats).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('member_occupations_occ_ix').ifExists().execute();
  await db.schema.dropTable('member_occupations').ifExists().execute();
}
