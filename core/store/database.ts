import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Pool, types } from 'pg';
import type { HubTables } from './tables';

export type Dialect = 'sqlite' | 'postgres';

/** The hub's store: one Kysely instance over SQLite (default) or PostgreSQL. */
export interface Store {
  db: Kysely<HubTables>;
  dialect: Dialect;
  /** Where it lives, for logs: a file path or a URL with the password removed. */
  location: string;
  /** The PostgreSQL schema the hub's tables live in, when not the default. */
  pgSchema?: string;
  /** The SQLite handle, for online backups. */
  sqlite?: Database.Database;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `postgres://…` selects PostgreSQL; otherwise `sqliteFile` is used. */
  databaseUrl?: string;
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  pgSchema?: string;
  log?: (event: LogEvent) => void;
}

export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    return openPostgres(options.databaseUrl, options.pgSchema, options.log);
  }
  if (!options.sqliteFile) throw new Error('openStore: give databaseUrl (postgres://…) or sqliteFile');
  return openSqlite(options.sqliteFile, options.log);
}

function openSqlite(file: string, log?: (event: LogEvent) => void): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets the subgraphs read while the ingest writes; NORMAL sync is durable at each checkpoint
  // of the WAL and survives a process crash (only an OS crash can lose the last transactions).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  // A page of records touches many index pages: a larger page cache keeps them in memory
  // between statements instead of spilling to the WAL mid-transaction.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('wal_autocheckpoint = 16384');
  const db = new Kysely<HubTables>({ dialect: new SqliteDialect({ database: sqlite }), log });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    sqlite,
    close: () => db.destroy(),
  };
}

// COUNT(*) and bigint columns (epoch-ms versions) come back as strings by default; every one the hub
// stores is below 2^53, so a JS number is exact.
types.setTypeParser(20, (v) => Number(v));

function openPostgres(url: string, schema: string | undefined, log?: (event: LogEvent) => void): Store {
  // The schema is set as a startup option of every connection, so no query can ever run before it
  // (a SET issued on 'connect' could fail silently and leave tables landing in public).
  const options = schema ? `-c search_path="${schema.replace(/"/g, '')}"` : undefined;
  const pool = new Pool({ connectionString: url, max: 10, ...(options ? { options } : {}) });
  const db = new Kysely<HubTables>({ dialect: new PostgresDialect({ pool }), log });
  return {
    db,
    dialect: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    pgSchema: schema,
    close: () => db.destroy(),
  };
}
