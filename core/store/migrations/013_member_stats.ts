import { index, sql, type AnyDb } from './columns';

/**
 * memberStats at province scale (2 million members): grouping by city × occupation joined every
 * member to member_occupations and sorted the pairs (13 CPU-seconds on SQLite). Now:
 * - `members.occupation_mask`: the member's occupation tags as bits (subgraphs/membership/
 *   occupation-mask.ts), written by the member-view writer with the row, so counts by occupation
 *   need no join; backfilled here from member_occupations for stores that already hold members;
 * - covering indexes on the dimensions the dashboard filters and groups by, so a count reads a
 *   narrow index in (city, mask) order instead of the wide rows (ciphertexts and names); 010's
 *   (status, new_employment, city) index is replaced by the same with the bits at its end.
 */
export const BACKFILL_BITS: ReadonlyArray<[string, number]> = [
  ['COURIER', 1], ['FOOD_DELIVERY', 2], ['RIDE_HAILING', 4], ['TAXI', 8], ['TRUCK_DRIVER', 16], ['DOMESTIC_SERVICE', 32], ['OTHER', 64],
];

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('members').addColumn('occupation_mask', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  const bit = sql.join(BACKFILL_BITS.map(([o, b]) => sql`when ${sql.lit(o)} then ${sql.lit(b)}`), sql` `);
  // A member has an occupation at most once (the primary key), so the sum of the bits is their OR.
  await sql`update members set occupation_mask = (
      select coalesce(sum(case mo.occupation ${bit} else 0 end), 0) from member_occupations mo where mo.member_id = members.id)
    where exists (select 1 from member_occupations mo where mo.member_id = members.id)`.execute(db);
  await index(db, 'members_stats_ix', 'members', ['city', 'occupation_mask', 'status', 'new_employment', 'joined_on']);
  // The dashboard's filter (active new-employment members, 010) seeks this one; with the bits in it
  // the seek also covers the count (without them the planner may pick it and read every row).
  await index(db, 'members_active_new_employment_ix', 'members', ['status', 'new_employment', 'city', 'occupation_mask']);
  await db.schema.dropIndex('members_status_new_employment_ix').ifExists().execute();
}
