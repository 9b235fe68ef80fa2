import type { Store } from '../store/database';
import type { Scope } from './monitored-unions';

/**
 * What an incremental run re-evaluates: the unions whose signals may have changed since the last
 * run's change-log seq, and unions whose verdict is for another date.
 */

/** Entities whose changes feed a union's signals; a union's own record changes its founding, election, type. */
const SIGNAL_ENTITIES = ['member', 'activity'] as const;

const IDS_PER_QUERY = 900;

/**
 * Unions touched by changes with after < seq <= upTo: the union a member or activity change names,
 * every union that member record or activity named before (a transfer away, a deletion, which
 * the log records without a union), and unions whose own record changed. Two steps, each on an
 * index: the new changes by seq, then the earlier entries of the same records by (entity, id).
 */
export async function unionsTouchedBetween(store: Store, after: number, upTo: number): Promise<string[]> {
  if (upTo <= after) return [];
  const changes = await store.db
    .selectFrom('change_log')
    .select(['entity', 'entity_id', 'union_id'])
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .execute();
  const touched = new Set<string>();
  const records = new Map<string, Set<string>>();
  for (const c of changes) {
    if (c.entity === 'union') touched.add(c.entity_id);
    if (!(SIGNAL_ENTITIES as readonly string[]).includes(c.entity)) continue;
    if (c.union_id) touched.add(c.union_id);
    const ids = records.get(c.entity) ?? new Set<string>();
    ids.add(c.entity_id);
    records.set(c.entity, ids);
  }
  for (const [entity, idSet] of records) {
    const ids = [...idSet];
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      // No DISTINCT: it would steer SQLite to the (entity, union_id) index and a scan of the log.
      const earlier = await store.db
        .selectFrom('change_log')
        .select(['entity_id', 'union_id'])
        .where('entity', '=', entity)
        .where('entity_id', 'in', ids.slice(i, i + IDS_PER_QUERY))
        .execute();
      for (const e of earlier) if (e.union_id) touched.add(e.union_id);
    }
  }
  return [...touched];
}

/**
 * Verdicts in the scope for another date than `asOf` (a city run for another day left them). A
 * union without any verdict is new, and its record is in the change log, so it is touched.
 */
export async function verdictsForAnotherDate(store: Store, scope: Scope, asOf: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('union_health')
    .innerJoin('unions', 'unions.id', 'union_health.union_id')
    .select('union_health.union_id')
    .where('union_health.as_of', '<>', asOf)
    .$if(scope.city !== null, (qb) => qb.where('unions.city', '=', scope.city))
    .execute();
  return rows.map((r) => r.union_id);
}
