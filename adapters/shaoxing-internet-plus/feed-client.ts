import { Pool, type Dispatcher } from 'undici';
import { HubError } from '../../core/errors';
import { DEFAULT_RETRY, Transient, withRetry, type RetryPolicy } from '../pipeline/retry';
import type { PullOptions, PullPage, RetryNotice } from '../pipeline/source-adapter';
import { decodeCheckpoint, encodeCheckpoint, FeedClock, type FeedCheckpoint } from './feed-version';
import { MalformedFeed, parseFeedPage, type FeedPageXml } from './feed-xml';
import { RequestPacer } from './request-pacer';
import { TokenClient } from './token-client';
import { describeFailure, errorCode, exchange, header, retryAfterMs, type UpstreamResponse } from './upstream-http';
import { decodeXmlBody, UndecodableBody } from './xml-body';

/**
 * Walks Shaoxing's one change feed (`GET /api/formation/v1/changes?cursor=…&limit=…`) from a
 * stored checkpoint until `hasMore` is false. Each page is yielded with the checkpoint that covers
 * exactly its records (the page's `nextCursor` and the version mark), so the pipeline stores the
 * cursor in the transaction that applies them and never ahead of them.
 */
export const CHANGES = 'changes';
export const MAX_LIMIT = 200;
export const FEED_PATH = 'api/formation/v1/changes';
export const TOKEN_PATH = 'oauth/token';

export interface FeedClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Records per page, capped at the contract's 200. */
  pageSize?: number;
  retry?: RetryPolicy;
  /** Per-request timeout in ms (headers and body each). */
  timeoutMs?: number;
  /** The contract allows 5; 0 turns pacing off (tests of the 429 path). */
  requestsPerSecond?: number;
  dispatcher?: Dispatcher;
  /** Told when a body arrived under the wrong charset label (and was read anyway). */
  onMislabeledBody?: (label: string, actual: string) => void;
}

/** The stored cursor is older than the upstream keeps cursors (30 days). */
class CursorExpired extends Error {}

export class FeedClient {
  private readonly base: URL;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly pacer: RequestPacer;
  private readonly timeoutMs: number;
  readonly tokens: TokenClient;

  constructor(private readonly options: FeedClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : options.baseUrl + '/');
    this.ownsDispatcher = !options.dispatcher;
    // One keep-alive pool per upstream; the feed is read one page at a time, so one connection.
    this.dispatcher = options.dispatcher ?? new Pool(this.base.origin, { connections: 1, keepAliveTimeout: 30_000 });
    this.pacer = new RequestPacer(options.requestsPerSecond ?? 5);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.tokens = new TokenClient({
      tokenUrl: new URL(TOKEN_PATH, this.base), clientId: options.clientId, clientSecret: options.clientSecret,
      dispatcher: this.dispatcher, pacer: this.pacer, timeoutMs: this.timeoutMs,
    });
  }

  async *pages(stored: string | null, options: PullOptions = {}): AsyncIterable<PullPage> {
    let position = decodeCheckpoint(stored);
    const limit = Math.max(1, Math.min(this.options.pageSize ?? MAX_LIMIT, MAX_LIMIT));
    let restarted = false;
    for (;;) {
      let page: FeedPageXml;
      try {
        page = await this.fetchWithRetries(position.cursor, limit, options);
      } catch (e) {
        if (!(e instanceof CursorExpired) || restarted) throw unwrap(e);
        // Starting over is safe: records with updatedAt come again with their version and change
        // nothing; the mark is kept, so those without (feed-version.ts) come out newer than
        // anything stored: written again with the same content, never lost.
        restarted = true;
        options.onRetry?.({ resource: CHANGES, attempt: 1, reason: `the stored cursor has expired (${e.message}): reading the feed again from the beginning`, waitMs: 0 });
        position = { cursor: null, mark: position.mark };
        continue;
      }
      const clock = new FeedClock(position.mark);
      const records = page.records.map((r) => clock.stamp(r));
      const next: FeedCheckpoint = { cursor: page.nextCursor, mark: clock.mark };
      if (records.length > 0 || next.cursor !== position.cursor) yield { records, checkpoint: encodeCheckpoint(next) };
      if (!page.hasMore) return;
      if (next.cursor === position.cursor) {
        // Asking again would get the same answer forever.
        throw new HubError('UPSTREAM_ERROR', 'the Shaoxing feed says it has more but handed back the cursor it was asked with');
      }
      position = next;
    }
  }

  private fetchWithRetries(cursor: string | null, limit: number, options: PullOptions): Promise<FeedPageXml> {
    const notify = (n: Omit<RetryNotice, 'resource'>) => options.onRetry?.({ resource: CHANGES, ...n });
    return withRetry(
      `GET ${FEED_PATH}`,
      this.options.retry ?? DEFAULT_RETRY,
      () => this.fetchPage(cursor, limit, notify, options.signal),
      (attempt, reason, waitMs) => notify({ attempt, reason, waitMs }),
      options.signal,
    );
  }

  /** One page; a 401 gets one new token and one repeat of the call (the contract's rule). */
  private async fetchPage(
    cursor: string | null, limit: number, notify: (n: Omit<RetryNotice, 'resource'>) => void, signal?: AbortSignal,
  ): Promise<FeedPageXml> {
    const url = new URL(FEED_PATH, this.base);
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    url.searchParams.set('limit', String(limit));
    const token = await this.tokens.token(signal);
    let response = await this.get(url, token, signal);
    if (response.status === 401) {
      notify({ attempt: 1, reason: `the token was refused (${describeFailure(response)}): fetching a new one and asking again`, waitMs: 0 });
      response = await this.get(url, await this.tokens.renew(token, signal), signal);
      // Refused again: a revocation may have crossed our new token. The bounded retry loop asks
      // once more later; credentials that are really wrong fail at the token endpoint instead.
      if (response.status === 401) throw new Transient(`a freshly issued token was refused too (${describeFailure(response)})`);
    }
    return this.interpret(response, cursor);
  }

  private async get(url: URL, token: string, signal?: AbortSignal): Promise<UpstreamResponse> {
    await this.pacer.turn(signal);
    return exchange(this.dispatcher, {
      method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept: 'application/xml' }, timeoutMs: this.timeoutMs, signal,
    });
  }

  private interpret(response: UpstreamResponse, cursor: string | null): FeedPageXml {
    const { status } = response;
    if (status === 429) throw new Transient(`rate limited (${describeFailure(response)})`, retryAfterMs(response));
    if (status >= 500) throw new Transient(describeFailure(response));
    if (status === 400 && cursor !== null && /cursor/i.test(errorCode(response) + describeFailure(response))) {
      throw new CursorExpired(describeFailure(response));
    }
    if (status !== 200) throw new HubError('UPSTREAM_ERROR', `the Shaoxing change feed answered ${describeFailure(response)}`, { status });
    try {
      const decoded = decodeXmlBody(response.body, header(response, 'content-type'));
      if (decoded.mislabeledAs) this.options.onMislabeledBody?.(decoded.mislabeledAs, decoded.encoding);
      return parseFeedPage(decoded.text);
    } catch (e) {
      // A body cut off mid-way decodes or parses as nothing: ask again.
      if (e instanceof UndecodableBody || e instanceof MalformedFeed) throw new Transient(`incomplete page (${response.body.length} bytes): ${e.message}`);
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

function unwrap(e: unknown): unknown {
  return e instanceof CursorExpired ? new HubError('UPSTREAM_ERROR', `the Shaoxing cursor was refused again after starting over: ${e.message}`) : e;
}
