import { countiesOf, type DivisionInfo } from '../../../core/division';
import type { Store } from '../../../core/store/database';
import { CITY_DIVISION, type City } from '../../../schema/enums';
import { toCount } from '../../kit';

/**
 * The 15-minute service circle, county by county (15分钟服务圈): where do new-employment workers
 * have the fewest stations? For each county of a city: its ACTIVE new-employment members (counted
 * where their union is: the union's division), its stations (by the station's division), and
 * stations per 1,000 such members. Lowest first, so a county union sees where to build next.
 */
export interface CountyCoverageValue {
  county: DivisionInfo;
  newEmploymentMembers: number;
  stations: number;
  /** null when the county has no new-employment members: there is no ratio to rank. */
  stationsPer1000Members: number | null;
}

export async function stationCoverage(store: Store, city: City): Promise<CountyCoverageValue[]> {
  const range = divisionRange(city);
  const [members, stations] = await Promise.all([newEmploymentMembersByDivision(store, range), stationsByDivision(store, range)]);
  const membersByCounty = byCounty(members);
  const stationsByCounty = byCounty(stations);
  return countiesOf(city)
    .map((county) => {
      const m = membersByCounty.get(county.code) ?? 0;
      const s = stationsByCounty.get(county.code) ?? 0;
      return { county, newEmploymentMembers: m, stations: s, stationsPer1000Members: m === 0 ? null : (s * 1000) / m };
    })
    .sort(lowestCoverageFirst)
    .map((c) => ({ ...c, stationsPer1000Members: c.stationsPer1000Members === null ? null : Math.round(c.stationsPer1000Members * 1000) / 1000 }));
}

/** Lowest ratio first; among equals, more members (more people underserved) first; counties without members last. */
function lowestCoverageFirst(a: CountyCoverageValue, b: CountyCoverageValue): number {
  const ra = a.stationsPer1000Members ?? Number.POSITIVE_INFINITY;
  const rb = b.stationsPer1000Members ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra < rb ? -1 : 1;
  return b.newEmploymentMembers - a.newEmploymentMembers || a.county.code.localeCompare(b.county.code);
}

interface DivisionRange {
  from: string;
  /** Exclusive. */
  to: string;
}

/** The city's division codes as a text range: '3302' ≤ code < '3303' holds 330200 and every 3302xx(…) code. */
function divisionRange(city: City): DivisionRange {
  const prefix = CITY_DIVISION[city].slice(0, 4);
  return { from: prefix, to: String(Number(prefix) + 1) };
}

interface DivisionCount {
  division: string | null;
  n: unknown;
}

/** Division codes finer than a county (streets, 9 or 12 digits) fold into their county's 6; the city's own code folds nowhere. */
function byCounty(rows: readonly DivisionCount[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!r.division) continue;
    const county = r.division.slice(0, 6);
    out.set(county, (out.get(county) ?? 0) + toCount(r.n));
  }
  return out;
}

function newEmploymentMembersByDivision(store: Store, range: DivisionRange): Promise<DivisionCount[]> {
  return store.db
    .selectFrom('members')
    .innerJoin('unions', 'unions.id', 'members.union_id')
    .select((eb) => ['unions.division_code as division', eb.fn.countAll().as('n')])
    .where('members.status', '=', 'ACTIVE')
    .where('members.new_employment', '=', 1)
    .where('unions.division_code', '>=', range.from)
    .where('unions.division_code', '<', range.to)
    .groupBy('unions.division_code')
    .execute();
}

function stationsByDivision(store: Store, range: DivisionRange): Promise<DivisionCount[]> {
  return store.db
    .selectFrom('stations')
    .select((eb) => ['division_code as division', eb.fn.countAll().as('n')])
    .where('deleted', '=', 0)
    .where('division_code', '>=', range.from)
    .where('division_code', '<', range.to)
    .groupBy('division_code')
    .execute();
}
