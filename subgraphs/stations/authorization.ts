import type { SubgraphContext } from '../kit';
import { reachedRecord } from '../kit/authorize';
import { stationLoader, type StationValue } from './store/stations';

/**
 * The role table on stations. A station is checked after its (batched) load, because its city
 * decides: a Ningbo city admin gets FORBIDDEN on a Shaoxing station or an unplaced one (no city),
 * whether asked by id, hosted by a union, or reached by another subgraph's reference. The error
 * names no id: a record found through a reference is one the caller was never told of.
 */
export function reachedStation(ctx: SubgraphContext, station: StationValue | null): StationValue | null {
  return reachedRecord(ctx, 'stations:read', { one: 'a station', many: 'stations' }, station);
}

export async function reachableStation(ctx: SubgraphContext, id: string): Promise<StationValue | null> {
  return reachedStation(ctx, await ctx.loaders.get(stationLoader).load(id));
}
