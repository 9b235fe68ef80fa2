import type Database from 'better-sqlite3';
import {
  ACTIVITY_KINDS, FACILITIES, JOIN_CHANNELS, MEMBER_STATUSES, OCCUPATIONS, UPGRADE_STATUSES, isOneOf,
} from '../../schema/enums';
import type { ProvincialRecord } from './simulator-format';
import { formatRow, TABLES_OF, type KeysetReader, type ProvincialResource, type ServedTable } from './simulator-query';

/**
 * Upstream changes for tests and the demo: update one served record in province.sqlite (fields
 * named as the contract names them) and bump its updatedAt, so the next pull sees it after the
 * cursor, and the returned record can be pushed as the platform would push it.
 */
export interface SimulatorMutation {
  resource: ProvincialResource;
  id: string;
  /** Contract field names and new values, e.g. `{ status: 'LEFT' }` or `{ location: null }`. */
  set?: Record<string, unknown>;
  /** true makes a tombstone (`deleted: true`). */
  deleted?: boolean;
  /** The new updatedAt (ISO 8601). Default: now, or 1 ms after the current one if that is later. */
  updatedAt?: string;
}

type SqlValue = string | number | null;
type Encoder = (value: unknown, field: string) => Record<string, SqlValue>;

function fail(field: string, expected: string, value: unknown): never {
  throw new Error(`mutate: ${field} must be ${expected}, got ${JSON.stringify(value)}`);
}

const text = (column: string, nullable = false): Encoder => (v, f) =>
  typeof v === 'string' || (nullable && v === null) ? { [column]: v } : fail(f, nullable ? 'a string or null' : 'a string', v);
const date = (column: string, nullable = false): Encoder => (v, f) =>
  (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) || (nullable && v === null) ? { [column]: v } : fail(f, 'a yyyy-MM-dd date', v);
const oneOf = (column: string, values: readonly string[]): Encoder => (v, f) =>
  isOneOf(values, v) ? { [column]: v } : fail(f, `one of ${values.join(', ')}`, v);
const listOf = (column: string, values: readonly string[]): Encoder => (v, f) =>
  Array.isArray(v) && v.every((x) => isOneOf(values, x))
    ? { [column]: values.filter((x) => (v as unknown[]).includes(x)).join(',') }
    : fail(f, `a list of ${values.join(', ')}`, v);
const number = (column: string, integer: boolean): Encoder => (v, f) =>
  v === null || (typeof v === 'number' && Number.isFinite(v) && (!integer || Number.isInteger(v))) ? { [column]: v } : fail(f, integer ? 'an integer or null' : 'a number or null', v);
const flag = (column: string): Encoder => (v, f) => (typeof v === 'boolean' ? { [column]: v ? 1 : 0 } : fail(f, 'true or false', v));

function objectOf(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

const FIELDS: Record<ServedTable, Record<string, Encoder>> = {
  members: {
    name: text('name'), mobile: text('mobile', true), unionId: text('union_id'), status: oneOf('status', MEMBER_STATUSES),
    joinChannel: oneOf('join_channel', JOIN_CHANNELS), occupations: listOf('occupations', OCCUPATIONS), joinedAt: date('joined_on'),
    employer: (v, f) => {
      if (v === null) return { employer_name: null, employer_credit_code: null };
      const o = objectOf(v);
      if (!o || typeof o.name !== 'string' || !(typeof o.creditCode === 'string' || o.creditCode === null)) fail(f, '{name, creditCode} or null', v);
      return { employer_name: o.name as string, employer_credit_code: o.creditCode as string | null };
    },
  },
  unions: {
    name: text('name'), creditCode: text('credit_code', true), parentId: text('parent_id', true),
    foundedOn: date('founded_on', true), lastElectionOn: date('last_election_on', true), dissolved: flag('dissolved'),
  },
  enterprises: {
    name: text('name'), creditCode: text('credit_code', true), unionId: text('union_id', true), platform: text('platform', true),
    employees: number('employees', true), newEmploymentWorkers: number('new_employment_workers', true),
  },
  activities: {
    kind: oneOf('kind', ACTIVITY_KINDS), date: date('date'), participants: number('participants', true), amountYuan: number('amount_yuan', false),
  },
  stations: {
    name: text('name'), hostUnionId: text('host_union_id', true), address: text('address', true), hours: text('hours', true),
    facilities: listOf('facilities', FACILITIES),
    location: (v, f) => {
      if (v === null) return { lng: null, lat: null };
      const o = objectOf(v);
      if (!o || typeof o.lng !== 'number' || typeof o.lat !== 'number') fail(f, '{lng, lat} (WGS-84) or null', v);
      return { lng: o.lng as number, lat: o.lat as number };
    },
    upgrade: (v, f) => {
      const o = objectOf(v);
      if (!o || !isOneOf(UPGRADE_STATUSES, o.status) || !(o.year === null || Number.isInteger(o.year))) fail(f, '{status, year}', v);
      return { upgrade_status: o.status as string, upgrade_year: o.year as number | null };
    },
  },
};

export function applyMutation(db: Database.Database, reader: KeysetReader, change: SimulatorMutation): ProvincialRecord {
  const found = TABLES_OF[change.resource]
    .map((table) => ({ table, row: reader.findRow(table, change.id) as { updated_at: string } | null }))
    .find((x) => x.row !== null);
  if (!found || !found.row) throw new Error(`mutate: no ${change.resource} record ${change.id} is served by this simulator`);
  const { table, row } = found;
  const columns: Record<string, SqlValue> = {};
  for (const [field, value] of Object.entries(change.set ?? {})) {
    const encode = FIELDS[table][field];
    if (!encode) throw new Error(`mutate: ${table} has no field ${field} that can be changed (${Object.keys(FIELDS[table]).join(', ')})`);
    Object.assign(columns, encode(value, field));
  }
  if (change.deleted !== undefined) columns.deleted = change.deleted ? 1 : 0;
  const updatedMs = change.updatedAt !== undefined ? Date.parse(change.updatedAt) : Math.max(Date.now(), Date.parse(row.updated_at) + 1);
  if (!Number.isFinite(updatedMs)) throw new Error(`mutate: updatedAt must be an ISO 8601 instant, got ${change.updatedAt}`);
  columns.updated_at = new Date(updatedMs).toISOString();
  const names = Object.keys(columns);
  // A mutated file is no longer what its seed generates: generateProvince must not reuse it.
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('mutated', '1')").run();
  db.prepare(`UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...names.map((n) => columns[n]), change.id);
  return formatRow(table, reader.findRow(table, change.id));
}
