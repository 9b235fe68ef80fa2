import { InputError } from '../../core/errors';
import { CITIES, CITY_DIVISION, PROVINCE_DIVISION, type City } from '../../schema/enums';

/**
 * The dashboard's Overview entity is keyed by `scope`: '330000' for the province, else the city's
 * division code. Every subgraph turns a scope back into the city it filters by.
 */
export interface OverviewRef {
  scope: string;
  city: City | null;
}

export function scopeOf(city: City | null | undefined): OverviewRef {
  return city ? { scope: CITY_DIVISION[city], city } : { scope: PROVINCE_DIVISION, city: null };
}

export function overviewOfScope(scope: string): OverviewRef {
  if (scope === PROVINCE_DIVISION) return { scope, city: null };
  const city = CITIES.find((c) => CITY_DIVISION[c] === scope);
  if (!city) throw new InputError('scope', 'UNKNOWN_SCOPE', `scope must be ${PROVINCE_DIVISION} or a city's division code, got "${scope}"`);
  return { scope, city };
}
