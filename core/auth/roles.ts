import type { City } from '../../schema/enums';

/**
 * Who may do what. A token carries exactly one role (claim `role`); a CITY_ADMIN's token also
 * carries its city (claim `city`). The gateway refuses a token whose role is not in this table;
 * the subgraphs enforce the permissions in their resolvers and reference resolvers (the second
 * half of the security work), reading them from here so there is one table to change.
 */
export const ROLES = ['PROVINCE_ADMIN', 'CITY_ADMIN', 'ANALYST', 'MONITOR'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do, by part of the API. */
export const PERMISSIONS = [
  /** Unions, enterprises, formation statistics (组织). */
  'organizations:read',
  /** Union health, inactive unions, the monitoring summary (无感监测). */
  'monitoring:read',
  /** Members with masked ID numbers and phones, their sources and history (实名制会员). */
  'members:read',
  /** Service stations and drivers' homes (阵地). */
  'stations:read',
  /** Welfare programs and enrollments (普惠服务). */
  'welfare:read',
  /** Enroll a member in a program, cancel an enrollment. */
  'welfare:write',
  /** Counts: the overview, member, station and formation statistics. */
  'aggregates:read',
  /** Sync state of the configured upstream systems (`sources`). */
  'sources:read',
  /** Data issues found while applying upstream records (personal data masked). */
  'data-issues:read',
  /** Full ID numbers and mobiles (`idNumber(purpose:)`, `mobile(purpose:)`), each one audited. */
  'pii:disclose',
  /** The disclosure audit log. */
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** PROVINCE: every city. CITY: only the city named in the token. */
export type RoleScope = 'PROVINCE' | 'CITY';

export interface RolePolicy {
  /** Who holds the role, for the README's table. */
  holder: string;
  scope: RoleScope;
  permissions: readonly Permission[];
}

const READ_ALL: readonly Permission[] = [
  'organizations:read', 'monitoring:read', 'members:read', 'stations:read', 'welfare:read',
  'aggregates:read', 'sources:read', 'data-issues:read',
];

export const ROLE_POLICIES: Readonly<Record<Role, RolePolicy>> = {
  PROVINCE_ADMIN: {
    holder: 'the provincial federation (浙江省总工会) data office',
    scope: 'PROVINCE',
    permissions: [...READ_ALL, 'welfare:write', 'pii:disclose', 'audit:read'],
  },
  CITY_ADMIN: {
    holder: 'a city federation (市总工会); the token names its city',
    scope: 'CITY',
    permissions: [...READ_ALL, 'welfare:write', 'pii:disclose'],
  },
  ANALYST: {
    holder: 'analysts and the provincial dashboards (领导驾驶舱)',
    scope: 'PROVINCE',
    permissions: READ_ALL,
  },
  MONITOR: {
    holder: 'monitoring jobs and operations staff',
    scope: 'PROVINCE',
    permissions: ['organizations:read', 'monitoring:read', 'sources:read'],
  },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The part of an identity that decides access. */
export interface Grant {
  role: Role;
  city: City | null;
}

export function hasPermission(grant: Grant, permission: Permission): boolean {
  return ROLE_POLICIES[grant.role].permissions.includes(permission);
}

/**
 * Whether a record of `city` is inside the grant's reach. A city-scoped role reaches only its own
 * city; a record with no city (a province-level union, an unplaced station) belongs to the
 * province and is outside every city's reach.
 */
export function reachesCity(grant: Grant, city: City | null | undefined): boolean {
  if (ROLE_POLICIES[grant.role].scope === 'PROVINCE') return true;
  return city !== null && city !== undefined && city === grant.city;
}
