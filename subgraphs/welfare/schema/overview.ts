import { Directive, Field, Int, ObjectType } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum } from '../../kit';

/** Welfare's figure for the dashboard's Overview. */
@Directive('@key(fields: "scope")')
@ObjectType('Overview')
export class Overview {
  @Field(() => String)
  scope!: string;

  @Directive('@shareable')
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  /** Enrollments ENROLLED or USED (for a city: of members in that city). */
  @Field(() => Int)
  welfarePlacesUsed!: number;
}
