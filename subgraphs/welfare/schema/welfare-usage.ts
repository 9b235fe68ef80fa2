import { Field, Int, ObjectType } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum } from '../../kit';
import { WelfareProgram } from './welfare-program';

/** One program's use in one city. */
@ObjectType('WelfareProgramUsage')
export class WelfareProgramUsage {
  @Field(() => WelfareProgram)
  program!: WelfareProgram;

  /** Places held (ENROLLED or USED) by members living in the city. */
  @Field(() => Int)
  placesUsed!: number;

  /** Activities of the city's unions linked to this program by the link rule. */
  @Field(() => Int)
  activities!: number;

  @Field(() => Int)
  activityParticipants!: number;
}

/** A city's use of one year's programs. */
@ObjectType('WelfareCityUsage')
export class WelfareCityUsage {
  @Field(() => CityEnum)
  city!: City;

  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  placesUsed!: number;

  /** Every check-up and summer-cooling activity of the city's unions that year, linked or not. */
  @Field(() => Int)
  activities!: number;

  @Field(() => Int)
  activityParticipants!: number;

  /** Every program of the year, with this city's figures. */
  @Field(() => [WelfareProgramUsage])
  programs!: WelfareProgramUsage[];
}
