import { randomUUID } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { signSubgraphRequest } from '../core/auth/subgraph-signature';

/** 'refused': the subgraph answered 401, i.e. it does not accept this gateway's signature (HUB_SUBGRAPH_SECRET differs). */
export type SubgraphState = 'up' | 'down' | 'refused';

export interface Readiness {
  ready: boolean;
  subgraphs: Record<string, SubgraphState>;
}

/** A load balancer's probe should not wait longer than this on one slow subgraph. */
export const PROBE_TIMEOUT_MS = 2000;

/** Headers that sign one probe (subgraphs that serve the gateway only refuse unsigned ones). */
export type ProbeSigner = (url: string, body: string) => Record<string, string>;

const PROBE_BODY = JSON.stringify({ query: '{ __typename }' });

/** Probes signed like any subgraph request, without an identity: they read nothing but `__typename`. */
export function signedProbes(key: Uint8Array): ProbeSigner {
  return (url, body) => {
    const target = new URL(url);
    return signSubgraphRequest(key, { method: 'POST', target: target.pathname + target.search, body, requestId: randomUUID(), identity: '' });
  };
}

/**
 * The gateway is ready when every subgraph answers the smallest query there is. The probes run
 * in parallel, so /ready answers within the timeout however many subgraphs there are. The result
 * names subgraphs only, never their URLs.
 */
export async function checkReadiness(
  subgraphUrls: ReadonlyMap<string, string>,
  dispatcher: Dispatcher,
  timeoutMs = PROBE_TIMEOUT_MS,
  sign?: ProbeSigner,
): Promise<Readiness> {
  const entries = await Promise.all(
    [...subgraphUrls].map(async ([name, url]) => [name, await probe(url, dispatcher, timeoutMs, sign)] as const),
  );
  return {
    ready: entries.every(([, state]) => state === 'up'),
    subgraphs: Object.fromEntries(entries),
  };
}

async function probe(url: string, dispatcher: Dispatcher, timeoutMs: number, sign: ProbeSigner | undefined): Promise<SubgraphState> {
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign?.(url, PROBE_BODY) },
      body: PROBE_BODY,
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body: unknown = await response.body.json().catch(() => undefined);
    if (response.statusCode === 401) return 'refused';
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
