import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CITIES, isOneOf, type City } from '../schema/enums';
import type { SourceConfig } from '../adapters/pipeline/source-adapter';
import { ConfigError } from './errors';
import { parseMonitoringSettings, type MonitoringSettings } from './monitoring/settings';
import { parseSecuritySettings, type SecuritySettings } from './auth/settings';
import { parseGatewaySettings, type ResponseCacheSettings } from '../gateway/response-cache-settings';

/**
 * The hub's configuration: the config file (JSON, `--config` / `HUB_CONFIG`) for sources and
 * schedules, the environment for secrets and locations, flags over both.
 * Every problem names the key and what was expected, before anything starts.
 */
export interface SyncSettings {
  /** Seconds between scheduled pulls of every source; 0 turns the schedule off. */
  intervalSeconds: number;
  /** Records asked per upstream page (each adapter caps it at its contract's maximum). */
  pageSize: number;
}

export interface HubConfig {
  sources: SourceConfig[];
  sync: SyncSettings;
  /** Passive monitoring: thresholds, schedule, alert URL (core/monitoring/settings.ts). */
  monitoring: MonitoringSettings;
  dataDir: string;
  /** `postgres://…` to use PostgreSQL; absent = SQLite file `<dataDir>/hub.sqlite`. */
  databaseUrl: string | null;
  portBase: number;
  host: string;
  piiKey: string | null;
  jwtSecret: string | null;
  /** Token keys (JWKS), the subgraph signing secret, operation limits (core/auth/settings.ts). */
  security: SecuritySettings;
  /** The gateway's response cache (gateway/response-cache-settings.ts). */
  gateway: { responseCache: ResponseCacheSettings };
  /** Where the config came from, for logs; null in demo mode. */
  configFile: string | null;
}

export const KNOWN_ADAPTERS = ['zhejiang-digital-union', 'ningbo-yonggonghui', 'shaoxing-internet-plus'] as const;

/** Credentials each contract needs, by key in the source entry. */
const REQUIRED_KEYS: Record<(typeof KNOWN_ADAPTERS)[number], string[]> = {
  'zhejiang-digital-union': ['apiKey', 'webhookSecret'],
  'ningbo-yonggonghui': ['appKey', 'appSecret'],
  'shaoxing-internet-plus': ['clientId', 'clientSecret'],
};

export const DEFAULT_SYNC: SyncSettings = { intervalSeconds: 300, pageSize: 500 };

export interface ConfigInputs {
  configFile?: string | null;
  dataDir?: string;
  portBase?: number | string;
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(inputs: ConfigInputs = {}): HubConfig {
  const env = inputs.env ?? process.env;
  const file = inputs.configFile ?? env.HUB_CONFIG ?? null;
  const json = file ? readConfigFile(file) : {};
  return {
    sources: parseSources(json.sources ?? []),
    sync: parseSync(json.sync),
    monitoring: parseMonitoringSettings(json.monitoring),
    dataDir: resolve(inputs.dataDir ?? env.HUB_DATA_DIR ?? 'data'),
    databaseUrl: parseDatabaseUrl(env.HUB_DATABASE_URL),
    portBase: parsePort(inputs.portBase ?? env.HUB_PORT_BASE ?? 4000),
    host: env.HUB_HOST ?? '127.0.0.1',
    piiKey: env.HUB_PII_KEY || null,
    jwtSecret: env.HUB_JWT_SECRET || null,
    security: parseSecuritySettings(json.security, env),
    gateway: parseGatewaySettings(json.gateway, env),
    configFile: file ? resolve(file) : null,
  };
}

interface RawConfig {
  sources?: unknown;
  sync?: unknown;
  monitoring?: unknown;
  security?: unknown;
  gateway?: unknown;
}

function readConfigFile(file: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('config', `cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('config', `config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(parsed)) throw new ConfigError('config', `config file ${file} must hold a JSON object`);
  return parsed;
}

function parseSources(value: unknown): SourceConfig[] {
  if (!Array.isArray(value)) throw new ConfigError('sources', 'expected an array of source objects');
  const seen = new Set<string>();
  return value.map((entry, i) => {
    const source = parseSource(entry, `sources[${i}]`);
    if (seen.has(source.id)) throw new ConfigError(`sources[${i}].id`, `duplicate source id "${source.id}"`);
    seen.add(source.id);
    return source;
  });
}

function parseSource(entry: unknown, key: string): SourceConfig {
  if (!isRecord(entry)) throw new ConfigError(key, 'expected an object with id, adapter, cities and baseUrl');
  const id = requireString(entry, 'id', key);
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(id)) throw new ConfigError(`${key}.id`, 'expected letters, digits, - or _');
  const adapter = requireString(entry, 'adapter', key);
  if (!isOneOf(KNOWN_ADAPTERS, adapter)) {
    throw new ConfigError(`${key}.adapter`, `expected one of ${KNOWN_ADAPTERS.join(', ')}, got "${adapter}"`);
  }
  const cities = entry.cities;
  if (!Array.isArray(cities) || cities.length === 0) throw new ConfigError(`${key}.cities`, 'expected a non-empty array of cities');
  cities.forEach((c, j) => {
    if (!isOneOf(CITIES, c)) throw new ConfigError(`${key}.cities[${j}]`, `expected one of ${CITIES.join(', ')}, got ${JSON.stringify(c)}`);
  });
  const baseUrl = requireString(entry, 'baseUrl', key);
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) throw new ConfigError(`${key}.baseUrl`, `expected an http(s) URL, got "${baseUrl}"`);
  for (const credential of REQUIRED_KEYS[adapter]) requireString(entry, credential, key);
  if (adapter === 'zhejiang-digital-union' && !String(entry.webhookSecret).startsWith('whsec_')) {
    throw new ConfigError(`${key}.webhookSecret`, 'expected a Standard Webhooks secret starting with whsec_');
  }
  return { ...entry, id, adapter, cities: cities as City[], baseUrl };
}

function parseSync(value: unknown): SyncSettings {
  if (value === undefined) return { ...DEFAULT_SYNC };
  if (!isRecord(value)) throw new ConfigError('sync', 'expected an object');
  const out = { ...DEFAULT_SYNC };
  for (const key of ['intervalSeconds', 'pageSize'] as const) {
    if (value[key] === undefined) continue;
    const n = value[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ConfigError(`sync.${key}`, `expected a non-negative integer, got ${JSON.stringify(n)}`);
    out[key] = n;
  }
  if (out.pageSize < 1) throw new ConfigError('sync.pageSize', 'expected at least 1');
  return out;
}

function parseDatabaseUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError('HUB_DATABASE_URL', 'expected a postgres:// URL (leave it unset for SQLite)');
  return value;
}

function parsePort(value: number | string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535 - 30) throw new ConfigError('port-base', `expected a port number between 1 and 65505, got ${JSON.stringify(value)}`);
  return n;
}

function requireString(entry: Record<string, unknown>, name: string, key: string): string {
  const v = entry[name];
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${key}.${name}`, 'expected a non-empty string');
  return v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Ports by service, from the base (DESIGN.md). */
export function servicePorts(base: number) {
  return {
    gateway: base,
    membership: base + 1,
    organizations: base + 2,
    stations: base + 3,
    welfare: base + 4,
    ingest: base + 10,
    provinceSimulator: base + 20,
    ningboSimulator: base + 21,
    shaoxingSimulator: base + 22,
  };
}
