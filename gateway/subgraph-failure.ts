import { GraphQLError } from 'graphql';
import type { SubgraphErrorKind } from './metrics';

/**
 * Turns a failed subgraph call into the error a client may see.
 *
 * What Apollo would show otherwise: with its default fetcher a refused connection surfaces as
 * `request to http://127.0.0.1:4001/ failed, reason: connect ECONNREFUSED 127.0.0.1:4001`
 * (a keep-alive socket the subgraph closed gives `... reason: socket hang up`), code
 * INTERNAL_SERVER_ERROR, with the stack (file paths included) in `extensions.stacktrace` unless
 * stack traces are off; a non-2xx answer becomes `500: Internal Server Error` with
 * `extensions.response = { url, status, statusText, body }`.
 * Both leak internal addresses (and the body may leak more), so none of the cause is copied:
 * the message names the subgraph, the extensions say what kind of failure it was.
 */
export interface ClassifiedFailure {
  kind: SubgraphErrorKind;
  code: string;
  error: GraphQLError;
}

/** Gateways and proxies in front of a subgraph answer these when it is not there. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

export function classifySubgraphFailure(subgraph: string, cause: unknown): ClassifiedFailure {
  const status = httpStatusOf(cause);
  if (status === undefined) {
    return isTransportFailure(cause)
      ? unavailable(subgraph)
      : failure(subgraph, 'invalid_response', 'SUBGRAPH_ERROR', `subgraph ${subgraph} sent an invalid response`);
  }
  if (UNAVAILABLE_STATUSES.has(status)) return unavailable(subgraph);
  // Keep the standard codes so a client can tell "log in again" from "broken".
  if (status === 401) {
    return failure(subgraph, 'http', 'UNAUTHENTICATED', `subgraph ${subgraph} did not accept the credentials`, status);
  }
  if (status === 403) {
    return failure(subgraph, 'http', 'FORBIDDEN', `subgraph ${subgraph} refused the request`, status);
  }
  return failure(subgraph, 'http', 'SUBGRAPH_ERROR', `subgraph ${subgraph} answered HTTP ${status}`, status);
}

function unavailable(subgraph: string): ClassifiedFailure {
  return failure(subgraph, 'unavailable', 'SUBGRAPH_UNAVAILABLE', `subgraph ${subgraph} is unavailable`);
}

function failure(
  subgraph: string,
  kind: SubgraphErrorKind,
  code: string,
  message: string,
  status?: number,
): ClassifiedFailure {
  const extensions = status === undefined ? { code, subgraph } : { code, subgraph, status };
  return { kind, code, error: new GraphQLError(message, { extensions }) };
}

/** RemoteGraphQLDataSource.errorFromResponse puts the HTTP status under extensions.response. */
function httpStatusOf(cause: unknown): number | undefined {
  if (!(cause instanceof GraphQLError)) return undefined;
  const response = cause.extensions.response;
  if (typeof response !== 'object' || response === null) return undefined;
  const status = (response as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Nobody answered: connection refused or reset, DNS failure, a socket closed mid-answer, or our
 * own timeout. undici's fetch reports these as `TypeError: fetch failed` with the system error
 * (ECONNREFUSED…) or its own (UND_ERR_SOCKET…) as `cause`, and a timeout as a TimeoutError.
 */
function isTransportFailure(cause: unknown): boolean {
  for (let error = cause, depth = 0; typeof error === 'object' && error !== null && depth < 5; depth++) {
    const { name, code } = error as { name?: unknown; code?: unknown };
    if (name === 'AbortError' || name === 'TimeoutError') return true;
    if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('UND_ERR'))) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}
