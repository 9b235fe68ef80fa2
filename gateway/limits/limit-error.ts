import { GraphQLError, type ASTNode } from 'graphql';
import type { OperationLimits } from '../../core/auth/operation-limits';

/**
 * The error for an operation over one of the gateway's limits. Apollo reports validation errors
 * with code GRAPHQL_VALIDATION_FAILED and HTTP 400; `extensions.limit` names the setting
 * (`security.limits.<limit>`), `max` its value and `actual` what the operation asked for.
 */
export function limitExceeded(
  limit: keyof OperationLimits,
  max: number,
  actual: number,
  message: string,
  node?: ASTNode,
): GraphQLError {
  return new GraphQLError(`${message} (limit ${limit}: ${max})`, {
    nodes: node ? [node] : undefined,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, max, actual: Number.isFinite(actual) ? actual : null, http: { status: 400 } },
  });
}
