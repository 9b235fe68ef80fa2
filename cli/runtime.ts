import { join } from 'node:path';
import type { HubConfig } from '../core/config';
import { loadPiiKey, createPiiCipher, type PiiCipher } from '../core/pii';
import { openStore, type Store } from '../core/store/database';
import { migrate } from '../core/store/migrate';
import { registerSources } from '../adapters/pipeline/sources';

/** What every command that touches data opens first: the store (migrated), the PII cipher, the sources. */
export interface Runtime {
  config: HubConfig;
  store: Store;
  pii: PiiCipher;
  close(): Promise<void>;
}

export async function openRuntime(config: HubConfig): Promise<Runtime> {
  const store = openStore({ databaseUrl: config.databaseUrl ?? undefined, sqliteFile: join(config.dataDir, 'hub.sqlite') });
  await migrate(store);
  const pii = createPiiCipher(loadPiiKey({ envValue: config.piiKey ?? undefined, dataDir: config.dataDir }));
  await registerSources(store, config.sources);
  return { config, store, pii, close: () => store.close() };
}
