import { overviewOfScope, type OverviewRef, type SubgraphContext } from '../../kit';
import { requireRecord } from '../../kit/authorize';

/** The overview of a scope the caller reaches: a city admin, its own city's only. */
export function resolveOverviewReference(reference: { scope: string }, ctx: SubgraphContext): OverviewRef {
  const overview = overviewOfScope(reference.scope);
  requireRecord(ctx, 'aggregates:read', `the overview of ${overview.city ?? 'the province'}`, overview.city);
  return overview;
}
