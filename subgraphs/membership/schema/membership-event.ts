import { Field, ObjectType } from 'type-graphql';
import type { MembershipEventKind } from '../../../schema/enums';
import { DateTimeScalar, MembershipEventKindEnum } from '../../kit';
import { Union } from './union';

@ObjectType('MembershipEvent')
export class MembershipEvent {
  @Field(() => MembershipEventKindEnum)
  kind!: MembershipEventKind;

  @Field(() => DateTimeScalar)
  at!: string;

  @Field(() => String)
  system!: string;

  @Field(() => Union, { nullable: true })
  union!: Union | null;
}
