import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { City, EnterpriseCategory } from '../../../schema/enums';
import { CityEnum, Division, EnterpriseCategoryEnum } from '../../kit';
import { FormationApplication } from './formation-application';
import { Union } from './union';

/**
 * An employer: platform headquarters, their branches, cooperating employers, others. Keyed by id,
 * and by credit code too, because membership only knows a member's employer by its credit code.
 */
@Directive('@key(fields: "id")')
@Directive('@key(fields: "creditCode")')
@ObjectType('Enterprise')
export class Enterprise {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  creditCode!: string | null;

  @Field(() => EnterpriseCategoryEnum)
  category!: EnterpriseCategory;

  /** The platform brand, e.g. 美团. */
  @Field(() => String, { nullable: true })
  platform!: string | null;

  @Field(() => Division, { nullable: true })
  division!: Division | null;

  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => Union, { nullable: true })
  union!: Union | null;

  /** Has a union (建会): the enterprise row names one. */
  @Field(() => Boolean)
  unionized!: boolean;

  @Field(() => Int, { nullable: true })
  employees!: number | null;

  @Field(() => Int, { nullable: true })
  newEmploymentWorkers!: number | null;

  /** The latest application to form a union, if any. */
  @Field(() => FormationApplication, { nullable: true })
  formationApplication!: FormationApplication | null;
}
