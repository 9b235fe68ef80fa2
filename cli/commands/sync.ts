import { createPullAdapter } from '../../adapters/registry';
import { syncSource, type SyncSummary } from '../../adapters/pipeline/sync';
import { HubError } from '../../core/errors';
import type { Runtime } from '../runtime';
import { SyncProgress } from '../progress';

/** `hub sync [--source ID]`: pulls each configured source from its checkpoint until caught up. */
export async function syncAll(runtime: Runtime, options: { sourceId?: string; progress?: SyncProgress } = {}): Promise<SyncSummary[]> {
  const sources = options.sourceId ? runtime.config.sources.filter((s) => s.id === options.sourceId) : runtime.config.sources;
  if (options.sourceId && sources.length === 0) {
    throw new HubError('BAD_USER_INPUT', `no source "${options.sourceId}" in the config; known: ${runtime.config.sources.map((s) => s.id).join(', ') || 'none'}`);
  }
  const progress = options.progress ?? new SyncProgress();
  const summaries: SyncSummary[] = [];
  for (const source of sources) {
    const adapter = createPullAdapter(source, { pageSize: runtime.config.sync.pageSize });
    try {
      const summary = await syncSource({ store: runtime.store, pii: runtime.pii }, source, adapter, {
        onPage: (id, s) => progress.page(id, s),
      });
      progress.summary(summary);
      summaries.push(summary);
    } finally {
      await adapter.close?.();
    }
  }
  return summaries;
}
