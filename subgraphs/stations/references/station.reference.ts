import type { SubgraphContext } from '../../kit';
import { stationLoader, type StationValue } from '../store/stations';

export function resolveStationReference(reference: { id: string }, ctx: SubgraphContext): Promise<StationValue | null> {
  return ctx.loaders.get(stationLoader).load(reference.id);
}
