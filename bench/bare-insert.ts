import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from '../core/store/database';
import { unnestInsert } from '../adapters/pipeline/pg-unnest';
import type { HubTables } from '../core/store/tables';

/**
 * The limit the ingest is compared with: the same canonical rows the pipeline wrote (one row per
 * upstream record: member sources, unions, enterprises, formation applications, stations,
 * activities), inserted into a fresh store of the same kind, with the same schema and indexes,
 * in batches of `batchSize` rows, one transaction per batch and nothing else: no HTTP, no mapping,
 * no version checks, no member view, no change log, no data issues.
 *
 * SQLite: one cached prepared single-row INSERT run per row inside the batch's transaction (the
 * fastest way through better-sqlite3). PostgreSQL: one INSERT … SELECT FROM unnest(…) per batch.
 * Rows are read from the ingested store in key order between batches; only the inserts are timed.
 */
const TABLES: Array<{ table: keyof HubTables; keys: string[] }> = [
  { table: 'unions', keys: ['id'] },
  { table: 'enterprises', keys: ['id'] },
  { table: 'formation_applications', keys: ['id'] },
  { table: 'stations', keys: ['id'] },
  { table: 'activities', keys: ['id'] },
  { table: 'member_sources', keys: ['system', 'source_id'] },
];

export interface BareInsertResult {
  rows: number;
  memberRows: number;
  seconds: number;
  memberSeconds: number;
  cpuSeconds: number;
}

export async function bareInsert(from: Store, to: Store, batchSize: number): Promise<BareInsertResult> {
  const result: BareInsertResult = { rows: 0, memberRows: 0, seconds: 0, memberSeconds: 0, cpuSeconds: 0 };
  for (const { table, keys } of TABLES) {
    const columns = await insertableColumns(to, table);
    const insert = to.dialect === 'sqlite' ? sqliteBatch(to.sqlite as Database.Database, table, columns) : pgBatch(to, table, columns);
    let after: unknown[] | null = null;
    for (;;) {
      const rows = await readBatch(from, table, keys, after, batchSize);
      if (rows.length === 0) break;
      after = keys.map((k) => rows[rows.length - 1][k]);
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      await insert(rows);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpu);
      result.cpuSeconds += (used.user + used.system) / 1e6;
      result.seconds += seconds;
      result.rows += rows.length;
      if (table === 'member_sources') {
        result.memberRows += rows.length;
        result.memberSeconds += seconds;
      }
    }
  }
  return result;
}

type Row = Record<string, unknown>;

/** Columns that take a value (generated columns such as stations.lat_band do not). */
async function insertableColumns(store: Store, table: string): Promise<string[]> {
  if (store.dialect === 'sqlite') {
    const info = (store.sqlite as Database.Database).pragma(`table_xinfo(${table})`) as Array<{ name: string; hidden: number }>;
    return info.filter((c) => c.hidden === 0).map((c) => c.name);
  }
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(store.db);
  return rows.map((r) => r.column_name);
}

/** The next `limit` rows after the key `after`, in key order (keyset paging: no OFFSET scans). */
async function readBatch(store: Store, table: string, keys: string[], after: unknown[] | null, limit: number): Promise<Row[]> {
  const keyList = sql.join(keys.map((k) => sql.ref(k)));
  const where = after ? sql`where (${keyList}) > (${sql.join(after)})` : sql``;
  const { rows } = await sql<Row>`select * from ${sql.table(table)} ${where} order by ${keyList} limit ${limit}`.execute(store.db);
  return rows;
}

function sqliteBatch(db: Database.Database, table: string, columns: string[]): (rows: Row[]) => Promise<void> {
  const statement = db.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const insertAll = db.transaction((rows: Row[]) => {
    for (const row of rows) statement.run(columns.map((c) => row[c] ?? null));
  });
  return async (rows) => insertAll(rows);
}

function pgBatch(store: Store, table: string, columns: string[]): (rows: Row[]) => Promise<void> {
  return async (rows) => {
    const picked = rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
    await store.db.transaction().execute((trx) => unnestInsert(trx, table, picked, { kind: 'none' }));
  };
}
