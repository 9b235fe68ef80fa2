import type { SubgraphContext } from '../../kit';
import { programLoader, type ProgramValue } from '../store/programs';

export function resolveWelfareProgramReference(reference: { id: string }, ctx: SubgraphContext): Promise<ProgramValue | null> {
  return ctx.loaders.get(programLoader).load(reference.id);
}
