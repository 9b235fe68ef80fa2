import { STATUS_CODES } from 'node:http';
import type { FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import type { Dispatcher } from 'undici';

/**
 * One subgraph call over undici's `request` on the gateway's pool, and its answer as the
 * FetcherResponse Apollo's data source expects. `request` skips the WHATWG fetch machinery
 * (Request/Response objects, web streams) that undici's own `fetch` builds for every call; the
 * answer is read whole (subgraph answers are JSON documents, parsed whole anyway).
 */
export interface SubgraphAnswer {
  url: string;
  status: number;
  headers: [string, string][];
  body: string;
}

export async function exchange(dispatcher: Dispatcher, url: string, init: FetcherRequestInit, timeoutMs: number): Promise<SubgraphAnswer> {
  const target = new URL(url);
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await dispatcher.request({
    origin: target.origin,
    path: target.pathname + target.search,
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    headers: init.headers,
    body: init.body,
    signal,
  });
  const body = await response.body.text();
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.push([name, one]);
  }
  return { url, status: response.statusCode, headers, body };
}

/** A fresh response per reader: one shared answer may be read by several deduplicated callers. */
export function fetcherResponse(answer: SubgraphAnswer): FetcherResponse {
  let used = false;
  const read = () => {
    used = true;
    return answer.body;
  };
  return {
    get bodyUsed() { return used; },
    url: answer.url,
    redirected: false,
    status: answer.status,
    ok: answer.status >= 200 && answer.status < 300,
    statusText: STATUS_CODES[answer.status] ?? '',
    headers: new Headers(answer.headers),
    text: async () => read(),
    json: async () => JSON.parse(read()) as unknown,
    arrayBuffer: async () => {
      const bytes = Buffer.from(read());
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    clone: () => fetcherResponse(answer),
  };
}
