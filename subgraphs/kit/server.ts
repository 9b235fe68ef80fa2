import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Identity } from '../../core/auth/identity';
import { SubgraphRequestVerifier, type SignatureFailure } from '../../core/auth/subgraph-signature';
import type { Store } from '../../core/store/database';
import { createContext, type SubgraphContext } from './context';
import { formatSubgraphError, isExpectedError } from './errors';

/**
 * One subgraph on node:http: POST (and GET) /graphql through Apollo Server, GET /health for
 * liveness. Loopback by default: subgraphs sit behind the gateway, which adds auth and limits.
 * Started with the gateway's key, it serves only requests the gateway signed.
 */
export interface SubgraphLogger {
  error(fields: Record<string, unknown>, message: string): void;
  warn?(fields: Record<string, unknown>, message: string): void;
}

export interface StartSubgraphOptions {
  name: string;
  schema: GraphQLSchema;
  store: Store;
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  logger?: SubgraphLogger;
  /**
   * The gateway's signing key (HUB_SUBGRAPH_SECRET or subgraph.key). With it every /graphql
   * request, `_service` and `_entities` included, must carry a valid, fresh gateway signature or
   * is refused with 401 before anything runs, and resolvers get the signed identity in
   * `context.identity`. Without it the subgraph serves anyone who reaches it (tests).
   */
  gatewayKey?: Uint8Array;
}

export interface SubgraphServer {
  name: string;
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';
/** A query document with variables is kilobytes; a megabyte is generous and bounds memory per request. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Longer than the gateway's idle keep-alive, so the subgraph never closes a socket the gateway is about to reuse. */
const KEEP_ALIVE_MS = 65_000;

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly extensions: Record<string, unknown> = {}) {
    super(message);
  }
}

const SIGNATURE_MESSAGES: Record<SignatureFailure, string> = {
  signature_missing: 'this subgraph answers the gateway only: the request is not signed',
  signature_malformed: 'this subgraph answers the gateway only: the request signature is malformed',
  timestamp_stale: 'this subgraph answers the gateway only: the request signature has expired',
  signature_mismatch: 'this subgraph answers the gateway only: the request signature does not verify',
  replayed: 'this subgraph answers the gateway only: the request was already served once',
  identity_invalid: 'this subgraph answers the gateway only: the signed identity is not valid',
};

export async function startSubgraph(options: StartSubgraphOptions): Promise<SubgraphServer> {
  const host = options.host ?? '127.0.0.1';
  const httpServer = createServer();
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const apollo = createApollo(options, httpServer);
  await apollo.start();
  const verifier = options.gatewayKey ? new SubgraphRequestVerifier(options.gatewayKey) : null;
  httpServer.on('request', (req, res) => {
    handle(apollo, options, verifier, req, res).catch((error: unknown) => {
      if (!(error instanceof HttpError)) options.logger?.error({ subgraph: options.name, err: error }, 'request failed');
      sendError(res, error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    name: options.name,
    url: `http://${urlHost}:${port}${GRAPHQL_PATH}`,
    port,
    // The drain plugin closes the listener and waits for in-flight requests, idle keep-alive sockets included.
    close: () => apollo.stop(),
  };
}

function createApollo(options: StartSubgraphOptions, httpServer: Server): ApolloServer<SubgraphContext> {
  return new ApolloServer<SubgraphContext>({
    schema: options.schema,
    formatError: formatSubgraphError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The gateway serves the only GraphiQL; subgraphs answer machines.
      ApolloServerPluginLandingPageDisabled(),
      // No Apollo Studio here, so no per-request trace building.
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue }) {
              for (const error of errors) {
                if (!isExpectedError(error)) {
                  options.logger?.error({ subgraph: options.name, requestId: contextValue.requestId, err: error.originalError ?? error }, error.message);
                }
              }
            },
          };
        },
      },
    ],
  });
}

async function handle(
  apollo: ApolloServer<SubgraphContext>,
  options: StartSubgraphOptions,
  verifier: SubgraphRequestVerifier | null,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://subgraph');
  if (url.pathname === '/health' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', subgraph: options.name }));
    return;
  }
  if (url.pathname !== GRAPHQL_PATH) throw new HttpError(404, `not found: ${url.pathname} (GraphQL is at ${GRAPHQL_PATH})`);

  const requestId = headerValue(req, 'x-request-id');
  const raw = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
  const identity = verifier ? verifiedIdentity(verifier, options, req, raw, requestId) : null;
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    headers: headerMap(req),
    search: url.search,
    body: req.method === 'POST' ? parseJson(raw) : undefined,
  };
  const context = createContext(options.store, requestId, identity);
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.setHeader('x-request-id', context.requestId);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** The gateway's signature over this very request, or a 401 (logged without the request's content). */
function verifiedIdentity(verifier: SubgraphRequestVerifier, options: StartSubgraphOptions, req: IncomingMessage, body: Buffer, requestId: string | null): Identity | null {
  const result = verifier.verify({ method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers, body });
  if (result.ok) return result.identity;
  options.logger?.warn?.({ subgraph: options.name, requestId, reason: result.reason }, 'request without a valid gateway signature refused');
  throw new HttpError(401, SIGNATURE_MESSAGES[result.reason], { code: 'UNAUTHENTICATED', reason: result.reason });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The request body as JSON; Apollo checks the shape (query, variables…) and answers 400 itself. */
function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

function sendError(res: ServerResponse, error: unknown): void {
  const status = error instanceof HttpError ? error.status : 500;
  const message = error instanceof HttpError ? error.message : 'internal error';
  if (res.headersSent) {
    res.end();
    return;
  }
  const extensions = error instanceof HttpError && error.extensions.code !== undefined
    ? error.extensions
    : { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' };
  res.writeHead(status, { 'content-type': 'application/json', ...(status === 413 ? { connection: 'close' } : {}) });
  res.end(JSON.stringify({ errors: [{ message, extensions }] }));
}
