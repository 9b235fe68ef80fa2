import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Column helpers that read the same on both dialects. Kysely's schema builder is portable except
 * for auto-increment keys and 64-bit integers, which these two hide.
 */
export type Dialect = 'sqlite' | 'postgres';

export function autoId<T extends string>(table: CreateTableBuilder<T, never>, dialect: Dialect, name: string) {
  return dialect === 'postgres'
    ? table.addColumn(name, 'bigserial', (c) => c.primaryKey())
    : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Epoch milliseconds do not fit a 32-bit integer: bigint on PostgreSQL, integer (64-bit) on SQLite. */
export const bigint = (dialect: Dialect) => (dialect === 'postgres' ? 'bigint' : 'integer');

export const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
export const zero = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export async function index(db: AnyDb, name: string, table: string, columns: string[], unique = false) {
  let builder = db.schema.createIndex(name).ifNotExists().on(table).columns(columns);
  if (unique) builder = builder.unique();
  await builder.execute();
}

export { sql };
