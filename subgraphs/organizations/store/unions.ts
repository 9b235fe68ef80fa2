import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { HubTables, UnionsTable } from '../../../core/store/tables';
import type { City, UnionType } from '../../../schema/enums';
import { InputError } from '../../../core/errors';
import { levelOf, unlinkedChildrenOf } from './union-tree';
import { containsPattern, defineLoader, isTrue, likeEscaped, oneByKey, toConnection, toCount, type ConnectionValue, type PageRequest } from '../../kit';

/** A union as the resolvers pass it around: the GraphQL fields plus the keys to look up the rest. */
export interface UnionValue {
  id: string;
  name: string;
  creditCode: string | null;
  type: UnionType;
  city: City | null;
  divisionCode: string;
  parentId: string | null;
  foundedOn: string | null;
  lastElectionOn: string | null;
  dissolved: boolean;
}

export interface UnionQuery {
  cities?: readonly City[] | null;
  types?: readonly UnionType[] | null;
  parentId?: string | null;
  /**
   * Set when parentId is the federation of this division: unlinked unions that hang under it are
   * its children too (union-tree.ts).
   */
  unlinkedUnder?: string | null;
  /** A county code matches exactly; a city code its whole area; 330000 the province. */
  divisionCode?: string | null;
  nameContains?: string | null;
}

export function toUnionValue(row: UnionsTable): UnionValue {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    type: row.type as UnionType,
    city: row.city as City | null,
    divisionCode: row.division_code,
    parentId: row.parent_id,
    foundedOn: row.founded_on,
    lastElectionOn: row.last_election_on,
    dissolved: isTrue(row.dissolved),
  };
}

type UnionsEb = ExpressionBuilder<HubTables, 'unions'>;

/** Longer than any union's name (the longest registered are about 60 characters). */
export const MAX_UNION_NAME_SEARCH = 200;

/** Deleted rows (tombstones) are invisible everywhere. */
function unionWhere(eb: UnionsEb, q: UnionQuery): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [eb('unions.deleted', '=', 0)];
  if (q.cities?.length) conditions.push(eb('unions.city', 'in', [...q.cities]));
  if (q.types?.length) conditions.push(eb('unions.type', 'in', [...q.types]));
  if (q.divisionCode) conditions.push(divisionCondition(eb, q.divisionCode));
  if (q.nameContains) {
    // SQLite refuses LIKE patterns over 50,000 bytes with an internal error: a bound keeps it bad input.
    const length = [...q.nameContains].length;
    if (length > MAX_UNION_NAME_SEARCH) throw new InputError('filter.nameContains', 'MAX_LENGTH', `nameContains must be at most ${MAX_UNION_NAME_SEARCH} characters, got ${length}`);
    conditions.push(likeEscaped(eb.ref('unions.name'), containsPattern(q.nameContains)));
  }
  if (q.parentId) {
    const linked = eb('unions.parent_id', '=', q.parentId);
    conditions.push(q.unlinkedUnder ? eb.or([linked, eb.and([unlinkedChildrenOf(eb, q.unlinkedUnder), eb('unions.id', '<>', q.parentId)])]) : linked);
  }
  return eb.and(conditions);
}

/**
 * Unions in a division: a county's own code, a city's whole area (its federation and every
 * county's unions), or the whole province. A code that is not six digits is refused.
 */
function divisionCondition(eb: UnionsEb, code: string): Expression<SqlBool> {
  if (!/^\d{6}$/.test(code)) {
    throw new InputError('filter.divisionCode', 'DIVISION', `divisionCode must be a six-digit GB/T 2260 code, got "${code}"`);
  }
  const level = levelOf(code);
  if (level === 'PROVINCE') return eb('unions.division_code', 'like', `${code.slice(0, 2)}%`);
  if (level === 'CITY') return eb('unions.division_code', 'like', `${code.slice(0, 4)}%`);
  return eb('unions.division_code', '=', code);
}

export async function unionsPage(store: Store, q: UnionQuery, page: PageRequest): Promise<ConnectionValue<UnionValue>> {
  const rows = await store.db
    .selectFrom('unions')
    .selectAll()
    .where((eb) => unionWhere(eb, q))
    .$if(page.afterKey !== null, (qb) => qb.where('unions.id', '>', page.afterKey as string))
    .orderBy('unions.id')
    .limit(page.first + 1)
    .execute();
  return toConnection(rows.map(toUnionValue), page, (u) => u.id, () => countUnions(store, q));
}

async function countUnions(store: Store, q: UnionQuery): Promise<number> {
  const row = await store.db
    .selectFrom('unions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => unionWhere(eb, q))
    .executeTakeFirst();
  return toCount(row?.n);
}

export async function unionById(store: Store, id: string): Promise<UnionValue | null> {
  const row = await store.db.selectFrom('unions').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  return row ? toUnionValue(row) : null;
}

/** Unions by id, one query per request batch. */
export const unionLoader = defineLoader<string, UnionValue | null>('unionById', async (store, ids) => {
  const rows = await store.db.selectFrom('unions').selectAll().where('id', 'in', [...ids]).where('deleted', '=', 0).execute();
  return oneByKey(ids, rows.map(toUnionValue), (u) => u.id);
});

/**
 * The union at a division of a given type, by division code (the province federation is the
 * FEDERATION at 330000). Lowest id wins if an upstream registered two.
 */
export const federationByDivisionLoader = defineLoader<string, UnionValue | null>('federationByDivision', async (store, codes) => {
  const rows = await store.db
    .selectFrom('unions')
    .selectAll()
    .where('division_code', 'in', [...codes])
    .where('type', '=', 'FEDERATION')
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  return oneByKey(codes, rows.map(toUnionValue), (u) => u.divisionCode);
});

/** Grassroots unions (GRASSROOTS, JOINT_GRASSROOTS) that are not dissolved. */
export async function countGrassrootsUnions(store: Store, city: City | null): Promise<number> {
  const row = await store.db
    .selectFrom('unions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('deleted', '=', 0)
    .where('dissolved', '=', 0)
    .where('type', 'in', ['GRASSROOTS', 'JOINT_GRASSROOTS'])
    .$if(city !== null, (qb) => qb.where('city', '=', city))
    .executeTakeFirst();
  return toCount(row?.n);
}
