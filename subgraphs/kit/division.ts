import { Directive, Field, ObjectType } from 'type-graphql';
import { divisionByCode } from '../../core/division';
import { CITIES, CITY_DIVISION, PROVINCE_DIVISION, type City } from '../../schema/enums';
import { CityEnum, DivisionLevelEnum, type DivisionLevel } from './enums';

/** A GB/T 2260 division. A value type organizations and stations both serve: @shareable. */
@Directive('@shareable')
@ObjectType('Division')
export class Division {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DivisionLevelEnum)
  level!: DivisionLevel;

  @Field(() => CityEnum, { nullable: true })
  city!: City | null;
}

export interface DivisionValue {
  code: string;
  name: string;
  level: DivisionLevel;
  city: City | null;
}

const CITY_BY_CODE = new Map<string, City>(CITIES.map((c) => [CITY_DIVISION[c], c]));

/**
 * The division for a stored code. A code missing from GB/T 2260 (a newer or foreign code that
 * slipped through with a data issue) still gets an answer, because Union.division is non-null:
 * the code stands in for the name, the level is read from the code's shape, and the city is the
 * record's own. Ingest flags such codes; inventing a name here would hide them.
 */
export function divisionOf(code: string, recordCity: City | null): DivisionValue {
  const known = divisionByCode(code);
  if (known) return { code: known.code, name: known.name, level: known.level, city: known.city };
  const level: DivisionLevel = code === PROVINCE_DIVISION || /^\d{2}0000$/.test(code) ? 'PROVINCE' : /^\d{4}00$/.test(code) ? 'CITY' : 'COUNTY';
  return { code, name: code, level, city: level === 'PROVINCE' ? null : CITY_BY_CODE.get(code) ?? recordCity };
}
