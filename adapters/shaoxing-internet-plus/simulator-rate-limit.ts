/**
 * The contract's rate limit, 5 requests per second: a sliding one-second window over request
 * arrivals. A request over the limit is refused (429) with the seconds until the window has room.
 */
export class SlidingWindow {
  private readonly arrivals: number[] = [];

  constructor(private readonly perSecond: number) {}

  /** Records the request and returns 0 when it is admitted, else the Retry-After in seconds. */
  admit(now: number): number {
    if (this.perSecond <= 0) return 0;
    while (this.arrivals.length > 0 && this.arrivals[0] <= now - 1000) this.arrivals.shift();
    if (this.arrivals.length >= this.perSecond) return Math.max(1, Math.ceil((this.arrivals[0] + 1000 - now) / 1000));
    this.arrivals.push(now);
    return 0;
  }
}
