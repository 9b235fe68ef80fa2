import { CITIES, isOneOf, type City } from '../../schema/enums';
import { AuthError } from './auth-error';
import { isRole, ROLES, type Grant, type Role } from './roles';

/**
 * The verified caller: who (the token's subject), in which role, for which city. The gateway
 * builds it from a verified token and passes it to the subgraphs inside the signed request; a
 * subgraph resolver finds it in its context.
 */
export interface Identity extends Grant {
  /** The token's `sub`: a staff account or a job name, as the issuer spells it. */
  subject: string;
  role: Role;
  /** Set for CITY_ADMIN (required) and optional for the other roles, where it means nothing. */
  city: City | null;
}

/**
 * The JWT claims the hub reads. `sub` and `exp` are the registered claims; `role` and `city` are
 * ours, at the top level of the payload.
 */
export const CLAIMS = { subject: 'sub', role: 'role', city: 'city' } as const;

const MAX_SUBJECT_LENGTH = 128;

/** Builds an identity from claims, refusing what the hub cannot place: unknown role, a city admin with no city. */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const subject = claims[CLAIMS.subject];
  if (typeof subject !== 'string' || subject.trim() === '' || subject.length > MAX_SUBJECT_LENGTH) {
    throw new AuthError('claims_invalid', `the token must carry a "sub" claim (1–${MAX_SUBJECT_LENGTH} characters)`);
  }
  if (/[\u0000-\u001f\u007f]/.test(subject)) throw new AuthError('claims_invalid', 'the "sub" claim must not contain control characters');
  const role = claims[CLAIMS.role];
  if (!isRole(role)) {
    // The value is the client's own; repeating a short string is harmless and helps them.
    const shown = typeof role === 'string' ? `"${role.slice(0, 40)}"` : 'none';
    throw new AuthError('unknown_role', `the token's "role" claim must be one of ${ROLES.join(', ')}; got ${shown}`);
  }
  const city = claims[CLAIMS.city] ?? null;
  if (city !== null && !isOneOf(CITIES, city)) {
    throw new AuthError('unknown_city', `the token's "city" claim must be one of ${CITIES.join(', ')}`);
  }
  if (role === 'CITY_ADMIN' && city === null) {
    throw new AuthError('city_required', 'a CITY_ADMIN token must name its city in the "city" claim');
  }
  return { subject, role, city };
}

/** The identity as the gateway sends it to a subgraph: base64url of compact JSON, covered by the signature. */
export function encodeIdentity(identity: Identity): string {
  const claims = { [CLAIMS.subject]: identity.subject, [CLAIMS.role]: identity.role, [CLAIMS.city]: identity.city };
  return Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
}

/** The inverse of encodeIdentity; the same rules as for a token's claims. */
export function decodeIdentity(encoded: string): Identity {
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('malformed', 'the identity header is not base64url JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new AuthError('malformed', 'the identity header is not a JSON object');
  }
  return identityFromClaims(claims as Record<string, unknown>);
}
