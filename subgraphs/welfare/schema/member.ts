import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Enrollment } from './enrollment';

/** Membership's Member, to which welfare adds the member's enrollments. */
@Directive('@key(fields: "id")')
@ObjectType('Member')
export class Member {
  @Field(() => ID)
  id!: string;

  @Field(() => [Enrollment])
  benefits!: Enrollment[];
}
