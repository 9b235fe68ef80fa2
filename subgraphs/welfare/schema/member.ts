import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Enrollment } from './enrollment';
import { MemberWelfareAttributes } from './member-welfare-attributes';

/** Membership's Member, to which welfare adds the member's enrollments and welfare attributes. */
@Directive('@key(fields: "id")')
@ObjectType('Member')
export class Member {
  @Field(() => ID)
  id!: string;

  @Field(() => [Enrollment])
  benefits!: Enrollment[];

  /** Null until an officer records them. Sensitive: welfare:read within the member's city (authorization.ts). */
  @Field(() => MemberWelfareAttributes, { nullable: true })
  welfareAttributes!: MemberWelfareAttributes | null;
}
