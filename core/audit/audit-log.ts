import type { Selectable } from 'kysely';
import type { Role } from '../auth/roles';
import type { Store } from '../store/database';
import type { AuditLogTable } from '../store/tables';
import type { City } from '../../schema/enums';

/**
 * The disclosure audit log (PIPL): one row per full ID number or mobile shown to someone, written
 * before the value leaves the hub. The store refuses to change or delete rows (012_security), so
 * this module only appends and reads.
 */
export const DISCLOSED_FIELDS = ['ID_NUMBER', 'MOBILE'] as const;
export type DisclosedField = (typeof DISCLOSED_FIELDS)[number];

export interface AuditEntry {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  subject: string;
  role: Role;
  /** The caller's city (a CITY_ADMIN's); null for province-wide roles. */
  city: City | null;
  memberId: string;
  field: DisclosedField;
  purpose: string;
  requestId: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(row.id), // bigserial arrives as a string from PostgreSQL
    at: row.at,
    subject: row.subject,
    role: row.role as Role,
    city: row.city as City | null,
    memberId: row.member_id,
    field: row.field as DisclosedField,
    purpose: row.purpose,
    requestId: row.request_id,
  };
}

/** Appends one row; resolves only once the store has it, so the caller may then return the value. */
export async function recordDisclosure(store: Store, entry: NewAuditEntry): Promise<AuditEntry> {
  const row = await store.db
    .insertInto('audit_log')
    .values({
      at: entry.at, subject: entry.subject, role: entry.role, city: entry.city, member_id: entry.memberId,
      field: entry.field, purpose: entry.purpose, request_id: entry.requestId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAuditEntry(row);
}

export interface AuditQuery {
  memberId?: string | null;
  subject?: string | null;
  /** Inclusive bounds on `at`, ISO 8601 instants (any offset). */
  since?: string | null;
  until?: string | null;
}

/** Rows are written with toISOString(), so bounds normalized the same way compare as text. */
const utc = (instant: string): string => new Date(instant).toISOString();

function filtered(store: Store, q: AuditQuery) {
  return store.db
    .selectFrom('audit_log')
    .$if(Boolean(q.memberId), (qb) => qb.where('member_id', '=', q.memberId as string))
    .$if(Boolean(q.subject), (qb) => qb.where('subject', '=', q.subject as string))
    .$if(Boolean(q.since), (qb) => qb.where('at', '>=', utc(q.since as string)))
    .$if(Boolean(q.until), (qb) => qb.where('at', '<=', utc(q.until as string)));
}

/** Newest first (ids grow with time); `beforeId` continues after the last row already seen. */
export async function readAuditLog(store: Store, q: AuditQuery, limit: number, beforeId: number | null = null): Promise<AuditEntry[]> {
  const rows = await filtered(store, q)
    .selectAll()
    .$if(beforeId !== null, (qb) => qb.where('id', '<', beforeId as number))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAuditEntry);
}

export async function countAuditLog(store: Store, q: AuditQuery): Promise<number> {
  const row = await filtered(store, q).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
