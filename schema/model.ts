import type {
  ActivityKind, City, EnterpriseCategory, Facility, FormationStage, Gender, IdType, JoinChannel,
  MemberStatus, Occupation, Severity, StationKind, UnionType, UpgradeStatus,
} from './enums';

/**
 * The canonical model: what every adapter maps its upstream records to, whatever the contract.
 * Dates are `yyyy-MM-dd`, instants ISO 8601 UTC, coordinates WGS-84, enums canonical.
 * `version` is the upstream's updated-at in epoch milliseconds: the pipeline keeps the newest.
 */
export interface RecordHeader {
  /** The upstream contract, e.g. `zhejiang-digital-union`. */
  system: string;
  /** The record's id upstream. */
  sourceId: string;
  version: number;
}

export interface UnionRecord extends RecordHeader {
  name: string;
  creditCode: string | null;
  type: UnionType;
  divisionCode: string;
  city: City | null;
  parentSourceId: string | null;
  foundedOn: string | null;
  lastElectionOn: string | null;
  dissolved: boolean;
}

export interface EnterpriseRecord extends RecordHeader {
  name: string;
  creditCode: string | null;
  category: EnterpriseCategory;
  platform: string | null;
  divisionCode: string | null;
  city: City | null;
  unionSourceId: string | null;
  employees: number | null;
  newEmploymentWorkers: number | null;
}

export interface FormationApplicationRecord extends RecordHeader {
  enterpriseSourceId: string;
  stage: FormationStage;
  submittedAt: string;
  stageUpdatedAt: string | null;
  unionSourceId: string | null;
}

/** One upstream record of a person's membership (a `MemberSource`). */
export interface MemberRecord extends RecordHeader {
  name: string;
  idType: IdType;
  /** Normalized: resident IDs are 18 characters, upper-case X, checksum valid. */
  idNumber: string;
  gender: Gender | null;
  birthDate: string | null;
  /** Normalized to 11 digits for mainland mobiles, digits only otherwise. */
  mobile: string | null;
  unionSourceId: string | null;
  city: City | null;
  joinedOn: string | null;
  joinChannel: JoinChannel | null;
  occupations: Occupation[];
  employerName: string | null;
  employerCreditCode: string | null;
  status: MemberStatus;
}

export interface StationRecord extends RecordHeader {
  name: string;
  kind: StationKind;
  hostUnionSourceId: string | null;
  divisionCode: string | null;
  city: City | null;
  address: string | null;
  /** WGS-84; null when the upstream's coordinates were missing or unusable (a data issue). */
  location: { lng: number; lat: number } | null;
  facilities: Facility[];
  hours: string | null;
  upgradeStatus: UpgradeStatus;
  upgradeYear: number | null;
}

export interface ActivityRecord extends RecordHeader {
  unionSourceId: string;
  kind: ActivityKind;
  date: string;
  participants: number | null;
  amountYuan: number | null;
}

export type EntityKind = 'union' | 'enterprise' | 'application' | 'member' | 'station' | 'activity';

export interface RecordByKind {
  union: UnionRecord;
  enterprise: EnterpriseRecord;
  application: FormationApplicationRecord;
  member: MemberRecord;
  station: StationRecord;
  activity: ActivityRecord;
}

/** A problem worth telling a person about that does not stop the record from being applied. */
export interface DataIssueDraft {
  code: string;
  severity: Severity;
  /** Says what is wrong and what the value was, personal data masked. */
  message: string;
  field: string;
}

/** What an adapter's mapper makes of one upstream record. */
export type CanonicalChange =
  | { [K in EntityKind]: { entity: K; op: 'upsert'; record: RecordByKind[K]; issues: DataIssueDraft[] } }[EntityKind]
  | { entity: EntityKind; op: 'delete'; system: string; sourceId: string; version: number; issues: DataIssueDraft[] };

/** A record that cannot be applied: becomes a dead letter naming the field and the rule. */
export interface Rejection {
  sourceId: string;
  field: string;
  rule: string;
  reason: string;
}

export type MapResult = { ok: true; change: CanonicalChange } | { ok: false; rejection: Rejection };
