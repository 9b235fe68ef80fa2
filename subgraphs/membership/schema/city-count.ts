import { Field, Int, ObjectType } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum } from '../../kit';

@ObjectType('CityCount')
export class CityCount {
  @Field(() => CityEnum)
  city!: City;

  @Field(() => Int)
  count!: number;
}
