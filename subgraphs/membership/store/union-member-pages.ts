import { sql } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { City } from '../../../schema/enums';
import { defineLoader, manyByKey, toCount, type PageRequest } from '../../kit';
import { toMemberValue, type MemberValue } from './members';

/**
 * Union.members for every union of a request at once. The gateway sends a page of unions as one
 * `_entities` call; one union at a time that was a page query and a count per union. Here the
 * unions asking for the same page shape (first, after) share one query: each union's members
 * numbered by `row_number() over (partition by union_id order by id)` after the cursor, cut at
 * first + 1 (the extra row says whether another page exists). The order and the cursor are
 * membersPage's: members.id ascending, `id > after`, in the same SQL on both stores.
 */
export interface UnionMembersPageKey {
  unionId: string;
  page: PageRequest;
}

/** The rows of one union's page: up to first + 1 members, in id order. */
export const unionMembersPageLoader = defineLoader<UnionMembersPageKey, MemberValue[]>('unionMembersPage', async (store, keys) => {
  const byShape = groupBy(keys, (key) => JSON.stringify([key.page.first, key.page.afterKey]));
  const pages = new Map<UnionMembersPageKey, MemberValue[]>();
  for (const sameShape of byShape.values()) {
    const unionIds = [...new Set(sameShape.map((key) => key.unionId))];
    const rows = await pageRowsOfUnions(store, unionIds, sameShape[0].page);
    const perUnion = manyByKey(unionIds, rows, (m) => m.unionId as string);
    unionIds.forEach((id, i) => {
      for (const key of sameShape) if (key.unionId === id) pages.set(key, perUnion[i]);
    });
  }
  return keys.map((key) => pages.get(key) ?? []);
});

async function pageRowsOfUnions(store: Store, unionIds: string[], page: PageRequest): Promise<MemberValue[]> {
  const numbered = store.db
    .selectFrom('members')
    .selectAll('members')
    .select(sql<number>`row_number() over (partition by ${sql.ref('members.union_id')} order by ${sql.ref('members.id')})`.as('rank_in_union'))
    .where('members.union_id', 'in', unionIds)
    .$if(page.afterKey !== null, (qb) => qb.where('members.id', '>', page.afterKey as string));
  const rows = await store.db
    .selectFrom(numbered.as('numbered'))
    .selectAll()
    .where('numbered.rank_in_union', '<=', page.first + 1)
    .orderBy('numbered.union_id')
    .orderBy('numbered.rank_in_union')
    .execute();
  return rows.map(toMemberValue);
}

/**
 * What Union.members' totalCount counts: the union's members of any status, and for a city admin
 * only those whose member city is its city (the nodes it may see; the others come as null nodes).
 */
export interface UnionMembersCountKey {
  unionId: string;
  /** The only member city counted, or null for every city. */
  memberCity: City | null;
}

/** Member counts of many unions from one GROUP BY per member city asked (one per request, in practice). */
export const unionMembersCountLoader = defineLoader<UnionMembersCountKey, number>('unionMembersCount', async (store, keys) => {
  const byCity = groupBy(keys, (key) => key.memberCity ?? '');
  const counts = new Map<UnionMembersCountKey, number>();
  for (const sameCity of byCity.values()) {
    const memberCity = sameCity[0].memberCity;
    const rows = await store.db
      .selectFrom('members')
      .select((eb) => ['members.union_id', eb.fn.countAll().as('n')])
      .where('members.union_id', 'in', [...new Set(sameCity.map((key) => key.unionId))])
      .$if(memberCity !== null, (qb) => qb.where('members.city', '=', memberCity as City))
      .groupBy('members.union_id')
      .execute();
    const byUnion = new Map(rows.map((r) => [r.union_id, toCount(r.n)]));
    for (const key of sameCity) counts.set(key, byUnion.get(key.unionId) ?? 0);
  }
  return keys.map((key) => counts.get(key) ?? 0);
});

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}
