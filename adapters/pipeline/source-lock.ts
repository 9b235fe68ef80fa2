import { sql } from 'kysely';
import type { Store } from '../../core/store/database';

/**
 * One sync per source at a time across every worker that shares a PostgreSQL database: a
 * session-level advisory lock held on one connection for the whole sync. A worker that finds the
 * source busy skips it (the other one is doing the work). SQLite deployments are one process:
 * there the lock is the process itself.
 */
export async function withSourceLock<T>(store: Store, sourceId: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (store.dialect !== 'postgres') return { ran: true, value: await run() };
  // Hubs sharing one database in different schemas (tenants, tests) must not block each other.
  const key = `union-hub:sync:${store.pgSchema ?? "public"}:${sourceId}`;
  return store.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as ok`.execute(conn);
    if (!rows[0]?.ok) return { ran: false as const };
    try {
      return { ran: true as const, value: await run() };
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    }
  });
}
