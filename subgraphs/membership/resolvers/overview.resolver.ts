import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { City } from '../../../schema/enums';
import type { OverviewRef, SubgraphContext } from '../../kit';
import { activeMembersByCity, countActiveMembers } from '../store/overview';
import { CityCount } from '../schema/city-count';
import { Overview } from '../schema/overview';

/** Membership's figures on the dashboard's Overview: ACTIVE members, one per person. */
@Resolver(() => Overview)
export class OverviewMembersResolver {
  @FieldResolver(() => Int)
  members(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return countActiveMembers(ctx.store, overview.city, false);
  }

  @FieldResolver(() => Int)
  newEmploymentMembers(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return countActiveMembers(ctx.store, overview.city, true);
  }

  @FieldResolver(() => [CityCount])
  membersByCity(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<Array<{ city: City; count: number }>> {
    return activeMembersByCity(ctx.store, overview.city);
  }
}
