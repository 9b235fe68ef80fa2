import Database from 'better-sqlite3';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import { readProvinceMeta } from '../../adapters/synthetic-province/store';
import {
  pushEvent, signStandardWebhook, startProvinceSimulator, type ProvinceSimulator,
} from '../../adapters/zhejiang-digital-union/simulator';

/**
 * The provincial simulator over a tiny synthetic province, driven through real HTTP with global
 * fetch exactly as a client following the contract would.
 */
const API_KEY = 'test-province-key';
const RESOURCES = ['organizations', 'members', 'activities', 'stations'] as const;
const TABLES: Record<(typeof RESOURCES)[number], string[]> = {
  organizations: ['unions', 'enterprises'], members: ['members'], activities: ['activities'], stations: ['stations'],
};
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface PageBody {
  items: Array<Record<string, unknown> & { id: string; updatedAt: string }>;
  next: { updatedAfter: string; afterId: string } | null;
}

let dir: string;
let truth: GroundTruth;
let db: Database.Database;
let sim: ProvinceSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'province-sim-'));
  truth = await generateProvince({ scale: 0.002, seed: 11, outDir: dir });
  db = new Database(join(dir, 'province.sqlite'), { readonly: true });
  sim = await startProvinceSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, apiKey: API_KEY });
});

afterAll(async () => {
  await sim?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(base: string, path: string, key = API_KEY): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${base}/${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** Follows `next` until null; returns every item in the order served. */
async function pullAll(base: string, resource: string, params: Record<string, string> = {}): Promise<PageBody['items']> {
  const all: PageBody['items'] = [];
  let next: PageBody['next'] = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const q = new URLSearchParams(params);
    if (next) {
      q.set('updatedAfter', next.updatedAfter);
      q.set('afterId', next.afterId);
    }
    const { status, body } = await get(base, `${resource}?${q}`);
    expect(status).toBe(200);
    const page = body as PageBody;
    all.push(...page.items);
    if (page.next === null) return all;
    next = page.next;
  }
  throw new Error('paging never ended');
}

function servedRows(resource: (typeof RESOURCES)[number], where: string, ...params: unknown[]): number {
  return TABLES[resource].reduce((sum, table) =>
    sum + (db.prepare(`SELECT COUNT(*) n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n, 0);
}

function expectKeysetOrder(items: PageBody['items']): void {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1], items[i]];
    expect(a.updatedAt < b.updatedAt || (a.updatedAt === b.updatedAt && a.id < b.id)).toBe(true);
  }
}

describe('paging every resource with the keyset cursor', () => {
  it.each(RESOURCES)('serves each provincial %s record exactly once, in (updatedAt, id) order', async (resource) => {
    const items = await pullAll(sim.url, resource, { limit: '1000' });
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(servedRows(resource, "system = 'zhejiang-digital-union'"));
    expectKeysetOrder(items);
  });

  it('pages one city with an odd page size as the hub client does', async () => {
    const items = await pullAll(sim.url, 'members', { city: '330100', limit: '37' });
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.length).toBe(servedRows('members', "system = 'zhejiang-digital-union' AND city = 'HANGZHOU'"));
    expectKeysetOrder(items);
  });

  it('serves the province federation with city=330000 and Ningbo\'s enterprises, which only the province holds', async () => {
    const own = await pullAll(sim.url, 'organizations', { city: '330000' });
    expect(own.map((o) => o.id)).toEqual(['ZJGH0000000']);
    const ningbo = await pullAll(sim.url, 'organizations', { city: '330200' });
    expect(ningbo.length).toBe(truth.cities.NINGBO.enterprisesByCategory.PLATFORM_BRANCH.total
      + truth.cities.NINGBO.enterprisesByCategory.PLATFORM_HQ.total + truth.cities.NINGBO.enterprisesByCategory.COOPERATING.total
      + truth.cities.NINGBO.enterprisesByCategory.OTHER.total);
    expect(ningbo.every((o) => o.kind === 'ENTERPRISE')).toBe(true);
  });

  it('answers strictly after the (updatedAfter, afterId) pair, and includes the instant itself without afterId', async () => {
    const first = (await get(sim.url, 'activities?limit=5')).body as PageBody;
    const third = first.items[2];
    const after = (await get(sim.url, `activities?limit=2&updatedAfter=${encodeURIComponent(third.updatedAt)}&afterId=${third.id}`)).body as PageBody;
    expect(after.items[0].id).toBe(first.items[3].id);
    const from = (await get(sim.url, `activities?limit=1&updatedAfter=${encodeURIComponent(third.updatedAt)}`)).body as PageBody;
    expect(from.items[0].updatedAt).toBe(third.updatedAt);
  });

  it('serves every system\'s records with includeAllSystems', async () => {
    const all = await startProvinceSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, apiKey: API_KEY, includeAllSystems: true });
    try {
      const members = await pullAll(all.url, 'members', { limit: '1000' });
      expect(members.length).toBe(servedRows('members', '1 = 1'));
      const ningbo = await pullAll(all.url, 'stations', { city: '330200', limit: '1000' });
      expect(ningbo.length).toBe(truth.cities.NINGBO.stations.total);
      expect(ningbo.every((s) => s.id.startsWith('NBZD'))).toBe(true);
    } finally {
      await all.close();
    }
  });

  it('keeps connections alive', async () => {
    const { headers } = await get(sim.url, 'stations?limit=1');
    expect(headers.get('keep-alive')).toMatch(/timeout=\d+/);
  });
});

describe('refusals', () => {
  it('answers 401 {"error":"unauthorized"} to a wrong or missing key', async () => {
    expect(await get(sim.url, 'members', 'wrong-key')).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    const bare = await fetch(`${sim.url}/members`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ error: 'unauthorized' });
  });

  it.each([
    ['members?limit=5000', 'limit'],
    ['members?limit=0', 'limit'],
    ['members?limit=ten', 'limit'],
    ['members?updatedAfter=yesterday', 'updatedAfter'],
    ['members?afterId=ZJHY00000001', 'afterId'],
    ['members?city=110000', 'city'],
  ])('answers 400 naming the parameter for %s', async (path, parameter) => {
    const { status, body } = await get(sim.url, path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad_request', parameter });
  });

  it('answers 404 to an unknown resource', async () => {
    expect((await get(sim.url, 'unions')).status).toBe(404);
  });

  it('injects 429 with Retry-After and 503 when asked to', async () => {
    const faulty = await startProvinceSimulator({
      dataFile: join(dir, 'province.sqlite'), port: 0, apiKey: API_KEY, faults: { rateLimitEvery: 2, serverErrorEvery: 3, retryAfterSeconds: 2 },
    });
    try {
      expect((await get(faulty.url, 'stations?limit=1')).status).toBe(200);
      const limited = await get(faulty.url, 'stations?limit=1');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect((await get(faulty.url, 'stations?limit=1')).status).toBe(503);
    } finally {
      await faulty.close();
    }
  });
});

describe('record formats', () => {
  async function firstWhere(resource: string, test: (item: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const found = (await pullAll(sim.url, resource, { limit: '1000' })).find(test);
    if (!found) throw new Error(`no ${resource} record matched`);
    return found;
  }

  it('renders a member with the contract\'s fields and formats', async () => {
    const m = await firstWhere('members', (i) => Array.isArray(i.occupations) && (i.occupations as unknown[]).length > 0);
    expect(Object.keys(m).sort()).toEqual(['deleted', 'employer', 'gender', 'id', 'idNumber', 'idType', 'joinChannel', 'joinedAt',
      'mobile', 'name', 'occupations', 'status', 'unionId', 'updatedAt'].sort());
    expect(m).toMatchObject({ id: expect.stringMatching(/^ZJHY\d{8}$/), deleted: false, status: expect.stringMatching(/^(ACTIVE|TRANSFERRED_OUT|LEFT)$/) });
    expect(m.updatedAt).toMatch(ISO_MS);
    expect(m.joinedAt).toMatch(DATE);
    expect(m.employer).toEqual({ name: expect.any(String), creditCode: expect.stringMatching(/^91\d{6}[0-9A-Z]{10}$/) });
  });

  it('renders unions and enterprises in one organizations resource', async () => {
    const union = await firstWhere('organizations', (i) => i.kind === 'UNION' && i.unionType === 'GRASSROOTS');
    expect(union).toMatchObject({ division: expect.stringMatching(/^33\d{4}$/), enterpriseCategory: null, dissolved: false, deleted: false });
    expect(union.foundedOn).toMatch(DATE);
    expect(union.lastElectionOn).toMatch(DATE);
    const enterprise = await firstWhere('organizations', (i) => i.kind === 'ENTERPRISE' && i.enterpriseCategory === 'PLATFORM_BRANCH');
    expect(enterprise).toMatchObject({ unionType: null, platform: expect.any(String), parentId: null });
    expect(Object.keys(union)).toEqual(expect.arrayContaining(['id', 'kind', 'name', 'creditCode', 'parentId', 'division', 'unionType',
      'enterpriseCategory', 'platform', 'unionId', 'foundedOn', 'lastElectionOn', 'dissolved', 'updatedAt', 'deleted']));
  });

  it('renders dues as activities of kind DUES with amountYuan', async () => {
    const dues = await firstWhere('activities', (i) => i.kind === 'DUES');
    expect(typeof dues.amountYuan).toBe('number');
    expect(dues.date).toMatch(DATE);
    const meeting = await firstWhere('activities', (i) => i.kind !== 'DUES');
    expect(meeting).toMatchObject({ amountYuan: null, participants: expect.any(Number) });
  });

  it('renders stations with WGS-84 locations, facilities and upgrade', async () => {
    const s = await firstWhere('stations', (i) => i.location !== null);
    const location = s.location as { lng: number; lat: number };
    expect(location.lng).toBeGreaterThan(118);
    expect(location.lat).toBeLessThan(31.2);
    const upgrade = s.upgrade as { status: string; year: number | null };
    expect(Object.keys(upgrade).sort()).toEqual(['status', 'year']);
    expect(upgrade.status).toMatch(/^(NONE|PLANNED|IN_PROGRESS|COMPLETED)$/);
    expect(upgrade.status === 'NONE' ? upgrade.year === null : Number.isInteger(upgrade.year)).toBe(true);
    expect(Array.isArray(s.facilities)).toBe(true);
    const missing = truth.missingCoordinateStationIds.find((id) => id.startsWith('ZJZD'));
    if (missing) expect((await firstWhere('stations', (i) => i.id === missing)).location).toBeNull();
  });
});

describe('changes', () => {
  it('shows a mutated record after the cursor a caught-up client holds', async () => {
    const items = await pullAll(sim.url, 'members', { limit: '1000' });
    const last = items[items.length - 1];
    const changed = sim.mutate({ resource: 'members', id: items[0].id, set: { status: 'LEFT' } });
    expect(changed).toMatchObject({ id: items[0].id, status: 'LEFT' });
    const after = (await get(sim.url, `members?updatedAfter=${encodeURIComponent(last.updatedAt)}&afterId=${last.id}`)).body as PageBody;
    expect(after.items).toEqual([changed]);
    expect(after.next).toBeNull();
    // The changed file is no longer what the seed makes: the generator makes it afresh.
    expect(readProvinceMeta(join(dir, 'province.sqlite'))).toMatchObject({ mutated: '1' });
  });

  it('pushes Standard Webhooks deliveries that the reference library verifies', async () => {
    const secret = 'whsec_' + Buffer.from('a test secret of 32 bytes length').toString('base64');
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const hub = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    try {
      const station = sim.mutate({ resource: 'stations', id: truth.missingCoordinateStationIds.find((id) => id.startsWith('ZJZD')) ?? 'ZJZD000001', set: { hours: '24h' } });
      const url = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/ingest/zhejiang-digital-union/events`;
      const answer = await pushEvent({ url, secret, type: 'station.upserted', data: station, id: 'msg_test_1' });
      expect(answer.status).toBe(204);
      const [delivery] = received;
      const headers = {
        'webhook-id': String(delivery.headers['webhook-id']),
        'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
        'webhook-signature': String(delivery.headers['webhook-signature']),
      };
      expect(headers['webhook-id']).toBe('msg_test_1');
      expect(new Webhook(secret).verify(delivery.body, headers)).toEqual({ type: 'station.upserted', data: station });
      const fixed = signStandardWebhook(secret, 'msg_1', 1_700_000_000, '{"a":1}');
      expect(fixed).toBe(new Webhook(secret).sign('msg_1', new Date(1_700_000_000_000), '{"a":1}'));
    } finally {
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });
});
