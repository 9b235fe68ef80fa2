import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { MemberDimension, Occupation } from '../../../schema/enums';
import { toCount } from '../../kit';
import { memberWhere, validateMemberQuery, type MemberQuery } from './members';

export interface MemberBucketValue {
  key: string[];
  count: number;
}

/** A bucket key for members without a value in that dimension (no city, no join date…). */
export const UNKNOWN = 'UNKNOWN';

/** Columns of the filtered member set `m`, and of the occupation join `mo`. */
const DIMENSION_COLUMN: Record<MemberDimension, RawBuilder<unknown>> = {
  CITY: sql`m.city`,
  OCCUPATION: sql`mo.occupation`,
  JOIN_CHANNEL: sql`m.join_channel`,
  STATUS: sql`m.status`,
  JOIN_YEAR: sql`m.join_year`,
  GENDER: sql`m.gender`,
};

/**
 * Member counts grouped by any combination of dimensions, in one SQL GROUP BY. The filter selects
 * the members first; OCCUPATION then joins their tags, so a courier who also drives for a
 * ride-hailing platform counts once in each of those buckets (and members are counted DISTINCT, so
 * never twice in one bucket). With an occupations filter, OCCUPATION buckets are those occupations.
 */
export async function memberStats(store: Store, q: MemberQuery, groupBy: readonly MemberDimension[]): Promise<MemberBucketValue[]> {
  validateMemberQuery(q);
  const dimensions = [...new Set(groupBy)];
  const filtered = store.db
    .selectFrom('members')
    .select(['members.id', 'members.city', 'members.join_channel', 'members.status', 'members.join_year', 'members.gender'])
    .where((eb) => memberWhere(eb, q))
    .as('m');
  const occupations = q.occupations?.length ? [...(q.occupations as Occupation[])] : null;
  const columns = dimensions.map((d) => DIMENSION_COLUMN[d]);
  let query = store.db
    .selectFrom(filtered)
    .$if(dimensions.includes('OCCUPATION'), (qb) =>
      qb.leftJoin('member_occupations as mo', (join) => {
        const onMember = join.onRef('mo.member_id', '=', 'm.id');
        return occupations ? onMember.on('mo.occupation', 'in', occupations) : onMember;
      }),
    )
    .select([...columns.map((c, i) => c.as(`d${i}`)), sql<number>`count(distinct m.id)`.as('n')])
    .$if(columns.length > 0, (qb) => qb.groupBy(columns));
  // Buckets in key order, dimension by dimension, so the answer is stable.
  for (let i = 0; i < columns.length; i++) query = query.orderBy(sql.ref(`d${i}`));
  const rows = await query.execute();
  return rows.map((row) => {
    const values = row as Record<string, unknown>;
    return {
      key: dimensions.map((_, i) => (values[`d${i}`] === null || values[`d${i}`] === undefined ? UNKNOWN : String(values[`d${i}`]))),
      count: toCount(values.n),
    };
  });
}
