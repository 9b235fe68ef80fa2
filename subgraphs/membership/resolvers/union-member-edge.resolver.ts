import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Edge, SubgraphContext } from '../../kit';
import { requireMemberReadable } from '../member-access';
import { Member } from '../schema/member';
import { UnionMemberEdge } from '../schema/union-member-connection';
import type { MemberValue } from '../store/members';

/** The node of a union's member edge: loaded with the page, checked one member at a time. */
@Resolver(() => UnionMemberEdge)
export class UnionMemberEdgeResolver {
  @FieldResolver(() => Member, { nullable: true })
  node(@Root() edge: Edge<MemberValue>, @Ctx() ctx: SubgraphContext): MemberValue {
    return requireMemberReadable(ctx, edge.node);
  }
}
