import type { Kysely } from 'kysely';
import type { PiiCipher } from '../../core/pii';
import type { HubTables } from '../../core/store/tables';

/** What every writer needs while applying a batch inside one transaction. */
export interface ApplyContext {
  trx: Kysely<HubTables>;
  sourceId: string;
  pii: PiiCipher;
  /** ISO instant recorded on change-log rows and data issues of this batch. */
  now: string;
  /** Persons whose member view must be recomputed before the transaction commits. */
  touchedPersons: Set<string>;
}

export type ApplyOutcome = 'applied' | 'unchanged';

/** A change the pipeline refuses (an id that belongs to another system…): becomes a dead letter. */
export interface ApplyRefusal {
  sourceId: string;
  field: string;
  rule: string;
  reason: string;
}

/** What a writer did with its share of a batch. */
export interface WriteResult {
  applied: number;
  unchanged: number;
  refused: Array<ApplyRefusal & { index: number }>;
}
