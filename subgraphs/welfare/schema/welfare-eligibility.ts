import { Field, InputType, ObjectType } from 'type-graphql';
import type { EligibilityRuleCode } from '../store/eligibility';
import { WelfareEligibilityRuleEnum } from './welfare-enums';

/** Who a program is for: eligible when any one rule holds. */
@ObjectType('WelfareEligibility')
export class WelfareEligibility {
  /** The announcement's words, e.g. 烈士子女、困难职工子女、新就业形态劳动者子女. */
  @Field(() => String)
  audience!: string;

  @Field(() => [WelfareEligibilityRuleEnum])
  anyOf!: EligibilityRuleCode[];
}

@InputType('WelfareEligibilityInput')
export class WelfareEligibilityInput {
  @Field(() => String)
  audience!: string;

  @Field(() => [WelfareEligibilityRuleEnum])
  anyOf!: EligibilityRuleCode[];
}
