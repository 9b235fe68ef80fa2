import { Field, ObjectType } from 'type-graphql';
import type { City, MemberStatus } from '../../../schema/enums';
import { CityEnum, DateTimeScalar, MemberStatusEnum } from '../../kit';
import { Union } from './union';

/** One upstream record of the person, as its system last sent it. */
@ObjectType('MemberSource')
export class MemberSource {
  @Field(() => String)
  system!: string;

  @Field(() => String)
  sourceId!: string;

  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => Union, { nullable: true })
  union!: Union | null;

  @Field(() => MemberStatusEnum)
  status!: MemberStatus;

  @Field(() => DateTimeScalar)
  updatedAt!: string;
}
