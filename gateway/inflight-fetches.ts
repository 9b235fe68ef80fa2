import type { FetcherRequestInit } from '@apollo/utils.fetcher';
import { IDENTITY_HEADER } from '../core/auth/subgraph-signature';

/**
 * Identical subgraph queries in flight at the same moment share one call: fifty dashboards asking
 * for the province overview at once cost each subgraph one request, not fifty. Only queries
 * (a mutation must run every time it is sent), and only for the same caller as the subgraph sees
 * it (identity and authorization are part of the key), so no answer crosses roles or cities.
 * The shared call carries the first caller's request id; the others' ids do not reach the subgraph.
 */
export class InflightFetches<T> {
  private readonly calls = new Map<string, Promise<T>>();

  /** Runs `call`, or joins the identical one already running. */
  share(url: string, init: FetcherRequestInit, call: () => Promise<T>): Promise<T> {
    const key = keyOf(url, init);
    if (key === null) return call();
    const running = this.calls.get(key);
    if (running) return running;
    const started = call().finally(() => this.calls.delete(key));
    this.calls.set(key, started);
    return started;
  }
}

/** null: not to be shared (a mutation, or a body that is not text). */
function keyOf(url: string, init: FetcherRequestInit): string | null {
  const body = init.body;
  if (typeof body !== 'string' || (init.method ?? 'GET').toUpperCase() !== 'POST') return null;
  // Apollo serializes { query, variables, operationName }; a mutation's query text starts so.
  // Anything unsure (the word after "query": is not plainly a query) is not shared.
  if (!/^\{"query":"(query\b|\{)/.test(body)) return null;
  const headers = init.headers ?? {};
  return [url, headers[IDENTITY_HEADER] ?? '', headers.authorization ?? '', body].join('\u0000');
}
