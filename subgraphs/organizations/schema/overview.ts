import { Directive, Field, Int, ObjectType } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum } from '../../kit';
import { FormationStats } from './formation-stats';

/**
 * The dashboard's figures for the province or one city. Organizations serves the query and its
 * own figures; the other subgraphs resolve the same scope for theirs.
 */
@Directive('@key(fields: "scope")')
@ObjectType('Overview')
export class Overview {
  /** "330000" for the province, else the city's division code. */
  @Field(() => String)
  scope!: string;

  @Directive('@shareable')
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  /** GRASSROOTS and JOINT_GRASSROOTS unions, not dissolved. */
  @Field(() => Int)
  grassrootsUnions!: number;

  @Field(() => FormationStats)
  formation!: FormationStats;

  /** Unions monitoring rates INACTIVE. */
  @Field(() => Int)
  inactiveUnions!: number;
}
