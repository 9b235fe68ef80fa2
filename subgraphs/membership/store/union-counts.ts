import { sql } from 'kysely';
import { defineLoader, toCount } from '../../kit';

export interface UnionMemberCounts {
  members: number;
  newEmploymentMembers: number;
}

/**
 * ACTIVE members per union, both counts from one GROUP BY per batch: a page of unions asking for
 * memberCount and newEmploymentMemberCount costs one query.
 */
export const unionMemberCountsLoader = defineLoader<string, UnionMemberCounts>('unionMemberCounts', async (store, unionIds) => {
  const rows = await store.db
    .selectFrom('members')
    .select((eb) => ['union_id', eb.fn.countAll().as('n'), sql<number>`sum(new_employment)`.as('new_employment')])
    .where('union_id', 'in', [...unionIds])
    .where('status', '=', 'ACTIVE')
    .groupBy('union_id')
    .execute();
  const byUnion = new Map(rows.map((r) => [r.union_id, r]));
  return unionIds.map((id) => {
    const row = byUnion.get(id);
    return { members: toCount(row?.n), newEmploymentMembers: toCount(row?.new_employment) };
  });
});
