import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { HubTables } from '../../core/store/tables';

/**
 * SQLite's fast path for a page of rows. Through Kysely every multi-row INSERT is compiled and
 * prepared again (better-sqlite3 prepares each statement it is given), which cost as much as the
 * inserting itself in the ingest profile. Here the statement for (table, columns, rows per
 * statement) is prepared once per connection and run with the values bound in place.
 *
 * Used only inside a transaction that applyBatch opened on the store's one SQLite connection
 * (see bindSqlite): the raw statements then run inside that same transaction.
 */
const ROWS_PER_STATEMENT = 64;
/** SQLite's default limit of bound parameters per statement is 32,766. */
const MAX_PARAMS = 32_000;

const handles = new WeakMap<Kysely<HubTables>, Database.Database>();
const statementsOf = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Lets the bulk writers reach the raw connection behind a transaction applyBatch holds. */
export function bindSqlite(trx: Kysely<HubTables>, sqlite: Database.Database): void {
  handles.set(trx, sqlite);
}

export function boundSqlite(db: Kysely<HubTables>): Database.Database | undefined {
  return handles.get(db);
}

export type SqliteConflict = { kind: 'none' } | { kind: 'ignore' } | { kind: 'update'; keys: readonly string[] };

/** Inserts `rows` (all with the columns of the first); returns the rows written. */
export function sqliteInsert(sqlite: Database.Database, table: string, rows: readonly object[], conflict: SqliteConflict): number {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]);
  const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / columns.length)));
  let written = 0;
  for (let start = 0; start < rows.length; ) {
    const part = rows.slice(start, start + statementRows(rows.length - start, perStatement));
    start += part.length;
    const statement = prepared(sqlite, insertText(table, columns, part.length, conflict));
    const values: unknown[] = [];
    for (const row of part) for (const c of columns) values.push((row as Record<string, unknown>)[c] ?? null);
    written += statement.run(values).changes;
  }
  return written;
}

/**
 * Rows for the next statement: full statements, then the remainder in powers of two, so a table
 * has a handful of prepared statements (64, 32, 16 … 1 rows) instead of one for every remainder
 * a page leaves: each is a compiled program SQLite keeps for the connection's lifetime.
 */
function statementRows(remaining: number, perStatement: number): number {
  if (remaining >= perStatement) return perStatement;
  let rows = 1;
  while (rows * 2 <= remaining) rows *= 2;
  return rows;
}

function prepared(sqlite: Database.Database, text: string): Database.Statement {
  let cache = statementsOf.get(sqlite);
  if (!cache) statementsOf.set(sqlite, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = sqlite.prepare(text)));
  return statement;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function insertText(table: string, columns: string[], rowCount: number, conflict: SqliteConflict): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${Array.from({ length: rowCount }, () => row).join(', ')}`;
  if (conflict.kind === 'none') return head;
  if (conflict.kind === 'ignore') return `${head} on conflict do nothing`;
  const updates = columns.filter((c) => !conflict.keys.includes(c)).map((c) => `${quote(c)} = excluded.${quote(c)}`);
  return `${head} on conflict (${conflict.keys.map(quote).join(', ')}) do update set ${updates.join(', ')}`;
}
