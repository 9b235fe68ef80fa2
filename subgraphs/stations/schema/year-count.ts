import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('YearCount')
export class YearCount {
  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  count!: number;
}
