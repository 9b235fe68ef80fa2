import { Field, Int, ObjectType } from 'type-graphql';
import type { City, StationKind } from '../../../schema/enums';
import { CityEnum, StationKindEnum } from '../../kit';
import { YearCount } from './year-count';

@ObjectType('KindCount')
export class KindCount {
  @Field(() => StationKindEnum)
  kind!: StationKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType('StationStats')
export class StationStats {
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => Int)
  total!: number;

  /** Every kind, zeros included. */
  @Field(() => [KindCount])
  byKind!: KindCount[];

  /** COMPLETED upgrades by year, ascending. */
  @Field(() => [YearCount])
  upgradesCompletedByYear!: YearCount[];
}
