import type { SubgraphContext } from '../../kit';
import { memberLoader, type MemberValue } from '../store/members';

/** Welfare hands us `{ id }` (an enrollment's member): batched per request. */
export function resolveMemberReference(reference: { id: string }, ctx: SubgraphContext): Promise<MemberValue | null> {
  return ctx.loaders.get(memberLoader).load(reference.id);
}
