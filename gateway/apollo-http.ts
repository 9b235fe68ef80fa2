import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { GatewayContext } from './context';

/** GraphQL requests are small; anything larger is a mistake or an attack (security.limits.maxBodyBytes). */
export const MAX_BODY_BYTES = 1024 * 1024;

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
): Promise<void> {
  const raw = await readBody(req, maxBodyBytes);
  if (raw === 'too large') {
    sendJsonError(res, 413, `request body is larger than ${maxBodyBytes} bytes`, 'PAYLOAD_TOO_LARGE');
    return;
  }
  let body: unknown;
  if (mediaType(req.headers['content-type']) === 'application/json' && raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      sendJsonError(res, 400, 'request body is not valid JSON', 'BAD_REQUEST');
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
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
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
