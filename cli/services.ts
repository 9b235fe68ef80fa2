import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { servicePorts } from '../core/config';
import { loadSubgraphKey, loadTokenKeys, type TokenKeys } from '../core/auth/keys';
import { createTokenVerifier } from '../core/auth/token-verifier';
import { startSubgraph, type SubgraphServer } from '../subgraphs/kit';
import { buildMembershipSchema } from '../subgraphs/membership';
import { buildOrganizationsSchema } from '../subgraphs/organizations';
import { buildStationsSchema } from '../subgraphs/stations';
import { applyWelfareConfigFile, buildWelfareSchema, seedWelfarePrograms } from '../subgraphs/welfare';
import { startGateway, type GatewayResponseCacheOptions, type RunningGateway } from '../gateway/server';
import { readDataVersion } from '../gateway/data-version';
import { readSupergraph } from '../schema/supergraph-file';
import { startIngestServer, type IngestServer } from '../adapters/pipeline/ingest-server';
import { createPushAdapter, createPullAdapter } from '../adapters/registry';
import type { Runtime } from './runtime';

/** The services of one hub, by name, as DESIGN.md numbers their ports. */
export const SUBGRAPHS = ['membership', 'organizations', 'stations', 'welfare'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export const SERVICES = [...SUBGRAPHS, 'gateway', 'ingest'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function buildSubgraphSchema(name: SubgraphName, runtime: Runtime): GraphQLSchema {
  switch (name) {
    case 'membership': return buildMembershipSchema({ pii: runtime.pii });
    case 'organizations': return buildOrganizationsSchema();
    case 'stations': return buildStationsSchema();
    case 'welfare': return buildWelfareSchema({ pii: runtime.pii });
  }
}

export interface RunningServices {
  subgraphs: SubgraphServer[];
  gateway: RunningGateway | null;
  ingest: IngestServer | null;
  close(): Promise<void>;
}

export interface ServiceOptions {
  runtime: Runtime;
  services: readonly ServiceName[];
  logger: Logger;
  host: string;
  /** Subgraph URLs for a gateway whose subgraphs run elsewhere (docker compose). */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Demo mode: tokens may be verified with the demo key file (`<dataDir>/jwt.key`). */
  demo?: boolean;
  /** The gateway's token keys when the caller has loaded them already (default: from the config). */
  tokenKeys?: TokenKeys;
  demoToken?: string;
  exampleQuery?: string;
}

/** Starts the named services on their ports; `hub start` starts them all in one process. */
export async function startServices(options: ServiceOptions): Promise<RunningServices> {
  const { runtime, logger, host } = options;
  const ports = servicePorts(runtime.config.portBase);
  const running: RunningServices = { subgraphs: [], gateway: null, ingest: null, close: async () => undefined };
  running.close = async () => {
    await running.gateway?.close();
    await running.ingest?.close();
    await Promise.all(running.subgraphs.map((s) => s.close()));
  };
  // Checked before anything listens: a gateway that cannot verify tokens must not start at all.
  const tokenKeys = options.services.includes('gateway') ? options.tokenKeys ?? loadTokenKeys(runtime.config, { demo: Boolean(options.demo) }) : null;
  // The gateway signs every subgraph request with it; the subgraphs serve signed requests only.
  const subgraphKey = options.services.some((s) => s !== 'ingest') ? loadSubgraphKey(runtime.config) : undefined;
  if (options.services.includes('welfare')) {
    await seedWelfarePrograms(runtime.store);
    await applyWelfareConfigFile(runtime.store, runtime.config.configFile);
  }
  for (const name of SUBGRAPHS) {
    if (!options.services.includes(name)) continue;
    running.subgraphs.push(await startSubgraph({
      name, schema: buildSubgraphSchema(name, runtime), store: runtime.store, port: ports[name], host, logger, gatewayKey: subgraphKey,
    }));
  }
  if (options.services.includes('ingest')) {
    running.ingest = await startIngestServer({
      store: runtime.store, pii: runtime.pii, port: ports.ingest, host, logger,
      routes: runtime.config.sources.flatMap((source) => {
        const push = createPushAdapter(source);
        return push ? [{ sourceId: source.id, push, mapper: createPullAdapter(source) }] : [];
      }),
    });
  }
  if (tokenKeys) {
    const urls: Record<string, string> = {};
    for (const name of SUBGRAPHS) urls[name] = options.subgraphUrls?.[name] ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${ports[name]}/graphql`;
    running.gateway = await startGateway({
      supergraphSdl: readSupergraph(), subgraphUrls: urls, port: ports.gateway, host, logger,
      demoToken: options.demoToken, exampleQuery: options.exampleQuery,
      tokens: createTokenVerifier(tokenKeys.key, tokenKeys.check), subgraphKey, limits: runtime.config.security.limits,
      responseCache: responseCacheOf(runtime),
    });
  }
  return running;
}

/** The gateway reads the store's data version to know when a cached answer is out of date. */
function responseCacheOf(runtime: Runtime): GatewayResponseCacheOptions | undefined {
  const settings = runtime.config.gateway.responseCache;
  if (!settings.enabled) return undefined;
  return { maxBytes: settings.maxMegabytes * 1024 * 1024, staleMs: settings.staleMs, dataVersion: () => readDataVersion(runtime.store) };
}
