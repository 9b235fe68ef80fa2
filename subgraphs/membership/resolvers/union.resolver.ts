import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageRequest, type ConnectionValue, type SubgraphContext } from '../../kit';
import { requireUnionInReach } from '../union-access';
import { membersPage, type MemberValue } from '../store/members';
import { unionMemberCountsLoader } from '../store/union-counts';
import { Union } from '../schema/union';
import { UnionMemberConnection } from '../schema/union-member-connection';

/** Membership's fields on organizations' Union: ACTIVE member counts, and the members themselves. */
@Resolver(() => Union)
export class UnionMembersResolver {
  @FieldResolver(() => Int)
  async memberCount(@Root() union: { id: string }, @Ctx() ctx: SubgraphContext): Promise<number> {
    await requireUnionInReach(ctx, union.id, 'aggregates:read', 'the member count');
    return (await ctx.loaders.get(unionMemberCountsLoader).load(union.id)).members;
  }

  @FieldResolver(() => Int)
  async newEmploymentMemberCount(@Root() union: { id: string }, @Ctx() ctx: SubgraphContext): Promise<number> {
    await requireUnionInReach(ctx, union.id, 'aggregates:read', 'the member count');
    return (await ctx.loaders.get(unionMemberCountsLoader).load(union.id)).newEmploymentMembers;
  }

  /** Every member whose union it is (any status), by id; see UnionMemberConnection for null nodes. */
  @FieldResolver(() => UnionMemberConnection)
  async members(
    @Root() union: { id: string },
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<MemberValue>> {
    const page = pageRequest(first, after);
    await requireUnionInReach(ctx, union.id, 'members:read', 'the members');
    return membersPage(ctx.store, { unionId: union.id }, page);
  }
}
