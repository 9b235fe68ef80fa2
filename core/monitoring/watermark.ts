import { sql, type Kysely } from 'kysely';
import type { City } from '../../schema/enums';
import type { Store } from '../store/database';
import type { HubTables, MonitoringWatermarksTable } from '../store/tables';

/**
 * How far each monitoring scope has read the change log. A run of the same scope with the same
 * asOf and thresholds only re-evaluates unions touched after `seq`; anything else starts over.
 */
export type EvaluationMode = 'FULL' | 'INCREMENTAL';

export const PROVINCE_SCOPE = 'PROVINCE';

export function scopeKey(city: City | null): string {
  return city ?? PROVINCE_SCOPE;
}

export async function readWatermark(store: Store, scope: string): Promise<MonitoringWatermarksTable | null> {
  const row = await store.db.selectFrom('monitoring_watermarks').selectAll().where('scope', '=', scope).executeTakeFirst();
  return row ? { ...row, seq: Number(row.seq), unions_evaluated: Number(row.unions_evaluated) } : null;
}

export async function saveWatermark(trx: Kysely<HubTables>, row: MonitoringWatermarksTable): Promise<void> {
  const { scope: _scope, ...rest } = row;
  await trx
    .insertInto('monitoring_watermarks')
    .values(row)
    .onConflict((oc) => oc.column('scope').doUpdateSet(rest))
    .execute();
}

/**
 * The newest change-log seq (0 for an empty log): everything up to it is covered by a run.
 * On PostgreSQL, seqs are handed out before commit, so a batch still in flight could commit a
 * lower seq after this read and be skipped for ever; a SHARE lock waits for the writers in flight
 * (and holds new ones for the instant of the read). SQLite has one writer at a time: no gap.
 */
export async function latestSeq(store: Store): Promise<number> {
  const read = async (db: Kysely<HubTables>) =>
    Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0);
  if (store.dialect !== 'postgres') return read(store.db);
  return store.db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE change_log IN SHARE MODE`.execute(trx);
    return read(trx);
  });
}
