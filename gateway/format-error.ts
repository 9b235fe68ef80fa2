import type { GraphQLFormattedError } from 'graphql';

/** Message for errors the gateway did not mean to show; the original goes to the log instead. */
export const INTERNAL_ERROR_MESSAGE = 'internal error';

/**
 * Extensions that can carry internals: Apollo's stack trace (added unless
 * includeStacktraceInErrorResponses is off), the pre-v4 `exception` object, and the `response`
 * object (subgraph URL, status and body) that RemoteGraphQLDataSource attaches to HTTP failures.
 */
const INTERNAL_EXTENSIONS = ['stacktrace', 'exception', 'response'] as const;

/**
 * Apollo's formatError hook: the last look at every error before it leaves the gateway.
 * Errors with a code that says what went wrong (validation, SUBGRAPH_UNAVAILABLE, a subgraph's
 * own errors) keep their message; an INTERNAL_SERVER_ERROR raised in the gateway itself is an
 * unexpected exception whose message may hold an address or a path, so it is replaced.
 */
export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions: Record<string, unknown> = { ...formatted.extensions };
  for (const key of INTERNAL_EXTENSIONS) delete extensions[key];
  // The gateway marks errors that a subgraph returned with `serviceName`; those are the subgraph's to word.
  const raisedHere = extensions.serviceName === undefined;
  const unexpected = extensions.code === 'INTERNAL_SERVER_ERROR' || extensions.code === undefined;
  const message = raisedHere && unexpected ? INTERNAL_ERROR_MESSAGE : formatted.message;
  return { ...formatted, message, extensions };
}
