import { resolve } from 'node:path';
import { ConfigError } from '../errors';
import { parseOperationLimits, type OperationLimits } from './operation-limits';

/**
 * The config file's `security` section and the environment variables beside it:
 * ```json
 * "security": {
 *   "jwksFile": "/config/jwks.json",
 *   "issuer": "https://sso.zjgh.example", "audience": "union-hub",
 *   "limits": { "maxDepth": 20, "maxCost": 100000, "rateLimitRequests": 600 }
 * }
 * ```
 * `HUB_JWKS_FILE` overrides `jwksFile`; `HUB_SUBGRAPH_SECRET` is environment only (a secret).
 * `HUB_JWT_SECRET` stays in HubConfig.jwtSecret, where it always was.
 */
export interface SecuritySettings {
  /** Public keys (RS256/ES256) of the identity provider that issues the tokens. */
  jwksFile: string | null;
  /** When set, tokens must carry this `iss`. */
  issuer: string | null;
  /** When set, tokens must carry this `aud`. */
  audience: string | null;
  /** HUB_SUBGRAPH_SECRET as given; null: `<dataDir>/subgraph.key`. */
  subgraphSecret: string | null;
  limits: OperationLimits;
}

const KEYS = ['jwksFile', 'issuer', 'audience', 'limits'];

export function parseSecuritySettings(value: unknown, env: NodeJS.ProcessEnv, key = 'security'): SecuritySettings {
  const raw = value === undefined ? {} : value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(key, 'expected an object');
  const section = raw as Record<string, unknown>;
  for (const name of Object.keys(section)) {
    if (!KEYS.includes(name)) throw new ConfigError(`${key}.${name}`, `unknown key; expected one of ${KEYS.join(', ')}`);
  }
  const jwksFile = env.HUB_JWKS_FILE?.trim() || optionalString(section.jwksFile, `${key}.jwksFile`);
  return {
    jwksFile: jwksFile ? resolve(jwksFile) : null,
    issuer: optionalString(section.issuer, `${key}.issuer`),
    audience: optionalString(section.audience, `${key}.audience`),
    subgraphSecret: env.HUB_SUBGRAPH_SECRET?.trim() || null,
    limits: parseOperationLimits(section.limits, `${key}.limits`),
  };
}

function optionalString(value: unknown, key: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(key, 'expected a non-empty string');
  return value.trim();
}
