import type { Kysely } from 'kysely';
import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import type { HubTables, InboxTable } from '../../core/store/tables';
import { applyBatchIn, type BatchCounts, type BatchRecord } from './apply-batch';
import type { DeadLetter } from './dead-letters';
import { recordDeadLetters } from './dead-letters';
import { maskPersonalText } from './mask-raw';
import type { PullAdapter, PushAdapter } from './source-adapter';

/**
 * The push inbox: every delivery whose signature verified is stored (encrypted: it holds personal
 * data) BEFORE it is acknowledged, then drained through the same pipeline as the pulls.
 * A delivery id seen before is acknowledged again and not stored twice.
 */
export async function storeDelivery(
  deps: { store: Store; pii: PiiCipher },
  sourceId: string,
  deliveryId: string,
  rawBody: Buffer,
): Promise<'stored' | 'duplicate'> {
  const result = await deps.store.db
    .insertInto('inbox')
    .values({
      source_id: sourceId,
      delivery_id: deliveryId,
      received_at: new Date().toISOString(),
      body: deps.pii.encrypt(rawBody.toString('utf8')),
      status: 'PENDING',
      attempts: 0,
      processed_at: null,
      error: null,
    })
    .onConflict((oc) => oc.columns(['source_id', 'delivery_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? 'stored' : 'duplicate';
}

export interface DrainResult extends BatchCounts {
  deliveries: number;
}

type Delivery = Pick<InboxTable, 'delivery_id' | 'body' | 'attempts'> & { id: number };

/**
 * Applies pending deliveries of one source, oldest first, up to `batchSize` per transaction,
 * until none is left. Each transaction first claims its deliveries — on PostgreSQL with
 * FOR UPDATE SKIP LOCKED, so several workers drain one inbox without applying anything twice —
 * and marks them APPLIED (or DEAD) in the same transaction as their records.
 */
export async function drainInbox(
  deps: { store: Store; pii: PiiCipher },
  sourceId: string,
  push: PushAdapter,
  mapper: Pick<PullAdapter, 'map'>,
  batchSize = 200,
): Promise<DrainResult> {
  const total: DrainResult = { deliveries: 0, applied: 0, unchanged: 0, deadLetters: 0 };
  for (;;) {
    const done = await deps.store.db.transaction().execute(async (trx) => {
      const claimed = await claim(trx, deps.store.dialect, sourceId, batchSize);
      if (claimed.length === 0) return 0;
      const counts = await applyDeliveries(trx, deps.pii, sourceId, push, mapper, claimed);
      total.applied += counts.applied;
      total.unchanged += counts.unchanged;
      total.deadLetters += counts.deadLetters;
      return claimed.length;
    });
    if (done === 0) return total;
    total.deliveries += done;
  }
}

async function claim(trx: Kysely<HubTables>, dialect: Store['dialect'], sourceId: string, limit: number): Promise<Delivery[]> {
  let q = trx.selectFrom('inbox').select(['id', 'delivery_id', 'body', 'attempts'])
    .where('source_id', '=', sourceId).where('status', '=', 'PENDING').orderBy('id').limit(limit);
  // SQLite has one writer at a time: its transactions already exclude each other.
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  return q.execute();
}

async function applyDeliveries(
  trx: Kysely<HubTables>,
  pii: PiiCipher,
  sourceId: string,
  push: PushAdapter,
  mapper: Pick<PullAdapter, 'map'>,
  deliveries: Delivery[],
): Promise<BatchCounts> {
  const now = new Date().toISOString();
  const records: BatchRecord[] = [];
  const unreadable: Array<{ delivery: Delivery; letter: DeadLetter }> = [];
  for (const delivery of deliveries) {
    const body = pii.decrypt(delivery.body);
    try {
      for (const record of push.decode(body)) records.push({ ...record, deliveryId: delivery.delivery_id });
    } catch (e) {
      // The decoder's message may quote the body (an event type that is an ID number): masked.
      const reason = maskPersonalText(`the delivery could not be read: ${(e as Error).message}`);
      unreadable.push({ delivery, letter: { sourceId, system: push.contract, resource: 'delivery', sourceRecordId: delivery.delivery_id, field: 'body', rule: 'DECODE', reason, raw: body.slice(0, 2000), deliveryId: delivery.delivery_id } });
    }
  }
  const counts = await applyBatchIn(trx, pii, { sourceId, system: push.contract, records, map: (resource, raw) => mapper.map(resource, raw) });
  const newLetters = await recordDeadLetters(trx, unreadable.map((u) => u.letter), now);
  if (newLetters > 0) {
    await trx.updateTable('sources').set((eb) => ({ dead_letters: eb('dead_letters', '+', newLetters) })).where('id', '=', sourceId).execute();
  }
  const dead = new Set(unreadable.map((u) => u.delivery.id));
  const applied = deliveries.filter((d) => !dead.has(d.id)).map((d) => d.id);
  if (applied.length > 0) {
    await trx.updateTable('inbox').set((eb) => ({ status: 'APPLIED', error: null, processed_at: now, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', applied).execute();
  }
  for (const { delivery, letter } of unreadable) {
    await trx.updateTable('inbox').set({ status: 'DEAD', error: letter.reason, processed_at: now, attempts: delivery.attempts + 1 })
      .where('id', '=', delivery.id).execute();
  }
  return { applied: counts.applied, unchanged: counts.unchanged, deadLetters: counts.deadLetters + newLetters };
}
