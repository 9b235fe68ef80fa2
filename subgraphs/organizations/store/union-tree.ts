import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { HubTables } from '../../../core/store/tables';
import { CITY_DIVISION, PROVINCE_DIVISION } from '../../../schema/enums';

/**
 * The union tree across systems: province (330000) → city federations → county federations →
 * street/regional federations → grassroots unions. Each system links its own records
 * (`parent_id`), but upstreams leave the top of their own tree unlinked (Ningbo's and Shaoxing's
 * city federations name no parent; a city system may not know its county federations'). A union
 * without a link hangs under the federation of the division above it:
 * - a city federation under the province federation (330000);
 * - a county federation under its city's federation;
 * - any other union under the federation of its own division (county, city or province).
 * "The federation of a division" is the FEDERATION registered at that code (lowest id if two).
 */
const CITY_CODES: readonly string[] = Object.values(CITY_DIVISION);

export type DivisionLevel = 'PROVINCE' | 'CITY' | 'COUNTY' | 'OTHER';

export function levelOf(code: string): DivisionLevel {
  if (code === PROVINCE_DIVISION) return 'PROVINCE';
  if (CITY_CODES.includes(code)) return 'CITY';
  if (/^33\d{4}$/.test(code) && CITY_CODES.includes(`${code.slice(0, 4)}00`)) return 'COUNTY';
  return 'OTHER';
}

/** The division whose federation an unlinked union hangs under; null for the top (or an unknown code). */
export function naturalParentDivision(u: { type: string; divisionCode: string }): string | null {
  const level = levelOf(u.divisionCode);
  if (u.type === 'FEDERATION') {
    if (level === 'CITY') return PROVINCE_DIVISION;
    if (level === 'COUNTY') return `${u.divisionCode.slice(0, 4)}00`;
    return null;
  }
  return level === 'OTHER' ? null : u.divisionCode;
}

/**
 * The mirror of naturalParentDivision, as SQL: unlinked unions that hang under the federation of
 * `division`. The caller checks that the federation asking is that division's federation.
 */
export function unlinkedChildrenOf(eb: ExpressionBuilder<HubTables, 'unions'>, division: string): Expression<SqlBool> {
  const unlinked = eb('unions.parent_id', 'is', null);
  const federation = eb('unions.type', '=', 'FEDERATION');
  const notFederation = eb('unions.type', '<>', 'FEDERATION');
  switch (levelOf(division)) {
    case 'PROVINCE':
      return eb.and([unlinked, eb.or([
        eb.and([federation, eb('unions.division_code', 'in', [...CITY_CODES])]),
        eb.and([notFederation, eb('unions.division_code', '=', division)]),
      ])]);
    case 'CITY':
      return eb.and([unlinked, eb.or([
        eb.and([federation, eb('unions.division_code', 'like', `${division.slice(0, 4)}%`), eb('unions.division_code', '<>', division)]),
        eb.and([notFederation, eb('unions.division_code', '=', division)]),
      ])]);
    case 'COUNTY':
      return eb.and([unlinked, notFederation, eb('unions.division_code', '=', division)]);
    default:
      return sql<SqlBool>`1 = 0`;
  }
}
