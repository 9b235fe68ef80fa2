import Database from 'better-sqlite3';
import type {
  ActivityKind, City, EnterpriseCategory, FormationStage, Gender, IdType, JoinChannel, MemberStatus,
  StationKind, UnionType, UpgradeStatus,
} from '../../schema/enums';
import type { SystemName } from './systems';

/**
 * province.sqlite: the simulators' data, stored canonically (UTC ISO instants with milliseconds,
 * yyyy-MM-dd dates, WGS-84, canonical enums, lists as comma-separated enum names). Every record
 * says which upstream `system` owns it; each simulator renders its own contract from these rows.
 * Rows are what better-sqlite3 returns: snake_case columns, booleans as 0/1.
 */
export interface UnionRow {
  id: string;
  system: SystemName;
  /** null only for the province federation. */
  city: City | null;
  division: string;
  name: string;
  credit_code: string | null;
  parent_id: string | null;
  type: UnionType;
  founded_on: string | null;
  last_election_on: string | null;
  dissolved: number;
  updated_at: string;
  deleted: number;
}

export interface EnterpriseRow {
  id: string;
  system: SystemName;
  city: City;
  division: string;
  name: string;
  credit_code: string | null;
  category: EnterpriseCategory;
  platform: string | null;
  union_id: string | null;
  employees: number | null;
  new_employment_workers: number | null;
  founded_on: string | null;
  updated_at: string;
  deleted: number;
}

export interface MemberRow {
  id: string;
  system: SystemName;
  city: City;
  /** Not upstream data: which synthetic person this record belongs to (ground truth, tests). */
  person_no: number;
  name: string;
  id_type: IdType;
  id_number: string;
  gender: Gender;
  mobile: string | null;
  union_id: string;
  joined_on: string;
  join_channel: JoinChannel;
  /** Comma-separated Occupation names; empty for workers outside the new employment forms. */
  occupations: string;
  employer_name: string | null;
  employer_credit_code: string | null;
  status: MemberStatus;
  updated_at: string;
  deleted: number;
}

export interface ActivityRow {
  id: string;
  system: SystemName;
  city: City;
  union_id: string;
  kind: ActivityKind;
  /** For DUES, the first day of the month paid for. */
  date: string;
  participants: number | null;
  amount_yuan: number | null;
  updated_at: string;
  deleted: number;
}

export interface StationRow {
  id: string;
  system: SystemName;
  city: City;
  division: string;
  name: string;
  kind: StationKind;
  host_union_id: string | null;
  address: string | null;
  /** WGS-84; both null when the upstream has no coordinates for the station. */
  lng: number | null;
  lat: number | null;
  /** Comma-separated Facility names. */
  facilities: string;
  hours: string | null;
  upgrade_status: UpgradeStatus;
  upgrade_year: number | null;
  updated_at: string;
  deleted: number;
}

export interface ApplicationRow {
  id: string;
  system: SystemName;
  city: City;
  enterprise_id: string;
  stage: FormationStage;
  submitted_at: string;
  union_id: string | null;
  updated_at: string;
  deleted: number;
}

export interface RowByTable {
  unions: UnionRow;
  enterprises: EnterpriseRow;
  members: MemberRow;
  activities: ActivityRow;
  stations: StationRow;
  applications: ApplicationRow;
}
export type ProvinceTable = keyof RowByTable;
export const PROVINCE_TABLES: readonly ProvinceTable[] = ['unions', 'enterprises', 'members', 'activities', 'stations', 'applications'];

const COLUMNS: { [T in ProvinceTable]: ReadonlyArray<keyof RowByTable[T] & string> } = {
  unions: ['id', 'system', 'city', 'division', 'name', 'credit_code', 'parent_id', 'type', 'founded_on', 'last_election_on', 'dissolved', 'updated_at', 'deleted'],
  enterprises: ['id', 'system', 'city', 'division', 'name', 'credit_code', 'category', 'platform', 'union_id', 'employees', 'new_employment_workers', 'founded_on', 'updated_at', 'deleted'],
  members: ['id', 'system', 'city', 'person_no', 'name', 'id_type', 'id_number', 'gender', 'mobile', 'union_id', 'joined_on', 'join_channel', 'occupations', 'employer_name', 'employer_credit_code', 'status', 'updated_at', 'deleted'],
  activities: ['id', 'system', 'city', 'union_id', 'kind', 'date', 'participants', 'amount_yuan', 'updated_at', 'deleted'],
  stations: ['id', 'system', 'city', 'division', 'name', 'kind', 'host_union_id', 'address', 'lng', 'lat', 'facilities', 'hours', 'upgrade_status', 'upgrade_year', 'updated_at', 'deleted'],
  applications: ['id', 'system', 'city', 'enterprise_id', 'stage', 'submitted_at', 'union_id', 'updated_at', 'deleted'],
};

const INTEGER_COLUMNS = new Set(['dissolved', 'deleted', 'person_no', 'employees', 'new_employment_workers', 'participants', 'upgrade_year']);
const REAL_COLUMNS = new Set(['amount_yuan', 'lng', 'lat']);
const REQUIRED_COLUMNS = new Set(['id', 'system', 'name', 'type', 'category', 'kind', 'updated_at', 'deleted', 'dissolved', 'person_no', 'id_type', 'id_number', 'status', 'union_id', 'date', 'stage', 'enterprise_id', 'submitted_at', 'occupations', 'facilities', 'upgrade_status']);

function columnDefinition(table: ProvinceTable, column: string): string {
  const type = INTEGER_COLUMNS.has(column) ? 'INTEGER' : REAL_COLUMNS.has(column) ? 'REAL' : 'TEXT';
  const primary = column === 'id' ? ' PRIMARY KEY' : '';
  // An enterprise's or station's union may be missing; a member's or activity's never is.
  const required = REQUIRED_COLUMNS.has(column) && !(column === 'union_id' && (table === 'enterprises' || table === 'applications'));
  return `${column} ${type}${primary}${required ? ' NOT NULL' : ''}`;
}

function createTables(db: Database.Database): void {
  db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  for (const table of PROVINCE_TABLES) {
    db.exec(`CREATE TABLE ${table} (${COLUMNS[table].map((c) => columnDefinition(table, c)).join(', ')})`);
  }
}

/**
 * The simulators page every resource by (updated_at, id); the city rides along in the index so a
 * per-city page skips other cities' rows without reading them. Built after the bulk load, which
 * is several times faster than keeping it up to date row by row.
 */
function createIndexes(db: Database.Database): void {
  for (const table of PROVINCE_TABLES) db.exec(`CREATE INDEX ${table}_keyset ON ${table} (updated_at, id, city)`);
}

/** Bulk writer: prepared inserts, committed in batches so a scale-1 run never holds much in memory. */
export class ProvinceWriter {
  private readonly inserts: { [T in ProvinceTable]: Database.Statement<unknown[]> };
  private pending = 0;
  private written = 0;

  constructor(private readonly db: Database.Database, private readonly batchSize = 20_000) {
    this.inserts = {
      unions: this.prepareInsert('unions'),
      enterprises: this.prepareInsert('enterprises'),
      members: this.prepareInsert('members'),
      activities: this.prepareInsert('activities'),
      stations: this.prepareInsert('stations'),
      applications: this.prepareInsert('applications'),
    };
    this.db.exec('BEGIN');
  }

  private prepareInsert(table: ProvinceTable): Database.Statement<unknown[]> {
    const columns = COLUMNS[table];
    return this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  }

  /** Inserts one row; true when a batch was just committed (a good moment to report progress). */
  insert<T extends ProvinceTable>(table: T, row: RowByTable[T]): boolean {
    const values = COLUMNS[table].map((c) => (row as unknown as Record<string, unknown>)[c]);
    this.inserts[table].run(values);
    this.written++;
    if (++this.pending < this.batchSize) return false;
    this.db.exec('COMMIT');
    this.db.exec('BEGIN');
    this.pending = 0;
    return true;
  }

  get rowsWritten(): number {
    return this.written;
  }

  finish(meta: Record<string, string>): void {
    this.db.exec('COMMIT');
    createIndexes(this.db);
    const put = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(meta)) put.run(key, value);
    })();
  }
}

/** A new, empty data file tuned for one bulk load (no journal: a failed run is thrown away). */
export function createProvinceFile(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = FILE');
  createTables(db);
  return db;
}

/** The meta table of an existing data file, or null when it is not one. */
export function readProvinceMeta(file: string): Record<string, string> | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
