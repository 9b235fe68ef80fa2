import { sql, type Kysely } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { HubTables } from '../../../core/store/tables';
import type { ProgramRow } from './programs';

/**
 * Runs `work` in one transaction that holds the program exclusively, so that counting the places
 * left and taking one cannot interleave with another enrollment anywhere, in this process or another:
 *
 * - PostgreSQL: `SELECT … FOR UPDATE` on the program row. Other transactions wait on that row;
 *   under READ COMMITTED each later statement sees what the previous holder committed.
 * - SQLite: `BEGIN IMMEDIATE` takes the database's write lock before anything is read, so the
 *   count is read under the lock. (A deferred BEGIN would read first and could only fail with
 *   SQLITE_BUSY when upgrading.) Other processes on the same file wait up to the store's
 *   busy_timeout; inside one process Kysely's single connection queues them.
 *
 * Everything `work` writes commits together or not at all.
 */
export async function withProgramLock<T>(
  store: Store,
  programId: string,
  work: (trx: Kysely<HubTables>, program: ProgramRow | null) => Promise<T>,
): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (trx) => {
      const program = await trx.selectFrom('welfare_programs').selectAll().where('id', '=', programId).forUpdate().executeTakeFirst();
      return work(trx, program ?? null);
    });
  }
  return store.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const program = await conn.selectFrom('welfare_programs').selectAll().where('id', '=', programId).executeTakeFirst();
      const result = await work(conn, program ?? null);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
