import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { City, EnterpriseCategory } from '../../../schema/enums';
import { CityEnum, EnterpriseCategoryEnum } from '../../kit';

@ObjectType('FormationCategoryStats')
export class FormationCategoryStats {
  @Field(() => EnterpriseCategoryEnum)
  category!: EnterpriseCategory;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  unionized!: number;

  @Field(() => Float)
  rate!: number;
}

/**
 * Union formation (建会率). total, unionized and rate cover the platform economy (PLATFORM_HQ,
 * PLATFORM_BRANCH, COOPERATING), the rate the province reports; OTHER appears in categories only.
 */
@ObjectType('FormationStats')
export class FormationStats {
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => [FormationCategoryStats])
  categories!: FormationCategoryStats[];

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  unionized!: number;

  @Field(() => Float)
  rate!: number;
}
