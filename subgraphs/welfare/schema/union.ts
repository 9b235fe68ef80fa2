import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Organizations' Union, referenced by welfare activities; welfare adds nothing to it. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Union')
export class Union {
  @Field(() => ID)
  id!: string;
}
