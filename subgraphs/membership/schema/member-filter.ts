import { Field, ID, InputType } from 'type-graphql';
import type { City, MemberStatus, Occupation } from '../../../schema/enums';
import { CityEnum, DateScalar, MemberStatusEnum, OccupationEnum } from '../../kit';

@InputType('MemberFilter')
export class MemberFilter {
  @Field(() => [CityEnum], { nullable: true })
  cities?: City[] | null;

  /** Members with any of these tags. */
  @Field(() => [OccupationEnum], { nullable: true })
  occupations?: Occupation[] | null;

  @Field(() => Boolean, { nullable: true })
  newEmploymentOnly?: boolean | null;

  @Field(() => MemberStatusEnum, { nullable: true })
  status?: MemberStatus | null;

  @Field(() => ID, { nullable: true })
  unionId?: string | null;

  /** Joined on or after this date. */
  @Field(() => DateScalar, { nullable: true })
  joinedFrom?: string | null;

  /** Joined on or before this date. */
  @Field(() => DateScalar, { nullable: true })
  joinedTo?: string | null;

  /** Chinese characters, full pinyin or pinyin initials. */
  @Field(() => String, { nullable: true })
  nameContains?: string | null;
}
