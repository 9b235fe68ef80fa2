import { sql, type RawBuilder } from 'kysely';
import { InputError } from '../../../core/errors';
import type { Store } from '../../../core/store/database';
import type { MemberDimension, Occupation } from '../../../schema/enums';
import { toCount } from '../../kit';
import { occupationMask, occupationsOfMask } from '../occupation-mask';
import { memberWhere, validateMemberQuery, type MemberQuery } from './members';

export interface MemberBucketValue {
  key: string[];
  count: number;
}

/** A bucket key for members without a value in that dimension (no city, no join date…). */
export const UNKNOWN = 'UNKNOWN';

/**
 * Columns of the members table. OCCUPATION is read as the member's occupation bits
 * (013_member_stats) and spread into one bucket per tag in code: no join to member_occupations.
 */
const DIMENSION_COLUMN: Record<MemberDimension, RawBuilder<unknown>> = {
  CITY: sql`members.city`,
  OCCUPATION: sql`members.occupation_mask`,
  JOIN_CHANNEL: sql`members.join_channel`,
  STATUS: sql`members.status`,
  JOIN_YEAR: sql`members.join_year`,
  GENDER: sql`members.gender`,
};

/**
 * Member counts grouped by any combination of dimensions, in one SQL GROUP BY over the members
 * the filter selects. With OCCUPATION, a courier who also drives for a ride-hailing platform counts
 * once in each of those buckets, and a member without tags in UNKNOWN; with an occupations filter,
 * OCCUPATION buckets are those occupations. The database groups by the occupation bits (at most a
 * few dozen sets of tags per city), and each group is spread over its tags here.
 */
export async function memberStats(store: Store, q: MemberQuery, groupBy: readonly MemberDimension[]): Promise<MemberBucketValue[]> {
  validateMemberQuery(q);
  const dimensions = [...new Set(groupBy)];
  if (dimensions.length !== groupBy.length) {
    throw new InputError('groupBy', 'DUPLICATE', `groupBy names a dimension twice (${groupBy.join(', ')}); each bucket key has one value per dimension`);
  }
  const wanted = q.occupations?.length ? occupationMask(q.occupations as Occupation[]) : null;
  const columns = dimensions.map((d) => DIMENSION_COLUMN[d]);
  const rows = await store.db
    .selectFrom('members')
    // The occupations filter as bits: the same members as memberWhere's EXISTS, without the join.
    .where((eb) => memberWhere(eb, { ...q, occupations: null }))
    .$if(wanted !== null, (qb) => qb.where(sql<boolean>`(members.occupation_mask & ${wanted}) <> 0`))
    .select([...columns.map((c, i) => c.as(`d${i}`)), sql<number>`count(*)`.as('n')])
    .$if(columns.length > 0, (qb) => qb.groupBy(columns))
    .execute();
  const occupationAt = dimensions.indexOf('OCCUPATION');
  const buckets = new Map<string, MemberBucketValue>();
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    const key = dimensions.map((_, i) => (values[`d${i}`] === null || values[`d${i}`] === undefined ? UNKNOWN : String(values[`d${i}`])));
    const count = toCount(values.n);
    for (const k of occupationAt < 0 ? [key] : spreadOverOccupations(key, occupationAt, Number(values[`d${occupationAt}`]), wanted)) {
      const id = k.join('\u0000');
      const bucket = buckets.get(id);
      if (bucket) bucket.count += count;
      else buckets.set(id, { key: k, count });
    }
  }
  // SQLite sorts NULL first, PostgreSQL last: order by the keys as served, so both answer alike.
  return [...buckets.values()].sort((a, b) => compareKeys(a.key, b.key));
}

/** One key per tag of the group's occupation bits (only the filter's tags, if any); UNKNOWN for none. */
function spreadOverOccupations(key: string[], at: number, mask: number, wanted: number | null): string[][] {
  const tags = occupationsOfMask(wanted === null ? mask : mask & wanted);
  return (tags.length > 0 ? tags : [UNKNOWN]).map((tag) => key.map((v, i) => (i === at ? tag : v)));
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
