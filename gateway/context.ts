import type { Identity } from '../core/auth/identity';

/**
 * What one incoming request carries through Apollo to the subgraph data sources and back to the
 * request log: the id that ties the log lines together, the verified caller, and a record that
 * the Apollo plugins and the data sources fill in while the operation runs.
 */

/** How a request ended, as a metrics label and in the log. */
export type Outcome = 'success' | 'partial' | 'error';

/** A failure seen while talking to a subgraph; codes only, never messages (they may hold personal data). */
export interface SubgraphFailure {
  subgraph: string;
  code: string;
}

export interface RequestRecord {
  /** Resolved operation name; 'anonymous' for unnamed operations; undefined until Apollo resolved it. */
  operationName?: string;
  /** query, mutation or subscription, once Apollo resolved the operation: a mutation empties the response cache. */
  operationType?: string;
  /** Set by the Apollo plugin when it produced a response; absent for HTTP-level rejections. */
  outcome?: Outcome;
  subgraphFailures: SubgraphFailure[];
  /** Estimated cost (gateway/limits/cost.ts), once the operation is known. */
  cost?: number;
  /** Why the request was turned away before Apollo saw it: an AuthFailure reason or 'rate_limited'. */
  refused?: string;
}

export interface GatewayContext {
  requestId: string;
  /** The caller, from a verified bearer token; null when the gateway runs without authentication. */
  identity: Identity | null;
  /** The client's Authorization header, forwarded only by a gateway without authentication (tests). */
  authorization?: string;
  record: RequestRecord;
}

/** Health checks and schema loading run with an empty context; only real operations carry ours. */
export function isGatewayContext(value: unknown): value is GatewayContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<GatewayContext>).requestId === 'string' &&
    typeof (value as Partial<GatewayContext>).record === 'object'
  );
}
