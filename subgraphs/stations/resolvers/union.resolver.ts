import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { stationsByHostLoader, type StationValue } from '../store/stations';
import { Station } from '../schema/station';
import { Union } from '../schema/union';

/** Stations' field on organizations' Union: the stations it hosts, batched per request. */
@Resolver(() => Union)
export class UnionStationsResolver {
  @FieldResolver(() => [Station])
  stations(@Root() union: { id: string }, @Ctx() ctx: SubgraphContext): Promise<StationValue[]> {
    return ctx.loaders.get(stationsByHostLoader).load(union.id);
  }
}
