import { Field, ID, ObjectType } from 'type-graphql';
import type { EnrollmentStatus } from '../../../schema/enums';
import { DateTimeScalar, EnrollmentStatusEnum } from '../../kit';
import { Member } from './member';
import { WelfareProgram } from './welfare-program';

/** A member's place in a program. */
@ObjectType('Enrollment')
export class Enrollment {
  @Field(() => ID)
  id!: string;

  @Field(() => WelfareProgram)
  program!: WelfareProgram;

  /** Membership resolves the member. */
  @Field(() => Member)
  member!: Member;

  @Field(() => EnrollmentStatusEnum)
  status!: EnrollmentStatus;

  @Field(() => DateTimeScalar)
  enrolledAt!: string;
}
