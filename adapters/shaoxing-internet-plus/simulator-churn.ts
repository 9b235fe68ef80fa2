import type { FeedEntry, FeedType, Position, RowByType, ShaoxingFeed } from './simulator-feed';

/**
 * Records changing while a client pages (a fault): an operator edits a record the client has
 * just read (it moves to the end of the feed with the edit) and re-saves one the client is about
 * to read (it moves to the end unchanged). Before the feed would say `hasMore=false`, every edit
 * is put back, again as a new commit. A correct client sees each change at its new place, misses
 * nothing, doubles nothing, and ends with exactly the data file's content.
 */
type Edit<T extends FeedType> = (row: RowByType[T]) => RowByType[T];

const EDITS: { [T in FeedType]: Edit<T> } = {
  member: (m) => ({ ...m, status: m.status === 'ACTIVE' ? 'LEFT' : 'ACTIVE' }),
  union: (u) => ({ ...u, name: `${u.name}（筹）` }),
  enterprise: (e) => ({ ...e, employees: (e.employees ?? 0) + 1 }),
  station: (s) => ({ ...s, hours: '00:00-24:00' }),
  application: (a) => ({ ...a, stage: a.stage === 'UNDER_REVIEW' ? 'SUBMITTED' : 'UNDER_REVIEW' }),
};

export class ChangesWhilePaging {
  /** Records edited and not yet put back: type:id → the type and id. */
  private readonly edited = new Map<string, { type: FeedType; id: string }>();
  changes = 0;

  constructor(private readonly feed: ShaoxingFeed) {}

  /** Edits the record at `behind` (the last one the client read) and re-saves `ahead` (the next one). */
  change(behind: Position | null, ahead: FeedEntry | null): void {
    if (behind && behind.updatedAt !== '') this.edit(behind.type as FeedType, behind.id);
    if (ahead && !ahead.deleted && this.feed.fileRow(ahead.type, ahead.id)) {
      this.feed.commit(ahead.type, ahead.row);
      this.changes++;
    }
  }

  get pending(): number {
    return this.edited.size;
  }

  /** Puts every edited record back to the file's content, as new commits at the end of the feed. */
  restoreAll(): void {
    for (const { type, id } of this.edited.values()) {
      const original = this.feed.fileRow(type, id);
      if (original) this.feed.commit(type, original);
      this.changes++;
    }
    this.edited.clear();
  }

  private edit<T extends FeedType>(type: T, id: string): void {
    const key = `${type}:${id}`;
    const current = this.feed.current(type, id);
    // Only records the file holds, once at a time: short-lived records and deletes stay as they are.
    if (this.edited.has(key) || !current || current.deleted || !this.feed.fileRow(type, id)) return;
    this.feed.commit(type, (EDITS[type] as Edit<T>)(current.row as RowByType[T]));
    this.edited.set(key, { type, id });
    this.changes++;
  }
}
