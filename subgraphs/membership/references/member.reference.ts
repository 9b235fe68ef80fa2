import type { SubgraphContext } from '../../kit';
import { readableOrNull, requireMembersPermission } from '../member-access';
import { memberLoader, type MemberValue } from '../store/members';

/**
 * Welfare hands us `{ id }` (an enrollment's member): batched per request, then checked one by
 * one, so a member outside the caller's city is an error at that member's path alone.
 */
export async function resolveMemberReference(reference: { id: string }, ctx: SubgraphContext): Promise<MemberValue | null> {
  requireMembersPermission(ctx);
  return readableOrNull(ctx, await ctx.loaders.get(memberLoader).load(reference.id));
}
