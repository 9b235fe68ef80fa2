import type { HubConfig } from '../../core/config';
import { loadTokenKeys } from '../../core/auth/keys';
import { parseDuration } from '../../core/auth/duration';
import { issueToken } from '../../core/auth/token-issuer';
import { HubError } from '../../core/errors';

export interface TokenOptions {
  role: string;
  city?: string;
  /** "1h", "30m", "7d"… */
  ttl: string;
  sub: string;
  /** Sign with the demo key file when no HUB_JWT_SECRET is set (as `hub start` in demo mode does). */
  demo: boolean;
}

/**
 * `hub token --role ROLE [--city CITY] [--ttl 1h] [--sub NAME]`: prints a bearer token signed with
 * this deployment's HUB_JWT_SECRET (or, in demo mode, the demo key in the data directory), on a
 * line of its own so scripts can capture it: `TOKEN=$(hub token --role ANALYST)`. What it is for
 * goes to stderr.
 */
export async function printToken(
  config: HubConfig,
  options: TokenOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<void> {
  const keys = loadTokenKeys(config, { demo: options.demo });
  if (!keys.signingSecret) {
    throw new HubError('CONFIG_INVALID', 'this deployment verifies tokens against a JWKS file: tokens come from its identity provider, and hub token signs only with HUB_JWT_SECRET');
  }
  const { token, identity, expiresAt } = await issueToken(keys.signingSecret, {
    role: options.role.toUpperCase(),
    city: options.city?.toUpperCase() ?? null,
    subject: options.sub,
    ttlSeconds: parseDuration(options.ttl, 'ttl'),
    issuer: keys.check.issuer,
    audience: keys.check.audience,
  });
  out.write(`${token}\n`);
  const scope = identity.city ? ` for ${identity.city}` : '';
  err.write(`${identity.role}${scope} token for "${identity.subject}", valid until ${expiresAt.toISOString()}; send it as Authorization: Bearer <token>\n`);
}
