import { issueToken } from '../../core/auth/token-issuer';

/** A secret long enough for HUB_JWT_SECRET, fixed so failures are reproducible. */
export const TEST_JWT_SECRET = 'union-hub test secret: thirty-two chars at least';
/** A different deployment's secret: tokens signed with it must be refused. */
export const OTHER_JWT_SECRET = 'another deployment entirely, also long enough!!';

export const secretBytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

/** A token as `hub token` would print it. */
export async function tokenFor(
  role: string,
  options: { city?: string; sub?: string; ttlSeconds?: number; secret?: string; now?: Date } = {},
): Promise<string> {
  const { token } = await issueToken(secretBytes(options.secret ?? TEST_JWT_SECRET), {
    role, city: options.city ?? null, subject: options.sub ?? `test-${role.toLowerCase()}`, ttlSeconds: options.ttlSeconds ?? 600, now: options.now,
  });
  return token;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
