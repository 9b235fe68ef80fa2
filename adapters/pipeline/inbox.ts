import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import { applyBatch, type BatchCounts } from './apply-batch';
import { recordDeadLetters } from './dead-letters';
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

/** Applies pending deliveries of one source, oldest first, each in its own transaction. */
export async function drainInbox(
  deps: { store: Store; pii: PiiCipher },
  sourceId: string,
  push: PushAdapter,
  mapper: Pick<PullAdapter, 'map'>,
  limit = 500,
): Promise<DrainResult> {
  const total: DrainResult = { deliveries: 0, applied: 0, unchanged: 0, deadLetters: 0 };
  const pending = await deps.store.db.selectFrom('inbox').selectAll()
    .where('source_id', '=', sourceId).where('status', '=', 'PENDING').orderBy('id').limit(limit).execute();
  for (const delivery of pending) {
    const body = deps.pii.decrypt(delivery.body);
    let records: Array<{ resource: string; raw: unknown }>;
    try {
      records = push.decode(body);
    } catch (e) {
      await markUnreadable(deps.store, sourceId, push.contract, delivery, body, (e as Error).message);
      total.deliveries++;
      total.deadLetters++;
      continue;
    }
    const counts = await applyBatch(deps.store, deps.pii, {
      sourceId,
      system: push.contract,
      records: records.map((r) => ({ ...r, deliveryId: delivery.delivery_id })),
      map: (resource, raw) => mapper.map(resource, raw),
      alsoInTransaction: async (trx) => {
        await trx.updateTable('inbox').set({ status: 'APPLIED', error: null, processed_at: new Date().toISOString(), attempts: delivery.attempts + 1 })
          .where('id', '=', delivery.id).execute();
      },
    });
    total.deliveries++;
    total.applied += counts.applied;
    total.unchanged += counts.unchanged;
    total.deadLetters += counts.deadLetters;
  }
  return total;
}

/** A delivery whose body cannot be read at all becomes one dead letter; the rest go on. */
async function markUnreadable(
  store: Store,
  sourceId: string,
  system: string,
  delivery: { id: number; delivery_id: string; attempts: number },
  body: string,
  why: string,
): Promise<void> {
  const now = new Date().toISOString();
  const reason = `the delivery could not be read: ${why}`;
  await store.db.transaction().execute(async (trx) => {
    await recordDeadLetters(trx, [{
      sourceId, system, resource: 'delivery', sourceRecordId: delivery.delivery_id, field: 'body', rule: 'DECODE', reason,
      raw: body.slice(0, 2000), deliveryId: delivery.delivery_id,
    }], now);
    await trx.updateTable('sources').set((eb) => ({ dead_letters: eb('dead_letters', '+', 1) })).where('id', '=', sourceId).execute();
    await trx.updateTable('inbox').set({ status: 'DEAD', error: reason, processed_at: now, attempts: delivery.attempts + 1 })
      .where('id', '=', delivery.id).execute();
  });
}
