import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Small SQL pieces every subgraph store needs, written once so they read the same on SQLite and
 * PostgreSQL.
 */

/** `%text%` for LIKE with `\` as the escape character, so a user's % or _ matches literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `<column> LIKE <pattern> ESCAPE '\'`; both dialects need the ESCAPE clause spelled out. */
export function likeEscaped(column: Expression<unknown> | RawBuilder<unknown>, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/** COUNT(*) comes back as number (SQLite), bigint-as-number (our pg parser) or string: normalize. */
export function toCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/** JSON text lists in the store (`["REST","WATER"]`); a broken value reads as empty, never throws. */
export function jsonList<T extends string>(text: string | null | undefined): T[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed.filter((v) => typeof v === 'string') as T[]) : [];
  } catch {
    return [];
  }
}

/** Store booleans are 0/1 integers. */
export const isTrue = (value: number | null | undefined): boolean => Number(value) === 1;
