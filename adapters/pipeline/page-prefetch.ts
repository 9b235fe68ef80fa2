import type { PullPage } from './source-adapter';

/** The page being fetched: its outcome is kept, never thrown, until it is taken. */
interface Slot {
  settled: boolean;
  result?: IteratorResult<PullPage>;
  failed: boolean;
  error?: unknown;
  ready: Promise<void>;
}

/**
 * Fetches the next page while the current one is applied (one page ahead: the resume tests and
 * the outage drills count on no more being requested), and hands it over when it has arrived
 * (ready) or arrives soon (within): the sync then applies it in the same transaction instead of
 * committing first.
 */
export class PagePrefetch {
  private head: Slot;

  constructor(private readonly pages: AsyncIterator<PullPage>) {
    this.head = this.fetch();
  }

  /** The next page, waiting for it; null when the resource is caught up; throws what the fetch threw. */
  async next(): Promise<PullPage | null> {
    await this.head.ready;
    if (this.head.failed) throw this.head.error;
    return this.ready();
  }

  /**
   * The next page if it arrives within `ms`, else null (so is a failure: next() throws it). On
   * SQLite the store's work never yields to the event loop, so the page fetched meanwhile is
   * read only once a page is applied: a short wait here is how it joins the open transaction.
   */
  async within(ms: number): Promise<PullPage | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
    await Promise.race([this.head.ready, timeout]);
    clearTimeout(timer);
    return this.ready();
  }

  /** The next page if it has arrived (and starts fetching the one after), else null without waiting. */
  ready(): PullPage | null {
    const head = this.head;
    if (!head.settled || head.failed || !head.result || head.result.done) return null;
    this.head = this.fetch();
    return head.result.value;
  }

  private fetch(): Slot {
    const slot: Slot = { settled: false, failed: false, ready: Promise.resolve() };
    slot.ready = this.pages.next()
      .then(
        (result) => { slot.result = result; },
        (error: unknown) => { slot.failed = true; slot.error = error; },
      )
      .finally(() => { slot.settled = true; });
    return slot;
  }
}
