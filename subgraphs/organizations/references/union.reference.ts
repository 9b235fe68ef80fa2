import type { SubgraphContext } from '../../kit';
import { reachableUnion } from '../authorization';
import type { UnionValue } from '../store/unions';

/** Other subgraphs hand us `{ id }` (a member's union, a station's host): batched per request, checked after the load. */
export function resolveUnionReference(reference: { id: string }, ctx: SubgraphContext): Promise<UnionValue | null> {
  return reachableUnion(ctx, reference.id);
}
