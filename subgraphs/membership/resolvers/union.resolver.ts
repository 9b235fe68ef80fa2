import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageRequest, toConnection, type ConnectionValue, type SubgraphContext } from '../../kit';
import { memberCityInReach, requireUnionInReach } from '../union-access';
import { validateMemberQuery, type MemberValue } from '../store/members';
import { unionMembersCountLoader, unionMembersPageLoader } from '../store/union-member-pages';
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

  /**
   * Every member whose union it is (any status), by id; see UnionMemberConnection for null nodes.
   * Batched over the unions of the request (union-member-pages.ts). totalCount counts the members
   * the caller may see: for a city admin those of its city, so the null nodes of members placed in
   * another city are edges that totalCount does not count.
   */
  @FieldResolver(() => UnionMemberConnection)
  async members(
    @Root() union: { id: string },
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<MemberValue>> {
    const page = pageRequest(first, after);
    await requireUnionInReach(ctx, union.id, 'members:read', 'the members');
    validateMemberQuery({ unionId: union.id }); // a blank id is refused, as the unbatched page did
    const rows = await ctx.loaders.get(unionMembersPageLoader).load({ unionId: union.id, page });
    const counted = { unionId: union.id, memberCity: memberCityInReach(ctx) };
    return toConnection(rows, page, (m) => m.id, () => ctx.loaders.get(unionMembersCountLoader).load(counted));
  }
}
