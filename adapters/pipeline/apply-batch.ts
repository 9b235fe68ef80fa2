import type { Kysely } from 'kysely';
import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import type { HubTables } from '../../core/store/tables';
import type { MapResult } from '../../schema/model';
import { ApplyRejection, type ApplyContext } from './apply-context';
import { applyChange } from './apply-change';
import { recordDeadLetter } from './dead-letters';
import { recomputePerson } from './writers/members';

export interface BatchRecord {
  /** The resource the record came from (`members`, `organizations`…): picks the mapper. */
  resource: string;
  raw: unknown;
  /** The push delivery it came in, '' for pulls. */
  deliveryId: string;
}

export interface BatchInput {
  sourceId: string;
  system: string;
  records: BatchRecord[];
  map: (resource: string, raw: unknown) => MapResult;
  /** Stored in the same transaction as the records it covers, so a crash never skips any. */
  checkpoint?: { resource: string; value: string };
  /** More writes that must land with the batch (marking an inbox delivery applied…). */
  alsoInTransaction?: (trx: Kysely<HubTables>) => Promise<void>;
}

export interface BatchCounts {
  applied: number;
  unchanged: number;
  deadLetters: number;
}

/**
 * Applies a batch in ONE transaction: domain rows (newer wins), change log, data issues, dead
 * letters, the recomputed member views, the checkpoint and the source's counters. Either all of
 * it lands or none of it does.
 */
export async function applyBatch(store: Store, pii: PiiCipher, input: BatchInput): Promise<BatchCounts> {
  const now = new Date().toISOString();
  return store.db.transaction().execute(async (trx) => {
    const ctx: ApplyContext = { trx, sourceId: input.sourceId, pii, now, touchedPersons: new Set() };
    const counts: BatchCounts = { applied: 0, unchanged: 0, deadLetters: 0 };
    for (const record of input.records) {
      const outcome = await applyOne(ctx, input, record);
      counts[outcome]++;
    }
    for (const person of ctx.touchedPersons) await recomputePerson(ctx, person);
    if (input.checkpoint) await saveCheckpoint(trx, input.sourceId, input.checkpoint, now);
    await bumpCounters(trx, input.sourceId, counts);
    if (input.alsoInTransaction) await input.alsoInTransaction(trx);
    return counts;
  });
}

async function applyOne(ctx: ApplyContext, input: BatchInput, record: BatchRecord): Promise<keyof BatchCounts> {
  const dead = async (sourceRecordId: string, field: string, rule: string, reason: string) => {
    const isNew = await recordDeadLetter(ctx.trx, {
      sourceId: input.sourceId, system: input.system, resource: record.resource, sourceRecordId, field, rule, reason,
      raw: record.raw, deliveryId: record.deliveryId,
    }, ctx.now);
    return isNew ? ('deadLetters' as const) : ('unchanged' as const);
  };
  let mapped: MapResult;
  try {
    mapped = input.map(record.resource, record.raw);
  } catch (e) {
    return dead(guessId(record.raw), '', 'MAPPER_FAILED', `the ${input.system} mapper failed on this record: ${(e as Error).message}`);
  }
  if (!mapped.ok) {
    const r = mapped.rejection;
    return dead(r.sourceId, r.field, r.rule, r.reason);
  }
  try {
    return await applyChange(ctx, mapped.change);
  } catch (e) {
    if (!(e instanceof ApplyRejection)) throw e;
    const id = mapped.change.op === 'delete' ? mapped.change.sourceId : mapped.change.record.sourceId;
    return dead(id, e.field, e.rule, e.message);
  }
}

function guessId(raw: unknown): string {
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    for (const k of ['id', 'hyid', 'ghid', 'zdid', 'hdid', 'jfid']) if (typeof r[k] === 'string') return r[k] as string;
  }
  return '';
}

export async function saveCheckpoint(trx: Kysely<HubTables>, sourceId: string, cp: { resource: string; value: string }, now: string) {
  await trx
    .insertInto('checkpoints')
    .values({ source_id: sourceId, resource: cp.resource, value: cp.value, updated_at: now })
    .onConflict((oc) => oc.columns(['source_id', 'resource']).doUpdateSet({ value: cp.value, updated_at: now }))
    .execute();
}

async function bumpCounters(trx: Kysely<HubTables>, sourceId: string, counts: BatchCounts) {
  await trx
    .updateTable('sources')
    .set((eb) => ({
      records_applied: eb('records_applied', '+', counts.applied),
      records_unchanged: eb('records_unchanged', '+', counts.unchanged),
      dead_letters: eb('dead_letters', '+', counts.deadLetters),
    }))
    .where('id', '=', sourceId)
    .execute();
}
