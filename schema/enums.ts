/**
 * The canonical enums, as in schema/contract.graphql. Each is a const array (for validation and
 * GraphQL registration) and the string union type derived from it.
 */
export const CITIES = [
  'HANGZHOU', 'NINGBO', 'WENZHOU', 'JIAXING', 'HUZHOU', 'SHAOXING',
  'JINHUA', 'QUZHOU', 'ZHOUSHAN', 'TAIZHOU', 'LISHUI',
] as const;
export type City = (typeof CITIES)[number];

/** GB/T 2260 code of each prefecture city (市). */
export const CITY_DIVISION: Record<City, string> = {
  HANGZHOU: '330100', NINGBO: '330200', WENZHOU: '330300', JIAXING: '330400', HUZHOU: '330500',
  SHAOXING: '330600', JINHUA: '330700', QUZHOU: '330800', ZHOUSHAN: '330900', TAIZHOU: '331000',
  LISHUI: '331100',
};
export const PROVINCE_DIVISION = '330000';

export const UNION_TYPES = ['GRASSROOTS', 'JOINT_GRASSROOTS', 'REGIONAL_FEDERATION', 'FEDERATION'] as const;
export type UnionType = (typeof UNION_TYPES)[number];

export const ENTERPRISE_CATEGORIES = ['PLATFORM_HQ', 'PLATFORM_BRANCH', 'COOPERATING', 'OTHER'] as const;
export type EnterpriseCategory = (typeof ENTERPRISE_CATEGORIES)[number];
/** The categories the province's formation rate (建会率) counts. */
export const PLATFORM_ECONOMY: readonly EnterpriseCategory[] = ['PLATFORM_HQ', 'PLATFORM_BRANCH', 'COOPERATING'];

export const FORMATION_STAGES = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'FOUNDED', 'REJECTED'] as const;
export type FormationStage = (typeof FORMATION_STAGES)[number];

export const ID_TYPES = ['RESIDENT_ID', 'HK_MACAO_PERMIT', 'TAIWAN_PERMIT', 'PASSPORT'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const GENDERS = ['MALE', 'FEMALE'] as const;
export type Gender = (typeof GENDERS)[number];

export const OCCUPATIONS = [
  'COURIER', 'FOOD_DELIVERY', 'RIDE_HAILING', 'TAXI', 'TRUCK_DRIVER', 'DOMESTIC_SERVICE', 'OTHER',
] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

export const JOIN_CHANNELS = ['ONLINE', 'QR_CODE', 'OFFLINE', 'BULK'] as const;
export type JoinChannel = (typeof JOIN_CHANNELS)[number];

export const MEMBER_STATUSES = ['ACTIVE', 'TRANSFERRED_OUT', 'LEFT'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEMBERSHIP_EVENT_KINDS = ['JOINED', 'UPDATED', 'TRANSFERRED_OUT', 'TRANSFERRED_IN', 'LEFT'] as const;
export type MembershipEventKind = (typeof MEMBERSHIP_EVENT_KINDS)[number];

export const MEMBER_DIMENSIONS = ['CITY', 'OCCUPATION', 'JOIN_CHANNEL', 'STATUS', 'JOIN_YEAR', 'GENDER'] as const;
export type MemberDimension = (typeof MEMBER_DIMENSIONS)[number];

export const STATION_KINDS = ['UNION_STATION', 'DRIVERS_HOME', 'LOVE_STATION'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export const COORD_SYSTEMS = ['WGS84', 'GCJ02', 'BD09'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

export const FACILITIES = ['REST', 'WATER', 'MEAL_HEATING', 'CHARGING', 'TOILET', 'FIRST_AID', 'WIFI', 'READING'] as const;
export type Facility = (typeof FACILITIES)[number];

export const UPGRADE_STATUSES = ['NONE', 'PLANNED', 'IN_PROGRESS', 'COMPLETED'] as const;
export type UpgradeStatus = (typeof UPGRADE_STATUSES)[number];

export const ACTIVITY_KINDS = ['MEETING', 'EVENT', 'RIGHTS_CASE', 'SUMMER_COOLING', 'CHECKUP', 'DUES'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const WELFARE_KINDS = ['HEALTH_CHECKUP', 'RECUPERATION', 'SUMMER_CAMP', 'SUMMER_COOLING', 'MEAL_SUBSIDY', 'OTHER'] as const;
export type WelfareKind = (typeof WELFARE_KINDS)[number];

export const ENROLLMENT_STATUSES = ['ENROLLED', 'CANCELLED', 'USED'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const HEALTH_STATUSES = ['ACTIVE', 'AT_RISK', 'INACTIVE'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const HEALTH_FLAG_CODES = [
  'NO_ACTIVITY', 'NO_DUES', 'NO_MEMBER_CHANGE', 'ELECTION_OVERDUE', 'NO_MEMBERS', 'MEMBERS_SHRINKING',
] as const;
export type HealthFlagCode = (typeof HEALTH_FLAG_CODES)[number];

export const SEVERITIES = ['INFO', 'WARNING', 'ERROR'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}
