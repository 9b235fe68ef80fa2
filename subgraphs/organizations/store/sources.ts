import type { Store } from '../../../core/store/database';
import { CITIES, isOneOf, type City } from '../../../schema/enums';
import { jsonList, manyByKey } from '../../kit';

export interface SourceStatusValue {
  id: string;
  adapter: string;
  cities: City[];
  lastSyncStartedAt: string | null;
  lastSyncFinishedAt: string | null;
  lastError: string | null;
  checkpoint: string | null;
  recordsApplied: number;
  deadLetters: number;
}

/** Every configured source with its checkpoints folded into one JSON object (resource → value). */
export async function sourceStatuses(store: Store): Promise<SourceStatusValue[]> {
  const sources = await store.db.selectFrom('sources').selectAll().orderBy('id').execute();
  if (sources.length === 0) return [];
  const checkpoints = await store.db
    .selectFrom('checkpoints')
    .select(['source_id', 'resource', 'value'])
    .where('source_id', 'in', sources.map((s) => s.id))
    .orderBy('resource')
    .execute();
  const bySource = manyByKey(sources.map((s) => s.id), checkpoints, (c) => c.source_id);
  return sources.map((s, i) => ({
    id: s.id,
    adapter: s.adapter,
    cities: jsonList(s.cities).filter((c): c is City => isOneOf(CITIES, c)),
    lastSyncStartedAt: s.last_sync_started_at,
    lastSyncFinishedAt: s.last_sync_finished_at,
    lastError: s.last_error,
    checkpoint: bySource[i].length > 0 ? JSON.stringify(Object.fromEntries(bySource[i].map((c) => [c.resource, c.value]))) : null,
    recordsApplied: Number(s.records_applied),
    deadLetters: Number(s.dead_letters),
  }));
}

/** The upstream systems (adapter contracts) whose configured sources serve `city` and no other. */
export async function systemsServingOnly(store: Store, city: City): Promise<string[]> {
  const sources = await store.db.selectFrom('sources').select(['adapter', 'cities']).execute();
  const systems = new Map<string, boolean>();
  for (const s of sources) {
    const cities = jsonList(s.cities);
    const onlyCity = cities.length === 1 && cities[0] === city;
    systems.set(s.adapter, (systems.get(s.adapter) ?? true) && onlyCity);
  }
  return [...systems].filter(([, only]) => only).map(([system]) => system);
}
