import type {
  ActivityKind, EnterpriseCategory, Facility, Gender, IdType, JoinChannel, MemberStatus, Occupation, StationKind,
  UnionType, UpgradeStatus,
} from '../../schema/enums';
import type { ActivityRow, EnterpriseRow, MemberRow, StationRow, UnionRow } from '../synthetic-province/store';

/**
 * The provincial contract's record shapes (city-apis/zhejiang-digital-union.md), rendered from
 * province.sqlite rows. The data file is already canonical (UTC ISO instants with milliseconds,
 * yyyy-MM-dd dates, WGS-84, English enums), so rendering is renaming and nesting. Pushes use the
 * same functions so a pushed record and a pulled one are the same bytes.
 */
export interface ProvincialMember {
  id: string;
  name: string;
  idType: IdType;
  idNumber: string;
  gender: Gender;
  mobile: string | null;
  unionId: string;
  joinedAt: string;
  joinChannel: JoinChannel;
  occupations: Occupation[];
  employer: { name: string; creditCode: string | null } | null;
  status: MemberStatus;
  updatedAt: string;
  deleted: boolean;
}

/** Unions and enterprises share one resource; fields that do not apply to a kind are null. */
export interface ProvincialOrganization {
  id: string;
  kind: 'UNION' | 'ENTERPRISE';
  name: string;
  creditCode: string | null;
  parentId: string | null;
  division: string;
  unionType: UnionType | null;
  enterpriseCategory: EnterpriseCategory | null;
  platform: string | null;
  unionId: string | null;
  foundedOn: string | null;
  lastElectionOn: string | null;
  dissolved: boolean;
  /** Enterprises only; beyond the contract's list, as the provincial real-name database has them. */
  employees?: number | null;
  newEmploymentWorkers?: number | null;
  updatedAt: string;
  deleted: boolean;
}

export interface ProvincialActivity {
  id: string;
  unionId: string;
  kind: ActivityKind;
  date: string;
  participants: number | null;
  amountYuan: number | null;
  updatedAt: string;
  deleted: boolean;
}

export interface ProvincialStation {
  id: string;
  name: string;
  kind: StationKind;
  hostUnionId: string | null;
  division: string;
  address: string | null;
  location: { lng: number; lat: number } | null;
  facilities: Facility[];
  hours: string | null;
  upgrade: { status: UpgradeStatus; year: number | null };
  updatedAt: string;
  deleted: boolean;
}

export type ProvincialRecord = ProvincialMember | ProvincialOrganization | ProvincialActivity | ProvincialStation;

function list<T extends string>(text: string): T[] {
  return text === '' ? [] : (text.split(',') as T[]);
}

export function toProvincialMember(row: MemberRow): ProvincialMember {
  return {
    id: row.id,
    name: row.name,
    idType: row.id_type,
    idNumber: row.id_number,
    gender: row.gender,
    mobile: row.mobile,
    unionId: row.union_id,
    joinedAt: row.joined_on,
    joinChannel: row.join_channel,
    occupations: list<Occupation>(row.occupations),
    employer: row.employer_name === null ? null : { name: row.employer_name, creditCode: row.employer_credit_code },
    status: row.status,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}

export function toProvincialUnion(row: UnionRow): ProvincialOrganization {
  return {
    id: row.id,
    kind: 'UNION',
    name: row.name,
    creditCode: row.credit_code,
    parentId: row.parent_id,
    division: row.division,
    unionType: row.type,
    enterpriseCategory: null,
    platform: null,
    unionId: null,
    foundedOn: row.founded_on,
    lastElectionOn: row.last_election_on,
    dissolved: row.dissolved === 1,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}

export function toProvincialEnterprise(row: EnterpriseRow): ProvincialOrganization {
  return {
    id: row.id,
    kind: 'ENTERPRISE',
    name: row.name,
    creditCode: row.credit_code,
    parentId: null,
    division: row.division,
    unionType: null,
    enterpriseCategory: row.category,
    platform: row.platform,
    unionId: row.union_id,
    foundedOn: row.founded_on,
    lastElectionOn: null,
    dissolved: false,
    employees: row.employees,
    newEmploymentWorkers: row.new_employment_workers,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}

/** A union row has a `type`, an enterprise row a `category`. */
export function toProvincialOrganization(row: UnionRow | EnterpriseRow): ProvincialOrganization {
  return 'category' in row ? toProvincialEnterprise(row) : toProvincialUnion(row);
}

export function toProvincialActivity(row: ActivityRow): ProvincialActivity {
  return {
    id: row.id,
    unionId: row.union_id,
    kind: row.kind,
    date: row.date,
    participants: row.participants,
    amountYuan: row.amount_yuan,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}

export function toProvincialStation(row: StationRow): ProvincialStation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    hostUnionId: row.host_union_id,
    division: row.division,
    address: row.address,
    location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    facilities: list<Facility>(row.facilities),
    hours: row.hours,
    upgrade: { status: row.upgrade_status, year: row.upgrade_year },
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}
