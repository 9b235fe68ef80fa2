import type { SubgraphContext } from '../kit';

/**
 * SECURITY HOOK (the security issue fills this in). Every welfare mutation calls it first, naming
 * what it is about to do; today it lets everything through, because requests carry no principal yet.
 * Intended rules: program changes for the welfare administrators of the organizing level; member
 * attributes for the officers of the member's union or above; enroll/enrollChild for the member
 * themself or their union's officers; reading welfareAttributes likewise.
 */
export type WelfareAction =
  | 'createWelfareProgram'
  | 'updateWelfareProgram'
  | 'setMemberWelfareAttributes'
  | 'enroll'
  | 'enrollChild'
  | 'cancelEnrollment';

export function authorizeWelfare(_ctx: SubgraphContext, _action: WelfareAction, _subject: { programId?: string; memberId?: string }): void {
  // Nothing refused yet: see above.
}

/**
 * The verified caller's subject when the gateway signed the request (the security work's
 * `context.identity`), else null. Read structurally so this file does not depend on that work's shape.
 */
export function principalOf(ctx: SubgraphContext): string | null {
  const identity = (ctx as { identity?: { subject?: unknown } | null }).identity;
  return typeof identity?.subject === 'string' ? identity.subject : null;
}

/** Who a program change is recorded as made by: the verified caller, else the request id. */
export function changedBy(ctx: SubgraphContext): string {
  return principalOf(ctx) ?? `api:${ctx.requestId}`;
}
