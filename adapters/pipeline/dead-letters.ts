import type { Kysely } from 'kysely';
import type { HubTables } from '../../core/store/tables';
import { maskPersonalData, maskPersonalText } from './mask-raw';
import { insertMany } from './bulk';

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
 * Records that cannot be applied are kept with a reason a person can act on, their personal data
 * masked in the record and in the reason (a parser's message may quote the value it refused). The same bad record read again (overlapping pages, repeated pushes) stays one entry.
 * Returns how many entries are new.
 */
export async function recordDeadLetters(db: Kysely<HubTables>, letters: DeadLetter[], now: string): Promise<number> {
  return insertMany(db, 'dead_letters', letters.map((letter) => ({
    source_id: letter.sourceId,
    system: letter.system,
    resource: letter.resource,
    source_record_id: letter.sourceRecordId,
    field: letter.field,
    rule: letter.rule,
    reason: maskPersonalText(letter.reason),
    raw: JSON.stringify(maskPersonalData(letter.raw)),
    delivery_id: letter.deliveryId,
    created_at: now,
  })), { ignoreConflicts: true });
}
