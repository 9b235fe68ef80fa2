import type { Store } from '../store/database';
import type { City } from '../../schema/enums';

/**
 * Which unions passive monitoring watches: grassroots unions (GRASSROOTS, JOINT_GRASSROOTS) that
 * exist (not deleted) and are not dissolved, in the whole province or one city. Federations are
 * not monitored; a union that leaves this set loses its verdict.
 */
export const MONITORED_TYPES = ['GRASSROOTS', 'JOINT_GRASSROOTS'] as const;

/** The unions to evaluate: a city's (or the province's) monitored unions, optionally only some ids. */
export interface Scope {
  city: City | null;
}

/** SELECT id FROM unions WHERE monitored [AND city]: usable as an `IN (…)` subquery. */
export function monitoredUnionIds(store: Store, scope: Scope) {
  return store.db
    .selectFrom('unions')
    .select('unions.id')
    .where('unions.deleted', '=', 0)
    .where('unions.dissolved', '=', 0)
    .where('unions.type', 'in', [...MONITORED_TYPES])
    .$if(scope.city !== null, (qb) => qb.where('unions.city', '=', scope.city));
}

export interface MonitoredUnion {
  id: string;
  foundedOn: string | null;
  lastElectionOn: string | null;
}

const IDS_PER_QUERY = 900;

/** The monitored unions of a scope: all of them, or those among `ids` (read in chunks). */
export async function readMonitoredUnions(store: Store, scope: Scope, ids?: readonly string[]): Promise<MonitoredUnion[]> {
  if (ids === undefined) return readChunk(store, scope, null);
  const out: MonitoredUnion[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(...(await readChunk(store, scope, ids.slice(i, i + IDS_PER_QUERY))));
  return out;
}

async function readChunk(store: Store, scope: Scope, ids: readonly string[] | null): Promise<MonitoredUnion[]> {
  const rows = await store.db
    .selectFrom('unions')
    .select(['id', 'founded_on', 'last_election_on'])
    .where('deleted', '=', 0)
    .where('dissolved', '=', 0)
    .where('type', 'in', [...MONITORED_TYPES])
    .$if(scope.city !== null, (qb) => qb.where('city', '=', scope.city))
    .$if(ids !== null, (qb) => qb.where('id', 'in', [...(ids as readonly string[])]))
    .execute();
  return rows.map((r) => ({ id: r.id, foundedOn: r.founded_on, lastElectionOn: r.last_election_on }));
}
