import { request, type Dispatcher } from 'undici';

export type SubgraphState = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  subgraphs: Record<string, SubgraphState>;
}

/** A load balancer's probe should not wait longer than this on one slow subgraph. */
export const PROBE_TIMEOUT_MS = 2000;

/**
 * The gateway is ready when every subgraph answers the smallest query there is. The probes run
 * in parallel, so /ready answers within the timeout however many subgraphs there are. The result
 * names subgraphs only, never their URLs.
 */
export async function checkReadiness(
  subgraphUrls: ReadonlyMap<string, string>,
  dispatcher: Dispatcher,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<Readiness> {
  const entries = await Promise.all(
    [...subgraphUrls].map(async ([name, url]) => [name, await probe(url, dispatcher, timeoutMs)] as const),
  );
  return {
    ready: entries.every(([, state]) => state === 'up'),
    subgraphs: Object.fromEntries(entries),
  };
}

async function probe(url: string, dispatcher: Dispatcher, timeoutMs: number): Promise<SubgraphState> {
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body: unknown = await response.body.json().catch(() => undefined);
    return response.statusCode === 200 && answeredTypename(body) ? 'up' : 'down';
  } catch {
    return 'down';
  }
}

function answeredTypename(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const data = (body as { data?: unknown }).data;
  return typeof data === 'object' && data !== null && typeof (data as { __typename?: unknown }).__typename === 'string';
}
