import { sql, type RawBuilder } from 'kysely';
import { InputError } from '../../../core/errors';
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

/** Columns of the members table, and of the occupation join `mo`. */
const DIMENSION_COLUMN: Record<MemberDimension, RawBuilder<unknown>> = {
  CITY: sql`members.city`,
  OCCUPATION: sql`mo.occupation`,
  JOIN_CHANNEL: sql`members.join_channel`,
  STATUS: sql`members.status`,
  JOIN_YEAR: sql`members.join_year`,
  GENDER: sql`members.gender`,
};

/**
 * Member counts grouped by any combination of dimensions, in one SQL GROUP BY over the members
 * the filter selects. OCCUPATION joins their tags, so a courier who also drives for a ride-hailing
 * platform counts once in each of those buckets; a member has a tag at most once (the primary key),
 * so a plain count(*) never counts anyone twice in one bucket. With an occupations filter,
 * OCCUPATION buckets are those occupations.
 */
export async function memberStats(store: Store, q: MemberQuery, groupBy: readonly MemberDimension[]): Promise<MemberBucketValue[]> {
  validateMemberQuery(q);
  const dimensions = [...new Set(groupBy)];
  if (dimensions.length !== groupBy.length) {
    throw new InputError('groupBy', 'DUPLICATE', `groupBy names a dimension twice (${groupBy.join(', ')}); each bucket key has one value per dimension`);
  }
  const occupations = q.occupations?.length ? [...(q.occupations as Occupation[])] : null;
  const columns = dimensions.map((d) => DIMENSION_COLUMN[d]);
  const query = store.db
    .selectFrom('members')
    .where((eb) => memberWhere(eb, q))
    .$if(dimensions.includes('OCCUPATION'), (qb) =>
      qb.leftJoin('member_occupations as mo', (join) => {
        const onMember = join.onRef('mo.member_id', '=', 'members.id');
        return occupations ? onMember.on('mo.occupation', 'in', occupations) : onMember;
      }),
    )
    .select([...columns.map((c, i) => c.as(`d${i}`)), sql<number>`count(*)`.as('n')])
    .$if(columns.length > 0, (qb) => qb.groupBy(columns));
  const rows = await query.execute();
  const buckets = rows.map((row) => {
    const values = row as Record<string, unknown>;
    return {
      key: dimensions.map((_, i) => (values[`d${i}`] === null || values[`d${i}`] === undefined ? UNKNOWN : String(values[`d${i}`]))),
      count: toCount(values.n),
    };
  });
  // SQLite sorts NULL first, PostgreSQL last: order by the keys as served, so both answer alike.
  return buckets.sort((a, b) => compareKeys(a.key, b.key));
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
