import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { stationCoverage, type CountyCoverageValue } from '../store/coverage';
import { CountyCoverage } from '../schema/county-coverage';

@Resolver(() => CountyCoverage)
export class StationCoverageResolver {
  /** Where are new-employment workers without a station nearby? Every county of the city, lowest coverage first. */
  @Query(() => [CountyCoverage], {
    description: 'For each county of a city: its new-employment members, its stations and stations per 1,000 such members, lowest first (counties without such members last).',
  })
  stationCoverage(@Arg('city', () => CityEnum) city: City, @Ctx() ctx: SubgraphContext): Promise<CountyCoverageValue[]> {
    return stationCoverage(ctx.store, scopedCity(ctx, 'aggregates:read', 'station coverage', city) ?? city);
  }
}
