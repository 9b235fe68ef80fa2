import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum, scopeOf, type OverviewRef, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { formationStats, type FormationStatsValue } from '../store/formation';
import { countInactiveUnions } from '../store/monitoring';
import { countGrassrootsUnions } from '../store/unions';
import { FormationStats } from '../schema/formation-stats';
import { Overview } from '../schema/overview';

/** The dashboard's entry point; the other subgraphs add their figures to the same scope. */
@Resolver(() => Overview)
export class OverviewResolver {
  /**
   * A city admin's overview is its city's (asked for without a city, too); the scope returned
   * here is what the other subgraphs receive by reference, and they check it again.
   */
  @Query(() => Overview)
  overview(@Arg('city', () => CityEnum, { nullable: true }) city: City | null, @Ctx() ctx: SubgraphContext): OverviewRef {
    return scopeOf(scopedCity(ctx, 'aggregates:read', 'the overview', city));
  }

  @FieldResolver(() => Int)
  grassrootsUnions(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return countGrassrootsUnions(ctx.store, overview.city);
  }

  @FieldResolver(() => FormationStats)
  formation(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<FormationStatsValue> {
    return formationStats(ctx.store, overview.city);
  }

  @FieldResolver(() => Int)
  inactiveUnions(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return countInactiveUnions(ctx.store, overview.city);
  }
}
