import type { HubConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { openRuntime, type Runtime } from '../runtime';
import { SERVICES, startServices, type RunningServices, type ServiceName } from '../services';
import { startDemoUpstreams, type DemoUpstreams } from '../demo';
import { syncAll } from './sync';
import { SyncProgress } from '../progress';

export const EXAMPLE_QUERY = `# The province at a glance: one query, four subgraphs.
query ProvinceOverview {
  overview {
    members
    newEmploymentMembers
    membersByCity { city count }
    grassrootsUnions
    formation { total unionized rate categories { category total unionized rate } }
    stations
    driversHomes
    stationsUpgradedByYear { year count }
    welfarePlacesUsed
  }
}
`;

export interface StartOptions {
  config: HubConfig;
  demo: boolean;
  scale: number;
  seed: number;
  services?: readonly ServiceName[];
  /** Pull every source once before announcing the hub ready (default true). */
  initialSync?: boolean;
  out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export interface RunningHub {
  runtime: Runtime;
  services: RunningServices;
  demo: DemoUpstreams | null;
  stop(): Promise<void>;
}

/**
 * `hub start`: everything on one machine. In demo mode the synthetic province and its simulator
 * come first, then the store, the four subgraphs, the ingest endpoints and the gateway, then one
 * sync of every source with progress, then the schedule.
 */
export async function startHub(options: StartOptions): Promise<RunningHub> {
  const out = options.out ?? process.stdout;
  const logger = createLogger({ level: process.env.HUB_LOG_LEVEL ?? 'warn' });
  const host = options.config.host;
  let demo: DemoUpstreams | null = null;
  let config = options.config;
  if (options.demo) {
    out.write(`demo mode: a synthetic province at scale ${options.scale} (seed ${options.seed}) in ${config.dataDir}/sim\n`);
    let lastPhase = '';
    demo = await startDemoUpstreams(config, {
      scale: options.scale, seed: options.seed, host,
      onProgress: (done, total, phase) => {
        if (phase !== lastPhase) out.write(`  generating ${phase}…\n`);
        lastPhase = phase;
      },
    });
    config = { ...config, sources: demo.sources };
  }
  const runtime = await openRuntime(config);
  const services = await startServices({
    runtime, logger, host, services: options.services ?? SERVICES, exampleQuery: EXAMPLE_QUERY,
  });
  let timer: NodeJS.Timeout | null = null;
  const stop = async () => {
    if (timer) clearInterval(timer);
    await services.close();
    await demo?.close();
    await runtime.close();
  };
  try {
    if (options.initialSync !== false && config.sources.length > 0) {
      out.write(`syncing ${config.sources.length} source(s)…\n`);
      await syncAll(runtime, { progress: new SyncProgress(out) });
    }
  } catch (e) {
    out.write(`initial sync failed: ${(e as Error).message}\n(the hub keeps running and retries on schedule)\n`);
  }
  timer = scheduleSyncs(runtime, logger);
  if (services.gateway) {
    out.write(`\nunion-hub is ready: ${services.gateway.url}\nOpen it in a browser for GraphiQL, or try:\n\n${EXAMPLE_QUERY}\n`);
  }
  return { runtime, services, demo, stop };
}

function scheduleSyncs(runtime: Runtime, logger: ReturnType<typeof createLogger>): NodeJS.Timeout | null {
  const seconds = runtime.config.sync.intervalSeconds;
  if (seconds <= 0 || runtime.config.sources.length === 0) return null;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    syncAll(runtime, { progress: SyncProgress.silent() })
      .then((summaries) => logger.info({ summaries }, 'scheduled sync done'))
      .catch((e: Error) => logger.error({ err: e.message }, 'scheduled sync failed; next try on schedule'))
      .finally(() => { running = false; });
  }, seconds * 1000);
  timer.unref();
  return timer;
}
