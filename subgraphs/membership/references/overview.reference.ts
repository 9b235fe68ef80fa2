import { overviewOfScope, type OverviewRef, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';

/** The figures are checked here and again on each field (a field can be reached without a reference). */
export function resolveOverviewReference(reference: { scope: string }, ctx: SubgraphContext): OverviewRef {
  const overview = overviewOfScope(reference.scope);
  scopedCity(ctx, 'aggregates:read', 'member figures', overview.city);
  return overview;
}
