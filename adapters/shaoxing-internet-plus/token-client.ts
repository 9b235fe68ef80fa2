import type { Dispatcher } from 'undici';
import { HubError } from '../../core/errors';
import { Transient } from '../pipeline/retry';
import type { RequestPacer } from './request-pacer';
import { describeFailure, exchange, retryAfterMs } from './upstream-http';

/**
 * OAuth2 client credentials (`POST /oauth/token`). The token is cached until shortly before the
 * `expires_in` it came with; a 401 on a call means it expired early or was revoked, and the
 * caller asks for `renew(rejected)` once. Concurrent callers share one token request.
 */
export interface TokenClientOptions {
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  dispatcher: Dispatcher;
  pacer: RequestPacer;
  timeoutMs: number;
  now?: () => number;
}

interface CachedToken {
  value: string;
  /** Epoch ms after which we stop using it without being told. */
  renewAt: number;
}

/** Renew this long before the advertised expiry (capped at a tenth of a short lifetime). */
const EARLY_RENEWAL_MS = 60_000;

export class TokenClient {
  private cached: CachedToken | null = null;
  private pending: Promise<CachedToken> | null = null;
  private issued = 0;

  constructor(private readonly options: TokenClientOptions) {}

  /** Tokens obtained so far (for the sync's figures and tests). */
  get tokensObtained(): number {
    return this.issued;
  }

  async token(signal?: AbortSignal): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now < this.cached.renewAt) return this.cached.value;
    return (await this.fetchShared(signal)).value;
  }

  /** The server refused `rejected`: forget it (unless a newer one has already replaced it) and get another. */
  async renew(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.cached && this.cached.value !== rejected) return this.cached.value;
    this.cached = null;
    return (await this.fetchShared(signal)).value;
  }

  private fetchShared(signal?: AbortSignal): Promise<CachedToken> {
    if (!this.pending) {
      this.pending = this.fetchToken(signal).then(
        (t) => {
          this.cached = t;
          this.pending = null;
          return t;
        },
        (e: unknown) => {
          this.pending = null;
          throw e;
        },
      );
    }
    return this.pending;
  }

  private async fetchToken(signal?: AbortSignal): Promise<CachedToken> {
    const { tokenUrl, clientId, clientSecret } = this.options;
    await this.options.pacer.turn(signal);
    const response = await exchange(this.options.dispatcher, {
      method: 'POST',
      url: tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
      timeoutMs: this.options.timeoutMs,
      signal,
    });
    if (response.status === 429) throw new Transient(`token request rate limited (HTTP 429)`, retryAfterMs(response));
    if (response.status >= 500) throw new Transient(`token request failed: ${describeFailure(response)}`);
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new HubError('UPSTREAM_CONFIG', `Shaoxing refused the client credentials (${describeFailure(response)}): check sources[].clientId and sources[].clientSecret`, { status: response.status });
    }
    if (response.status !== 200) throw new HubError('UPSTREAM_ERROR', `Shaoxing's token endpoint answered ${describeFailure(response)}`);
    const token = readTokenBody(response.body);
    const now = (this.options.now ?? Date.now)();
    const lifetimeMs = token.expiresIn * 1000;
    this.issued++;
    return { value: token.accessToken, renewAt: now + lifetimeMs - Math.min(EARLY_RENEWAL_MS, lifetimeMs / 10) };
  }
}

function readTokenBody(body: Buffer): { accessToken: string; expiresIn: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Transient('the token answer is not complete JSON');
  }
  const t = parsed as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  if (typeof t.access_token !== 'string' || t.access_token === '') {
    throw new HubError('UPSTREAM_ERROR', "Shaoxing's token answer has no access_token");
  }
  if (typeof t.token_type === 'string' && t.token_type.toLowerCase() !== 'bearer') {
    throw new HubError('UPSTREAM_ERROR', `Shaoxing issued a ${t.token_type} token; the contract promises Bearer`);
  }
  const expiresIn = typeof t.expires_in === 'number' && t.expires_in > 0 ? t.expires_in : 7200;
  return { accessToken: t.access_token, expiresIn };
}
