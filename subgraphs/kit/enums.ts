import { registerEnumType } from 'type-graphql';
import {
  CITIES, COORD_SYSTEMS, ENROLLMENT_STATUSES, ENTERPRISE_CATEGORIES, FACILITIES, FORMATION_STAGES,
  GENDERS, HEALTH_FLAG_CODES, HEALTH_STATUSES, ID_TYPES, JOIN_CHANNELS, MEMBER_DIMENSIONS,
  MEMBER_STATUSES, MEMBERSHIP_EVENT_KINDS, OCCUPATIONS, SEVERITIES, STATION_KINDS, UNION_TYPES,
  UPGRADE_STATUSES, WELFARE_KINDS,
} from '../../schema/enums';

/**
 * The canonical enums (schema/enums.ts) as GraphQL enums, registered once for every subgraph.
 * type-graphql wants an object enum; each value maps to itself, so what the store holds
 * ('HANGZHOU') is what the resolvers return and what GraphQL serializes.
 * A subgraph only prints the enums its types reach, so registering all of them here costs nothing.
 */
export type EnumObject<T extends string> = { readonly [K in T]: K };

function enumObject<T extends string>(values: readonly T[]): EnumObject<T> {
  return Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as EnumObject<T>;
}

function graphqlEnum<T extends string>(name: string, values: readonly T[]): EnumObject<T> {
  const obj = enumObject(values);
  registerEnumType(obj, { name });
  return obj;
}

export const DIVISION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

export const CityEnum = graphqlEnum('City', CITIES);
export const DivisionLevelEnum = graphqlEnum('DivisionLevel', DIVISION_LEVELS);
export const SeverityEnum = graphqlEnum('Severity', SEVERITIES);
export const UnionTypeEnum = graphqlEnum('UnionType', UNION_TYPES);
export const EnterpriseCategoryEnum = graphqlEnum('EnterpriseCategory', ENTERPRISE_CATEGORIES);
export const FormationStageEnum = graphqlEnum('FormationStage', FORMATION_STAGES);
export const HealthStatusEnum = graphqlEnum('HealthStatus', HEALTH_STATUSES);
export const HealthFlagCodeEnum = graphqlEnum('HealthFlagCode', HEALTH_FLAG_CODES);
export const IdTypeEnum = graphqlEnum('IdType', ID_TYPES);
export const GenderEnum = graphqlEnum('Gender', GENDERS);
export const OccupationEnum = graphqlEnum('Occupation', OCCUPATIONS);
export const JoinChannelEnum = graphqlEnum('JoinChannel', JOIN_CHANNELS);
export const MemberStatusEnum = graphqlEnum('MemberStatus', MEMBER_STATUSES);
export const MembershipEventKindEnum = graphqlEnum('MembershipEventKind', MEMBERSHIP_EVENT_KINDS);
export const MemberDimensionEnum = graphqlEnum('MemberDimension', MEMBER_DIMENSIONS);
export const StationKindEnum = graphqlEnum('StationKind', STATION_KINDS);
export const CoordSystemEnum = graphqlEnum('CoordSystem', COORD_SYSTEMS);
export const FacilityEnum = graphqlEnum('Facility', FACILITIES);
export const UpgradeStatusEnum = graphqlEnum('UpgradeStatus', UPGRADE_STATUSES);
export const WelfareKindEnum = graphqlEnum('WelfareKind', WELFARE_KINDS);
export const EnrollmentStatusEnum = graphqlEnum('EnrollmentStatus', ENROLLMENT_STATUSES);
