import { SignJWT } from 'jose';
import { InputError } from '../errors';
import { CLAIMS, identityFromClaims, type Identity } from './identity';

/** `hub token` issues short-lived tokens; a month is the most it will sign. */
export const MAX_TOKEN_TTL_SECONDS = 30 * 86_400;

export interface TokenRequest {
  role: string;
  city?: string | null;
  subject: string;
  ttlSeconds: number;
  /** Default: now. */
  now?: Date;
  issuer?: string;
  audience?: string;
}

/**
 * An HS256 token for the deployment's shared secret, with the claims the gateway reads. The
 * request is checked with the gateway's own rules first, so `hub token` never prints a token the
 * gateway would refuse.
 */
export async function issueToken(secret: Uint8Array, request: TokenRequest): Promise<{ token: string; identity: Identity; expiresAt: Date }> {
  if (request.ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
    throw new InputError('ttl', 'MAX', `ttl must be at most ${MAX_TOKEN_TTL_SECONDS / 86_400} days`);
  }
  let identity: Identity;
  try {
    identity = identityFromClaims({ [CLAIMS.subject]: request.subject, [CLAIMS.role]: request.role, [CLAIMS.city]: request.city ?? null });
  } catch (error) {
    throw new InputError('claims', 'INVALID', (error as Error).message);
  }
  const issuedAt = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const expiresAt = issuedAt + request.ttlSeconds;
  const claims: Record<string, string> = { [CLAIMS.role]: identity.role };
  if (identity.city) claims[CLAIMS.city] = identity.city;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt);
  if (request.issuer) jwt = jwt.setIssuer(request.issuer);
  if (request.audience) jwt = jwt.setAudience(request.audience);
  return { token: await jwt.sign(secret), identity, expiresAt: new Date(expiresAt * 1000) };
}
