/**
 * Who may take a place in a program (享受对象). A program lists the rules any one of which makes a
 * member eligible; the announcement's own wording stays beside them as `audience`.
 *
 * Where each fact comes from:
 * - NEW_EMPLOYMENT_FORM: membership's real-name view (`members.new_employment`, from the
 *   occupational tags the upstreams send);
 * - HARDSHIP, MARTYR_FAMILY, FRONTLINE_NON_PUBLIC: no upstream carries them, so welfare keeps them
 *   itself (`member_welfare_attributes`, set by `setMemberWelfareAttributes`, every change logged);
 * - ANY_MEMBER: every ACTIVE member.
 */
export const ELIGIBILITY_RULES = ['ANY_MEMBER', 'NEW_EMPLOYMENT_FORM', 'HARDSHIP', 'MARTYR_FAMILY', 'FRONTLINE_NON_PUBLIC'] as const;
export type EligibilityRuleCode = (typeof ELIGIBILITY_RULES)[number];

export interface Eligibility {
  /** The announcement's words, e.g. 烈士子女、困难职工子女、新就业形态劳动者子女. */
  audience: string;
  /** Eligible when any one holds. Never empty. */
  anyOf: EligibilityRuleCode[];
}

/** What is known about a member when checking the rules. */
export interface MemberFacts {
  newEmploymentForm: boolean;
  hardship: boolean;
  martyrFamily: boolean;
  frontlineNonPublic: boolean;
}

export const ANY_MEMBER: Eligibility = { audience: '全体会员', anyOf: ['ANY_MEMBER'] };

function holds(rule: EligibilityRuleCode, facts: MemberFacts): boolean {
  switch (rule) {
    case 'ANY_MEMBER': return true;
    case 'NEW_EMPLOYMENT_FORM': return facts.newEmploymentForm;
    case 'HARDSHIP': return facts.hardship;
    case 'MARTYR_FAMILY': return facts.martyrFamily;
    case 'FRONTLINE_NON_PUBLIC': return facts.frontlineNonPublic;
  }
}

export type EligibilityVerdict = { eligible: true } | { eligible: false; failed: EligibilityRuleCode[] };

/** Eligible when one of the program's rules holds; a program with no readable rule admits nobody. */
export function checkEligibility(eligibility: Eligibility, facts: MemberFacts): EligibilityVerdict {
  if (eligibility.anyOf.some((rule) => holds(rule, facts))) return { eligible: true };
  return { eligible: false, failed: [...eligibility.anyOf] };
}

/**
 * Reads the stored JSON. Rows written before the rules existed hold `{}` (anyone) or
 * `{audience, newEmploymentOnly}`; both still read the way they were meant. A value that cannot be
 * read at all restricts to nobody rather than opening the program to everyone.
 */
export function parseEligibility(text: string): Eligibility {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { audience: '(unreadable eligibility)', anyOf: [] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { audience: '(unreadable eligibility)', anyOf: [] };
  const record = parsed as Record<string, unknown>;
  const audience = typeof record.audience === 'string' ? record.audience : ANY_MEMBER.audience;
  if (Array.isArray(record.anyOf)) {
    return { audience, anyOf: record.anyOf.filter((r): r is EligibilityRuleCode => (ELIGIBILITY_RULES as readonly unknown[]).includes(r)) };
  }
  return { audience, anyOf: record.newEmploymentOnly === true ? ['NEW_EMPLOYMENT_FORM'] : ['ANY_MEMBER'] };
}

export function serializeEligibility(eligibility: Eligibility): string {
  return JSON.stringify({ audience: eligibility.audience, anyOf: eligibility.anyOf });
}
