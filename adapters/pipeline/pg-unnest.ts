import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { HubTables } from '../../core/store/tables';

/**
 * PostgreSQL's fast path for a page of rows: one array parameter per column,
 * `INSERT … SELECT * FROM unnest($1::text[], $2::int8[], …)`, instead of a VALUES list with one
 * parameter per cell. The server parses and plans a statement of a dozen parameters rather than
 * tens of thousands, whatever the page size, and the client binds a dozen values; the same goes
 * for key lookups with `= any($1)` instead of an IN list.
 */
export function isPostgres(db: Kysely<HubTables>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Column types by table, read once from the catalog: the array casts need them. Every hub schema
 * comes from the same migrations, so one answer per table name serves every schema.
 */
const columnTypes = new Map<string, Map<string, string>>();

async function typesOf(db: Kysely<HubTables>, table: string): Promise<Map<string, string>> {
  const known = columnTypes.get(table);
  if (known) return known;
  const { rows } = await sql<{ column_name: string; udt_name: string }>`
    select column_name, udt_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  const types = new Map(rows.map((r) => [r.column_name, r.udt_name]));
  if (types.size > 0) columnTypes.set(table, types);
  return types;
}

/** What follows the SELECT: nothing, ON CONFLICT DO NOTHING, or ON CONFLICT (keys) DO UPDATE. */
export type ConflictClause = { kind: 'none' } | { kind: 'ignore' } | { kind: 'update'; keys: readonly string[] };

/** Inserts `rows` (all with the columns of the first) in one statement; returns rows written. */
export async function unnestInsert(
  db: Kysely<HubTables>,
  table: string,
  rows: readonly object[],
  conflict: ConflictClause,
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]);
  let types = await typesOf(db, table);
  if (columns.some((c) => !types.has(c))) {
    // A column added by a migration after the types were first read in this process: read again.
    columnTypes.delete(table);
    types = await typesOf(db, table);
  }
  const arrays = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`unnestInsert: ${table} has no column ${column}`);
    const values = rows.map((r) => (r as Record<string, unknown>)[column] ?? null);
    return sql`${values}::${sql.raw(`${type}[]`)}`;
  });
  const result = await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)}) ${conflictSql(columns, conflict)}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

function conflictSql(columns: string[], conflict: ConflictClause): RawBuilder<unknown> {
  if (conflict.kind === 'none') return sql``;
  if (conflict.kind === 'ignore') return sql`on conflict do nothing`;
  const updates = columns.filter((c) => !conflict.keys.includes(c));
  return sql`on conflict (${sql.join(conflict.keys.map((k) => sql.ref(k)))}) do update set ${sql.join(updates.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`;
}
