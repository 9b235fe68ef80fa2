import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** Organizations' Union, to which membership adds member counts (ACTIVE members only). */
@Directive('@key(fields: "id")')
@ObjectType('Union')
export class Union {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  memberCount!: number;

  @Field(() => Int)
  newEmploymentMemberCount!: number;
}
