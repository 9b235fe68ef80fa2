import { createHash } from 'node:crypto';
import { ByteLru } from './byte-lru';
import { cachePolicy, type CachePolicy } from './cache-policy';

/**
 * Whole answers to queries, kept while the store's data version stays the same.
 *
 * Keyed by the normalized document, the operation name, the variables and the caller's role and
 * city: what a subgraph may show depends on who asks, so two roles or two cities never share an
 * entry. The data version (gateway/data-version.ts) is read at most once per `staleMs`; when it
 * moves, every entry goes. A mutation through this gateway empties the cache at once, so a client
 * reads its own writes; writes from elsewhere (ingest, monitoring, another gateway) show within
 * `staleMs`. Only answers without errors are kept (a failing subgraph must not be remembered).
 */
export interface ResponseCacheOptions {
  maxBytes: number;
  /** How long a read data version is trusted before it is read again. */
  staleMs: number;
  dataVersion: () => Promise<string>;
  /** Told when the version cannot be read; the cache then answers nothing until it can. */
  onVersionError?: (error: unknown) => void;
  now?: () => number;
}

/** What the cache needs of a GraphQL request: the parsed JSON body. */
export interface CacheableRequest {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/** Who asks, as far as the answer can depend on it. */
export interface CacheCaller {
  role: string | null;
  city: string | null;
  /** Only for a gateway without token verification, which forwards the header as is (tests). */
  authorization?: string;
}

export interface CachedAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export type CacheLookup =
  | { result: 'hit'; operationName: string; answer: CachedAnswer }
  | { result: 'miss'; operationName: string; key: string; version: string; generation: number }
  | { result: 'skip'; operationName: string; mutation: boolean };

/** Parsed documents remembered by text, so a hit parses nothing. Past this many, start over. */
const MAX_POLICIES = 1000;

export class ResponseCache {
  private readonly entries: ByteLru<CachedAnswer>;
  private readonly policies = new Map<string, CachePolicy>();
  private readonly now: () => number;
  private version: string | null = null;
  private checkedAt = -Infinity;
  private reading: Promise<string | null> | undefined;
  /** Bumped by invalidate(): answers computed before a mutation are not stored after it. */
  private generation = 0;

  constructor(private readonly options: ResponseCacheOptions) {
    this.entries = new ByteLru(options.maxBytes);
    this.now = options.now ?? (() => performance.now());
  }

  async lookup(request: CacheableRequest, caller: CacheCaller): Promise<CacheLookup> {
    const policy = this.policyFor(request.query, request.operationName ?? undefined);
    if (!policy.cacheable) return { result: 'skip', operationName: policy.operationName, mutation: policy.kind === 'mutation' };
    const version = await this.currentVersion();
    if (version === null) return { result: 'skip', operationName: policy.operationName, mutation: false };
    const key = cacheKey(policy.normalized, policy.operationName, request.variables, caller);
    const answer = this.entries.get(key);
    if (answer) return { result: 'hit', operationName: policy.operationName, answer };
    return { result: 'miss', operationName: policy.operationName, key, version, generation: this.generation };
  }

  /** Keeps a miss's answer, unless the data (or a mutation) moved on while it was computed. */
  store(miss: Extract<CacheLookup, { result: 'miss' }>, answer: CachedAnswer): void {
    if (miss.version !== this.version || miss.generation !== this.generation) return;
    this.entries.set(miss.key, answer, answer.body.length + miss.key.length * 2);
  }

  /** After a mutation: drop every entry and read the data version again on the next lookup. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.checkedAt = -Infinity;
  }

  get bytes(): number {
    return this.entries.bytes;
  }

  private policyFor(query: string, operationName: string | undefined): CachePolicy {
    const text = `${operationName ?? ''}\n${query}`;
    let policy = this.policies.get(text);
    if (!policy) {
      if (this.policies.size >= MAX_POLICIES) this.policies.clear();
      policy = cachePolicy(query, operationName);
      this.policies.set(text, policy);
    }
    return policy;
  }

  /** The data version, read again once `staleMs` has passed; one read at a time. null: unreadable. */
  private currentVersion(): Promise<string | null> {
    if (this.now() - this.checkedAt < this.options.staleMs) return Promise.resolve(this.version);
    this.reading ??= this.readVersion().finally(() => { this.reading = undefined; });
    return this.reading;
  }

  private async readVersion(): Promise<string | null> {
    // Timed from the start of the read: a write during the read is caught by the next one.
    const started = this.now();
    const generation = this.generation;
    let version: string;
    try {
      version = await this.options.dataVersion();
    } catch (error) {
      this.options.onVersionError?.(error);
      this.version = null;
      this.entries.clear();
      this.checkedAt = started;
      return null;
    }
    if (version !== this.version) this.entries.clear();
    this.version = version;
    // A mutation during the read asked for a fresh read: leave the clock expired.
    if (generation === this.generation) this.checkedAt = started;
    return version;
  }
}

function cacheKey(normalized: string, operationName: string, variables: unknown, caller: CacheCaller): string {
  const authorization = caller.authorization === undefined ? '' : createHash('sha256').update(caller.authorization).digest('base64url');
  return [caller.role ?? '', caller.city ?? '', authorization, operationName, stableJson(variables ?? {}), normalized].join('\u0000');
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are one key. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
