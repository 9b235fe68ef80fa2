import type { ApplyContext } from '../apply-context';
import { ApplyRejection } from '../apply-context';

/** Tables whose rows carry the upstream's version and a tombstone flag, keyed by `id`. */
export type VersionedTable = 'unions' | 'enterprises' | 'formation_applications' | 'stations' | 'activities';

export type Decision = 'write' | 'stale';

/**
 * Newer version wins; the same or an older version is a no-op, so replays and out-of-order
 * deliveries leave the store unchanged. A tombstone (deleted = 1) keeps its version, so an older
 * upsert that arrives after a delete cannot bring the record back.
 */
export async function decide(ctx: ApplyContext, table: VersionedTable, id: string, system: string, version: number): Promise<Decision> {
  const existing = await ctx.trx
    .selectFrom(table)
    .select(['system', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!existing) return 'write';
  if (existing.system !== system) {
    throw new ApplyRejection('id', 'ID_OWNED_BY_OTHER_SYSTEM', `id ${id} already belongs to a record from ${existing.system}`);
  }
  return Number(existing.version) >= version ? 'stale' : 'write';
}

/** Insert or replace a whole row by id (both dialects support ON CONFLICT … DO UPDATE). */
export async function upsertRow<T extends VersionedTable>(ctx: ApplyContext, table: T, row: Record<string, unknown>): Promise<void> {
  const { id: _id, ...rest } = row;
  // Kysely cannot type a row generic over several tables; each writer builds a full row for its table.
  await ctx.trx
    .insertInto(table)
    .values(row as never)
    .onConflict((oc) => oc.column('id').doUpdateSet(rest as never))
    .execute();
}
