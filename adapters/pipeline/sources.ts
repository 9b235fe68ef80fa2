import type { Store } from '../../core/store/database';
import type { SourceConfig } from './source-adapter';
import { maskPersonalText } from './mask-raw';

/** Makes sure each configured upstream has its status row; keeps counters across restarts. */
export async function registerSources(store: Store, sources: SourceConfig[]): Promise<void> {
  for (const s of sources) {
    await store.db
      .insertInto('sources')
      .values({
        id: s.id, adapter: s.adapter, cities: JSON.stringify(s.cities), last_sync_started_at: null,
        last_sync_finished_at: null, last_error: null, records_applied: 0, records_unchanged: 0, dead_letters: 0,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ adapter: s.adapter, cities: JSON.stringify(s.cities) }))
      .execute();
  }
}

export async function markSyncStarted(store: Store, sourceId: string): Promise<void> {
  await store.db.updateTable('sources').set({ last_sync_started_at: new Date().toISOString() }).where('id', '=', sourceId).execute();
}

export async function markSyncFinished(store: Store, sourceId: string, error: string | null): Promise<void> {
  const set = error === null
    ? { last_sync_finished_at: new Date().toISOString(), last_error: null }
    // An upstream's error may quote a record it choked on: kept masked, like dead letters.
    : { last_error: maskPersonalText(error) };
  await store.db.updateTable('sources').set(set).where('id', '=', sourceId).execute();
}

export async function readCheckpoint(store: Store, sourceId: string, resource: string): Promise<string | null> {
  const row = await store.db.selectFrom('checkpoints').select('value')
    .where('source_id', '=', sourceId).where('resource', '=', resource).executeTakeFirst();
  return row?.value ?? null;
}
