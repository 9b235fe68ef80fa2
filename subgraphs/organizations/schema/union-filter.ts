import { Field, ID, InputType } from 'type-graphql';
import type { City, UnionType } from '../../../schema/enums';
import { CityEnum, UnionTypeEnum } from '../../kit';

@InputType('UnionFilter')
export class UnionFilter {
  @Field(() => [CityEnum], { nullable: true })
  cities?: City[] | null;

  @Field(() => [UnionTypeEnum], { nullable: true })
  types?: UnionType[] | null;

  /** Direct children of this union, across systems: a federation adopts the unlinked unions of its division (union-tree.ts). */
  @Field(() => ID, { nullable: true })
  parentId?: string | null;

  /** A GB/T 2260 code: a county's matches exactly, a city's its whole area, 330000 the province. */
  @Field(() => String, { nullable: true })
  divisionCode?: string | null;

  @Field(() => String, { nullable: true })
  nameContains?: string | null;
}
