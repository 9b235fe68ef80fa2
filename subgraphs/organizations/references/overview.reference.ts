import { overviewOfScope, type OverviewRef } from '../../kit';

export function resolveOverviewReference(reference: { scope: string }): OverviewRef {
  return overviewOfScope(reference.scope);
}
