import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps a client under the upstream's request rate (Shaoxing: 5 requests/s) by spacing the moments
 * requests go out, so the sync is not what causes a 429. The spacing counts from when the previous
 * request really went (after any wait), and carries a margin: between that moment and the bytes
 * reaching the server lie our event loop (busy applying the previous page) and the network, and
 * the server counts arrivals in a strict one-second window. For one request at a time.
 */
const MARGIN_MS = 50;

export class RequestPacer {
  private nextStart = 0;
  readonly intervalMs: number;

  constructor(requestsPerSecond: number, private readonly now: () => number = Date.now) {
    this.intervalMs = requestsPerSecond > 0 ? 1000 / requestsPerSecond + MARGIN_MS : 0;
  }

  /** Resolves when the next request may go out. */
  async turn(signal?: AbortSignal): Promise<void> {
    const wait = this.nextStart - this.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
    this.nextStart = this.now() + this.intervalMs;
  }
}
