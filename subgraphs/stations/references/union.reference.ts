import type { SubgraphContext } from '../../kit';
import { requirePermission } from '../../kit/authorize';

/**
 * Any union id is answerable: its stations are read when asked (none for an unknown union). The
 * union's city is organizations' to know; each hosted station is checked against the caller's
 * reach when Union.stations is read.
 */
export function resolveUnionReference(reference: { id: string }, ctx: SubgraphContext): { id: string } {
  requirePermission(ctx, 'stations:read', 'the stations of a union');
  return { id: reference.id };
}
