import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Station } from './station';

/** Organizations' Union, to which stations adds the stations it hosts. */
@Directive('@key(fields: "id")')
@ObjectType('Union')
export class Union {
  @Field(() => ID)
  id!: string;

  @Field(() => [Station])
  stations!: Station[];
}
