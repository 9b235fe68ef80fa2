import { FieldProblem, type RecordReader } from '../pipeline/record-reader';
import { DELETED, type CodeTable } from './codes';
import { parseCompactDate, parseLocalTimestamp, parseMonth } from './local-time';

/**
 * Reading 甬工惠's field formats from one record: code-table values, comma-separated code lists,
 * `yyyyMMdd` dates, `yyyyMM` months and local timestamps. Every problem names the field and the
 * rule (→ a dead letter). Empty strings and missing fields are the same: no value.
 */
export function optCode<V extends string | null>(r: RecordReader, field: string, table: CodeTable<V>): V | undefined {
  const code = r.optString(field);
  if (code === null) return undefined;
  const value = table.decode(code);
  if (value === undefined) {
    throw new FieldProblem(field, 'CODE', `${field} must be one of the codes ${table.codes.join(', ')}, got "${code}"`);
  }
  return value;
}

export function code<V extends string | null>(r: RecordReader, field: string, table: CodeTable<V>): V {
  const value = optCode(r, field, table);
  if (value === undefined) throw new FieldProblem(field, 'REQUIRED', `${field} is required but missing or empty`);
  return value;
}

/** `KDY,WMQS` → canonical values, in the table's order, without repeats; stray spaces and empty items are ignored. */
export function codeList<V extends string>(r: RecordReader, field: string, table: CodeTable<V>): V[] {
  const text = r.optString(field);
  if (text === null) return [];
  const items = text.split(/[,，]/).map((s) => s.trim()).filter((s) => s !== '');
  const unknown = items.filter((s) => !table.has(s));
  if (unknown.length > 0) {
    throw new FieldProblem(field, 'CODE', `${field} items must be among ${table.codes.join(', ')}, got ${unknown.map((u) => `"${u}"`).join(', ')}`);
  }
  const present = new Set(items);
  return table.codes.filter((c) => present.has(c)).map((c) => table.decode(c) as V);
}

export function optCompactDate(r: RecordReader, field: string): string | null {
  const text = r.optString(field);
  if (text === null) return null;
  const date = parseCompactDate(text);
  if (date === null) throw new FieldProblem(field, 'DATE', `${field} must be a date yyyyMMdd, got "${text}"`);
  return date;
}

export function month(r: RecordReader, field: string): string {
  const text = r.string(field);
  const date = parseMonth(text);
  if (date === null) throw new FieldProblem(field, 'MONTH', `${field} must be a month yyyyMM, got "${text}"`);
  return date;
}

/** `gxsj` → the record's version: epoch ms of the Shanghai local time. */
export function version(r: RecordReader, field = 'gxsj'): number {
  const text = r.string(field);
  const ms = parseLocalTimestamp(text);
  if (ms === null) throw new FieldProblem(field, 'TIMESTAMP', `${field} must be a local time yyyy-MM-dd HH:mm:ss, got "${text}"`);
  return ms;
}

/** `sfsc` = "1" marks a tombstone; "0", "" or no field is a live record. */
export function isTombstone(r: RecordReader): boolean {
  return optCode(r, 'sfsc', DELETED) === 'deleted';
}

/** Amounts in yuan as a string with up to two decimals (`je`: "85.04"). */
export function yuan(r: RecordReader, field: string): number {
  const text = r.string(field);
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(text)) throw new FieldProblem(field, 'AMOUNT', `${field} must be an amount in yuan such as "85.04", got "${text}"`);
  return Number(text);
}
