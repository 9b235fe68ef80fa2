import { Field, Int, ObjectType } from 'type-graphql';
import type { City, HealthFlagCode } from '../../../schema/enums';
import { CityEnum, DateScalar, HealthFlagCodeEnum } from '../../kit';

@ObjectType('FlagCount')
export class FlagCount {
  @Field(() => HealthFlagCodeEnum)
  code!: HealthFlagCode;

  @Field(() => Int)
  count!: number;
}

/** Counts of monitoring verdicts; all zero (asOf null) until monitoring has run. */
@ObjectType('MonitoringSummary')
export class MonitoringSummary {
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => DateScalar, { nullable: true })
  asOf!: string | null;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  active!: number;

  @Field(() => Int)
  atRisk!: number;

  @Field(() => Int)
  inactive!: number;

  @Field(() => [FlagCount])
  byFlag!: FlagCount[];
}
