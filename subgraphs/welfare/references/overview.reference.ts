import { overviewOfScope, type OverviewRef, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';

export function resolveOverviewReference(reference: { scope: string }, ctx: SubgraphContext): OverviewRef {
  const overview = overviewOfScope(reference.scope);
  scopedCity(ctx, 'aggregates:read', 'welfare figures', overview.city);
  return overview;
}
