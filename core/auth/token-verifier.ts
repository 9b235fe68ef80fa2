import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyOptions } from 'jose';
import { AuthError } from './auth-error';
import { identityFromClaims, type Identity } from './identity';

/**
 * Verifies bearer tokens (JWT). Two kinds of key, one per deployment:
 * - a shared secret (HUB_JWT_SECRET, or the demo's key file): HS256 only;
 * - a JWKS file of public keys from the organisation's identity provider: RS256 and ES256 only.
 * Each kind accepts only its own algorithms, so an HS256 token "signed" with an RSA public key
 * (algorithm confusion) and an unsigned `alg: none` token are both refused.
 */
export type TokenKey =
  | { kind: 'secret'; secret: Uint8Array }
  | { kind: 'jwks'; jwks: JSONWebKeySet };

export const SECRET_ALGORITHMS = ['HS256'] as const;
export const JWKS_ALGORITHMS = ['RS256', 'ES256'] as const;

export interface TokenCheckOptions {
  /** When set, the token's `iss` must equal it. */
  issuer?: string;
  /** When set, the token's `aud` must contain it. */
  audience?: string;
  /** Clock skew allowed on `exp` and `nbf`, seconds. Default 30. */
  clockToleranceSeconds?: number;
}

export interface TokenVerifier {
  /** The identity in a valid token; throws AuthError (code UNAUTHENTICATED) saying why not. */
  verify(token: string): Promise<Identity>;
}

export function createTokenVerifier(key: TokenKey, options: TokenCheckOptions = {}): TokenVerifier {
  const verifyOptions: JWTVerifyOptions = {
    algorithms: key.kind === 'secret' ? [...SECRET_ALGORITHMS] : [...JWKS_ALGORITHMS],
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSeconds ?? 30,
    // A token without an expiry would be valid forever.
    requiredClaims: ['exp', 'sub'],
  };
  const keySet = key.kind === 'jwks' ? createLocalJWKSet(key.jwks) : null;
  return {
    async verify(token: string): Promise<Identity> {
      try {
        const { payload } = keySet
          ? await jwtVerify(token, keySet, verifyOptions)
          : await jwtVerify(token, (key as { secret: Uint8Array }).secret, verifyOptions);
        return identityFromClaims(payload as Record<string, unknown>);
      } catch (error) {
        throw error instanceof AuthError ? error : authErrorFrom(error);
      }
    },
  };
}

/** jose's errors, as a reason a client can act on. */
function authErrorFrom(error: unknown): AuthError {
  if (error instanceof errors.JWTExpired) return new AuthError('expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return new AuthError('not_yet_valid', 'the token is not valid yet');
    return new AuthError('claims_invalid', `the token's "${error.claim}" claim is missing or not accepted`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AuthError('algorithm_not_allowed', 'the token is signed with an algorithm this hub does not accept');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthError('bad_signature', 'the token signature does not verify');
  }
  return new AuthError('malformed', 'the token is not a well-formed signed JWT');
}

/** Longer than any sane token; refusing early bounds the work an anonymous caller can cause. */
const MAX_TOKEN_LENGTH = 8192;

/** The token in `Authorization: Bearer <token>` (RFC 6750); throws AuthError when missing or not a bearer token. */
export function bearerToken(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') {
    throw new AuthError('missing', 'authentication required: send Authorization: Bearer <token> (see `hub token`)');
  }
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(value);
  if (!match || match[1]!.length > MAX_TOKEN_LENGTH) {
    throw new AuthError('malformed', 'the Authorization header must be "Bearer <token>"');
  }
  return match[1]!;
}
