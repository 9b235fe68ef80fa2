import { CITIES, type City, type EnterpriseCategory, type StationKind, type UpgradeStatus } from '../../schema/enums';
import { dayOf } from './time';

/**
 * The figures the synthetic province is built to. Fixed figures come from the article (DOMAIN.md)
 * and hold at every scale; the rest scale linearly with a floor so that every county has a few.
 *
 * Volumes at scale 1 (measured; the benchmark loads this):
 *   grassroots unions        150,000 (≈ 139,000 GRASSROOTS + ≈ 11,000 JOINT_GRASSROOTS; Ningbo 27,000+),
 *                            plus 1 + 11 + 90 federations and 1,387 street/town federations
 *   new-employment persons 1,948,600 ACTIVE (the article's end-2024 figure)
 *   other persons            974,300 ACTIVE (OTHER_MEMBERS_PER_NEW_EMPLOYMENT = 0.5: the real province
 *                                        has ~20 million members, which no demo machine needs)
 *   member records         ≈ 3.0 million (≈ 58,500 people with a second record in another city,
 *                                        ≈ 8,800 LEFT-only people, ≈ 14,600 invalid resident IDs)
 *   activities             ≈ 3.9 million: ≈ 3.16 million monthly dues + ≈ 0.74 million others
 *   enterprises            232 platform-economy (fixed) + 30,000 OTHER (60 % with a union)
 *   stations               3,000 (fixed)
 * province.sqlite is ≈ 1.75 GB and takes ≈ 90 s on one core, peak RSS ≈ 320 MB.
 */
export const GENERATOR_VERSION = 2;

export const DEFAULT_SCALE = 0.01;
export const DEFAULT_SEED = 20251231;

/** The reference date: everything generated happened before it; monitoring is evaluated "as of" it. */
export const AS_OF = '2025-12-31';

export const NEW_EMPLOYMENT_MEMBERS_AT_SCALE_1 = 1_948_600;
export const OTHER_MEMBERS_PER_NEW_EMPLOYMENT = 0.5;
export const GRASSROOTS_UNIONS_AT_SCALE_1 = 150_000;
export const OTHER_ENTERPRISES_AT_SCALE_1 = 30_000;
/** Every county has at least this many grassroots unions besides its platform enterprises'. */
export const MIN_GRASSROOTS_PER_COUNTY = 3;
export const MIN_OTHER_ENTERPRISES_PER_COUNTY = 2;

/** The article's platform-economy figures: 205 / 232 = 88.4 % formation. */
export const PLATFORM_FIGURES: Record<Exclude<EnterpriseCategory, 'OTHER'>, { total: number; unionized: number }> = {
  PLATFORM_HQ: { total: 12, unionized: 12 },
  PLATFORM_BRANCH: { total: 159, unionized: 150 },
  COOPERATING: { total: 61, unionized: 43 },
};
export const OTHER_ENTERPRISE_UNIONIZED_SHARE = 0.6;

/** Station figures, fixed at every scale: ~3,000 stations, 159 drivers' homes, 1,239 upgraded in 2024. */
export const STATION_KIND_COUNTS: Record<StationKind, number> = {
  UNION_STATION: 2_581,
  DRIVERS_HOME: 159,
  LOVE_STATION: 260,
};
/** Lin'an district's 13 love stations serving free lunches (the article). */
export const LINAN_LOVE_STATIONS = 13;
export const LINAN_COUNTY = '330112';
export const UPGRADE_MIX: ReadonlyArray<{ status: UpgradeStatus; year: number | null; count: number }> = [
  { status: 'COMPLETED', year: 2024, count: 1_239 },
  { status: 'COMPLETED', year: 2023, count: 600 },
  { status: 'COMPLETED', year: 2025, count: 700 },
  { status: 'IN_PROGRESS', year: 2025, count: 200 },
  { status: 'PLANNED', year: 2026, count: 150 },
  { status: 'NONE', year: null, count: 111 },
];
export const STATIONS_WITHOUT_COORDINATES = 5;

/** Shares of persons (of the ACTIVE ones) with a second record in another city. */
export const TRANSFER_SHARE = 0.015;
export const DUAL_ACTIVE_SHARE = 0.002;
export const LEFT_THEN_REJOINED_SHARE = 0.003;
/** People whose only record is LEFT, and records whose resident ID fails its check character. */
export const LEFT_ONLY_SHARE = 0.003;
export const INVALID_ID_SHARE = 0.005;
export const INVALID_CREDIT_CODE_SHARE = 0.01;
export const MISSING_CREDIT_CODE_SHARE = 0.02;
export const ELECTION_OVERDUE_SHARE = 0.08;

/**
 * Quiet unions: ~3 % of eligible grassroots unions have had no activity, dues or member change
 * for a long time. The generator leaves margins on both sides of the 180-day rule so that any
 * threshold between 121 and 199 days finds exactly the listed set: a quiet union's last event is
 * at least 200 days before asOf, every other grassroots union has dues within the last 106 days.
 */
export const QUIET_SHARE = 0.03;
export const QUIET_RULE_DAYS = 180;
export const QUIET_LAST_EVENT_MIN_AGE_DAYS = 200;
export const LIVELY_DUES_MONTH_AGE_DAYS = 75;

/** Rough workforce shares of the 11 cities (Ningbo: 27,000+ of 150,000 grassroots unions at scale 1). */
export const CITY_WEIGHTS: Record<City, number> = {
  HANGZHOU: 22.8, NINGBO: 18.2, WENZHOU: 12, JIAXING: 8, HUZHOU: 5, SHAOXING: 8,
  JINHUA: 10, QUZHOU: 3, ZHOUSHAN: 2, TAIZHOU: 8, LISHUI: 3,
};
export const CITY_WEIGHT_LIST: readonly number[] = CITIES.map((c) => CITY_WEIGHTS[c]);

export interface Plan {
  scale: number;
  seed: number;
  asOf: string;
  asOfDay: number;
  /** The first day of the two-year window that updatedAt instants, activities and dues fall in. */
  windowStartDay: number;
  grassrootsBesidesPlatform: number;
  otherEnterprises: number;
  newEmploymentPersons: number;
  otherPersons: number;
  leftOnlyPersons: number;
  invalidIdPersons: number;
  /** All people, whatever their records: the resident-ID slots handed out. */
  persons: number;
}

export function makePlan(scale: number, seed: number): Plan {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 2) throw new Error(`scale must be in (0, 2], got ${scale}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be a 32-bit unsigned integer, got ${seed}`);
  const asOfDay = dayOf(AS_OF);
  const newEmploymentPersons = Math.round(NEW_EMPLOYMENT_MEMBERS_AT_SCALE_1 * scale);
  const otherPersons = Math.round(newEmploymentPersons * OTHER_MEMBERS_PER_NEW_EMPLOYMENT);
  const active = newEmploymentPersons + otherPersons;
  const leftOnlyPersons = Math.max(3, Math.round(active * LEFT_ONLY_SHARE));
  const invalidIdPersons = Math.max(5, Math.round(active * INVALID_ID_SHARE));
  return {
    scale,
    seed,
    asOf: AS_OF,
    asOfDay,
    windowStartDay: asOfDay - 730,
    grassrootsBesidesPlatform: Math.round(GRASSROOTS_UNIONS_AT_SCALE_1 * scale) - 205,
    otherEnterprises: Math.round(OTHER_ENTERPRISES_AT_SCALE_1 * scale),
    newEmploymentPersons,
    otherPersons,
    leftOnlyPersons,
    invalidIdPersons,
    persons: active + leftOnlyPersons + invalidIdPersons,
  };
}
