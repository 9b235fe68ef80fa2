import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { authorizeWelfare, principalOf, requireMemberWelfareReadable } from '../authorization';
import { enrollmentsByMemberLoader, type EnrollmentValue } from '../store/enrollments';
import { setWelfareAttributes, welfareAttributesLoader, type WelfareAttributesValue } from '../store/member-attributes';
import { Enrollment } from '../schema/enrollment';
import { Member } from '../schema/member';
import { MemberWelfareAttributes, MemberWelfareAttributesInput } from '../schema/member-welfare-attributes';

/** Welfare's fields on membership's Member, batched per request, and the attributes it records. */
@Resolver(() => Member)
export class MemberBenefitsResolver {
  @FieldResolver(() => [Enrollment])
  async benefits(@Root() member: { id: string }, @Ctx() ctx: SubgraphContext): Promise<EnrollmentValue[]> {
    await requireMemberWelfareReadable(ctx, member.id);
    return ctx.loaders.get(enrollmentsByMemberLoader).load(member.id);
  }

  @FieldResolver(() => MemberWelfareAttributes, { nullable: true })
  async welfareAttributes(@Root() member: { id: string }, @Ctx() ctx: SubgraphContext): Promise<WelfareAttributesValue | null> {
    await requireMemberWelfareReadable(ctx, member.id);
    return ctx.loaders.get(welfareAttributesLoader).load(member.id);
  }

  /** Records hardship / martyr's family / frontline non-public flags. Errors: NOT_FOUND (memberId), BAD_USER_INPUT. */
  @Mutation(() => MemberWelfareAttributes)
  async setMemberWelfareAttributes(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('input', () => MemberWelfareAttributesInput) input: MemberWelfareAttributesInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<WelfareAttributesValue> {
    await authorizeWelfare(ctx, 'setMemberWelfareAttributes', { memberId });
    // A verified caller is recorded as who; `recordedBy` stands in until every request has one.
    const principal = principalOf(ctx);
    return setWelfareAttributes(ctx.store, memberId, { ...input, recordedBy: principal ?? input.recordedBy }, ctx.requestId, new Date());
  }
}
