import { ConfigError } from '../core/errors';

/**
 * The config file's `gateway.responseCache` section, and `HUB_RESPONSE_CACHE=off` to turn the
 * cache off without editing the file:
 * ```json
 * "gateway": { "responseCache": { "enabled": true, "maxMegabytes": 64, "staleMs": 1000 } }
 * ```
 */
export interface ResponseCacheSettings {
  enabled: boolean;
  /** Memory for cached answers (least recently used go first). */
  maxMegabytes: number;
  /** How long a data version is trusted: writes from outside this gateway show after at most this long. */
  staleMs: number;
}

export const DEFAULT_RESPONSE_CACHE: ResponseCacheSettings = { enabled: true, maxMegabytes: 64, staleMs: 1000 };

const KEYS = ['enabled', 'maxMegabytes', 'staleMs'];

export function parseGatewaySettings(value: unknown, env: NodeJS.ProcessEnv): { responseCache: ResponseCacheSettings } {
  const section = objectOrEmpty(value, 'gateway');
  for (const name of Object.keys(section)) {
    if (name !== 'responseCache') throw new ConfigError(`gateway.${name}`, 'unknown key; expected responseCache');
  }
  return { responseCache: parseResponseCache(section.responseCache, env) };
}

function parseResponseCache(value: unknown, env: NodeJS.ProcessEnv): ResponseCacheSettings {
  const key = 'gateway.responseCache';
  const raw = objectOrEmpty(value, key);
  for (const name of Object.keys(raw)) {
    if (!KEYS.includes(name)) throw new ConfigError(`${key}.${name}`, `unknown key; expected one of ${KEYS.join(', ')}`);
  }
  const out = { ...DEFAULT_RESPONSE_CACHE };
  if (raw.enabled !== undefined) {
    if (typeof raw.enabled !== 'boolean') throw new ConfigError(`${key}.enabled`, `expected true or false, got ${JSON.stringify(raw.enabled)}`);
    out.enabled = raw.enabled;
  }
  for (const name of ['maxMegabytes', 'staleMs'] as const) {
    const n = raw[name];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) throw new ConfigError(`${key}.${name}`, `expected a positive number, got ${JSON.stringify(n)}`);
    out[name] = n;
  }
  const switched = env.HUB_RESPONSE_CACHE?.trim().toLowerCase();
  if (switched !== undefined && switched !== '') {
    if (switched !== 'on' && switched !== 'off') throw new ConfigError('HUB_RESPONSE_CACHE', `expected on or off, got "${switched}"`);
    out.enabled = switched === 'on';
  }
  return out;
}

function objectOrEmpty(value: unknown, key: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(key, 'expected an object');
  return value as Record<string, unknown>;
}
