import { registerEnumType } from 'type-graphql';
import { ELIGIBILITY_RULES, type EligibilityRuleCode } from '../store/eligibility';
import { ORGANIZER_LEVELS, type OrganizerLevel } from '../store/organizer';

/** Welfare's own enums, registered once (type-graphql keeps them globally). Values map to themselves. */
function enumObject<T extends string>(values: readonly T[]): { readonly [K in T]: K } {
  return Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as { readonly [K in T]: K };
}

export const WelfareEligibilityRuleEnum = enumObject<EligibilityRuleCode>(ELIGIBILITY_RULES);
registerEnumType(WelfareEligibilityRuleEnum, {
  name: 'WelfareEligibilityRule',
  description: 'One way to be eligible: ANY_MEMBER, NEW_EMPLOYMENT_FORM (新就业形态), HARDSHIP (困难职工), MARTYR_FAMILY (烈属), FRONTLINE_NON_PUBLIC (非公企业一线职工)',
});

export const WelfareOrganizerLevelEnum = enumObject<OrganizerLevel>(ORGANIZER_LEVELS);
registerEnumType(WelfareOrganizerLevelEnum, {
  name: 'WelfareOrganizerLevel',
  description: 'The union level that organizes a program; CITY_COUNTY: a provincial program run by city and county unions',
});
