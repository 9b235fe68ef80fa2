import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import { HubError } from '../../core/errors';
import { applyBatches, type BatchCounts, type BatchInput } from './apply-batch';
import { PagePrefetch } from './page-prefetch';
import type { PullAdapter, PullPage, RetryNotice, SourceConfig } from './source-adapter';
import { markSyncFinished, markSyncStarted, readCheckpoint } from './sources';
import { withSourceLock } from './source-lock';

/** Pages applied in one transaction at most: bounds how long the store's write lock is held. */
const PAGES_PER_TRANSACTION = 4;
/**
 * How long an open transaction waits for the next page before committing without it. Pages of
 * the bench's simulators arrive ~15 ms after the previous one is applied; a slow upstream costs
 * at most this per page, with the write lock held.
 */
const JOIN_WAIT_MS = 50;

export interface ResourceSummary extends BatchCounts {
  resource: string;
  pages: number;
  retries: number;
}

export interface SyncSummary {
  sourceId: string;
  resources: ResourceSummary[];
  seconds: number;
  /** Set when the sync did not run, and why (another worker holds the source). */
  skipped?: string;
}

export interface SyncOptions {
  /** Called after every applied page, for progress bars and logs. */
  onPage?: (sourceId: string, summary: ResourceSummary) => void;
  onRetry?: (sourceId: string, notice: RetryNotice) => void;
  signal?: AbortSignal;
}

/**
 * Pulls every resource of one source from its stored checkpoint until caught up. Each page is
 * applied with its checkpoint in one transaction, so a crash or a give-up resumes where the last
 * applied page ended: nothing skipped, nothing applied twice in effect.
 */
export async function syncSource(
  deps: { store: Store; pii: PiiCipher },
  source: SourceConfig,
  adapter: PullAdapter,
  options: SyncOptions = {},
): Promise<SyncSummary> {
  const started = Date.now();
  const locked = await withSourceLock(deps.store, source.id, () => syncUnlocked(deps, source, adapter, options, started));
  if (locked.ran) return locked.value;
  return { sourceId: source.id, resources: [], seconds: (Date.now() - started) / 1000, skipped: 'another worker is syncing this source' };
}

async function syncUnlocked(
  deps: { store: Store; pii: PiiCipher },
  source: SourceConfig,
  adapter: PullAdapter,
  options: SyncOptions,
  started: number,
): Promise<SyncSummary> {
  await markSyncStarted(deps.store, source.id);
  const resources: ResourceSummary[] = [];
  try {
    for (const resource of adapter.resources) {
      resources.push(await syncResource(deps, source, adapter, resource, options));
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await markSyncFinished(deps.store, source.id, message);
    throw e instanceof HubError ? e : new HubError('UPSTREAM_ERROR', `sync of ${source.id} stopped: ${message}`, { sourceId: source.id });
  }
  await markSyncFinished(deps.store, source.id, null);
  return { sourceId: source.id, resources, seconds: (Date.now() - started) / 1000 };
}

async function syncResource(
  deps: { store: Store; pii: PiiCipher },
  source: SourceConfig,
  adapter: PullAdapter,
  resource: string,
  options: SyncOptions,
): Promise<ResourceSummary> {
  const summary: ResourceSummary = { resource, applied: 0, unchanged: 0, deadLetters: 0, pages: 0, retries: 0 };
  const checkpoint = await readCheckpoint(deps.store, source.id, resource);
  const onRetry = (notice: RetryNotice) => {
    summary.retries++;
    options.onRetry?.(source.id, notice);
  };
  // The next page is fetched while this one is applied: the upstream's latency and the store's
  // work overlap. When it arrives within JOIN_WAIT_MS of this one being applied, it joins the
  // same transaction (up to PAGES_PER_TRANSACTION). Each page's checkpoint is written with its
  // records, so none is stored before its page commits.
  const prefetch = new PagePrefetch(adapter.pull(resource, checkpoint, { onRetry, signal: options.signal })[Symbol.asyncIterator]());
  const batchOf = (page: PullPage): BatchInput => ({
    sourceId: source.id,
    system: adapter.contract,
    records: page.records.map((raw) => ({ resource, raw, deliveryId: '' })),
    map: (r, raw) => adapter.map(r, raw),
    checkpoint: { resource, value: page.checkpoint },
  });
  for (;;) {
    const first = await prefetch.next();
    if (!first) break;
    let joined = 1;
    const applied = await applyBatches(deps.store, deps.pii, batchOf(first), async () => {
      const page = joined < PAGES_PER_TRANSACTION ? await prefetch.within(JOIN_WAIT_MS) : null;
      if (!page) return null;
      joined++;
      return batchOf(page);
    });
    // Reported page by page, once the pages have committed.
    for (const counts of applied) {
      summary.applied += counts.applied;
      summary.unchanged += counts.unchanged;
      summary.deadLetters += counts.deadLetters;
      summary.pages++;
      options.onPage?.(source.id, summary);
    }
  }
  return summary;
}
