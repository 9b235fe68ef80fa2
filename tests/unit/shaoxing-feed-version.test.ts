import { decodeCheckpoint, encodeCheckpoint, FeedClock, START, type FeedCheckpoint } from '../../adapters/shaoxing-internet-plus/feed-version';
import type { FeedRecord } from '../../adapters/shaoxing-internet-plus/feed-xml';

/**
 * Versions for deletes and for records without updatedAt, from their place in the commit-ordered
 * feed. Checked against the pipeline's rule (a newer version wins, the same or older changes
 * nothing) on a small store kept here.
 */
const upsert = (type: string, id: string, updatedAt?: string): FeedRecord =>
  ({ type, op: 'upsert', id, fields: updatedAt ? { id, updatedAt } : { id } });
const remove = (type: string, id: string): FeedRecord => ({ type, op: 'delete', id, fields: { id } });

/** What the pipeline keeps per record: its version and whether it is a tombstone. */
class Store {
  readonly rows = new Map<string, { version: number; deleted: boolean }>();
  changes = 0;

  apply(records: Array<FeedRecord & { feedVersion: number }>): void {
    for (const r of records) {
      const key = `${r.type}:${r.id}`;
      const current = this.rows.get(key);
      if (current && current.version >= r.feedVersion) continue;
      this.rows.set(key, { version: r.feedVersion, deleted: r.op === 'delete' });
      this.changes++;
    }
  }
}

/** Reads `feed` from position `from` with the mark stored there; returns the checkpoint after it. */
function read(store: Store, feed: FeedRecord[], from: number, checkpoint: FeedCheckpoint): FeedCheckpoint {
  const clock = new FeedClock(checkpoint.mark);
  store.apply(feed.slice(from).map((r) => clock.stamp(r)));
  return { cursor: String(feed.length), mark: clock.mark };
}

const FEED: FeedRecord[] = [
  upsert('union', 'SXGH1'),
  upsert('member', 'SXHY1', '2025-01-01T08:00:00.000+08:00'),
  upsert('union', 'SXGH2'),
  upsert('member', 'SXHY9', '2025-01-02T08:00:00.000+08:00'),
  remove('member', 'SXHY9'),
  remove('union', 'SXGH2'),
  upsert('member', 'SXHY2', '2025-01-03T08:00:00.000+08:00'),
];

describe('feed versions', () => {
  it('gives a record with updatedAt its own time, and the others one more than the highest version before them', () => {
    const clock = new FeedClock(0);
    const stamped = FEED.map((r) => clock.stamp(r).feedVersion);
    const jan2 = Date.parse('2025-01-02T00:00:00.000Z');
    expect(stamped[3]).toBe(jan2);
    expect(stamped[4]).toBe(jan2 + 1);
    expect(stamped[5]).toBe(jan2 + 2);
    expect(stamped[2]).toBe(Date.parse('2025-01-01T00:00:00.000Z') + 1);
    expect(clock.mark).toBe(Date.parse('2025-01-03T00:00:00.000Z'));
  });

  it('applies deletes over the upserts before them, in one page or across pages', () => {
    const onePage = new Store();
    read(onePage, FEED, 0, START);
    const paged = new Store();
    let checkpoint = START;
    for (let at = 0; at < FEED.length; at += 2) {
      const clock = new FeedClock(checkpoint.mark);
      paged.apply(FEED.slice(at, at + 2).map((r) => clock.stamp(r)));
      checkpoint = { cursor: String(at + 2), mark: clock.mark };
    }
    for (const store of [onePage, paged]) {
      expect(store.rows.get('member:SXHY9')?.deleted).toBe(true);
      expect(store.rows.get('union:SXGH2')?.deleted).toBe(true);
      expect(store.rows.get('union:SXGH1')?.deleted).toBe(false);
    }
  });

  it('(a) a re-read of an old cursor never brings a deleted record back, (b) a re-read delete changes nothing', () => {
    const store = new Store();
    const early = read(store, FEED.slice(0, 3), 0, START); // the hub stored its cursor after 3 records
    read(store, FEED, 3, early);
    const changes = store.changes;
    // The upstream answers an old cursor again (at least once): same records, same versions.
    read(store, FEED, 0, START);
    read(store, FEED, 3, early);
    expect(store.changes).toBe(changes);
    expect(store.rows.get('member:SXHY9')?.deleted).toBe(true);
    expect(store.rows.get('union:SXGH2')?.deleted).toBe(true);
  });

  it('(b) holds when records changed meanwhile and moved to the end of the feed', () => {
    const store = new Store();
    read(store, FEED, 0, START);
    // SXHY1 changed after the hub read it: it left its place and came back at the end.
    const later = [...FEED.filter((r) => r.id !== 'SXHY1'), upsert('member', 'SXHY1', '2025-01-04T08:00:00.000+08:00')];
    const before = new Map(store.rows);
    read(store, later, 0, START);
    for (const [key, row] of before) if (key !== 'member:SXHY1') expect(store.rows.get(key)).toEqual(row);
    expect(store.rows.get('member:SXHY1')?.version).toBe(Date.parse('2025-01-04T00:00:00.000Z'));
  });

  it('lets a record without updatedAt that changed later win over its earlier version', () => {
    const store = new Store();
    const checkpoint = read(store, FEED, 0, START);
    const first = store.rows.get('union:SXGH1')!.version;
    read(store, [...FEED, upsert('union', 'SXGH1')], FEED.length, checkpoint);
    expect(store.rows.get('union:SXGH1')!.version).toBeGreaterThan(first);
  });
});

describe('checkpoints', () => {
  it('store the cursor with the mark, and read a bare cursor as one with mark 0', () => {
    const cp = { cursor: 'c2F2ZWQ6MTIzNDU2', mark: 1_735_000_000_000 };
    expect(decodeCheckpoint(encodeCheckpoint(cp))).toEqual(cp);
    expect(decodeCheckpoint(null)).toEqual(START);
    expect(decodeCheckpoint('c2F2ZWQ6MTIzNDU2')).toEqual({ cursor: 'c2F2ZWQ6MTIzNDU2', mark: 0 });
  });
});
