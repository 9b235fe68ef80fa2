import type { Generated } from 'kysely';

/**
 * The store's tables, as Kysely sees them. Conventions, the same on SQLite and PostgreSQL:
 * - booleans are integers 0/1;
 * - dates are `yyyy-MM-dd` text, instants ISO 8601 UTC text (`…Z`), both sort as text;
 * - `version` is the upstream's own updated-at in epoch milliseconds: newer wins, older is a no-op;
 * - lists and small documents are JSON text;
 * - optional keys in unique constraints are stored as '' (not NULL) so that they really are unique.
 */

// ---------- ingest: sources, checkpoints, inbox, change log, dead letters, data issues ----------
export interface SourcesTable {
  id: string;
  adapter: string;
  cities: string; // JSON City[]
  last_sync_started_at: string | null;
  last_sync_finished_at: string | null;
  last_error: string | null;
  records_applied: number;
  records_unchanged: number;
  dead_letters: number;
}

export interface CheckpointsTable {
  source_id: string;
  resource: string;
  value: string;
  updated_at: string;
}

export type InboxStatus = 'PENDING' | 'APPLIED' | 'DEAD';
export interface InboxTable {
  id: Generated<number>;
  source_id: string;
  delivery_id: string;
  received_at: string;
  body: string;
  status: InboxStatus;
  attempts: number;
  processed_at: string | null;
  error: string | null;
}

export interface ChangeLogTable {
  seq: Generated<number>;
  recorded_at: string;
  source_id: string;
  system: string;
  entity: string; // EntityKind
  entity_id: string;
  op: 'UPSERT' | 'DELETE';
  version: number;
  /** The union the change concerns (a member's union, an activity's union…), for monitoring. */
  union_id: string | null;
  /** The business date of the change (activity date, join date…), for monitoring. */
  occurred_on: string | null;
}

export interface DeadLettersTable {
  id: Generated<number>;
  source_id: string;
  system: string;
  resource: string;
  source_record_id: string;
  field: string;
  rule: string;
  reason: string;
  raw: string; // JSON, personal data masked
  delivery_id: string;
  created_at: string;
}

export interface DataIssuesTable {
  id: Generated<number>;
  code: string;
  severity: 'INFO' | 'WARNING' | 'ERROR';
  message: string;
  system: string;
  source_id: string;
  field: string;
  entity_type: string;
  entity_id: string;
  detected_at: string;
}

// ---------- organizations ----------
export interface UnionsTable {
  id: string;
  system: string;
  source_id: string;
  name: string;
  credit_code: string | null;
  type: string; // UnionType
  division_code: string;
  city: string | null;
  parent_id: string | null;
  founded_on: string | null;
  last_election_on: string | null;
  dissolved: number;
  deleted: number;
  version: number;
  updated_at: string;
}

export interface EnterprisesTable {
  id: string;
  system: string;
  source_id: string;
  name: string;
  credit_code: string | null;
  category: string; // EnterpriseCategory
  platform: string | null;
  division_code: string | null;
  city: string | null;
  union_id: string | null;
  employees: number | null;
  new_employment_workers: number | null;
  deleted: number;
  version: number;
  updated_at: string;
}

export interface FormationApplicationsTable {
  id: string;
  system: string;
  enterprise_id: string;
  stage: string; // FormationStage
  submitted_at: string;
  stage_updated_at: string | null;
  union_id: string | null;
  deleted: number;
  version: number;
}

export interface UnionHealthTable {
  union_id: string;
  status: string; // HealthStatus
  flags: string; // JSON HealthFlag[]
  last_activity_on: string | null;
  last_member_change_on: string | null;
  dues_months_paid_last12: number;
  as_of: string;
  evaluated_at: string;
}

/** A change of a union's monitoring status (007_monitoring). */
export interface UnionHealthHistoryTable {
  id: Generated<number>;
  union_id: string;
  as_of: string;
  previous_status: string | null; // null: the union's first verdict
  status: string;
  flags: string; // JSON HealthFlag[]
  recorded_at: string;
}

/** Where a monitoring scope ('PROVINCE' or a City) was last evaluated (007_monitoring). */
export interface MonitoringWatermarksTable {
  scope: string;
  as_of: string;
  thresholds: string;
  seq: number; // change_log seq covered
  mode: string; // FULL | INCREMENTAL
  unions_evaluated: number;
  evaluated_at: string;
}

// ---------- membership ----------
export interface MemberSourcesTable {
  system: string;
  source_id: string;
  person_key: string; // keyed blind index of the normalized document
  id_type: string;
  id_number_enc: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  mobile_enc: string | null;
  union_id: string | null;
  city: string | null;
  joined_on: string | null;
  join_channel: string | null;
  occupations: string; // JSON Occupation[]
  employer_name: string | null;
  employer_credit_code: string | null;
  status: string; // MemberStatus
  deleted: number;
  version: number;
  updated_at: string;
}

export interface MembersTable {
  id: string;
  person_key: string;
  id_type: string;
  id_number_enc: string;
  id_number_masked: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  /** nameKey(name), 010_membership_view; '' (the default) until the writer fills it. */
  name_key?: string;
  gender: string | null;
  birth_date: string | null;
  mobile_enc: string | null;
  mobile_masked: string | null;
  city: string | null;
  union_id: string | null;
  employer_name: string | null;
  employer_credit_code: string | null;
  new_employment: number;
  joined_on: string | null;
  join_year: number | null;
  join_channel: string | null;
  status: string;
  updated_at: string;
  /** The occupation tags as bits (013_member_stats; subgraphs/membership/occupation-mask.ts); 0 by default. */
  occupation_mask?: number;
}

/** One applied version of a member record (010_membership_view): what history is derived from. */
export interface MemberSourceStatesTable {
  system: string;
  source_id: string;
  version: number;
  status: string; // MemberStatus
  union_id: string | null;
  joined_on: string | null;
}

export interface MemberEventsTable {
  id: Generated<number>;
  member_id: string;
  kind: string; // MembershipEventKind
  at: string;
  system: string;
  source_id: string;
  union_id: string | null;
}

// ---------- stations ----------
export interface StationsTable {
  id: string;
  system: string;
  source_id: string;
  name: string;
  kind: string; // StationKind
  host_union_id: string | null;
  division_code: string | null;
  city: string | null;
  address: string | null;
  lng: number | null; // WGS-84
  lat: number | null;
  facilities: string; // JSON Facility[]
  hours: string | null;
  upgrade_status: string; // UpgradeStatus
  upgrade_year: number | null;
  deleted: number;
  version: number;
  updated_at: string;
  /**
   * floor((lat + 90) × 100): computed by the database (generated column, 008_stations_spatial) for
   * the spatial index; never written. Optional so that writers' rows need not mention it.
   */
  lat_band?: number | null;
}

// ---------- activities and dues ----------
export interface ActivitiesTable {
  id: string;
  system: string;
  source_id: string;
  union_id: string;
  kind: string; // ActivityKind
  date: string;
  participants: number | null;
  amount_yuan: number | null;
  deleted: number;
  version: number;
  updated_at: string;
}

// ---------- welfare ----------
export interface WelfareProgramsTable {
  id: string;
  name: string;
  kind: string;
  year: number;
  funder: string;
  budget_yuan: number | null;
  places: number | null;
  standard_yuan_per_person: number | null;
  organizer_level: string;
  eligibility: string; // EligibilityRule
  closed: number;
  created_at: string;
  updated_at: string;
  /** GB/T 2260 code of the organizing union's division (330000 when the province organizes it). */
  organizer_division: Generated<string>;
  /** 'config', 'seed' or 'api:<request id>' (the principal once the security work lands). */
  updated_by: string | null;
}

export interface EnrollmentsTable {
  id: string;
  program_id: string;
  member_id: string;
  status: string; // EnrollmentStatus
  enrolled_at: string;
  cancelled_at: string | null;
  /** '' when the member holds the place; `child:<keyed hash>` for a child at a camp. */
  place_key: Generated<string>;
  child_given_name_enc: string | null; // PII cipher
  child_given_name_masked: string | null; // 小* : what every list shows
  child_birth_year: number | null;
}

/** Welfare's own flags on a member: upstreams carry none of them (set by setMemberWelfareAttributes). */
export interface MemberWelfareAttributesTable {
  member_id: string;
  hardship: number;
  martyr_family: number;
  frontline_non_public: number;
  basis: string | null;
  set_by: string;
  set_at: string;
}

export interface MemberWelfareAttributeLogTable {
  id: Generated<number>;
  member_id: string;
  hardship: number;
  martyr_family: number;
  frontline_non_public: number;
  basis: string | null;
  set_by: string;
  set_at: string;
  request_id: string;
}

/** One disclosure of a member's full ID number or mobile (012_security); append-only, triggers refuse changes. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  subject: string;
  role: string;
  city: string | null;
  member_id: string;
  field: string; // ID_NUMBER | MOBILE
  purpose: string;
  request_id: string;
}

export interface HubTables {
  sources: SourcesTable;
  checkpoints: CheckpointsTable;
  inbox: InboxTable;
  change_log: ChangeLogTable;
  dead_letters: DeadLettersTable;
  data_issues: DataIssuesTable;
  unions: UnionsTable;
  enterprises: EnterprisesTable;
  formation_applications: FormationApplicationsTable;
  union_health: UnionHealthTable;
  union_health_history: UnionHealthHistoryTable;
  monitoring_watermarks: MonitoringWatermarksTable;
  member_sources: MemberSourcesTable;
  members: MembersTable;
  member_events: MemberEventsTable;
  member_source_states: MemberSourceStatesTable;
  stations: StationsTable;
  activities: ActivitiesTable;
  welfare_programs: WelfareProgramsTable;
  enrollments: EnrollmentsTable;
  member_welfare_attributes: MemberWelfareAttributesTable;
  member_welfare_attribute_log: MemberWelfareAttributeLogTable;
  audit_log: AuditLogTable;
}
