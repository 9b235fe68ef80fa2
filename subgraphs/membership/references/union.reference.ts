import { hasPermission } from '../../../core/auth/roles';
import type { SubgraphContext } from '../../kit';
import { AuthorizationError } from '../../kit/authorize';

/**
 * Any union id is answerable: its counts are read when asked (zero for a union without active
 * members). Whether the union exists is organizations' business. Each field checks the caller's
 * reach of the union's city (union.resolver.ts), since fields are also reached without a reference;
 * here a role that may read none of them is refused at once.
 */
export function resolveUnionReference(reference: { id: string }, ctx: SubgraphContext): { id: string } {
  const identity = ctx.identity;
  if (identity && !hasPermission(identity, 'aggregates:read') && !hasPermission(identity, 'members:read')) {
    throw new AuthorizationError(`the role ${identity.role} may not read a union's members or member counts`, { permission: 'aggregates:read' });
  }
  return { id: reference.id };
}
