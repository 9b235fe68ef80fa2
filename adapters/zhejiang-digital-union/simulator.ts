import Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { CITIES, CITY_DIVISION, PROVINCE_DIVISION, type City } from '../../schema/enums';
import { PROVINCE_SYSTEM, SYSTEMS, type SystemName } from '../synthetic-province/systems';
import { applyMutation, type SimulatorMutation } from './simulator-mutate';
import { KeysetReader, PROVINCIAL_RESOURCES, type CityFilter, type KeysetCursor, type ProvincialResource } from './simulator-query';
import type { ProvincialRecord } from './simulator-format';

export {
  toProvincialActivity, toProvincialEnterprise, toProvincialMember, toProvincialOrganization, toProvincialStation,
  toProvincialUnion,
} from './simulator-format';
export type {
  ProvincialActivity, ProvincialMember, ProvincialOrganization, ProvincialRecord, ProvincialStation,
} from './simulator-format';
import { listenSimulator } from '../simulator-listen';
export { pushEvent, signStandardWebhook, PROVINCIAL_EVENT_TYPES } from './simulator-webhooks';
export type { ProvincialEventType, PushEventOptions } from './simulator-webhooks';
export type { SimulatorMutation } from './simulator-mutate';
export { PROVINCIAL_RESOURCES } from './simulator-query';
export type { ProvincialResource } from './simulator-query';

/**
 * A simulator of 浙江数字工会's data API (city-apis/zhejiang-digital-union.md) over a synthetic
 * province.sqlite: a real HTTP server that pages every resource with the keyset cursor, checks the
 * bearer key, refuses bad parameters with 400 naming them, and can inject the contract's faults
 * (429 with Retry-After, 503). It serves the same bytes the provincial platform would.
 *
 * What it serves: records owned by the provincial contract (or, with includeAllSystems, every
 * system's, re-labelled as this contract) in the configured cities, plus the province's own
 * records that belong to no city (浙江省总工会): those come with no `city` or with `city=330000`.
 * The provincial platform owns more than the nine cities' records: Ningbo's enterprises (Ningbo's
 * contract has none) and Shaoxing's activities and dues (Shaoxing's contract has none).
 */
export const DEFAULT_BASE_PATH = '/zjgh/v1';
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export interface ProvinceSimulatorOptions {
  dataFile: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  apiKey: string;
  basePath?: string;
  /** Cities whose records are served. Default: all eleven (the system filter decides the rest). */
  cities?: City[];
  /** Also serve Ningbo's and Shaoxing's records in this contract's format (the demo, before their simulators exist). */
  includeAllSystems?: boolean;
  /** Exactly which systems' records to serve (overrides includeAllSystems): e.g. the province plus Shaoxing
   *  while only Ningbo has a simulator of its own. */
  systems?: SystemName[];
  /** Contract faults, for retry tests and drills: every Nth resource request fails this way. */
  faults?: ProvinceFaults;
}

export interface ProvinceFaults {
  /** 429 with Retry-After: retryAfterSeconds. */
  rateLimitEvery?: number;
  retryAfterSeconds?: number;
  /** 503 with the JSON error body. */
  serverErrorEvery?: number;
  /** 503 with an HTML maintenance page (what a proxy in front of the platform shows). */
  maintenanceEvery?: number;
  /** The page, but only after slowMs: later than a client's timeout. */
  slowEvery?: number;
  slowMs?: number;
  /** The page's headers and half its body, then the connection is cut. */
  truncateEvery?: number;
}

export const PROVINCE_FAULT_KINDS = ['rateLimitEvery', 'serverErrorEvery', 'maintenanceEvery', 'slowEvery', 'truncateEvery'] as const;
export type ProvinceFaultKind = (typeof PROVINCE_FAULT_KINDS)[number];

export interface ProvinceSimulator {
  /** Base URL including the base path, e.g. http://127.0.0.1:41234/zjgh/v1 */
  url: string;
  port: number;
  /** Changes one served record (as an upstream change would) and returns it as the contract renders it. */
  mutate(change: SimulatorMutation): ProvincialRecord;
  /** Resource requests answered so far (faults included), for tests. */
  requests(): number;
  /** Faults raised so far, by kind. */
  injected(): Record<ProvinceFaultKind, number>;
  close(): Promise<void>;
}

class BadParameter extends Error {
  constructor(readonly parameter: string, message: string) {
    super(message);
  }
}

const CITY_BY_DIVISION = new Map<string, City>(CITIES.map((c) => [CITY_DIVISION[c], c]));
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Announces the whole body, sends half of it, and cuts the connection. */
function sendTruncated(res: ServerResponse, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}

function authorized(req: IncomingMessage, expected: Buffer): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseLimit(value: string | null): number {
  if (value === null) return DEFAULT_LIMIT;
  const n = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw new BadParameter('limit', `limit must be an integer from 1 to ${MAX_LIMIT}, got ${JSON.stringify(value)}`);
  return n;
}

/** Any ISO 8601 instant with an offset; compared in the stored form (UTC, milliseconds). */
function parseCursor(updatedAfter: string | null, afterId: string | null): KeysetCursor | null {
  if (updatedAfter === null) {
    if (afterId !== null) throw new BadParameter('afterId', 'afterId needs updatedAfter');
    return null;
  }
  const ms = ISO_INSTANT.test(updatedAfter) ? Date.parse(updatedAfter) : NaN;
  if (!Number.isFinite(ms)) {
    throw new BadParameter('updatedAfter', `updatedAfter must be an ISO 8601 instant such as 2025-01-01T00:00:00Z, got ${JSON.stringify(updatedAfter)}`);
  }
  if (afterId !== null && (afterId.length === 0 || afterId.length > 64)) {
    throw new BadParameter('afterId', 'afterId must be a record id (1 to 64 characters)');
  }
  // Without afterId, records updated exactly at updatedAfter are included: nothing is skipped.
  return { updatedAfter: new Date(ms).toISOString(), afterId: afterId ?? '' };
}

function parseCity(value: string | null, served: readonly City[]): CityFilter {
  if (value === null) return { kind: 'all' };
  if (value === PROVINCE_DIVISION) return { kind: 'province' };
  const city = CITY_BY_DIVISION.get(value);
  if (!city) throw new BadParameter('city', `city must be a prefecture city's division code (330100 … 331100) or 330000, got ${JSON.stringify(value)}`);
  if (!served.includes(city)) throw new BadParameter('city', `city ${value} is not served by this platform`);
  return { kind: 'city', city };
}

export async function startProvinceSimulator(options: ProvinceSimulatorOptions): Promise<ProvinceSimulator> {
  const basePath = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const cities = options.cities ?? [...CITIES];
  for (const c of cities) if (!CITIES.includes(c)) throw new Error(`unknown city ${c}`);
  const db = new Database(options.dataFile, { fileMustExist: true });
  // The data file is read in index order, which is not the table's order: map it rather than
  // copying page by page through a small cache.
  db.pragma('mmap_size = 8589934592');
  db.pragma('cache_size = -32768');
  const scope = { systems: options.systems ?? (options.includeAllSystems ? [...SYSTEMS] : [PROVINCE_SYSTEM]), cities };
  const reader = new KeysetReader(db, scope);
  const expectedAuth = Buffer.from(`Bearer ${options.apiKey}`);
  const faults = options.faults ?? {};
  let resourceRequests = 0;
  const injected = Object.fromEntries(PROVINCE_FAULT_KINDS.map((k) => [k, 0])) as Record<ProvinceFaultKind, number>;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/\/+$/, '');
    if (!path.startsWith(basePath + '/')) return sendJson(res, 404, { error: 'not_found' });
    if (!authorized(req, expectedAuth)) return sendJson(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    const resource = path.slice(basePath.length + 1);
    if (!(PROVINCIAL_RESOURCES as readonly string[]).includes(resource)) return sendJson(res, 404, { error: 'not_found' });
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
    const n = ++resourceRequests;
    const due = (kind: ProvinceFaultKind) => {
      const every = faults[kind];
      const hit = every !== undefined && every > 0 && n % every === 0;
      if (hit) injected[kind]++;
      return hit;
    };
    if (due('rateLimitEvery')) return sendJson(res, 429, { error: 'rate_limited' }, { 'retry-after': String(faults.retryAfterSeconds ?? 1) });
    if (due('serverErrorEvery')) return sendJson(res, 503, { error: 'unavailable' });
    if (due('maintenanceEvery')) {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<html><body><h1>系统维护中</h1><p>浙江数字工会平台正在维护，请稍后再试。</p></body></html>');
    }
    try {
      const q = url.searchParams;
      const limit = parseLimit(q.get('limit'));
      const cursor = parseCursor(q.get('updatedAfter'), q.get('afterId'));
      const filter = parseCity(q.get('city'), cities);
      const page = reader.page(resource as ProvincialResource, filter, cursor, limit);
      if (due('truncateEvery')) return sendTruncated(res, page);
      if (due('slowEvery')) {
        const timer = setTimeout(() => { if (!res.destroyed) sendJson(res, 200, page); }, faults.slowMs ?? 5000);
        res.once('close', () => clearTimeout(timer));
        return;
      }
      sendJson(res, 200, page);
    } catch (e) {
      if (e instanceof BadParameter) return sendJson(res, 400, { error: 'bad_request', parameter: e.parameter, message: e.message });
      sendJson(res, 500, { error: 'internal_error' });
    }
  };

  const server: Server = createServer(handle);
  const { port, origin } = await listenSimulator(server, options.port, options.host);
  return {
    url: `${origin}${basePath}`,
    port,
    mutate: (change) => applyMutation(db, reader, change),
    requests: () => resourceRequests,
    injected: () => ({ ...injected }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => {
        db.close();
        resolve();
      });
      server.closeAllConnections();
    }),
  };
}
