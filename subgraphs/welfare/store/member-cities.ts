import type { Store } from '../../../core/store/database';
import type { City } from '../../../schema/enums';
import { defineLoader } from '../../kit';

/**
 * The city the member view places each member in (membership's `members.city`), read to check a
 * city admin's reach before serving or changing a member's welfare. undefined: no such member.
 */
export const memberCityLoader = defineLoader<string, City | null | undefined>('welfareMemberCity', async (store, ids) => {
  const rows = await store.db.selectFrom('members').select(['id', 'city']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r.city as City | null]));
  return ids.map((id) => (byId.has(id) ? byId.get(id) : undefined));
});

/** The member whose place an enrollment is, or undefined when there is no such enrollment. */
export async function enrollmentMember(store: Store, enrollmentId: string): Promise<string | undefined> {
  const row = await store.db.selectFrom('enrollments').select('member_id').where('id', '=', enrollmentId).executeTakeFirst();
  return row?.member_id;
}
