/**
 * What one incoming request carries through Apollo to the subgraph data sources and back to the
 * request log: the id that ties the log lines together, the caller's credentials to forward, and
 * a record that the Apollo plugin and the data sources fill in while the operation runs.
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
  /** Set by the Apollo plugin when it produced a response; absent for HTTP-level rejections. */
  outcome?: Outcome;
  subgraphFailures: SubgraphFailure[];
}

export interface GatewayContext {
  requestId: string;
  /** The client's Authorization header, forwarded as is until the security work signs identity. */
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
