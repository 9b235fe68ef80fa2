import { InputError } from '../../../core/errors';
import { isOneOf, WELFARE_KINDS, type WelfareKind } from '../../../schema/enums';
import { ELIGIBILITY_RULES, type Eligibility, type EligibilityRuleCode } from './eligibility';
import { checkOrganizerDivision, ORGANIZER_LEVELS, type OrganizerLevel } from './organizer';

/**
 * A program as a caller describes it (mutation or config file), checked field by field. Every
 * refusal is an InputError naming the field as the caller wrote it (`input.places`,
 * `welfare.programs[2].places`), with a rule code.
 */
export interface ProgramInput {
  name: string;
  kind: WelfareKind;
  year: number;
  funder: string;
  budgetYuan: number | null;
  places: number | null;
  standardYuanPerPerson: number | null;
  organizerLevel: OrganizerLevel;
  organizerDivision: string;
  eligibility: Eligibility;
  closed: boolean;
}

/** The earliest year a program may name: the digital union platform's records start well after. */
export const FIRST_PROGRAM_YEAR = 2000;
const MAX_TEXT = 200;
/** A year's programs are announced the year before at the earliest; anything later is a typo. */
export const latestProgramYear = (now: Date): number => now.getUTCFullYear() + 1;

export const PROGRAM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

export function checkProgramId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !PROGRAM_ID_PATTERN.test(value)) {
    throw new InputError(field, 'FORMAT', `${field} must be 3–64 lower-case letters, digits or '-', starting with a letter or digit`);
  }
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InputError(field, 'REQUIRED', `${field} must be a non-empty text`);
  const trimmed = value.trim();
  if (trimmed.length > MAX_TEXT) throw new InputError(field, 'MAX_LENGTH', `${field} must be at most ${MAX_TEXT} characters, got ${trimmed.length}`);
  return trimmed;
}

function amount(value: unknown, field: string, wholeNumber: boolean): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(field, 'NUMBER', `${field} must be a number (or null when unknown), got ${JSON.stringify(value)}`);
  }
  if (wholeNumber && !Number.isInteger(value)) throw new InputError(field, 'INTEGER', `${field} must be a whole number, got ${value}`);
  if (value < 0) throw new InputError(field, 'MIN', `${field} must not be negative, got ${value}`);
  return value;
}

function year(value: unknown, field: string, now: Date): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InputError(field, 'INTEGER', `${field} must be a whole year, got ${JSON.stringify(value)}`);
  if (value < FIRST_PROGRAM_YEAR) throw new InputError(field, 'MIN', `${field} must be ${FIRST_PROGRAM_YEAR} or later, got ${value}`);
  const latest = latestProgramYear(now);
  if (value > latest) throw new InputError(field, 'FUTURE', `${field} must be at most next year (${latest}), got ${value}`);
  return value;
}

function eligibility(value: unknown, field: string): Eligibility {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(field, 'REQUIRED', `${field} must be an object with audience and anyOf`);
  }
  const record = value as Record<string, unknown>;
  const audience = text(record.audience, `${field}.audience`);
  const anyOf = record.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length === 0) {
    throw new InputError(`${field}.anyOf`, 'REQUIRED', `${field}.anyOf must list at least one of ${ELIGIBILITY_RULES.join(', ')}`);
  }
  anyOf.forEach((rule, i) => {
    if (!isOneOf(ELIGIBILITY_RULES, rule)) {
      throw new InputError(`${field}.anyOf[${i}]`, 'ONE_OF', `${field}.anyOf[${i}] must be one of ${ELIGIBILITY_RULES.join(', ')}, got ${JSON.stringify(rule)}`);
    }
  });
  return { audience, anyOf: [...new Set(anyOf as EligibilityRuleCode[])] };
}

function oneOf<T extends string>(values: readonly T[], value: unknown, field: string): T {
  if (!isOneOf(values, value)) throw new InputError(field, 'ONE_OF', `${field} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Checks a whole program. `raw` is what the caller sent (GraphQL input, or JSON from the config
 * file where anything may arrive); `prefix` is how the caller names the object ('input.').
 */
export function checkProgramInput(raw: Record<string, unknown>, prefix: string, now: Date): ProgramInput {
  const f = (name: string) => `${prefix}${name}`;
  const organizerLevel = oneOf(ORGANIZER_LEVELS, raw.organizerLevel, f('organizerLevel'));
  const division = raw.organizerDivision === undefined || raw.organizerDivision === null ? null : String(raw.organizerDivision);
  if (raw.closed !== undefined && raw.closed !== null && typeof raw.closed !== 'boolean') {
    throw new InputError(f('closed'), 'BOOLEAN', `${f('closed')} must be true or false`);
  }
  return {
    name: text(raw.name, f('name')),
    kind: oneOf(WELFARE_KINDS, raw.kind, f('kind')),
    year: year(raw.year, f('year'), now),
    funder: text(raw.funder, f('funder')),
    budgetYuan: amount(raw.budgetYuan, f('budgetYuan'), false),
    places: amount(raw.places, f('places'), true),
    standardYuanPerPerson: amount(raw.standardYuanPerPerson, f('standardYuanPerPerson'), false),
    organizerLevel,
    organizerDivision: checkOrganizerDivision(organizerLevel, division, f('organizerDivision')),
    eligibility: eligibility(raw.eligibility, f('eligibility')),
    closed: raw.closed === true,
  };
}
