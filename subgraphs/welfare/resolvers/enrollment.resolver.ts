import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { HubError } from '../../../core/errors';
import type { SubgraphContext } from '../../kit';
import { cancelEnrollment, enroll, type EnrollmentValue } from '../store/enrollments';
import { programLoader, type ProgramValue } from '../store/programs';
import { Enrollment } from '../schema/enrollment';
import { Member } from '../schema/member';
import { WelfareProgram } from '../schema/welfare-program';

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  /** Errors: NOT_FOUND, PROGRAM_CLOSED, MEMBER_INACTIVE, ALREADY_ENROLLED, NO_PLACES_LEFT. */
  @Mutation(() => Enrollment)
  enroll(
    @Arg('programId', () => ID) programId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EnrollmentValue> {
    return enroll(ctx.store, programId, memberId, new Date().toISOString());
  }

  @Mutation(() => Enrollment)
  cancelEnrollment(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EnrollmentValue> {
    return cancelEnrollment(ctx.store, id, new Date().toISOString());
  }

  @FieldResolver(() => WelfareProgram)
  async program(@Root() enrollment: EnrollmentValue, @Ctx() ctx: SubgraphContext): Promise<ProgramValue> {
    const program = await ctx.loaders.get(programLoader).load(enrollment.programId);
    // Programs are never deleted, so this only happens if someone edited the store by hand.
    if (!program) throw new HubError('DATA_MISSING', `enrollment ${enrollment.id} names program ${enrollment.programId}, which does not exist`);
    return program;
  }

  @FieldResolver(() => Member)
  member(@Root() enrollment: EnrollmentValue): { id: string } {
    return { id: enrollment.memberId };
  }
}
