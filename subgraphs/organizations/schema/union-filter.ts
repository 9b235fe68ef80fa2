import { Field, ID, InputType } from 'type-graphql';
import type { City, UnionType } from '../../../schema/enums';
import { CityEnum, UnionTypeEnum } from '../../kit';

@InputType('UnionFilter')
export class UnionFilter {
  @Field(() => [CityEnum], { nullable: true })
  cities?: City[] | null;

  @Field(() => [UnionTypeEnum], { nullable: true })
  types?: UnionType[] | null;

  /** Direct children of this union (for the province federation, city federations without a parent too). */
  @Field(() => ID, { nullable: true })
  parentId?: string | null;

  /** Exactly this GB/T 2260 code. */
  @Field(() => String, { nullable: true })
  divisionCode?: string | null;

  @Field(() => String, { nullable: true })
  nameContains?: string | null;
}
