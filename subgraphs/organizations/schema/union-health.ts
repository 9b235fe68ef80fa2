import { Field, Int, ObjectType } from 'type-graphql';
import type { HealthFlagCode, HealthStatus } from '../../../schema/enums';
import { DateScalar, DateTimeScalar, HealthFlagCodeEnum, HealthStatusEnum } from '../../kit';

/** One reason monitoring gave for its verdict, e.g. NO_ACTIVITY since a date. */
@ObjectType('HealthFlag')
export class HealthFlag {
  @Field(() => HealthFlagCodeEnum)
  code!: HealthFlagCode;

  @Field(() => String)
  detail!: string;

  @Field(() => DateScalar, { nullable: true })
  since!: string | null;
}

/** Passive monitoring's verdict on a union, evaluated as of a date (union_health). */
@ObjectType('UnionHealth')
export class UnionHealth {
  @Field(() => HealthStatusEnum)
  status!: HealthStatus;

  @Field(() => [HealthFlag])
  flags!: HealthFlag[];

  @Field(() => DateScalar, { nullable: true })
  lastActivityOn!: string | null;

  @Field(() => DateScalar, { nullable: true })
  lastMemberChangeOn!: string | null;

  @Field(() => Int)
  duesMonthsPaidLast12!: number;

  @Field(() => DateScalar)
  asOf!: string;

  @Field(() => DateTimeScalar)
  evaluatedAt!: string;
}
