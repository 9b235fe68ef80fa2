import { withCreditCheck } from '../../core/identity/credit-code';
import {
  CITIES, CITY_DIVISION, PROVINCE_DIVISION,
  type City, type EnterpriseCategory, type FormationStage, type UnionType,
} from '../../schema/enums';
import type { GenerationContext } from './context';
import { CITY_NAMES, cityShortName, countiesOf, countyFullName, zhejiangCounties, type County } from './divisions';
import {
  BRANCH_BRANDS, PLATFORM_HEADQUARTERS, companyName, cooperatingCompanyName, roadName, type Sector,
} from './names';
import {
  CITY_WEIGHT_LIST, ELECTION_OVERDUE_SHARE, INVALID_CREDIT_CODE_SHARE, MIN_GRASSROOTS_PER_COUNTY,
  MIN_OTHER_ENTERPRISES_PER_COUNTY, MISSING_CREDIT_CODE_SHARE, OTHER_ENTERPRISE_UNIONIZED_SHARE,
  PLATFORM_FIGURES, QUIET_LAST_EVENT_MIN_AGE_DAYS, QUIET_SHARE,
} from './plan';
import { AffinePermutation, apportion, type Rng } from './random';
import type { UnionRow } from './store';
import { ownerOf, PROVINCE_ROOT_ID, type SystemName } from './systems';
import { DAY_MS, dayOf, isoDate, isoInstant } from './time';

/**
 * The union hierarchy and the enterprises: 浙江省总工会 → 11 city federations → 90 county
 * federations → street/town federations → grassroots unions; the 232 platform-economy enterprises
 * (fixed) and the scaled OTHER enterprises, each unionized one with its own grassroots union; and
 * Shaoxing's formation applications. Returns the pools the later phases draw from.
 */
export interface UnionInfo {
  id: string;
  system: SystemName;
  city: City;
  county: string;
  type: UnionType;
  /** Listed in the ground truth: nothing has happened here for QUIET_LAST_EVENT_MIN_AGE_DAYS. */
  quiet: boolean;
  foundedDay: number;
  /** ACTIVE member records, counted while members are generated; dues amounts follow it. */
  activeMembers: number;
}

export interface Employer {
  city: City;
  name: string;
  creditCode: string;
  union: UnionInfo | null;
  /** Platform-economy employers only: what their new-employment workers mostly do. */
  sector: Sector | null;
}

export interface CityPools {
  /** Joint grassroots unions (新就业形态联合工会 and the like): where platform workers without an employer union join. */
  jointUnions: UnionInfo[];
  /** Grassroots unions of companies outside the enterprise table, communities, schools. */
  plainUnions: UnionInfo[];
  /** OTHER enterprises that have a union. */
  unionizedEmployers: Employer[];
  /** Platform HQs, branches and cooperating employers in the city. */
  platformEmployers: Employer[];
  platformBySector: Map<Sector, Employer[]>;
}

export interface CountyPools {
  county: County;
  federationId: string;
  regionalIds: string[];
  /** Grassroots unions that may host a station: all but the quiet ones. */
  grassrootsIds: string[];
}

export interface Organizations {
  grassroots: UnionInfo[];
  cities: Record<City, CityPools>;
  counties: Map<string, CountyPools>;
}

const FIVE_YEARS_DAYS = 1826;
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Unique, valid credit codes: type prefix + division + an 8-digit serial (scattered) + a check digit. */
class CreditCodes {
  private serial = 0;
  private readonly scatter: AffinePermutation;

  constructor(rng: Rng) {
    this.scatter = new AffinePermutation(100_000_000, rng);
  }

  /** `81…` grassroots unions, `89…` federations, `91…` enterprises (GB 32100 registering authority + kind). */
  next(prefix: '81' | '89' | '91', division: string, rng: Rng): string {
    const orgCode = String(this.scatter.at(this.serial++)).padStart(8, '0') + (rng.chance(0.1) ? 'X' : String(rng.int(0, 9)));
    return withCreditCheck(prefix + division + orgCode);
  }
}

/** The same code with a wrong check character: an early code that fails GB 32100 (warn, don't reject). */
function breakCheckCharacter(code: string, rng: Rng): string {
  const i = CREDIT_ALPHABET.indexOf(code[17]);
  return code.slice(0, 17) + CREDIT_ALPHABET[(i + rng.int(1, 30)) % 31];
}

function placeShort(county: County): string {
  return county.name.length > 2 ? county.name.replace(/(畲族自治县|区|县|市)$/, '') : county.name;
}

/** Quiet unions are spread evenly: exactly QUIET_SHARE of the eligible ones, whatever the scale. */
class QuietPicker {
  private eligibleSeen = 0;
  constructor(private readonly phase: number) {}

  next(): boolean {
    const k = this.eligibleSeen++;
    return Math.floor((k + 1) * QUIET_SHARE + this.phase) > Math.floor(k * QUIET_SHARE + this.phase);
  }
}

interface UnionSpec {
  city: City;
  county: County | null;
  division: string;
  name: string;
  type: UnionType;
  parentId: string | null;
  foundedFrom: number;
  foundedTo: number;
  /** Quiet-eligible: ordinary grassroots unions old enough to have fallen silent. */
  mayBeQuiet: boolean;
  rng: Rng;
}

class OrganizationBuilder {
  private readonly credit: CreditCodes;
  private readonly quiet: QuietPicker;
  readonly result: Organizations;

  constructor(private readonly ctx: GenerationContext) {
    this.credit = new CreditCodes(ctx.rng('credit-codes'));
    this.quiet = new QuietPicker(ctx.rng('quiet-phase').float());
    const cities = {} as Record<City, CityPools>;
    for (const city of CITIES) {
      cities[city] = { jointUnions: [], plainUnions: [], unionizedEmployers: [], platformEmployers: [], platformBySector: new Map() };
    }
    this.result = { grassroots: [], cities, counties: new Map() };
  }

  private get plan() {
    return this.ctx.plan;
  }

  /** Writes one union of a city and returns what later phases need to know about it. */
  union(spec: UnionSpec, foundedDay?: number): UnionInfo {
    const { rng } = spec;
    const asOf = this.plan.asOfDay;
    const grassroots = spec.type === 'GRASSROOTS' || spec.type === 'JOINT_GRASSROOTS';
    const founded = foundedDay ?? rng.int(spec.foundedFrom, spec.foundedTo);
    const quiet = spec.mayBeQuiet && founded <= asOf - 3 * 365 && this.quiet.next();
    // Unions elect every 3 to 5 years; some are overdue (a monitoring flag). Margins of 30 days keep
    // "older than five years" unambiguous whichever way a year is counted.
    const latest = quiet ? asOf - QUIET_LAST_EVENT_MIN_AGE_DAYS : asOf - 10;
    const overdue = grassroots && founded <= asOf - FIVE_YEARS_DAYS - 60 && rng.chance(ELECTION_OVERDUE_SHARE);
    const election = overdue
      ? rng.int(Math.max(founded, asOf - 8 * 365), asOf - FIVE_YEARS_DAYS - 30)
      : rng.int(Math.min(latest, Math.max(founded, asOf - FIVE_YEARS_DAYS + 30)), latest);
    const system = ownerOf('unions', spec.city);
    const id = this.ctx.ids.next(system, 'unions');
    let creditCode: string | null = this.credit.next(grassroots ? '81' : '89', spec.division, rng);
    if (grassroots && rng.chance(MISSING_CREDIT_CODE_SHARE)) creditCode = null;
    else if (rng.chance(INVALID_CREDIT_CODE_SHARE)) {
      creditCode = breakCheckCharacter(creditCode, rng);
      this.ctx.truth.invalidCreditCodeUnionIds.push(id);
    }
    this.writeUnion({
      id, system, city: spec.city, division: spec.division, name: spec.name, credit_code: creditCode,
      parent_id: spec.parentId, type: spec.type, founded_on: isoDate(founded), last_election_on: isoDate(election),
      dissolved: 0, updated_at: this.updatedAt(rng, Math.max(founded, election), latest), deleted: 0,
    });
    if (quiet) this.ctx.truth.quietUnionIds.push(id);
    this.ctx.truth.union(spec.city, spec.type, { quiet, electionOverdue: overdue });
    const info: UnionInfo = {
      id, system, city: spec.city, county: spec.county?.code ?? spec.division, type: spec.type,
      quiet, foundedDay: founded, activeMembers: 0,
    };
    if (grassroots && spec.county) {
      this.result.grassroots.push(info);
      if (!quiet) this.pools(spec.county).grassrootsIds.push(id);
    }
    return info;
  }

  /** An instant within the two-year window, not before `fromDay`, not after `latestDay`. */
  private updatedAt(rng: Rng, fromDay: number, latestDay: number): string {
    const from = Math.max(this.plan.windowStartDay, fromDay);
    return isoInstant(rng.int(from, Math.max(from, latestDay)) * DAY_MS + rng.int(0, DAY_MS - 1));
  }

  private writeUnion(row: UnionRow): void {
    this.ctx.insert('unions', row);
  }

  /** 浙江省总工会: the root every parentless city federation hangs from, in no city. */
  private provinceFederation(rng: Rng): void {
    this.writeUnion({
      id: PROVINCE_ROOT_ID, system: ownerOf('unions', null), city: null, division: PROVINCE_DIVISION, name: '浙江省总工会',
      credit_code: this.credit.next('89', PROVINCE_DIVISION, rng), parent_id: null, type: 'FEDERATION',
      founded_on: '1950-07-01', last_election_on: isoDate(rng.int(this.plan.asOfDay - 4 * 365, this.plan.asOfDay - 30)),
      dissolved: 0, updated_at: this.updatedAt(rng, this.plan.windowStartDay, this.plan.asOfDay - 1), deleted: 0,
    });
    this.ctx.truth.union(null, 'FEDERATION', { quiet: false, electionOverdue: false });
  }

  federations(): void {
    const y = (year: number) => dayOf(`${year}-01-01`);
    const rng = this.ctx.rng('federations');
    this.provinceFederation(rng);
    const cityFederation = new Map<City, string>();
    for (const city of CITIES) {
      const system = ownerOf('unions', city);
      const info = this.union({
        city, county: null, division: CITY_DIVISION[city], name: `${CITY_NAMES[city]}总工会`, type: 'FEDERATION',
        // Ningbo's and Shaoxing's own systems know nothing above their city federation.
        parentId: system === 'zhejiang-digital-union' ? PROVINCE_ROOT_ID : null,
        foundedFrom: y(1949), foundedTo: y(1956), mayBeQuiet: false, rng,
      });
      cityFederation.set(city, info.id);
    }
    for (const county of zhejiangCounties()) {
      const info = this.union({
        city: county.city, county, division: county.code, name: `${countyFullName(county)}总工会`, type: 'FEDERATION',
        parentId: cityFederation.get(county.city) ?? null, foundedFrom: y(1950), foundedTo: y(1990), mayBeQuiet: false, rng,
      });
      this.result.counties.set(county.code, { county, federationId: info.id, regionalIds: [], grassrootsIds: [] });
    }
    for (const county of zhejiangCounties()) this.regionalFederations(county);
  }

  /** One street/town federation per street at scale 1, at least one per county. */
  private regionalFederations(county: County): void {
    const pools = this.pools(county);
    const rng = this.ctx.rng('regional', Number(county.code));
    const streets = rng.shuffle([...county.streets]);
    const count = Math.max(1, Math.min(Math.max(1, streets.length), Math.round(streets.length * this.plan.scale)));
    for (let i = 0; i < count; i++) {
      const name = streets[i] ? `${county.name}${streets[i]}总工会` : `${county.name}第${i + 1}片区工会联合会`;
      const info = this.union({
        city: county.city, county, division: county.code, name, type: 'REGIONAL_FEDERATION', parentId: pools.federationId,
        foundedFrom: dayOf('1990-01-01'), foundedTo: dayOf('2015-12-31'), mayBeQuiet: false, rng,
      });
      pools.regionalIds.push(info.id);
    }
  }

  pools(county: County): CountyPools {
    const p = this.result.counties.get(county.code);
    if (!p) throw new Error(`no federation for county ${county.code}`);
    return p;
  }

  /** A grassroots union's parent: its street federation mostly, else the county federation. */
  private parentOf(county: County, rng: Rng): string {
    const p = this.pools(county);
    return p.regionalIds.length > 0 && rng.chance(0.65) ? rng.pick(p.regionalIds) : p.federationId;
  }

  /**
   * Writes an enterprise, its union when it has one and, in Shaoxing, its formation application.
   * Unions formed through Shaoxing's online system are recent; their application is FOUNDED.
   */
  enterprise(spec: {
    county: County; category: EnterpriseCategory; name: string; platform: string | null; sector: Sector | null;
    unionized: boolean; foundedFrom: number; foundedTo: number; employees: [number, number]; newWorkers: [number, number];
    rng: Rng;
  }): Employer {
    const { county, rng } = spec;
    const city = county.city;
    const asOf = this.plan.asOfDay;
    const system = ownerOf('enterprises', city);
    const inShaoxing = city === 'SHAOXING';
    const formedOnline = spec.unionized && inShaoxing && rng.chance(0.4);
    let union: UnionInfo | null = null;
    let applicationSubmittedMs: number | null = null;
    if (spec.unionized) {
      const unionFounded = formedOnline ? rng.int(asOf - 3 * 365, asOf - 30) : undefined;
      union = this.union({
        city, county, division: county.code, name: `${spec.name}工会委员会`, type: 'GRASSROOTS',
        parentId: this.parentOf(county, rng), foundedFrom: Math.max(spec.foundedFrom, dayOf('1995-01-01')),
        foundedTo: Math.max(spec.foundedTo, dayOf('1995-01-01')) + 200,
        mayBeQuiet: spec.category === 'OTHER', rng,
      }, unionFounded);
      if (formedOnline) applicationSubmittedMs = (union.foundedDay - rng.int(20, 60)) * DAY_MS + rng.int(0, DAY_MS - 1);
    }
    const id = this.ctx.ids.next(system, 'enterprises');
    const creditCode = this.credit.next('91', county.code, rng);
    const founded = rng.int(spec.foundedFrom, spec.foundedTo);
    this.ctx.insert('enterprises', {
      id, system, city, division: county.code, name: spec.name, credit_code: creditCode, category: spec.category,
      platform: spec.platform, union_id: union?.id ?? null, employees: rng.int(...spec.employees),
      new_employment_workers: rng.int(...spec.newWorkers), founded_on: isoDate(founded),
      updated_at: this.updatedAt(rng, founded, asOf - 1), deleted: 0,
    });
    this.ctx.truth.enterprise(city, spec.category, union !== null);
    if (inShaoxing) this.application(id, union, applicationSubmittedMs, rng);
    return { city, name: spec.name, creditCode, union, sector: spec.sector };
  }

  /** Shaoxing's formation workflow: FOUNDED for unions it formed, open or rejected ones for some others. */
  private application(enterpriseId: string, union: UnionInfo | null, submittedMs: number | null, rng: Rng): void {
    const asOf = this.plan.asOfDay;
    let stage: FormationStage;
    let submitted: number;
    let updated: number;
    if (union && submittedMs !== null) {
      stage = 'FOUNDED';
      submitted = submittedMs;
      updated = union.foundedDay * DAY_MS + rng.int(0, DAY_MS - 1);
    } else if (!union && rng.chance(0.6)) {
      stage = rng.weighted<FormationStage>(['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED'], [25, 35, 20, 20]);
      submitted = rng.int(asOf - 365, asOf - 2) * DAY_MS + rng.int(0, DAY_MS - 1);
      updated = stage === 'SUBMITTED' ? submitted : Math.min(submitted + rng.int(1, 40) * DAY_MS, asOf * DAY_MS - 1);
    } else {
      return;
    }
    this.ctx.insert('applications', {
      id: this.ctx.ids.next('shaoxing-internet-plus', 'applications'), system: 'shaoxing-internet-plus', city: 'SHAOXING',
      enterprise_id: enterpriseId, stage, submitted_at: isoInstant(submitted), union_id: stage === 'FOUNDED' ? union?.id ?? null : null,
      updated_at: isoInstant(updated), deleted: 0,
    });
    this.ctx.truth.formationApplication('SHAOXING');
  }

  platformEnterprises(): void {
    const y = (year: number) => dayOf(`${year}-01-01`);
    const counties = new Map(zhejiangCounties().map((c) => [c.code, c]));
    const rng = this.ctx.rng('platform-enterprises');
    PLATFORM_HEADQUARTERS.forEach((hq, i) => {
      const county = counties.get(hq.county);
      if (!county) throw new Error(`unknown county ${hq.county}`);
      this.addPlatformEmployer(this.enterprise({
        county, category: 'PLATFORM_HQ', name: hq.company, platform: hq.brand, sector: hq.sector, unionized: true,
        foundedFrom: y(2003), foundedTo: y(2018), employees: [800, 6000], newWorkers: [2000, 50000], rng: this.ctx.rng('hq', i),
      }));
    });

    // Exactly 150 of the 159 branches and 43 of the 61 cooperating employers have a union.
    const branchUnionized = rng.shuffle(flags(PLATFORM_FIGURES.PLATFORM_BRANCH));
    const branchesPerCity = apportion(PLATFORM_FIGURES.PLATFORM_BRANCH.total, CITY_WEIGHT_LIST, 3);
    const names = new Set<string>();
    let b = 0;
    CITIES.forEach((city, ci) => {
      for (let k = 0; k < branchesPerCity[ci]; k++, b++) {
        const r = this.ctx.rng('branch', b);
        const county = r.pick(countiesOf(city));
        const brand = r.pick(BRANCH_BRANDS);
        let name = `${brand.company}${cityShortName(city)}${placeShort(county)}分公司`;
        for (let n = 2; names.has(name); n++) name = `${brand.company}${cityShortName(city)}${placeShort(county)}第${n}分公司`;
        names.add(name);
        this.addPlatformEmployer(this.enterprise({
          county, category: 'PLATFORM_BRANCH', name, platform: brand.brand, sector: brand.sector, unionized: branchUnionized[b],
          foundedFrom: y(2010), foundedTo: y(2022), employees: [30, 400], newWorkers: [200, 8000], rng: r,
        }));
      }
    });

    const coopUnionized = rng.shuffle(flags(PLATFORM_FIGURES.COOPERATING));
    const coopsPerCity = apportion(PLATFORM_FIGURES.COOPERATING.total, CITY_WEIGHT_LIST, 2);
    let c = 0;
    CITIES.forEach((city, ci) => {
      for (let k = 0; k < coopsPerCity[ci]; k++, c++) {
        const r = this.ctx.rng('cooperating', c);
        const county = r.pick(countiesOf(city));
        const brand = r.pick(BRANCH_BRANDS);
        let name = cooperatingCompanyName(r, placeShort(county), 1);
        for (let n = 2; names.has(name); n++) name = cooperatingCompanyName(r, placeShort(county), n);
        names.add(name);
        this.addPlatformEmployer(this.enterprise({
          county, category: 'COOPERATING', name, platform: brand.brand, sector: brand.sector, unionized: coopUnionized[c],
          foundedFrom: y(2015), foundedTo: y(2023), employees: [10, 150], newWorkers: [100, 3000], rng: r,
        }));
      }
    });
  }

  private addPlatformEmployer(employer: Employer): void {
    const pools = this.result.cities[employer.city];
    pools.platformEmployers.push(employer);
    if (employer.sector) {
      const list = pools.platformBySector.get(employer.sector) ?? [];
      list.push(employer);
      pools.platformBySector.set(employer.sector, list);
    }
  }

  /** Per county: OTHER enterprises (60 % with a union), then the remaining grassroots unions. */
  grassrootsByCounty(): void {
    const y = (year: number) => dayOf(`${year}-01-01`);
    const asOf = this.plan.asOfDay;
    const unionsPerCity = apportion(this.plan.grassrootsBesidesPlatform, CITY_WEIGHT_LIST, 0);
    const enterprisesPerCity = apportion(this.plan.otherEnterprises, CITY_WEIGHT_LIST, 0);
    CITIES.forEach((city, ci) => {
      const counties = countiesOf(city);
      const weights = counties.map(countyWeight);
      const unionCounts = apportion(unionsPerCity[ci], weights, MIN_GRASSROOTS_PER_COUNTY);
      const enterpriseCounts = apportion(enterprisesPerCity[ci], weights, MIN_OTHER_ENTERPRISES_PER_COUNTY);
      counties.forEach((county, k) => {
        const rng = this.ctx.rng('county-grassroots', Number(county.code));
        // Keep at least one union per county for the joint union new-employment workers join.
        const unionized = Math.min(unionCounts[k] - 1, Math.round(enterpriseCounts[k] * OTHER_ENTERPRISE_UNIONIZED_SHARE));
        const unionizedFlags = rng.shuffle(flags({ total: enterpriseCounts[k], unionized }));
        for (let e = 0; e < enterpriseCounts[k]; e++) {
          const r = this.ctx.rng(`other-enterprise-${county.code}`, e);
          const employer = this.enterprise({
            county, category: 'OTHER', name: companyName(r, placeShort(county)), platform: null, sector: null,
            unionized: unionizedFlags[e], foundedFrom: y(1990), foundedTo: asOf - 400, employees: [20, 2000],
            newWorkers: r.chance(0.1) ? [1, 50] : [0, 0], rng: r,
          });
          if (employer.union) this.result.cities[city].unionizedEmployers.push(employer);
        }
        for (let g = 0; g < unionCounts[k] - unionized; g++) this.plainUnion(county, g, this.ctx.rng(`grassroots-${county.code}`, g));
      });
    });
  }

  /** The first union of each county is a joint union for new-employment workers; ~8 % of the rest are joint. */
  private plainUnion(county: County, index: number, rng: Rng): void {
    const street = county.streets.length > 0 ? rng.pick(county.streets) : county.name;
    const joint = index === 0 || rng.chance(0.08);
    const name = joint
      ? `${street}${rng.pick(['新就业形态劳动者', '快递行业', '外卖配送行业', '货车司机', '网约车司机', '小微企业'])}联合工会`
      : rng.chance(0.85)
        ? `${companyName(rng, placeShort(county))}工会委员会`
        : `${placeShort(county)}${rng.pick(['第一中学', '实验小学', '人民医院', '中医院', `${roadName(rng)}社区`, '供电公司', '汽车站'])}工会委员会`;
    const info = this.union({
      city: county.city, county, division: county.code, name, type: joint ? 'JOINT_GRASSROOTS' : 'GRASSROOTS',
      parentId: this.parentOf(county, rng), foundedFrom: dayOf(joint ? '2016-01-01' : '1995-01-01'),
      foundedTo: this.plan.asOfDay - 400, mayBeQuiet: !joint, rng,
    });
    const pools = this.result.cities[county.city];
    (joint ? pools.jointUnions : pools.plainUnions).push(info);
  }
}

function flags(figure: { total: number; unionized: number }): boolean[] {
  return Array.from({ length: figure.total }, (_, i) => i < figure.unionized);
}

/** Bigger counties have more towns; urban districts weigh more than their town count says. */
function countyWeight(county: County): number {
  return county.streets.length + (county.name.endsWith('区') ? 8 : 0) + 1;
}

export function generateOrganizations(ctx: GenerationContext): Organizations {
  const builder = new OrganizationBuilder(ctx);
  builder.federations();
  builder.platformEnterprises();
  builder.grassrootsByCounty();
  return builder.result;
}
