import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HubError } from '../../core/errors';

/**
 * How the hub's own errors reach a GraphQL client: the message a person can act on, and in
 * `extensions` the stable `code` plus the details (for InputError: `field` and `rule`), so scripts
 * can branch on them. The gateway passes subgraph extensions through unchanged.
 */
export function hubErrorExtensions(error: HubError): Record<string, unknown> {
  return { ...error.details, code: error.code };
}

/** A HubError as a GraphQL error (for code that reports errors outside Apollo's pipeline). */
export function mapHubError(error: unknown): GraphQLError | null {
  const original = unwrapResolverError(error);
  if (!(original instanceof HubError)) return null;
  return new GraphQLError(original.message, { extensions: hubErrorExtensions(original) });
}

/**
 * Apollo's `formatError`: HubErrors get their code and details; errors that already carry a code
 * (GraphQL validation, a resolver's own GraphQLError) keep it; anything else stays as Apollo
 * formats it (INTERNAL_SERVER_ERROR, no stack trace).
 */
export function formatSubgraphError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (!(original instanceof HubError)) return formatted;
  return { ...formatted, message: original.message, extensions: { ...formatted.extensions, ...hubErrorExtensions(original) } };
}

/** True for errors the hub raised on purpose (not worth an error log line). */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof HubError) return true;
  return original instanceof GraphQLError && original.extensions.code !== undefined && original.extensions.code !== 'INTERNAL_SERVER_ERROR';
}
