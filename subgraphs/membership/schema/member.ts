import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { City, Gender, IdType, JoinChannel, MemberStatus, Occupation } from '../../../schema/enums';
import {
  CityEnum, DataIssue, DateScalar, GenderEnum, IdTypeEnum, JoinChannelEnum, MemberStatusEnum, OccupationEnum,
} from '../../kit';
import { Enterprise } from './enterprise';
import { MemberSource } from './member-source';
import { MembershipEvent } from './membership-event';
import { Union } from './union';

/**
 * One person in the real-name member view (实名制): derived from every upstream record of that
 * person by the survivorship rules (survivorship.ts). Welfare adds `benefits`.
 */
@Directive('@key(fields: "id")')
@ObjectType('Member')
export class Member {
  /** Stable and opaque: nothing about the person can be read from it. */
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => IdTypeEnum)
  idType!: IdType;

  /** 330203********1234 */
  @Field(() => String)
  idNumberMasked!: string;

  /** The full number: privileged and audited (resolvers/member.resolver.ts). */
  @Field(() => String, { nullable: true })
  idNumber!: string | null;

  @Field(() => GenderEnum, { nullable: true })
  gender!: Gender | null;

  @Field(() => DateScalar, { nullable: true })
  birthDate!: string | null;

  /** 138****5678 */
  @Field(() => String, { nullable: true })
  mobileMasked!: string | null;

  /** The full number: privileged and audited (resolvers/member.resolver.ts). */
  @Field(() => String, { nullable: true })
  mobile!: string | null;

  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => Union, { nullable: true })
  union!: Union | null;

  @Field(() => Enterprise, { nullable: true })
  employer!: Enterprise | null;

  @Field(() => [OccupationEnum])
  occupations!: Occupation[];

  /** Has an occupational tag of the new employment forms (新就业形态). */
  @Field(() => Boolean)
  newEmploymentForm!: boolean;

  @Field(() => DateScalar, { nullable: true })
  joinedOn!: string | null;

  @Field(() => JoinChannelEnum, { nullable: true })
  joinChannel!: JoinChannel | null;

  @Field(() => MemberStatusEnum)
  status!: MemberStatus;

  @Field(() => [MemberSource])
  sources!: MemberSource[];

  @Field(() => [MembershipEvent])
  history!: MembershipEvent[];

  @Field(() => [DataIssue])
  dataIssues!: DataIssue[];
}
