import type { FeedRecord } from './feed-xml';

/**
 * Versions for records that carry no `updatedAt`, and the checkpoint that keeps them consistent.
 *
 * A delete (`<record op="delete"><id>…</id></record>`) carries only its id, and the contract's
 * union and enterprise records have no `updatedAt` either. Their order is all we know: the feed
 * is in commit order. So the client keeps a mark, the highest version it has seen or handed out
 * along the feed, and gives such a record the version `mark + 1` (then the mark is that).
 *
 * - A delete outranks every upsert before it in the feed, including the upsert of the record it
 *   deletes (whose `updatedAt` is ≤ mark): re-reading an old cursor, which replays that upsert
 *   with its own old version, can never bring the record back. A record created again later
 *   comes after the delete with a newer `updatedAt` and wins.
 * - Re-reading from an older cursor starts from the mark stored with that cursor and passes the
 *   same or fewer records (records that changed since have moved to the end of the feed), so every
 *   re-read delete gets the same or a lower version than the first time: it changes nothing.
 * - The mark is stored with the cursor in one checkpoint, in the transaction that applies the
 *   page, so the two never disagree. A plain timestamp (now) would fail the second rule: a replayed
 *   delete would look new and be written again.
 * - When the stored cursor has expired (30 days) the client reads the feed from the beginning but
 *   keeps its mark: records without `updatedAt` are then stamped newer than anything stored and
 *   written again with the same content. Resetting the mark instead could stamp a record that
 *   changed meanwhile lower than its stored version, and lose the change.
 */
export interface FeedCheckpoint {
  /** Shaoxing's opaque cursor; null = from the beginning. */
  cursor: string | null;
  /** The highest version seen or given along the feed up to the cursor (epoch ms). */
  mark: number;
}

export const START: FeedCheckpoint = { cursor: null, mark: 0 };

export function encodeCheckpoint(checkpoint: FeedCheckpoint): string {
  return JSON.stringify({ cursor: checkpoint.cursor, mark: checkpoint.mark });
}

/** A stored checkpoint; a bare string (an older format, or a cursor set by hand) is a cursor with mark 0. */
export function decodeCheckpoint(stored: string | null): FeedCheckpoint {
  if (stored === null || stored === '') return START;
  try {
    const parsed = JSON.parse(stored) as Partial<FeedCheckpoint> | null;
    if (parsed && typeof parsed === 'object') {
      const mark = typeof parsed.mark === 'number' && Number.isFinite(parsed.mark) ? parsed.mark : 0;
      return { cursor: typeof parsed.cursor === 'string' ? parsed.cursor : null, mark };
    }
  } catch {
    // not JSON: a bare cursor
  }
  return { cursor: stored, mark: 0 };
}

const WITH_ZONE = /(?:[zZ]|[+-]\d\d:?\d\d)$/;

/** An ISO 8601 instant with a zone, in epoch ms; null when the value is not one (the mapper says why). */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const ms = WITH_ZONE.test(text) ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** A feed record as the mapper gets it: what the XML said, plus the version its position gives it. */
export interface VersionedFeedRecord extends FeedRecord {
  /** The version for a record without `updatedAt` (see above); ignored when it has one. */
  feedVersion: number;
}

export class FeedClock {
  constructor(private current: number) {}

  get mark(): number {
    return this.current;
  }

  /** Records are stamped in feed order. */
  stamp(record: FeedRecord): VersionedFeedRecord {
    const dated = record.op === 'delete' ? null : instantOf(record.fields.updatedAt);
    if (dated !== null) {
      this.current = Math.max(this.current, dated);
      return { ...record, feedVersion: dated };
    }
    this.current += 1;
    return { ...record, feedVersion: this.current };
  }
}
