import type { Kysely } from 'kysely';
import type { HubTables } from '../../core/store/tables';
import { maskPersonalData } from './mask-raw';

export interface DeadLetter {
  sourceId: string;
  system: string;
  resource: string;
  sourceRecordId: string;
  field: string;
  rule: string;
  reason: string;
  raw: unknown;
  deliveryId: string;
}

/**
 * A record that cannot be applied is kept with a reason a person can act on, its personal data
 * masked. The same bad record read again (overlapping pages, repeated pushes) stays one entry.
 * Returns whether a new entry was written.
 */
export async function recordDeadLetter(db: Kysely<HubTables>, letter: DeadLetter, now: string): Promise<boolean> {
  const result = await db
    .insertInto('dead_letters')
    .values({
      source_id: letter.sourceId,
      system: letter.system,
      resource: letter.resource,
      source_record_id: letter.sourceRecordId,
      field: letter.field,
      rule: letter.rule,
      reason: letter.reason,
      raw: JSON.stringify(maskPersonalData(letter.raw)),
      delivery_id: letter.deliveryId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['source_id', 'resource', 'source_record_id', 'field', 'rule', 'delivery_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
