import type { SubgraphContext } from '../../kit';
import { unionLoader, type UnionValue } from '../store/unions';

/** Other subgraphs hand us `{ id }` (a member's union, a station's host): batched per request. */
export function resolveUnionReference(reference: { id: string }, ctx: SubgraphContext): Promise<UnionValue | null> {
  return ctx.loaders.get(unionLoader).load(reference.id);
}
