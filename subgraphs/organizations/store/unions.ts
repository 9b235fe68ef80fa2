import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { HubTables, UnionsTable } from '../../../core/store/tables';
import { CITY_DIVISION, PROVINCE_DIVISION, type City, type UnionType } from '../../../schema/enums';
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
   * Set when parentId is the province federation: city federations that name no parent are its
   * children too (upstreams leave the top of their tree unlinked).
   */
  includeUnlinkedCityFederations?: boolean;
  divisionCode?: string | null;
  nameContains?: string | null;
}

const CITY_CODES = Object.values(CITY_DIVISION);

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

export function isProvinceFederation(u: Pick<UnionValue, 'type' | 'divisionCode'>): boolean {
  return u.type === 'FEDERATION' && u.divisionCode === PROVINCE_DIVISION;
}

export function isCityFederation(u: Pick<UnionValue, 'type' | 'divisionCode'>): boolean {
  return u.type === 'FEDERATION' && CITY_CODES.includes(u.divisionCode);
}

type UnionsEb = ExpressionBuilder<HubTables, 'unions'>;

/** Deleted rows (tombstones) are invisible everywhere. */
function unionWhere(eb: UnionsEb, q: UnionQuery): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [eb('unions.deleted', '=', 0)];
  if (q.cities?.length) conditions.push(eb('unions.city', 'in', [...q.cities]));
  if (q.types?.length) conditions.push(eb('unions.type', 'in', [...q.types]));
  if (q.divisionCode) conditions.push(eb('unions.division_code', '=', q.divisionCode));
  if (q.nameContains) conditions.push(likeEscaped(eb.ref('unions.name'), containsPattern(q.nameContains)));
  if (q.parentId) {
    const linked = eb('unions.parent_id', '=', q.parentId);
    conditions.push(
      q.includeUnlinkedCityFederations
        ? eb.or([
            linked,
            eb.and([eb('unions.type', '=', 'FEDERATION'), eb('unions.parent_id', 'is', null), eb('unions.division_code', 'in', CITY_CODES)]),
          ])
        : linked,
    );
  }
  return eb.and(conditions);
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
