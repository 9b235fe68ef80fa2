import { Field, ID, ObjectType } from 'type-graphql';
import type { EnrollmentStatus } from '../../../schema/enums';
import { DateTimeScalar, EnrollmentStatusEnum } from '../../kit';
import { EnrolledChild } from './enrolled-child';
import { Member } from './member';
import { WelfareProgram } from './welfare-program';

/** A member's place in a program (for a children's camp: the place of one of the member's children). */
@ObjectType('Enrollment')
export class Enrollment {
  @Field(() => ID)
  id!: string;

  @Field(() => WelfareProgram)
  program!: WelfareProgram;

  /** Membership resolves the member (for a camp: the parent). */
  @Field(() => Member)
  member!: Member;

  @Field(() => EnrollmentStatusEnum)
  status!: EnrollmentStatus;

  @Field(() => DateTimeScalar)
  enrolledAt!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  cancelledAt!: string | null;

  /** Set for a children's camp place; masked. */
  @Field(() => EnrolledChild, { nullable: true })
  child!: EnrolledChild | null;
}
