import type { SubgraphContext } from '../../kit';
import { requirePermission } from '../../kit/authorize';
import { reachableEnterprise, reachableEnterpriseByCreditCode } from '../authorization';
import type { EnterpriseValue } from '../store/enterprises';

/** By id, or by credit code (membership knows a member's employer only by its credit code). */
export async function resolveEnterpriseReference(
  reference: { id?: string; creditCode?: string | null },
  ctx: SubgraphContext,
): Promise<EnterpriseValue | null> {
  if (reference.id) return reachableEnterprise(ctx, reference.id);
  if (reference.creditCode) return reachableEnterpriseByCreditCode(ctx, reference.creditCode);
  requirePermission(ctx, 'organizations:read', 'enterprises');
  return null;
}
