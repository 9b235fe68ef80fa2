import { divisionByCode } from '../../../core/division';
import { InputError } from '../../../core/errors';
import { PROVINCE_DIVISION } from '../../../schema/enums';

/**
 * The level of union that organizes a program, and the division it covers. CITY_COUNTY is a
 * provincial program run by the city and county unions near members' homes (the recuperation
 * trips): it covers the whole province.
 */
export const ORGANIZER_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'CITY_COUNTY'] as const;
export type OrganizerLevel = (typeof ORGANIZER_LEVELS)[number];

/** The division level an organizer level must name. */
const DIVISION_LEVEL: Record<OrganizerLevel, 'PROVINCE' | 'CITY' | 'COUNTY'> = {
  PROVINCE: 'PROVINCE',
  CITY_COUNTY: 'PROVINCE',
  CITY: 'CITY',
  COUNTY: 'COUNTY',
};

/** The organizer division when none is given: the province for province-wide levels. */
export function defaultOrganizerDivision(level: OrganizerLevel): string | null {
  return DIVISION_LEVEL[level] === 'PROVINCE' ? PROVINCE_DIVISION : null;
}

/** A Zhejiang division of the level the organizer level needs, or an InputError naming the field. */
export function checkOrganizerDivision(level: OrganizerLevel, code: string | null, field: string): string {
  const wanted = DIVISION_LEVEL[level];
  const resolved = code ?? defaultOrganizerDivision(level);
  if (resolved === null) throw new InputError(field, 'REQUIRED', `${field} is required for a ${level} program: the ${wanted.toLowerCase()}'s GB/T 2260 code`);
  const division = divisionByCode(resolved);
  if (!division) throw new InputError(field, 'DIVISION', `${field} must be a Zhejiang GB/T 2260 code, got "${resolved}"`);
  if (division.level !== wanted) {
    throw new InputError(field, 'DIVISION_LEVEL', `${field} of a ${level} program must be a ${wanted.toLowerCase()} code, got ${resolved} (${division.name}, a ${division.level.toLowerCase()})`);
  }
  return resolved;
}

/**
 * The code prefix every division inside this one starts with: 330000 → 33, 330100 → 3301,
 * 330282 → 330282. Unions' division codes are 6-digit GB/T 2260 codes, so `LIKE prefix%` is
 * "lies inside".
 */
export function areaPrefix(divisionCode: string): string {
  if (/^\d{2}0000$/.test(divisionCode)) return divisionCode.slice(0, 2);
  if (/^\d{4}00$/.test(divisionCode)) return divisionCode.slice(0, 4);
  return divisionCode;
}
