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
  /**
   * Plain values of the ciphertexts written in this batch (see sealed()), so the member view
   * recomputed in the same transaction reads them back without decrypting: AES-GCM is a
   * large part of the per-member cost. Lives only as long as the batch.
   */
  plainOf: Map<string, string>;
}

/** Encrypts `plain` and remembers the pair for this batch's readers (ctx.plainOf). */
export function sealed(ctx: ApplyContext, plain: string): string {
  const token = ctx.pii.encrypt(plain);
  ctx.plainOf.set(token, plain);
  return token;
}

/** The plain value of a ciphertext: from this batch's memory when it was written here, else decrypted. */
export function opened(ctx: ApplyContext, token: string): string {
  return ctx.plainOf.get(token) ?? ctx.pii.decrypt(token);
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
