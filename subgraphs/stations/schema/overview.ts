import { Directive, Field, Int, ObjectType } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum } from '../../kit';
import { YearCount } from './year-count';

/** Stations' figures for the dashboard's Overview. */
@Directive('@key(fields: "scope")')
@ObjectType('Overview')
export class Overview {
  @Field(() => String)
  scope!: string;

  @Directive('@shareable')
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  /** Service stations of every kind. */
  @Field(() => Int)
  stations!: number;

  @Field(() => Int)
  driversHomes!: number;

  /** COMPLETED upgrades by year, ascending. */
  @Field(() => [YearCount])
  stationsUpgradedByYear!: YearCount[];
}
