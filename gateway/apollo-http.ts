import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { GatewayContext } from './context';
import type { CacheableRequest, CacheCaller, CacheLookup, ResponseCache } from './response-cache';

/** GraphQL requests are small; anything larger is a mistake or an attack (security.limits.maxBodyBytes). */
export const MAX_BODY_BYTES = 1024 * 1024;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Says whether the answer came from the response cache (`hit`) or not (`miss`). */
export const CACHE_HEADER = 'x-hub-cache';

/** The response cache as one request sees it: the cache, who asks, and who wants to know how it went. */
export interface CacheUse {
  cache: ResponseCache;
  caller: CacheCaller;
  observed(lookup: CacheLookup): void;
}

/**
 * Hands one node:http request to Apollo Server and writes its answer back: the same bridge as
 * @apollo/server/standalone, without its express-era body-parser and cors middleware, so the
 * gateway owns its HTTP server (and its other routes) outright.
 */
export async function serveGraphQL(
  apollo: ApolloServer<GatewayContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: GatewayContext,
  maxBodyBytes = MAX_BODY_BYTES,
  cacheUse?: CacheUse,
): Promise<void> {
  const raw = await readBody(req, maxBodyBytes);
  if (raw === 'too large') {
    sendJsonError(res, 413, `request body is larger than ${maxBodyBytes} bytes`, 'PAYLOAD_TOO_LARGE');
    return;
  }
  let body: unknown;
  if (mediaType(req.headers['content-type']) === 'application/json' && raw.length > 0) {
    try {
      body = JSON.parse(STRICT_UTF8.decode(raw));
    } catch (e) {
      // Bytes that are not UTF-8 are refused, not read as U+FFFD (the code, not the class: realms differ under test runners).
      sendJsonError(res, 400, (e as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'request body is not valid UTF-8 (JSON must be UTF-8; a GBK body labelled UTF-8 looks like this)' : 'request body is not valid JSON', 'BAD_REQUEST');
      return;
    }
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    headers,
    search: new URL(req.url ?? '/', 'http://gateway').search,
    body,
  };
  const lookup = cacheUse && httpGraphQLRequest.method === 'POST' && isCacheableRequest(body) ? await cacheUse.cache.lookup(body, cacheUse.caller) : undefined;
  if (lookup) cacheUse?.observed(lookup);
  if (lookup?.result === 'hit') {
    context.record.operationName = lookup.operationName;
    context.record.outcome = 'success';
    for (const [name, value] of lookup.answer.headers) res.setHeader(name, value);
    res.setHeader(CACHE_HEADER, 'hit');
    res.statusCode = lookup.answer.status;
    res.end(lookup.answer.body);
    return;
  }
  if (cacheUse) res.setHeader(CACHE_HEADER, 'miss');
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context });
  // Before the client hears back: its next read must not be answered from before its write.
  // Apollo's own record of the operation type also covers mutations sent as a persisted-query hash.
  if ((lookup?.result === 'skip' && lookup.mutation) || context.record.operationType === 'mutation') cacheUse?.cache.invalidate();
  const answerHeaders: [string, string][] = [...response.headers];
  for (const [name, value] of answerHeaders) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    if (lookup?.result === 'miss' && res.statusCode === 200 && context.record.outcome === 'success') {
      cacheUse?.cache.store(lookup, { status: 200, headers: answerHeaders, body: Buffer.from(response.body.string) });
    }
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** A JSON POST with its query as text (not a persisted-query hash, not a batch). */
function isCacheableRequest(body: unknown): body is CacheableRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { query, operationName } = body as Record<string, unknown>;
  return typeof query === 'string' && (operationName === undefined || operationName === null || typeof operationName === 'string');
}

async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer | 'too large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit keep reading but drop the bytes: leaving the loop would destroy the socket
  // before the 413 could be sent.
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= maxBodyBytes) chunks.push(buffer);
  }
  return size > maxBodyBytes ? 'too large' : Buffer.concat(chunks);
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function sendJsonError(res: ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
