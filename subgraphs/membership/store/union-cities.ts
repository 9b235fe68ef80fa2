import type { City } from '../../../schema/enums';
import { defineLoader } from '../../kit';

/**
 * The city each union belongs to (organizations' table, read here to check a caller's reach before
 * serving a union's member counts or members). undefined: no such union; null: a province-level one.
 */
export const unionCityLoader = defineLoader<string, City | null | undefined>('unionCity', async (store, ids) => {
  const rows = await store.db.selectFrom('unions').select(['id', 'city']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r.city as City | null]));
  return ids.map((id) => (byId.has(id) ? byId.get(id) : undefined));
});
