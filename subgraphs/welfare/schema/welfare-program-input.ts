import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { WelfareKind } from '../../../schema/enums';
import { WelfareKindEnum } from '../../kit';
import type { OrganizerLevel } from '../store/organizer';
import { WelfareEligibilityInput } from './welfare-eligibility';
import { WelfareOrganizerLevelEnum } from './welfare-enums';

/** A new program. Figures that were not published stay null (a BUDGET_MISMATCH needs all three). */
@InputType('CreateWelfareProgramInput')
export class CreateWelfareProgramInput {
  /** Optional: 3–64 of a-z, 0-9, '-'; a fresh `wp-<year>-…` when absent. */
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => WelfareKindEnum)
  kind!: WelfareKind;

  /** Not later than next year. */
  @Field(() => Int)
  year!: number;

  @Field(() => String)
  funder!: string;

  @Field(() => Float, { nullable: true })
  budgetYuan?: number | null;

  @Field(() => Int, { nullable: true })
  places?: number | null;

  @Field(() => Float, { nullable: true })
  standardYuanPerPerson?: number | null;

  @Field(() => WelfareOrganizerLevelEnum)
  organizerLevel!: OrganizerLevel;

  /** GB/T 2260 code of the organizing union's division; defaults to 330000 for PROVINCE and CITY_COUNTY. */
  @Field(() => String, { nullable: true })
  organizerDivision?: string | null;

  @Field(() => WelfareEligibilityInput)
  eligibility!: WelfareEligibilityInput;

  @Field(() => Boolean, { nullable: true })
  closed?: boolean | null;
}

/** The fields to change: an absent field stays, null makes a figure unknown. */
@InputType('UpdateWelfareProgramInput')
export class UpdateWelfareProgramInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => WelfareKindEnum, { nullable: true })
  kind?: WelfareKind | null;

  @Field(() => Int, { nullable: true })
  year?: number | null;

  @Field(() => String, { nullable: true })
  funder?: string | null;

  @Field(() => Float, { nullable: true })
  budgetYuan?: number | null;

  @Field(() => Int, { nullable: true })
  places?: number | null;

  @Field(() => Float, { nullable: true })
  standardYuanPerPerson?: number | null;

  @Field(() => WelfareOrganizerLevelEnum, { nullable: true })
  organizerLevel?: OrganizerLevel | null;

  @Field(() => String, { nullable: true })
  organizerDivision?: string | null;

  @Field(() => WelfareEligibilityInput, { nullable: true })
  eligibility?: WelfareEligibilityInput | null;

  /** true stops enrollment (PROGRAM_CLOSED); places already taken stay. */
  @Field(() => Boolean, { nullable: true })
  closed?: boolean | null;
}
