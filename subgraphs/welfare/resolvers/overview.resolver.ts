import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { OverviewRef, SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { countPlacesUsed } from '../store/enrollments';
import { Overview } from '../schema/overview';

@Resolver(() => Overview)
export class OverviewWelfareResolver {
  @FieldResolver(() => Int)
  welfarePlacesUsed(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    // A city admin's figure is its city's whatever the scope says; another city's is FORBIDDEN.
    return countPlacesUsed(ctx.store, scopedCity(ctx, 'aggregates:read', 'welfare places used', overview.city));
  }
}
