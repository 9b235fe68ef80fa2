import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthError } from './auth-error';
import { decodeIdentity, type Identity } from './identity';
import { ReplayGuard } from './replay-guard';

/**
 * Gateway-only subgraphs. The gateway signs every request it sends a subgraph with an HMAC-SHA256
 * over what the subgraph will act on: method, path with query string, the caller's identity,
 * timestamp, nonce, request id and a SHA-256 of the body. A subgraph started with the key
 * refuses anything else before executing it, so reaching a subgraph's port directly (or through
 * a misrouted proxy) gives nothing, and the identity a resolver sees is the one the gateway
 * verified from the token.
 *
 * Replays: the timestamp must be within SIGNATURE_WINDOW_SECONDS of the subgraph's clock, and
 * each nonce is accepted once inside that window.
 */
export const SIGNATURE_HEADER = 'x-hub-signature';
export const TIMESTAMP_HEADER = 'x-hub-timestamp';
export const NONCE_HEADER = 'x-hub-nonce';
export const IDENTITY_HEADER = 'x-hub-identity';
export const REQUEST_ID_HEADER = 'x-request-id';

export const SIGNATURE_WINDOW_SECONDS = 60;
const VERSION = 'v1';

export interface SignedParts {
  method: string;
  /** Path and query string as they appear in the request line, e.g. `/graphql`. */
  target: string;
  body: string | Uint8Array;
  requestId: string;
  /** encodeIdentity(identity), or '' for the gateway's own calls (readiness probes). */
  identity: string;
}

function canonical(parts: SignedParts, timestamp: string, nonce: string): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return [VERSION, parts.method.toUpperCase(), parts.target, timestamp, nonce, parts.requestId, parts.identity, bodyHash].join('\n');
}

function mac(key: Uint8Array, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

/** The headers to add to one subgraph request. */
export function signSubgraphRequest(key: Uint8Array, parts: SignedParts, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const headers: Record<string, string> = {
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [REQUEST_ID_HEADER]: parts.requestId,
    [SIGNATURE_HEADER]: `${VERSION}=${mac(key, canonical(parts, timestamp, nonce)).toString('base64url')}`,
  };
  if (parts.identity !== '') headers[IDENTITY_HEADER] = parts.identity;
  return headers;
}

export type SignatureFailure =
  | 'signature_missing'
  | 'signature_malformed'
  | 'timestamp_stale'
  | 'signature_mismatch'
  | 'replayed'
  | 'identity_invalid';

export type VerifiedRequest = { ok: true; identity: Identity | null } | { ok: false; reason: SignatureFailure };

export interface ReceivedRequest {
  method: string;
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

const SIGNATURE_FORMAT = new RegExp(`^${VERSION}=([A-Za-z0-9_-]{43})$`);
const NONCE_FORMAT = /^[A-Za-z0-9_-]{16,64}$/;

export class SubgraphRequestVerifier {
  private readonly replays: ReplayGuard;

  constructor(
    private readonly key: Uint8Array,
    private readonly windowSeconds = SIGNATURE_WINDOW_SECONDS,
    replays?: ReplayGuard,
  ) {
    this.replays = replays ?? new ReplayGuard();
  }

  verify(request: ReceivedRequest, nowMs = Date.now()): VerifiedRequest {
    const signature = header(request, SIGNATURE_HEADER);
    if (signature === undefined) return { ok: false, reason: 'signature_missing' };
    const given = SIGNATURE_FORMAT.exec(signature);
    const timestamp = header(request, TIMESTAMP_HEADER) ?? '';
    const nonce = header(request, NONCE_HEADER) ?? '';
    if (!given || !/^\d{1,12}$/.test(timestamp) || !NONCE_FORMAT.test(nonce)) return { ok: false, reason: 'signature_malformed' };
    const ageSeconds = Math.abs(nowMs / 1000 - Number(timestamp));
    if (ageSeconds > this.windowSeconds) return { ok: false, reason: 'timestamp_stale' };
    const identity = header(request, IDENTITY_HEADER) ?? '';
    const parts: SignedParts = { method: request.method, target: request.target, body: request.body, requestId: header(request, REQUEST_ID_HEADER) ?? '', identity };
    const expected = mac(this.key, canonical(parts, timestamp, nonce));
    if (!timingSafeEqual(expected, Buffer.from(given[1]!, 'base64url'))) return { ok: false, reason: 'signature_mismatch' };
    // Only a genuine signature earns a place in the replay cache: forgeries cannot flood it.
    const expiresAtMs = (Number(timestamp) + this.windowSeconds) * 1000 + 1000;
    if (!this.replays.firstUse(nonce, expiresAtMs, nowMs)) return { ok: false, reason: 'replayed' };
    if (identity === '') return { ok: true, identity: null };
    try {
      return { ok: true, identity: decodeIdentity(identity) };
    } catch (error) {
      if (error instanceof AuthError) return { ok: false, reason: 'identity_invalid' };
      throw error;
    }
  }
}

function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
