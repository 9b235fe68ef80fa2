import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { City } from '../../../schema/enums';
import type { OverviewRef, SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { activeMembersByCity, countActiveMembers } from '../store/overview';
import { CityCount } from '../schema/city-count';
import { Overview } from '../schema/overview';

/**
 * Membership's figures on the dashboard's Overview: ACTIVE members, one per person. A city admin's
 * figures are its city's whatever the scope says, and another city's are FORBIDDEN.
 */
@Resolver(() => Overview)
export class OverviewMembersResolver {
  @FieldResolver(() => Int)
  members(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return countActiveMembers(ctx.store, cityOf(overview, ctx), false);
  }

  @FieldResolver(() => Int)
  newEmploymentMembers(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return countActiveMembers(ctx.store, cityOf(overview, ctx), true);
  }

  @FieldResolver(() => [CityCount])
  membersByCity(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<Array<{ city: City; count: number }>> {
    return activeMembersByCity(ctx.store, cityOf(overview, ctx));
  }
}

function cityOf(overview: OverviewRef, ctx: SubgraphContext): City | null {
  return scopedCity(ctx, 'aggregates:read', 'member figures', overview.city);
}
