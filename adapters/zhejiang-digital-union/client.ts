import { Pool, type Dispatcher } from 'undici';
import { HubError } from '../../core/errors';
import { CITY_DIVISION, PROVINCE_DIVISION, type City } from '../../schema/enums';
import { DEFAULT_RETRY, Transient, withRetry, type RetryPolicy } from '../pipeline/retry';
import type { PullOptions, PullPage } from '../pipeline/source-adapter';

/**
 * Pulls the provincial platform's resources with its keyset cursor: records ordered by
 * (updatedAt, id) strictly after the stored pair. One checkpoint per resource and city.
 */
export const RESOURCES = ['organizations', 'members', 'activities', 'stations'] as const;
export const MAX_LIMIT = 1000;

export interface KeysetCursor {
  updatedAfter: string;
  afterId: string;
}

export interface ProvincialClientOptions {
  baseUrl: string;
  apiKey: string;
  pageSize?: number;
  retry?: RetryPolicy;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

interface PageBody {
  items: unknown[];
  next: KeysetCursor | null;
}

export class ProvincialClient {
  private readonly dispatcher: Dispatcher;
  private readonly base: URL;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: ProvincialClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : options.baseUrl + '/');
    this.ownsDispatcher = !options.dispatcher;
    // A keep-alive pool per upstream: a sync makes thousands of requests to one origin.
    this.dispatcher = options.dispatcher ?? new Pool(this.base.origin, { connections: 4, keepAliveTimeout: 30_000 });
  }

  /**
   * One stream per resource and city (`members/330100`), plus the province-level organizations
   * (`organizations/330000`: the provincial federation itself belongs to no city).
   */
  static streams(cities: City[]): string[] {
    const perCity = RESOURCES.flatMap((r) => cities.map((c) => `${r}/${CITY_DIVISION[c]}`));
    return [`organizations/${PROVINCE_DIVISION}`, ...perCity];
  }

  async *pages(stream: string, checkpoint: string | null, options: PullOptions = {}): AsyncIterable<PullPage> {
    const [resource, cityCode] = stream.split('/');
    let cursor = checkpoint ? parseCursor(checkpoint) : null;
    const limit = Math.min(this.options.pageSize ?? MAX_LIMIT, MAX_LIMIT);
    for (;;) {
      const body = await withRetry(
        `GET ${resource} (city ${cityCode})`,
        this.options.retry ?? DEFAULT_RETRY,
        () => this.fetchPage(resource, cityCode, cursor, limit),
        (attempt, reason, waitMs) => options.onRetry?.({ resource: stream, attempt, reason, waitMs }),
        options.signal,
      );
      const last = body.items.length > 0 ? lastPair(body.items) : null;
      const nextCursor = body.next ?? last ?? cursor;
      if (body.items.length > 0 && nextCursor) yield { records: body.items, checkpoint: JSON.stringify(nextCursor) };
      if (!body.next || body.items.length === 0) return;
      cursor = body.next;
    }
  }

  private async fetchPage(resource: string, cityCode: string, cursor: KeysetCursor | null, limit: number): Promise<PageBody> {
    const url = new URL(resource, this.base);
    url.searchParams.set('city', cityCode);
    url.searchParams.set('limit', String(limit));
    if (cursor) {
      url.searchParams.set('updatedAfter', cursor.updatedAfter);
      if (cursor.afterId) url.searchParams.set('afterId', cursor.afterId);
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        method: 'GET',
        path: url.pathname + url.search,
        origin: url.origin,
        headers: { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json' },
        headersTimeout: this.options.timeoutMs ?? 15_000,
        bodyTimeout: this.options.timeoutMs ?? 15_000,
      });
    } catch (e) {
      throw new Transient(`network error: ${(e as Error).message}`);
    }
    const text = await response.body.text().catch((e: Error) => {
      throw new Transient(`body cut off: ${e.message}`);
    });
    return interpret(response.statusCode, response.headers, text);
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

function interpret(status: number, headers: Dispatcher.ResponseData['headers'], text: string): PageBody {
  if (status === 401) throw new HubError('UPSTREAM_CONFIG', 'the provincial platform refused the API key (HTTP 401): check sources[].apiKey');
  if (status === 429) throw new Transient('rate limited (HTTP 429)', retryAfterMs(headers['retry-after']));
  if (status >= 500) throw new Transient(`HTTP ${status}`);
  if (status !== 200) throw new HubError('UPSTREAM_ERROR', `the provincial platform answered HTTP ${status}: ${text.slice(0, 200)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A body cut off mid-way parses as nothing: ask again.
    throw new Transient(`response is not complete JSON (${text.length} bytes)`);
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as PageBody).items)) {
    throw new HubError('UPSTREAM_ERROR', 'the provincial platform answered without an items array');
  }
  return body as PageBody;
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const seconds = v === undefined ? NaN : Number(v);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function lastPair(items: unknown[]): KeysetCursor | null {
  const last = items[items.length - 1] as { updatedAt?: unknown; id?: unknown };
  return typeof last.updatedAt === 'string' && typeof last.id === 'string' ? { updatedAfter: last.updatedAt, afterId: last.id } : null;
}

function parseCursor(value: string): KeysetCursor {
  const parsed = JSON.parse(value) as Partial<KeysetCursor>;
  return { updatedAfter: String(parsed.updatedAfter ?? ''), afterId: String(parsed.afterId ?? '') };
}
