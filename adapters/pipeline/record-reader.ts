import { isOneOf } from '../../schema/enums';
import type { Rejection } from '../../schema/model';

/**
 * Reads fields of one upstream record for a mapper, turning every problem into a rejection that
 * names the field and the rule (→ a dead letter a person can act on). Empty strings count as
 * missing: every contract sends "" for "no value".
 */
export class FieldProblem extends Error {
  constructor(readonly field: string, readonly rule: string, message: string) {
    super(message);
  }
}

export class RecordReader {
  constructor(private readonly raw: Record<string, unknown>, readonly label: string) {}

  static from(raw: unknown, label: string): RecordReader {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new FieldProblem('', 'NOT_AN_OBJECT', `${label} is not an object`);
    return new RecordReader(raw as Record<string, unknown>, label);
  }

  has(field: string): boolean {
    const v = this.raw[field];
    return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
  }

  value(field: string): unknown {
    return this.raw[field];
  }

  optString(field: string): string | null {
    if (!this.has(field)) return null;
    const v = this.raw[field];
    if (typeof v !== 'string' && typeof v !== 'number') throw new FieldProblem(field, 'TYPE', `${field} must be a string`);
    return String(v).trim();
  }

  string(field: string): string {
    const v = this.optString(field);
    if (v === null) throw new FieldProblem(field, 'REQUIRED', `${field} is required but missing or empty`);
    return v;
  }

  optEnum<T extends string>(field: string, values: readonly T[]): T | null {
    const v = this.optString(field);
    if (v === null) return null;
    if (!isOneOf(values, v)) throw new FieldProblem(field, 'ENUM', `${field} must be one of ${values.join(', ')}, got "${v}"`);
    return v;
  }

  enumValue<T extends string>(field: string, values: readonly T[]): T {
    const v = this.optEnum(field, values);
    if (v === null) throw new FieldProblem(field, 'REQUIRED', `${field} is required but missing or empty`);
    return v;
  }

  /** A `yyyy-MM-dd` date that exists on the calendar. */
  optDate(field: string): string | null {
    const v = this.optString(field);
    if (v === null) return null;
    if (!isCalendarDate(v)) throw new FieldProblem(field, 'DATE', `${field} must be a date yyyy-MM-dd, got "${v}"`);
    return v;
  }

  /** An ISO 8601 instant with a zone; returns epoch milliseconds. */
  instant(field: string): number {
    const v = this.string(field);
    const ms = Date.parse(v);
    if (!/[zZ]|[+-]\d\d:?\d\d$/.test(v) || Number.isNaN(ms)) {
      throw new FieldProblem(field, 'INSTANT', `${field} must be an ISO 8601 instant with a zone, got "${v}"`);
    }
    return ms;
  }

  optNumber(field: string, rule: { min?: number; integer?: boolean } = {}): number | null {
    if (!this.has(field)) return null;
    const v = this.raw[field];
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
    if (!Number.isFinite(n)) throw new FieldProblem(field, 'NUMBER', `${field} must be a number, got ${JSON.stringify(v)}`);
    if (rule.integer && !Number.isInteger(n)) throw new FieldProblem(field, 'INTEGER', `${field} must be a whole number, got ${n}`);
    if (rule.min !== undefined && n < rule.min) throw new FieldProblem(field, 'RANGE', `${field} must be at least ${rule.min}, got ${n}`);
    return n;
  }

  optBoolean(field: string): boolean | null {
    if (!this.has(field)) return null;
    const v = this.raw[field];
    if (typeof v !== 'boolean') throw new FieldProblem(field, 'BOOLEAN', `${field} must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  optStringArray(field: string): string[] {
    if (!this.has(field)) return [];
    const v = this.raw[field];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new FieldProblem(field, 'TYPE', `${field} must be an array of strings`);
    return v as string[];
  }
}

export function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Runs a mapper body; a FieldProblem becomes a rejection naming the record, the field and the rule. */
export function rejectionFrom(e: unknown, sourceId: string, label: string): Rejection {
  if (e instanceof FieldProblem) {
    return { sourceId, field: e.field, rule: e.rule, reason: `${label} ${sourceId || '(no id)'}: ${e.message}` };
  }
  throw e;
}
