import type { Dispatcher } from 'undici';
import { Transient } from '../pipeline/retry';
import { parseErrorBody } from './feed-xml';
import { decodeXmlBody } from './xml-body';

/**
 * One HTTP exchange with Shaoxing over the client's keep-alive pool. What the network does wrong
 * (refused, reset, timed out, a body cut off before its Content-Length) is transient: the caller's
 * retry loop asks again. What the server says is the caller's to judge.
 */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export async function exchange(dispatcher: Dispatcher, request: UpstreamRequest): Promise<UpstreamResponse> {
  let response: Dispatcher.ResponseData;
  try {
    response = await dispatcher.request({
      method: request.method,
      origin: request.url.origin,
      path: request.url.pathname + request.url.search,
      headers: request.headers,
      body: request.body,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
      signal: request.signal,
    });
  } catch (e) {
    if (request.signal?.aborted) throw e;
    throw new Transient(`${request.method} ${request.url.pathname}: network error: ${(e as Error).message}`);
  }
  try {
    const body = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers, body };
  } catch (e) {
    throw new Transient(`${request.method} ${request.url.pathname}: the body was cut off: ${(e as Error).message}`);
  }
}

export function header(response: UpstreamResponse, name: string): string | undefined {
  const v = response.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `Retry-After` in seconds (the contract's form) or as an HTTP date, in ms; undefined when absent. */
export function retryAfterMs(response: UpstreamResponse, now = Date.now()): number | undefined {
  const v = header(response, 'retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** "HTTP 503 SERVICE_UNAVAILABLE: …" from the small XML error body, whatever its charset. */
export function describeFailure(response: UpstreamResponse): string {
  let detail = '';
  try {
    const error = parseErrorBody(decodeXmlBody(response.body, header(response, 'content-type')).text);
    if (error) detail = ` ${error.code}: ${error.message}`;
  } catch {
    // not a readable error document: the status says enough
  }
  return `HTTP ${response.status}${detail}`;
}

/** The error document's code, '' when there is none. */
export function errorCode(response: UpstreamResponse): string {
  try {
    return parseErrorBody(decodeXmlBody(response.body, header(response, 'content-type')).text)?.code ?? '';
  } catch {
    return '';
  }
}
