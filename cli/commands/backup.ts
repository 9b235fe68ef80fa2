import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { HubConfig } from '../../core/config';
import { HubError } from '../../core/errors';
import { openRuntime } from '../runtime';

/**
 * `hub backup --to FILE` and `hub restore --from FILE` for the SQLite store. The backup is
 * SQLite's online backup: consistent while the hub keeps ingesting. A restored hub resumes every
 * sync from the checkpoints in the backup (they were saved with the records they cover), so it
 * catches up to the upstreams without gaps. PostgreSQL deployments use pg_dump / pg_restore
 * (README).
 */
export async function backup(config: HubConfig, to: string): Promise<{ file: string; pages: number }> {
  if (config.databaseUrl) throw new HubError('BAD_USER_INPUT', 'the store is PostgreSQL: back it up with pg_dump (see the README, "Backup and restore")');
  const runtime = await openRuntime(config);
  try {
    const result = await runtime.store.sqlite!.backup(to);
    return { file: to, pages: result.totalPages };
  } finally {
    await runtime.close();
  }
}

export function restore(config: HubConfig, from: string): { file: string } {
  if (config.databaseUrl) throw new HubError('BAD_USER_INPUT', 'the store is PostgreSQL: restore it with pg_restore (see the README, "Backup and restore")');
  if (!existsSync(from)) throw new HubError('BAD_USER_INPUT', `no backup at ${from}`);
  checkIsHubBackup(from);
  const target = join(config.dataDir, 'hub.sqlite');
  // The WAL and shared-memory files belong to the store being replaced.
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  copyFileSync(from, target);
  return { file: target };
}

function checkIsHubBackup(file: string): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>;
    const names = new Set(tables.map((t) => t.name));
    for (const needed of ['sources', 'checkpoints', 'members', 'unions']) {
      if (!names.has(needed)) throw new HubError('BAD_USER_INPUT', `${file} is not a union-hub backup (no ${needed} table)`);
    }
  } catch (e) {
    if (e instanceof HubError) throw e;
    throw new HubError('BAD_USER_INPUT', `${file} is not a readable SQLite file: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}
