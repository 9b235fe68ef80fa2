import { Directive, Field, Int, ObjectType } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum } from '../../kit';
import { CityCount } from './city-count';

/** Membership's figures for the dashboard's Overview (ACTIVE members, one per person). */
@Directive('@key(fields: "scope")')
@ObjectType('Overview')
export class Overview {
  @Field(() => String)
  scope!: string;

  @Directive('@shareable')
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => Int)
  members!: number;

  @Field(() => Int)
  newEmploymentMembers!: number;

  @Field(() => [CityCount])
  membersByCity!: CityCount[];
}
