import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { reachedStation } from '../authorization';
import { stationsByHostLoader, type StationValue } from '../store/stations';
import { Station } from '../schema/station';
import { Union } from '../schema/union';

/** Stations' field on organizations' Union: the stations it hosts, batched per request. */
@Resolver(() => Union)
export class UnionStationsResolver {
  @FieldResolver(() => [Station])
  async stations(@Root() union: { id: string }, @Ctx() ctx: SubgraphContext): Promise<StationValue[]> {
    const stations = await ctx.loaders.get(stationsByHostLoader).load(union.id);
    // A list the caller cannot wholly see is refused, not shortened: the union itself is out of reach.
    for (const station of stations) reachedStation(ctx, station);
    return stations;
  }
}
