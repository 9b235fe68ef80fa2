import { Field, Int, ObjectType } from 'type-graphql';

/**
 * One group of memberStats: `key` holds one value per requested dimension, in the order asked
 * (a city, an occupation, a year as text…); UNKNOWN where the member has no value.
 */
@ObjectType('MemberBucket')
export class MemberBucket {
  @Field(() => [String])
  key!: string[];

  @Field(() => Int)
  count!: number;
}
