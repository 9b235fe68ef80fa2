import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';

/**
 * One gateway under test, alone in its process so its CPU time and peak RSS are its own.
 *   node dist/bench/gateway-child.js <hub|hubCached|hubBase|stock|hive|bare> <config.json>
 * config.json: { supergraphSdl, subgraphUrls, dataDir, bareBodies? }. Talks to bench/gateway.ts over IPC:
 * sends { type: 'ready', url }, answers 'mark' (start counting CPU) and 'stats' (CPU ms since the
 * mark, peak RSS), and exits on 'stop'.
 */
export type GatewayKind = 'hub' | 'hubCached' | 'hubBase' | 'stock' | 'hive' | 'bare';

export interface ChildConfig {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  /** The bench's data directory: hubCached reads the store's data version from it, as `hub serve gateway` does. */
  dataDir?: string;
  /** The bare limit's pre-serialized answers, by operation name (picked by the `?op=` query parameter). */
  bareBodies?: Record<string, string>;
}

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'stats'; cpuMs: number; peakRss: number };

interface Started { url: string; close(): Promise<void> }

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function startHub(config: ChildConfig, variant: 'uncached' | 'cached' | 'base' = 'uncached'): Promise<Started> {
  const { startGateway } = await import('../gateway/server');
  const pino = (await import('pino')).default;
  let closeStore = async () => undefined as void;
  let responseCache;
  if (variant === 'cached') {
    if (!config.dataDir) throw new Error('hubCached needs dataDir in the child config');
    const { openRuntime } = await import('../cli/runtime');
    const { loadConfig } = await import('../core/config');
    const { readDataVersion } = await import('../gateway/data-version');
    const runtime = await openRuntime(loadConfig({ dataDir: config.dataDir, env: {} }));
    const settings = runtime.config.gateway.responseCache;
    responseCache = { maxBytes: settings.maxMegabytes * 1048576, staleMs: settings.staleMs, dataVersion: () => readDataVersion(runtime.store) };
    closeStore = () => runtime.close();
  }
  // Unsigned, without tokens and without a rate limit (autocannon is one anonymous caller far past
  // it): the subgraphs are started without a key, and the peers limit nothing, so every gateway is equal.
  const gw = await startGateway({
    supergraphSdl: config.supergraphSdl, subgraphUrls: config.subgraphUrls, port: 0, logger: pino({ level: 'warn' }), responseCache,
    limits: { rateLimitRequests: Number.MAX_SAFE_INTEGER },
    ...(variant === 'base' ? { dedupeSubgraphFetches: false } : {}),
  });
  return { url: gw.url, close: () => gw.close().then(closeStore) };
}

async function startStock(config: ChildConfig): Promise<Started> {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const { ApolloGateway } = await import('@apollo/gateway');
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  // Default data source (RemoteGraphQLDataSource over the default fetcher), URLs from the supergraph.
  const gateway = new ApolloGateway({ supergraphSdl: config.supergraphSdl });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}

async function startHive(config: ChildConfig): Promise<Started> {
  const { createGatewayRuntime } = await import('@graphql-hive/gateway-runtime');
  const { buildHTTPExecutor } = await import('@graphql-tools/executor-http');
  // @graphql-mesh/transport-http is not installed; it is a thin wrapper over this same executor
  // (buildHTTPExecutor with the runtime's fetch and the subgraph's location), so we supply it here.
  const http = {
    getSubgraphExecutor: ({ transportEntry, fetch, subgraphName }: { transportEntry: { location?: string }; fetch?: typeof globalThis.fetch; subgraphName: string }) =>
      buildHTTPExecutor({ endpoint: transportEntry.location, fetch, subgraphName } as never),
  };
  const runtime = createGatewayRuntime({ supergraph: config.supergraphSdl, logging: false, transports: { http } as never, maskedErrors: process.env.BENCH_HIVE_UNMASKED !== '1' });
  const server = createServer(runtime);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/graphql`, close: async () => { server.close(); await runtime.dispose(); } };
}

export async function startBare(config: ChildConfig): Promise<Started> {
  const bodies = new Map(Object.entries(config.bareBodies ?? {}).map(([op, b]) => [op, Buffer.from(b)]));
  const empty = Buffer.from('{"data":{}}');
  const server = createServer((req, res) => {
    const body = bodies.get(new URL(req.url ?? '/', 'http://bare').searchParams.get('op') ?? '') ?? empty;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/graphql`, close: () => new Promise((r) => server.close(() => r())) };
}

const STARTERS: Record<GatewayKind, (c: ChildConfig) => Promise<Started>> = {
  hub: (c) => startHub(c), hubCached: (c) => startHub(c, 'cached'), hubBase: (c) => startHub(c, 'base'),
  stock: startStock, hive: startHive, bare: startBare,
};

async function main() {
  const kind = process.argv[2] as GatewayKind;
  const config = JSON.parse(readFileSync(process.argv[3], 'utf8')) as ChildConfig;
  const started = await STARTERS[kind](config);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  let mark = process.cpuUsage();
  const send = (m: ChildMessage) => process.send?.(m);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'mark') { mark = process.cpuUsage(); peak = process.memoryUsage().rss; }
    if (m.type === 'stats') {
      const d = process.cpuUsage(mark);
      send({ type: 'stats', cpuMs: (d.user + d.system) / 1000, peakRss: Math.max(peak, process.memoryUsage().rss) });
    }
    if (m.type === 'stop') {
      clearInterval(sampler);
      started.close().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 2_000).unref();
    }
  });
  send({ type: 'ready', url: started.url });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
