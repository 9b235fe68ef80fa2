import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Division } from '../../kit';

/** One county's 15-minute service circle (15分钟服务圈): new-employment members against stations. */
@ObjectType('CountyCoverage')
export class CountyCoverage {
  @Field(() => Division)
  county!: Division;

  @Field(() => Int, { description: 'ACTIVE new-employment members whose union lies in this county (by the union\'s division).' })
  newEmploymentMembers!: number;

  @Field(() => Int, { description: 'Stations of every kind in this county (by the station\'s division), not deleted.' })
  stations!: number;

  @Field(() => Float, { nullable: true, description: 'stations × 1000 / newEmploymentMembers, to 3 decimals; null when the county has no such members.' })
  stationsPer1000Members!: number | null;
}
