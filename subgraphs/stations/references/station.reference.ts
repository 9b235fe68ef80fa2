import type { SubgraphContext } from '../../kit';
import { reachableStation } from '../authorization';
import type { StationValue } from '../store/stations';

export function resolveStationReference(reference: { id: string }, ctx: SubgraphContext): Promise<StationValue | null> {
  return reachableStation(ctx, reference.id);
}
