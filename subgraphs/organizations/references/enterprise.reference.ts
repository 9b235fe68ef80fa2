import type { SubgraphContext } from '../../kit';
import { enterpriseByCreditCodeLoader, enterpriseLoader, type EnterpriseValue } from '../store/enterprises';

/** By id, or by credit code (membership knows a member's employer only by its credit code). */
export async function resolveEnterpriseReference(
  reference: { id?: string; creditCode?: string | null },
  ctx: SubgraphContext,
): Promise<EnterpriseValue | null> {
  if (reference.id) return ctx.loaders.get(enterpriseLoader).load(reference.id);
  if (reference.creditCode) return ctx.loaders.get(enterpriseByCreditCodeLoader).load(reference.creditCode);
  return null;
}
