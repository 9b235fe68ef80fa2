import type { IncomingMessage } from 'node:http';
import { AuthError } from '../core/auth/auth-error';
import type { Identity } from '../core/auth/identity';
import { bearerToken, type TokenVerifier } from '../core/auth/token-verifier';
import type { RateLimiter } from './rate-limit';

/**
 * The door in front of GraphQL: a request gets in with a valid bearer token (when the gateway
 * has a verifier) and while its subject is inside the rate limit. Everything else is answered
 * here, before the body is parsed: 401 with code UNAUTHENTICATED and the reason, or 429 with
 * Retry-After. The token itself is never logged or echoed.
 */
export type Admission =
  | { admitted: true; identity: Identity | null }
  | { admitted: false; status: number; headers: Record<string, string>; body: unknown; reason: string; identity?: Identity | null };

/** Callers without a token share one rate-limit bucket (only on a gateway without authentication). */
const ANONYMOUS = 'anonymous';

export async function admit(req: IncomingMessage, tokens: TokenVerifier | undefined, limiter: RateLimiter): Promise<Admission> {
  let identity: Identity | null = null;
  if (tokens) {
    try {
      identity = await tokens.verify(bearerToken(req.headers.authorization));
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return unauthenticated(error);
    }
  }
  const decision = limiter.take(identity?.subject ?? ANONYMOUS);
  if (!decision.allowed) {
    return {
      admitted: false,
      status: 429,
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
      body: errorBody(`too many requests for this token; retry after ${decision.retryAfterSeconds} s`, {
        code: 'RATE_LIMITED',
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
      reason: 'rate_limited',
      identity,
    };
  }
  return { admitted: true, identity };
}

function unauthenticated(error: AuthError): Admission {
  // RFC 6750: say which scheme to use, and that a token was bad when there was one.
  const challenge = error.reason === 'missing' ? 'Bearer realm="union-hub"' : 'Bearer realm="union-hub", error="invalid_token"';
  return {
    admitted: false,
    status: 401,
    headers: { 'www-authenticate': challenge },
    body: errorBody(error.message, { code: 'UNAUTHENTICATED', reason: error.reason }),
    reason: error.reason,
  };
}

function errorBody(message: string, extensions: Record<string, unknown>): unknown {
  return { errors: [{ message, extensions }] };
}
