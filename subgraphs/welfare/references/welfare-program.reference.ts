import type { SubgraphContext } from '../../kit';
import { requirePermission } from '../../kit/authorize';
import { programLoader, type ProgramValue } from '../store/programs';

export function resolveWelfareProgramReference(reference: { id: string }, ctx: SubgraphContext): Promise<ProgramValue | null> {
  requirePermission(ctx, 'welfare:read', 'welfare programs');
  return ctx.loaders.get(programLoader).load(reference.id);
}
