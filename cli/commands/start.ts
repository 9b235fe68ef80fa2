import type { HubConfig } from '../../core/config';
import { loadTokenKeys, type TokenKeys } from '../../core/auth/keys';
import { issueToken } from '../../core/auth/token-issuer';
import { createLogger } from '../../core/logger';
import { openRuntime, type Runtime } from '../runtime';
import { SERVICES, startServices, type RunningServices, type ServiceName } from '../services';
import { startDemoUpstreams, type DemoUpstreams } from '../demo';
import { syncAll } from './sync';
import { SyncProgress } from '../progress';
import { runMonitoringJob } from '../../core/monitoring/job';
import { summarizeVerdicts } from '../../core/monitoring/summary';
import { AS_OF as SYNTHETIC_AS_OF } from '../../adapters/synthetic-province/plan';

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
  const serviceNames = options.services ?? SERVICES;
  // Before anything starts: without a way to verify tokens the hub must not serve at all.
  const tokenKeys = serviceNames.includes('gateway') ? loadTokenKeys(options.config, { demo: options.demo }) : undefined;
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
    runtime, logger, host, services: serviceNames, exampleQuery: EXAMPLE_QUERY,
    demo: options.demo, tokenKeys, demoToken: options.demo && tokenKeys ? await demoAnalystToken(tokenKeys) : undefined,
  });
  let timer: NodeJS.Timeout | null = null;
  let monitorTimer: NodeJS.Timeout | null = null;
  const stop = async () => {
    if (timer) clearInterval(timer);
    if (monitorTimer) clearInterval(monitorTimer);
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
  // The demo's province is generated as of a fixed date; real data is monitored as of today.
  monitorTimer = await scheduleMonitoring(runtime, logger, out, options.demo ? SYNTHETIC_AS_OF : undefined);
  if (services.gateway) {
    const tokenHint = options.demo
      ? 'GraphiQL opens with a demo ANALYST token; `hub token --role PROVINCE_ADMIN` prints a token for another role.'
      : 'Every request needs a bearer token (Authorization: Bearer …): `hub token --role ANALYST` prints one.';
    out.write(`\nunion-hub is ready: ${services.gateway.url}\n${tokenHint}\nOpen it in a browser for GraphiQL, or try:\n\n${EXAMPLE_QUERY}\n`);
  }
  return { runtime, services, demo, stop };
}

/** How long the token written into the demo's GraphiQL page stays valid. */
const DEMO_TOKEN_TTL_SECONDS = 7 * 86_400;

/** An ANALYST token for the demo's GraphiQL page: every city, aggregates and masked lists, no disclosure. */
async function demoAnalystToken(keys: TokenKeys): Promise<string | undefined> {
  if (!keys.signingSecret) return undefined; // tokens come from an identity provider: none to fill in
  const { token } = await issueToken(keys.signingSecret, {
    role: 'ANALYST', subject: 'demo-analyst', ttlSeconds: DEMO_TOKEN_TTL_SECONDS,
    issuer: keys.check.issuer, audience: keys.check.audience,
  });
  return token;
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

/**
 * Passive monitoring on the config's schedule: one run now (its summary printed), then one per
 * interval, each incremental unless the day (asOf) changed. Runs never overlap.
 */
async function scheduleMonitoring(
  runtime: Runtime, logger: ReturnType<typeof createLogger>, out: NodeJS.WritableStream, asOf: string | undefined,
): Promise<NodeJS.Timeout | null> {
  const seconds = runtime.config.monitoring.intervalSeconds;
  if (seconds <= 0) return null;
  let running = false;
  const once = async () => {
    running = true;
    try {
      const { run, alert } = await runMonitoringJob(runtime.store, runtime.config.monitoring, { asOf });
      logger.info({ asOf: run.asOf, mode: run.mode, evaluated: run.evaluated.length, changes: run.changes.length, seconds: run.seconds, alert }, 'monitoring run done');
      return run;
    } finally {
      running = false;
    }
  };
  try {
    const run = await once();
    const s = await summarizeVerdicts(runtime.store, null);
    out.write(`monitoring as of ${run.asOf}: ${s.total} grassroots union(s), ${s.inactive} INACTIVE, ${s.atRisk} AT_RISK (hub monitor lists them)\n`);
  } catch (e) {
    out.write(`monitoring failed: ${(e as Error).message}\n(the hub keeps running and retries on schedule)\n`);
  }
  const timer = setInterval(() => {
    if (running) return;
    once().catch((e: Error) => logger.error({ err: e.message }, 'scheduled monitoring failed; next try on schedule'));
  }, seconds * 1000);
  timer.unref();
  return timer;
}
