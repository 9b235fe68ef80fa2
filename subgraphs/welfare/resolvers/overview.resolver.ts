import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { OverviewRef, SubgraphContext } from '../../kit';
import { countPlacesUsed } from '../store/enrollments';
import { Overview } from '../schema/overview';

@Resolver(() => Overview)
export class OverviewWelfareResolver {
  @FieldResolver(() => Int)
  welfarePlacesUsed(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return countPlacesUsed(ctx.store, overview.city);
  }
}
