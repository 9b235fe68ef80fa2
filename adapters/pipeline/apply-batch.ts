import type { Kysely } from 'kysely';
import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import type { HubTables } from '../../core/store/tables';
import type { MapResult } from '../../schema/model';
import type { ApplyContext } from './apply-context';
import { applyChanges, type IndexedChange } from './apply-changes';
import { recordDeadLetters, type DeadLetter } from './dead-letters';
import { recomputePersons } from './writers/member-view';
import { bindSqlite } from './sqlite-bulk';
import { MAX_FIELD_CHARS, oversizedField, shortened } from './oversized-fields';

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
 * it lands or none of it does. Mapping happens before the transaction opens.
 */
export async function applyBatch(store: Store, pii: PiiCipher, input: BatchInput): Promise<BatchCounts> {
  return store.db.transaction().execute((trx) => {
    // SQLite: the bulk writers may run cached statements on the connection this transaction holds.
    if (store.sqlite) bindSqlite(trx, store.sqlite);
    return applyBatchIn(trx, pii, input);
  });
}

/**
 * Consecutive batches (pages of one resource) in ONE transaction: `first`, then each that `more`
 * hands over, each applied exactly as applyBatch would, in order (the same counts,
 * change log, member views and checkpoint per page). Only the commit is shared: on SQLite each
 * commit writes every page of the file the batch dirtied (index pages again and again) to the WAL.
 * Nothing is visible, and no checkpoint stored, until all of them commit.
 */
export async function applyBatches(store: Store, pii: PiiCipher, first: BatchInput, more: () => Promise<BatchInput | null>): Promise<BatchCounts[]> {
  return store.db.transaction().execute(async (trx) => {
    if (store.sqlite) bindSqlite(trx, store.sqlite);
    const counts: BatchCounts[] = [];
    for (let input: BatchInput | null = first; input; input = await more()) counts.push(await applyBatchIn(trx, pii, input));
    return counts;
  });
}

/** The same, inside a transaction the caller holds (the inbox claims its deliveries in it first). */
export async function applyBatchIn(trx: Kysely<HubTables>, pii: PiiCipher, input: BatchInput): Promise<BatchCounts> {
  const now = new Date().toISOString();
  const { changes, letters } = mapAll(input);
  const ctx: ApplyContext = { trx, sourceId: input.sourceId, pii, now, touchedPersons: new Set(), plainOf: new Map() };
  const written = await applyChanges(ctx, changes);
  for (const refusal of written.refused) {
    const record = input.records[refusal.index];
    letters.push({ ...letterBase(input, record), sourceRecordId: refusal.sourceId, field: refusal.field, rule: refusal.rule, reason: refusal.reason });
  }
  await recomputePersons(ctx, ctx.touchedPersons);
  const newLetters = await recordDeadLetters(trx, letters, now);
  const counts: BatchCounts = {
    applied: written.applied,
    // A dead letter seen before (overlapping pages, repeated pushes) counts as unchanged.
    unchanged: written.unchanged + (letters.length - newLetters),
    deadLetters: newLetters,
  };
  if (input.checkpoint) await saveCheckpoint(trx, input.sourceId, input.checkpoint, now);
  await bumpCounters(trx, input.sourceId, counts);
  if (input.alsoInTransaction) await input.alsoInTransaction(trx);
  return counts;
}

function letterBase(input: BatchInput, record: BatchRecord) {
  return { sourceId: input.sourceId, system: input.system, resource: record.resource, raw: record.raw, deliveryId: record.deliveryId };
}

/**
 * Maps every record; a rejection or a mapper crash becomes a dead letter, never a stopped batch.
 * So does a record with an absurdly long field, pulled or pushed (oversized-fields.ts), before
 * any mapper sees it.
 */
function mapAll(input: BatchInput): { changes: IndexedChange[]; letters: DeadLetter[] } {
  const changes: IndexedChange[] = [];
  const letters: DeadLetter[] = [];
  input.records.forEach((record, index) => {
    const long = oversizedField(record.raw);
    if (long) {
      letters.push({
        ...letterBase(input, record), raw: shortened(record.raw), sourceRecordId: guessId(record.raw) || record.deliveryId,
        field: long.field, rule: 'TOO_LONG',
        reason: `${long.field} is ${long.length} characters long; the hub keeps at most ${MAX_FIELD_CHARS} in one field: correct the record upstream`,
      });
      return;
    }
    let mapped: MapResult;
    try {
      mapped = input.map(record.resource, record.raw);
    } catch (e) {
      letters.push({ ...letterBase(input, record), sourceRecordId: guessId(record.raw), field: '', rule: 'MAPPER_FAILED', reason: `the ${input.system} mapper failed on this record: ${(e as Error).message}` });
      return;
    }
    if (mapped.ok) changes.push({ index, change: mapped.change });
    else letters.push({ ...letterBase(input, record), sourceRecordId: mapped.rejection.sourceId, field: mapped.rejection.field, rule: mapped.rejection.rule, reason: mapped.rejection.reason });
  });
  return { changes, letters };
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
