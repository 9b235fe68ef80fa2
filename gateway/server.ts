import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import pino, { type Logger } from 'pino';
import { Agent } from 'undici';
import { DEFAULT_LIMITS, type OperationLimits } from '../core/auth/operation-limits';
import type { TokenVerifier } from '../core/auth/token-verifier';
import { admit } from './admission';
import { serveGraphQL, type CacheUse } from './apollo-http';
import type { GatewayContext, Outcome, RequestRecord } from './context';
import { HubDataSource, type SubgraphTransport } from './data-source';
import { InflightFetches } from './inflight-fetches';
import { formatGatewayError } from './format-error';
import { renderGraphiQLPage, serveGraphiQLPage, type GraphiQLPage } from './graphiql';
import { aliasLimitRule } from './limits/alias-limit';
import { costLimitPlugin } from './limits/cost-limit-plugin';
import { depthLimitRule } from './limits/depth-limit';
import { directiveLimitRule } from './limits/directive-limit';
import { nulCharacterPlugin } from './limits/nul-character-plugin';
import { GatewayMetrics } from './metrics';
import { RateLimiter } from './rate-limit';
import { checkReadiness, signedProbes } from './readiness';
import { requestIdFrom, REQUEST_ID_HEADER } from './request-id';
import { requestRecordPlugin } from './request-record-plugin';
import { ResponseCache } from './response-cache';

// @apollo/gateway 2.14 sends usage data to Apollo unless this is set when an ApolloGateway is
// constructed; setting it when this module loads covers every way of starting the gateway.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

export interface GatewayOptions {
  /** The composed supergraph; the gateway serves exactly this schema and never polls for another. */
  supergraphSdl: string;
  /** Subgraph name → URL, overriding the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  logger?: Logger;
  /** Put into GraphiQL's header editor as `Authorization: Bearer …`. */
  demoToken?: string;
  /** GraphiQL's default query. */
  exampleQuery?: string;
  /** How long one subgraph call may take before it counts as unavailable. Default: limits.subgraphTimeoutMs (30 s). */
  subgraphTimeoutMs?: number;
  /**
   * Verifies bearer tokens: with it, every GraphQL request without a valid token gets HTTP 401
   * (code UNAUTHENTICATED) and the subgraphs receive the verified identity. Without it the
   * gateway lets anyone in and forwards the Authorization header as is: for tests of the
   * gateway's own mechanics only; `hub start` and `hub serve gateway` always pass one.
   */
  tokens?: TokenVerifier;
  /** Signs every subgraph request and readiness probe (core/auth/subgraph-signature.ts); absent: unsigned. */
  subgraphKey?: Uint8Array;
  /** Operation limits; a missing one takes its default (core/auth/operation-limits.ts). */
  limits?: Partial<OperationLimits>;
  /** Send identical subgraph queries in flight once (gateway/inflight-fetches.ts). Default true. */
  dedupeSubgraphFetches?: boolean;
  /** Whole-response cache for queries (gateway/response-cache.ts); absent: every request goes to the subgraphs. */
  responseCache?: GatewayResponseCacheOptions;
}

export interface GatewayResponseCacheOptions {
  maxBytes: number;
  staleMs: number;
  /** Changes whenever served data changes (gateway/data-version.ts reads it from the store). */
  dataVersion: () => Promise<string>;
}

export interface RunningGateway {
  /** http://host:port/graphql */
  url: string;
  port: number;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

/**
 * Starts Apollo Gateway on the static supergraph behind our own node:http server, which also
 * answers /health, /ready and /metrics and serves the offline GraphiQL page. Resolves once it
 * listens; close() drains in-flight requests and stops.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const baseLogger = options.logger ?? pino();
  const logger = baseLogger.child({ component: 'gateway' });
  const host = options.host ?? '127.0.0.1';
  const metrics = new GatewayMetrics();
  const subgraphUrls = new Map<string, string>();
  const limits: OperationLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // One pool for every subgraph call and readiness probe, so close() can end its sockets.
  const dispatcher = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 5_000 } });
  const transport: SubgraphTransport = {
    dispatcher, timeoutMs: options.subgraphTimeoutMs ?? limits.subgraphTimeoutMs, signingKey: options.subgraphKey,
    inflight: options.dedupeSubgraphFetches === false ? undefined : new InflightFetches(),
  };
  const limiter = new RateLimiter(limits.rateLimitRequests, limits.rateLimitWindowSeconds);
  const signProbe = options.subgraphKey === undefined ? undefined : signedProbes(options.subgraphKey);
  const responseCache = options.responseCache
    ? new ResponseCache({ ...options.responseCache, onVersionError: (err: unknown) => logger.error({ err }, 'response cache: data version unreadable; answering without the cache') })
    : undefined;

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: baseLogger.child({ component: 'apollo-gateway' }),
    // Called once per subgraph when the supergraph loads: the moment to learn names and URLs.
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`subgraph ${name} has no URL: add it to subgraphUrls`);
      subgraphUrls.set(name, target);
      return new HubDataSource(name, target, metrics, transport);
    },
  });

  let graphiqlPage: Promise<GraphiQLPage> | undefined;
  const graphiql = (): Promise<GraphiQLPage> => {
    graphiqlPage ??= renderGraphiQLPage({
      title: 'union-hub',
      endpoint: GRAPHQL_PATH,
      defaultQuery: options.exampleQuery,
      defaultHeaders: options.demoToken === undefined ? undefined : { Authorization: `Bearer ${options.demoToken}` },
    }).catch((error: unknown) => {
      graphiqlPage = undefined;
      throw error;
    });
    return graphiqlPage;
  };

  const httpServer = createServer((req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const record: RequestRecord = { subgraphFailures: [] };
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    const isApiCall = path === GRAPHQL_PATH && !wantsHtml(req);

    // One line per request, written when the response is done. Only the path is logged: a GET
    // query string carries the query's variables, which may be personal data.
    res.on('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const line = { requestId, method: req.method, path, status: res.statusCode, durationMs: Math.round(seconds * 1000) };
      if (!isApiCall) {
        const quiet = path === '/health' || path === '/ready' || path === '/metrics';
        logger[quiet ? 'debug' : 'info'](line, 'request');
        return;
      }
      const operation = record.operationName ?? 'unknown';
      const outcome: Outcome = record.outcome ?? (res.statusCode >= 400 ? 'error' : 'success');
      metrics.observeRequest(operation, outcome, seconds);
      // Who asked (account and role, never the token) and why a request was turned away.
      const caller = context.identity ? { subject: context.identity.subject, role: context.identity.role } : {};
      const refusal = record.refused === undefined ? {} : { refused: record.refused };
      logger.info({ ...line, operation, outcome, ...caller, ...refusal, cost: record.cost, subgraphErrors: record.subgraphFailures }, 'graphql request');
    });

    const context: GatewayContext = {
      requestId,
      record,
      identity: null,
      authorization: options.tokens ? undefined : req.headers.authorization,
    };
    route(req, res, path, context).catch((error: unknown) => {
      logger.error({ requestId, err: error }, 'request failed');
      if (res.headersSent) {
        res.destroy();
      } else {
        sendJson(res, 500, { error: 'internal error' });
      }
    });
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: baseLogger.child({ component: 'apollo-server' }),
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    // GraphiQL needs the schema. Only callers with a valid token get this far.
    introspection: true,
    // Limits checked before anything is planned: tokens while parsing, then depth, aliases and
    // directives as validation rules, then cost and page size with the variables (the plugin).
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), directiveLimitRule(limits.maxDirectives)],
    // Apollo's own bound on fragment expansion, as a first line before the rules above.
    maxRecursiveSelections: true,
    // No "Did you mean …?": a probe should not learn field names it did not already know.
    hideSchemaDetailsFromClientErrors: true,
    // One operation per request, so the limits above (and the rate limit) count what they mean to.
    allowBatchedHttpRequests: false,
    // Requests must be JSON or carry a preflight header, so a browser form on another site cannot post one.
    csrfPrevention: true,
    // Signals belong to the process (the CLI), not to a library that may run twice in one process.
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's landing page and reporting all load from or send to Apollo's servers.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestRecordPlugin(logger),
      costLimitPlugin({ maxCost: limits.maxCost, listSize: limits.listSize, maxPageSize: limits.maxPageSize }),
      nulCharacterPlugin(),
    ],
  });

  async function route(req: IncomingMessage, res: ServerResponse, path: string, context: GatewayContext): Promise<void> {
    const method = req.method ?? 'GET';
    if (path === GRAPHQL_PATH) {
      if ((method === 'GET' || method === 'HEAD') && wantsHtml(req)) {
        serveGraphiQLPage(req, res, await graphiql());
        return;
      }
      const admission = await admit(req, options.tokens, limiter);
      if (!admission.admitted) {
        context.record.refused = admission.reason;
        context.identity = admission.identity ?? null;
        for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
        sendJson(res, admission.status, admission.body);
        return;
      }
      context.identity = admission.identity;
      await serveGraphQL(apollo, req, res, context, limits.maxBodyBytes, responseCache && cacheUse(responseCache, context));
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed' });
      return;
    }
    switch (path) {
      case '/health':
        sendJson(res, 200, { status: 'ok' });
        return;
      case '/ready': {
        const readiness = await checkReadiness(subgraphUrls, dispatcher, undefined, signProbe);
        sendJson(res, readiness.ready ? 200 : 503, {
          status: readiness.ready ? 'ready' : 'not ready',
          subgraphs: readiness.subgraphs,
        });
        return;
      }
      case '/metrics':
        res.setHeader('content-type', metrics.contentType);
        res.end(await metrics.render());
        return;
      default:
        sendJson(res, 404, { error: 'not found' });
    }
  }

  function cacheUse(cache: ResponseCache, context: GatewayContext): CacheUse {
    return {
      cache,
      // The answer may depend on the role and the city, never on anything else about the caller.
      caller: { role: context.identity?.role ?? null, city: context.identity?.city ?? null, authorization: context.authorization },
      observed: (lookup) => metrics.responseCache(lookup.result, cache.bytes),
    };
  }

  try {
    await apollo.start();
  } catch (error) {
    await dispatcher.close();
    throw error;
  }
  try {
    const unknown = Object.keys(options.subgraphUrls).filter((name) => !subgraphUrls.has(name));
    if (unknown.length > 0) {
      throw new Error(`subgraphUrls names subgraphs the supergraph does not have: ${unknown.join(', ')}`);
    }
    await listen(httpServer, options.port, host);
  } catch (error) {
    await apollo.stop();
    await dispatcher.close();
    throw error;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}${GRAPHQL_PATH}`;
  logger.info({ url, subgraphs: [...subgraphUrls.keys()] }, 'gateway listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () => (closing ??= apollo.stop().then(() => dispatcher.close())),
  };
}

/** Browsers ask for HTML; GraphQL clients doing GET ask for JSON. */
function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A wildcard bind address is not somewhere to send a browser; IPv6 literals need brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
