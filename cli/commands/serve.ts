import { HubError } from '../../core/errors';
import type { HubConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { isOneOf } from '../../schema/enums';
import { openRuntime } from '../runtime';
import { SyncProgress } from '../progress';
import { syncAll } from './sync';
import { SERVICES, SUBGRAPHS, startServices, type SubgraphName } from '../services';

/**
 * `hub serve <service>`: one service per process, as docker compose runs them. The gateway finds
 * its subgraphs through HUB_SUBGRAPH_URLS (`membership=http://membership:4001/graphql,…`).
 */
export async function serveOne(config: HubConfig, service: string): Promise<void> {
  if (service === 'sync') return serveSync(config);
  if (!isOneOf(SERVICES, service)) throw new HubError('BAD_USER_INPUT', `unknown service "${service}"; expected one of ${SERVICES.join(', ')}, sync`);
  const runtime = await openRuntime(config);
  const logger = createLogger({ name: `union-hub-${service}` });
  const running = await startServices({
    runtime, logger, host: config.host, services: [service], subgraphUrls: parseSubgraphUrls(process.env.HUB_SUBGRAPH_URLS),
    // Without a config file this is the demo: tokens are checked with the demo key in the data dir.
    demo: config.configFile === null,
  });
  logger.info({ service, portBase: config.portBase }, 'service started');
  const stop = () => {
    running.close().then(() => runtime.close()).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The sync worker: pulls every source now, then every `sync.intervalSeconds`. */
async function serveSync(config: HubConfig): Promise<void> {
  const runtime = await openRuntime(config);
  const logger = createLogger({ name: 'union-hub-sync' });
  const interval = Math.max(config.sync.intervalSeconds, 1) * 1000;
  let stopping = false;
  process.once('SIGTERM', () => { stopping = true; });
  process.once('SIGINT', () => { stopping = true; });
  while (!stopping) {
    try {
      const summaries = await syncAll(runtime, { progress: SyncProgress.silent() });
      logger.info({ summaries }, 'sync done');
    } catch (e) {
      logger.error({ err: (e as Error).message }, 'sync failed; next try on schedule');
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  await runtime.close();
}

export function parseSubgraphUrls(value: string | undefined): Partial<Record<SubgraphName, string>> {
  if (!value) return {};
  const out: Partial<Record<SubgraphName, string>> = {};
  for (const pair of value.split(',')) {
    const [name, url] = pair.split('=').map((s) => s.trim());
    if (!isOneOf(SUBGRAPHS, name) || !/^https?:\/\//.test(url ?? '')) {
      throw new HubError('CONFIG_INVALID', `HUB_SUBGRAPH_URLS: expected name=http://… pairs for ${SUBGRAPHS.join(', ')}, got "${pair}"`);
    }
    out[name] = url;
  }
  return out;
}
