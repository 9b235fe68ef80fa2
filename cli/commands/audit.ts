import { readAuditLog, type AuditEntry, type AuditQuery } from '../../core/audit/audit-log';
import { InputError } from '../../core/errors';
import type { Store } from '../../core/store/database';

/**
 * `hub audit [--member ID] [--subject S] [--since ISO] [--limit N] [--json]`: the disclosure audit
 * log, newest first, read straight from the store (the operator's view; through the API it is the
 * `auditLog` query, PROVINCE_ADMIN only).
 */
export interface AuditOptions {
  query: AuditQuery;
  limit: number;
  json: boolean;
}

export interface RawAuditOptions {
  member?: string;
  subject?: string;
  since?: string;
  limit?: string;
  json?: boolean;
}

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 10_000;

/** Checks the flags before anything is opened: bad input is refused naming the flag. */
export function parseAuditOptions(raw: RawAuditOptions): AuditOptions {
  return {
    query: { memberId: nonEmpty(raw.member, '--member'), subject: nonEmpty(raw.subject, '--subject'), since: parseSince(raw.since) },
    limit: parseLimit(raw.limit),
    json: Boolean(raw.json),
  };
}

function nonEmpty(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (value.trim() === '') throw new InputError(flag, 'REQUIRED', `${flag} needs a value`);
  return value.trim();
}

function parseSince(value: string | undefined): string | null {
  if (value === undefined) return null;
  // A date alone means its start in UTC; anything else must be an instant Date can read.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (Number.isNaN(Date.parse(text))) throw new InputError('--since', 'INVALID_DATE', `--since must be an ISO 8601 date or instant, got "${value}"`);
  return new Date(text).toISOString();
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_AUDIT_LIMIT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_AUDIT_LIMIT) {
    throw new InputError('--limit', 'RANGE', `--limit must be a whole number from 1 to ${MAX_AUDIT_LIMIT}, got "${value}"`);
  }
  return n;
}

export async function audit(store: Store, options: AuditOptions, out: NodeJS.WritableStream = process.stdout): Promise<AuditEntry[]> {
  const entries = await readAuditLog(store, options.query, options.limit);
  out.write(options.json ? JSON.stringify(entries, null, 2) + '\n' : asTable(entries));
  return entries;
}

function asTable(entries: AuditEntry[]): string {
  if (entries.length === 0) return 'no disclosure recorded.\n';
  const lines = entries.map((e) =>
    [e.at, e.subject, e.city ? `${e.role}/${e.city}` : e.role, e.memberId, e.field.padEnd(9), e.requestId, JSON.stringify(e.purpose)].join('  '),
  );
  return ['at  subject  role  member  field  request  purpose', ...lines].join('\n') + '\n';
}
