import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openStore, type Store } from '../../core/store/database';
import { migrate } from '../../core/store/migrate';

/**
 * The stores every store test runs on: a real SQLite file, and PostgreSQL when
 * HUB_TEST_DATABASE_URL is set (CI sets it; there a missing URL is an error, not a skip).
 * Each PostgreSQL store gets its own schema, dropped afterwards, so runs never collide.
 */
export interface StoreVariant {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store & { dispose(): Promise<void> }>;
}

const pgUrl = process.env.HUB_TEST_DATABASE_URL;

if (!pgUrl && process.env.CI) {
  throw new Error('HUB_TEST_DATABASE_URL is not set: CI must run the PostgreSQL store tests (see .ci/run)');
}

export const sqliteVariant: StoreVariant = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'hub-store-'));
    const store = openStore({ sqliteFile: join(dir, 'hub.sqlite') });
    await migrate(store);
    return Object.assign(store, {
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  },
};

export const postgresVariant: StoreVariant = {
  name: 'postgres',
  async open() {
    if (!pgUrl) throw new Error('HUB_TEST_DATABASE_URL is not set');
    const schema = `hub_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const store = openStore({ databaseUrl: pgUrl, pgSchema: schema });
    await underSchemaLock(pgUrl, async (admin) => {
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await migrate(store);
    });
    return Object.assign(store, {
      async dispose() {
        await store.close();
        await underSchemaLock(pgUrl, (admin) => admin.query(`DROP SCHEMA "${schema}" CASCADE`));
      },
    });
  },
};

/**
 * Test files run in parallel workers, each creating and dropping its own schema. Kysely's migrator
 * introspects the catalog of every schema, and a schema dropped mid-introspection makes it fail;
 * one advisory lock serializes the DDL of test stores (their queries still run in parallel).
 */
export async function underSchemaLock<T>(url: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(hashtext($1))', ['hub-test-schema-ddl']);
    return await work(admin);
  } finally {
    await admin.end(); // ending the session releases the lock
  }
}

/** SQLite always; PostgreSQL when configured. Use with describe.each. */
export const STORE_VARIANTS: StoreVariant[] = pgUrl ? [sqliteVariant, postgresVariant] : [sqliteVariant];

if (!pgUrl) {
  // Visible, not silent: a local run without PostgreSQL says what it did not test.
  process.stderr.write('note: HUB_TEST_DATABASE_URL is not set; store tests run on SQLite only\n');
}
