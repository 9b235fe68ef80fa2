import { requirePermission, requireRecord } from '../kit/authorize';
import type { SubgraphContext } from '../kit';
import type { MemberValue } from './store/members';

/**
 * Every way to a member (root query, entity reference from welfare, a union's members) passes
 * here once the row is loaded: the role must read members, and a city admin must reach the
 * member's city (`members.city`, the city the member view assigns the person to).
 */
export function requireMemberReadable(ctx: SubgraphContext, member: MemberValue): MemberValue {
  requireRecord(ctx, 'members:read', `member ${member.id}`, member.city);
  return member;
}

/** Before loading: a role that may not read members is refused without touching the store. */
export function requireMembersPermission(ctx: SubgraphContext): void {
  requirePermission(ctx, 'members:read', 'members');
}

/** A loaded member or null (not found: nothing to protect), checked. */
export function readableOrNull(ctx: SubgraphContext, member: MemberValue | null): MemberValue | null {
  return member ? requireMemberReadable(ctx, member) : null;
}
