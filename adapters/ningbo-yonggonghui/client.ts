import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type Dispatcher } from 'undici';
import { DEFAULT_RETRY, Transient, withRetry, type RetryPolicy } from '../pipeline/retry';
import type { PullOptions } from '../pipeline/source-adapter';
import { readEnvelope, TimestampRefused, type NingboPageData } from './envelope';
import { newNonce, signQuery } from './signing';

/**
 * One signed GET of one page of a 甬工惠 resource. Every attempt is signed afresh (new timestamp,
 * new nonce), so a retry after 40102/40103 is a re-sign. Requests are paced under the contract's
 * 10 requests/s per appKey, so a healthy sync never meets 42901.
 */
export const MAX_PAGE_SIZE = 500;
/** Below the contract's 10/s: a margin for clock jitter between the hub's pacing and the upstream's window. */
export const DEFAULT_REQUESTS_PER_SECOND = 8;
/** A clock this far off is corrected from the server's Date header after a 40102. */
const CLOCK_CORRECTION_THRESHOLD_MS = 60_000;

export interface NingboClientOptions {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  retry?: RetryPolicy;
  /** Per-request timeout (headers and body), ms. */
  timeoutMs?: number;
  maxRequestsPerSecond?: number;
  dispatcher?: Dispatcher;
}

export interface PageQuery {
  pageNo: number;
  pageSize: number;
  /** `yyyy-MM-dd HH:mm:ss`, Shanghai local time. */
  gxsjStart: string;
}

export class NingboClient {
  private readonly base: URL;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly spacingMs: number;
  private nextStartMs = 0;
  /** Added to the local clock when signing: non-zero only after the server said our clock is off. */
  private clockOffsetMs = 0;

  constructor(private readonly options: NingboClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : options.baseUrl + '/');
    this.ownsDispatcher = !options.dispatcher;
    // A keep-alive pool per upstream: a sync makes thousands of requests to one origin.
    this.dispatcher = options.dispatcher ?? new Pool(this.base.origin, { connections: 2, keepAliveTimeout: 30_000 });
    this.spacingMs = 1000 / (options.maxRequestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND);
  }

  page(resource: string, query: PageQuery, options: PullOptions = {}): Promise<NingboPageData> {
    return withRetry(
      `GET /${resource} page ${query.pageNo} from ${query.gxsjStart}`,
      this.options.retry ?? DEFAULT_RETRY,
      () => this.once(resource, query, options.signal),
      (attempt, reason, waitMs) => options.onRetry?.({ resource, attempt, reason, waitMs }),
      options.signal,
    );
  }

  private async once(resource: string, query: PageQuery, signal?: AbortSignal): Promise<NingboPageData> {
    await this.pace(signal);
    const params: Record<string, string> = {
      appKey: this.options.appKey,
      timestamp: String(Date.now() + this.clockOffsetMs),
      nonce: newNonce(),
      pageNo: String(query.pageNo),
      pageSize: String(query.pageSize),
      gxsjStart: query.gxsjStart,
    };
    params.sign = signQuery(this.options.appSecret, params);
    const url = new URL(resource, this.base);
    // %20, not '+', for the space in gxsjStart: every server decodes %20 the same way.
    const search = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const what = `GET /${resource}`;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        method: 'GET',
        origin: url.origin,
        path: `${url.pathname}?${search}`,
        headers: { accept: 'application/json' },
        headersTimeout: this.options.timeoutMs ?? 15_000,
        bodyTimeout: this.options.timeoutMs ?? 15_000,
        signal,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new Transient(`${what}: network error: ${(e as Error).message}`);
    }
    const text = await response.body.text().catch((e: Error) => {
      throw new Transient(`${what}: the answer was cut off: ${e.message}`);
    });
    try {
      return readEnvelope(response.statusCode, response.headers, text, what);
    } catch (e) {
      if (e instanceof TimestampRefused) this.correctClock(e.serverTimeMs);
      throw e;
    }
  }

  /** Spaces request starts evenly; concurrent callers queue behind each other. */
  private async pace(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextStartMs);
    this.nextStartMs = start + this.spacingMs;
    if (start > now) await sleep(start - now, undefined, { signal });
  }

  private correctClock(serverTimeMs: number | null): void {
    if (serverTimeMs === null) return;
    const offset = serverTimeMs - Date.now();
    if (Math.abs(offset) > CLOCK_CORRECTION_THRESHOLD_MS) this.clockOffsetMs = offset;
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
