import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { unionMemberCountsLoader } from '../store/union-counts';
import { Union } from '../schema/union';

/** Membership's fields on organizations' Union: ACTIVE members whose union it is. */
@Resolver(() => Union)
export class UnionMembersResolver {
  @FieldResolver(() => Int)
  async memberCount(@Root() union: { id: string }, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await ctx.loaders.get(unionMemberCountsLoader).load(union.id)).members;
  }

  @FieldResolver(() => Int)
  async newEmploymentMemberCount(@Root() union: { id: string }, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await ctx.loaders.get(unionMemberCountsLoader).load(union.id)).newEmploymentMembers;
  }
}
