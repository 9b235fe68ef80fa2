import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { HubError } from '../../../core/errors';
import type { PiiCipher } from '../../../core/pii';
import type { SubgraphContext } from '../../kit';
import { authorizeWelfare } from '../authorization';
import { cancelEnrollment, enroll, type EnrollmentValue } from '../store/enrollments';
import { programLoader, type ProgramValue } from '../store/programs';
import { Enrollment } from '../schema/enrollment';
import { Member } from '../schema/member';
import { WelfareProgram } from '../schema/welfare-program';

export interface WelfareOptions {
  /** Encrypts children's given names and keys them; without it enrollChild is refused. */
  pii?: PiiCipher;
}

/**
 * Taking and giving back places. Refusals carry codes: NOT_FOUND (field programId/memberId),
 * PROGRAM_CLOSED, MEMBER_INACTIVE, NOT_ELIGIBLE (with `rule` and `failedRules`), ALREADY_ENROLLED,
 * NO_PLACES_LEFT, BAD_USER_INPUT (field named).
 */
@Resolver(() => Enrollment)
export class EnrollmentResolver {
  constructor(private readonly options: WelfareOptions = {}) {}

  @Mutation(() => Enrollment)
  async enroll(
    @Arg('programId', () => ID) programId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EnrollmentValue> {
    await authorizeWelfare(ctx, 'enroll', { programId, memberId });
    return enroll(ctx.store, { programId, memberId, child: null }, new Date().toISOString(), this.options.pii);
  }

  /** A children's camp place for a member's child: only the given name and birth year are kept. */
  @Mutation(() => Enrollment)
  async enrollChild(
    @Arg('programId', () => ID) programId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Arg('childGivenName', () => String) childGivenName: string,
    @Arg('childBirthYear', () => Int) childBirthYear: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EnrollmentValue> {
    await authorizeWelfare(ctx, 'enrollChild', { programId, memberId });
    const child = { givenName: childGivenName, birthYear: childBirthYear };
    return enroll(ctx.store, { programId, memberId, child }, new Date().toISOString(), this.options.pii);
  }

  @Mutation(() => Enrollment)
  async cancelEnrollment(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EnrollmentValue> {
    await authorizeWelfare(ctx, 'cancelEnrollment', { enrollmentId: id });
    return cancelEnrollment(ctx.store, id, new Date().toISOString());
  }

  @FieldResolver(() => WelfareProgram)
  async program(@Root() enrollment: EnrollmentValue, @Ctx() ctx: SubgraphContext): Promise<ProgramValue> {
    const program = await ctx.loaders.get(programLoader).load(enrollment.programId);
    // Programs are never deleted, so this only happens if someone edited the store by hand.
    if (!program) throw new HubError('DATA_MISSING', `enrollment ${enrollment.id} names program ${enrollment.programId}, which does not exist`);
    return program;
  }

  /** Membership resolves the member and checks the caller's reach of it (FORBIDDEN at this path). */
  @FieldResolver(() => Member)
  member(@Root() enrollment: EnrollmentValue): { id: string } {
    return { id: enrollment.memberId };
  }
}
