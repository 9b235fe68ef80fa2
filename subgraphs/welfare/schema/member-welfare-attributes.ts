import { Field, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../kit';

/**
 * Welfare's own facts about a member, which no upstream reports: hardship (困难职工), a martyr's
 * family (烈属), frontline work at a non-public enterprise (非公企业一线职工). Recorded by a union
 * officer with the basis and who recorded them; every change is logged.
 */
@ObjectType('MemberWelfareAttributes')
export class MemberWelfareAttributes {
  @Field(() => Boolean)
  hardship!: boolean;

  @Field(() => Boolean)
  martyrFamily!: boolean;

  @Field(() => Boolean)
  frontlineNonPublic!: boolean;

  /** The document the flags rest on, e.g. a hardship file number. */
  @Field(() => String, { nullable: true })
  basis!: string | null;

  @Field(() => String)
  setBy!: string;

  @Field(() => DateTimeScalar)
  setAt!: string;
}

/** An absent (or null) flag stays as it was; a member seen the first time starts with all false. */
@InputType('MemberWelfareAttributesInput')
export class MemberWelfareAttributesInput {
  @Field(() => Boolean, { nullable: true })
  hardship?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  martyrFamily?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  frontlineNonPublic?: boolean | null;

  @Field(() => String, { nullable: true })
  basis?: string | null;

  /** Who records the change; a verified caller (through the gateway) is recorded instead. */
  @Field(() => String)
  recordedBy!: string;
}
