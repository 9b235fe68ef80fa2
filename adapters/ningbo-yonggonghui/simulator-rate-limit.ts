/**
 * 甬工惠's rate limit: 10 requests per second per appKey; the next one is answered 42901 with
 * `retryAfter` (seconds). A sliding window over the last second's accepted requests.
 */
export class RateWindow {
  private readonly accepted: number[] = [];

  constructor(private readonly perSecond: number, private readonly now: () => number = Date.now) {}

  /** Seconds to wait, or 0 when this request may go ahead (and is counted). */
  admit(): number {
    if (this.perSecond <= 0) return 0;
    const now = this.now();
    while (this.accepted.length > 0 && now - this.accepted[0] >= 1000) this.accepted.shift();
    if (this.accepted.length >= this.perSecond) return 1;
    this.accepted.push(now);
    return 0;
  }
}
