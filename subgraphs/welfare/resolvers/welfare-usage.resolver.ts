import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum, type SubgraphContext } from '../../kit';
import { checkQueryYear } from '../store/query-year';
import { welfareUsage, type CityUsageValue } from '../store/usage';
import { WelfareCityUsage } from '../schema/welfare-usage';
import { scopedCity } from '../../kit/authorize';

@Resolver(() => WelfareCityUsage)
export class WelfareUsageResolver {
  /** Each city's use of the year's programs (one city when given, else all eleven). */
  @Query(() => [WelfareCityUsage])
  welfareUsage(
    @Arg('year', () => Int) year: number,
    @Arg('city', () => CityEnum, { nullable: true }) city: City | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CityUsageValue[]> {
    // A city admin's usage is its city's; another city's is FORBIDDEN.
    return welfareUsage(ctx.store, checkQueryYear(year), scopedCity(ctx, 'welfare:read', 'welfare usage', city));
  }
}
