import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { enrollmentsByMemberLoader, type EnrollmentValue } from '../store/enrollments';
import { Enrollment } from '../schema/enrollment';
import { Member } from '../schema/member';

/** Welfare's field on membership's Member: the member's enrollments, batched per request. */
@Resolver(() => Member)
export class MemberBenefitsResolver {
  @FieldResolver(() => [Enrollment])
  benefits(@Root() member: { id: string }, @Ctx() ctx: SubgraphContext): Promise<EnrollmentValue[]> {
    return ctx.loaders.get(enrollmentsByMemberLoader).load(member.id);
  }
}
