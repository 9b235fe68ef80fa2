import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import type { Identity } from '../../core/auth/identity';
import type { Store } from '../../core/store/database';

/**
 * What every resolver receives. Loaders are made per request: a DataLoader caches what it read,
 * and a cache that outlived the request would serve one client's stale rows to the next.
 */
export interface SubgraphContext {
  store: Store;
  loaders: LoaderRegistry;
  /** From the `x-request-id` header (the gateway forwards it), else a fresh UUID: for logs. */
  requestId: string;
  /**
   * The caller the gateway verified (role, city, subject), from its signed request; null when the
   * subgraph runs without the gateway's key (tests) or for the gateway's own probes.
   */
  identity: Identity | null;
}

/**
 * A batch function: one query for many keys, answering in the order of `keys` (DataLoader's rule).
 * Defined once per relation at module level with `defineLoader`, instantiated lazily per request.
 */
export interface LoaderDefinition<K, V> {
  readonly name: string;
  batch(store: Store, keys: readonly K[]): Promise<V[]>;
}

export function defineLoader<K, V>(name: string, batch: (store: Store, keys: readonly K[]) => Promise<V[]>): LoaderDefinition<K, V> {
  return { name, batch };
}

/**
 * The keys of one batch stay well below every dialect's bound-parameter limit (SQLite: 32766) and
 * keep `IN (…)` lists a size the planners handle well.
 */
const MAX_BATCH = 1000;

export class LoaderRegistry {
  private readonly loaders = new Map<LoaderDefinition<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(private readonly store: Store) {}

  get<K, V>(definition: LoaderDefinition<K, V>): DataLoader<K, V> {
    const key = definition as LoaderDefinition<unknown, unknown>;
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => definition.batch(this.store, keys), { maxBatchSize: MAX_BATCH });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

export function createContext(store: Store, requestId?: string | null, identity: Identity | null = null): SubgraphContext {
  return { store, loaders: new LoaderRegistry(store), requestId: requestId || randomUUID(), identity };
}

/** One value per key (null when absent), in key order: the usual shape of a batch by primary key. */
export function oneByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): Array<R | null> {
  const byKey = new Map<K, R>();
  for (const row of rows) if (!byKey.has(keyOf(row))) byKey.set(keyOf(row), row);
  return keys.map((k) => byKey.get(k) ?? null);
}

/** All rows per key (empty when none), in key order, rows in the order the query returned them. */
export function manyByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>();
  for (const row of rows) {
    const list = byKey.get(keyOf(row));
    if (list) list.push(row);
    else byKey.set(keyOf(row), [row]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}
