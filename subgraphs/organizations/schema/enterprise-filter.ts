import { Field, InputType } from 'type-graphql';
import type { City, EnterpriseCategory } from '../../../schema/enums';
import { CityEnum, EnterpriseCategoryEnum } from '../../kit';

@InputType('EnterpriseFilter')
export class EnterpriseFilter {
  @Field(() => [CityEnum], { nullable: true })
  cities?: City[] | null;

  @Field(() => [EnterpriseCategoryEnum], { nullable: true })
  categories?: EnterpriseCategory[] | null;

  /** Exactly this platform name. */
  @Field(() => String, { nullable: true })
  platform?: string | null;

  @Field(() => Boolean, { nullable: true })
  unionized?: boolean | null;
}
