import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { HubTables } from '../../core/store/tables';
import { isPostgres, unnestInsert } from './pg-unnest';
import { boundSqlite, sqliteInsert } from './sqlite-bulk';

/**
 * Multi-row statements: a page of records costs a handful of statements, not several per record.
 * SQLite allows 32,766 bound parameters per statement and PostgreSQL 65,535; chunks stay under
 * the smaller.
 */
const MAX_PARAMS = 30_000;
/** PostgreSQL binds one array per column (pg-unnest.ts): no parameter limit, only a size bound. */
const PG_ROWS_PER_STATEMENT = 10_000;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function rowsPerStatement(row: object): number {
  return Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, Object.keys(row).length)));
}

type Table = keyof HubTables;

/** INSERT … ON CONFLICT (keys) DO UPDATE SET every other column = excluded.column. */
export async function upsertMany<T extends Table>(
  db: Kysely<HubTables>,
  table: T,
  rows: readonly object[],
  conflictColumns: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  if (isPostgres(db)) {
    for (const part of chunk(rows, PG_ROWS_PER_STATEMENT)) await unnestInsert(db, table, part, { kind: 'update', keys: conflictColumns });
    return;
  }
  const sqlite = boundSqlite(db);
  if (sqlite) {
    sqliteInsert(sqlite, table, rows, { kind: 'update', keys: conflictColumns });
    return;
  }
  const updateColumns = Object.keys(rows[0] as Record<string, unknown>).filter((c) => !conflictColumns.includes(c));
  const set = Object.fromEntries(updateColumns.map((c) => [c, sql.ref(`excluded.${c}`)]));
  for (const part of chunk(rows, rowsPerStatement(rows[0]))) {
    // Kysely cannot type a row generic over tables; each writer builds complete rows for its table.
    await db
      .insertInto(table)
      .values(part as never)
      .onConflict((oc) => oc.columns(conflictColumns as never).doUpdateSet(set as never))
      .execute();
  }
}

/** Plain multi-row INSERT; with `ignoreConflicts`, rows that hit a unique key are skipped. Returns rows inserted. */
export async function insertMany<T extends Table>(
  db: Kysely<HubTables>,
  table: T,
  rows: readonly object[],
  options: { ignoreConflicts?: boolean } = {},
): Promise<number> {
  let inserted = 0;
  if (rows.length === 0) return inserted;
  if (isPostgres(db)) {
    const conflict = options.ignoreConflicts ? { kind: 'ignore' as const } : { kind: 'none' as const };
    for (const part of chunk(rows, PG_ROWS_PER_STATEMENT)) inserted += await unnestInsert(db, table, part, conflict);
    return inserted;
  }
  const sqlite = boundSqlite(db);
  if (sqlite) return sqliteInsert(sqlite, table, rows, options.ignoreConflicts ? { kind: 'ignore' } : { kind: 'none' });
  for (const part of chunk(rows, rowsPerStatement(rows[0]))) {
    let q = db.insertInto(table).values(part as never);
    if (options.ignoreConflicts) q = q.onConflict((oc) => oc.doNothing());
    const result = await q.executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Runs a lookup over many keys in chunks (IN lists stay within the parameter limit). */
export async function selectInChunks<K, R>(keys: readonly K[], lookup: (part: K[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const part of chunk([...new Set(keys)], 5_000)) out.push(...(await lookup(part)));
  return out;
}

/**
 * `column IN (values)`: on PostgreSQL `column = any($1)` with one array parameter, so the statement
 * text (and its plan) does not grow with the number of keys.
 */
export function keyIn(db: Kysely<HubTables>, column: string, values: readonly unknown[]): RawBuilder<SqlBool> {
  if (isPostgres(db)) return sql<SqlBool>`${sql.ref(column)} = any(${values})`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;
}
