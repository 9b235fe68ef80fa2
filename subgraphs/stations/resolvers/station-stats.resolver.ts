import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { stationStats, type StationStatsValue } from '../store/station-stats';
import { StationStats } from '../schema/station-stats';

@Resolver(() => StationStats)
export class StationStatsResolver {
  @Query(() => StationStats)
  stationStats(@Arg('city', () => CityEnum, { nullable: true }) city: City | null, @Ctx() ctx: SubgraphContext): Promise<StationStatsValue> {
    return stationStats(ctx.store, scopedCity(ctx, 'aggregates:read', 'station statistics', city));
  }
}
