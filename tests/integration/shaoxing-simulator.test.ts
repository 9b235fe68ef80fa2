import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import { startShaoxingSimulator, type ShaoxingSimulator } from '../../adapters/shaoxing-internet-plus/simulator';
import { convertPoint, haversineMeters } from '../../core/geo';

/**
 * The Shaoxing simulator speaks the contract: driven over real HTTP with global fetch and an
 * independent reading of its bytes (iconv-lite and fast-xml-parser directly), not the hub's client.
 */
const CLIENT_ID = 'sx-test-client';
const CLIENT_SECRET = 'sx-test-secret';

interface XmlRecord {
  '@': { type: string; op: string };
  id: string;
  [field: string]: unknown;
}

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', attributesGroupName: '@', parseTagValue: false, trimValues: false,
  isArray: (_n, jpath) => jpath === 'response.records.record',
});

let dir: string;
let truth: GroundTruth;
let db: Database.Database;
let sim: ShaoxingSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shaoxing-sim-'));
  truth = await generateProvince({ scale: 0.002, seed: 11, outDir: dir });
  db = new Database(join(dir, 'province.sqlite'), { readonly: true });
  // No rate limit here: these tests read the feed as fast as they like.
  sim = await startShaoxingSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rateLimitPerSecond: 0 });
});

afterAll(async () => {
  await sim?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function token(secret = CLIENT_SECRET): Promise<Response> {
  return fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: secret }),
  });
}

async function accessToken(): Promise<string> {
  return ((await (await token()).json()) as { access_token: string }).access_token;
}

async function changes(query: string, bearer: string): Promise<{ status: number; headers: Headers; bytes: Buffer; xml: string }> {
  const res = await fetch(`${sim.url}/api/formation/v1/changes${query}`, { headers: { authorization: `Bearer ${bearer}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, xml: iconv.decode(bytes, 'gbk') };
}

async function readAll(bearer: string, limit = 200): Promise<XmlRecord[]> {
  const all: XmlRecord[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    const page = await changes(`?${q}`, bearer);
    expect(page.status).toBe(200);
    const response = parser.parse(page.xml).response as { nextCursor: string; hasMore: string; records: { record?: XmlRecord[] } | '' };
    all.push(...(response.records === '' ? [] : response.records.record ?? []));
    if (response.hasMore === 'false') return all;
    cursor = response.nextCursor;
  }
  throw new Error('paging never ended');
}

function countRows(table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE system = 'shaoxing-internet-plus'`).get() as { n: number }).n;
}

describe('tokens', () => {
  it('issues a Bearer token for the client credentials, as JSON with expires_in 7200', async () => {
    const res = await token();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 7200 });
  });

  it('refuses a wrong secret with 401 and a small XML error body', async () => {
    const res = await token('wrong');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/xml;charset=GBK');
    expect(iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk')).toMatch(/<error><code>invalid_client<\/code><message>[^<]+<\/message><\/error>/);
  });

  it('answers 401 to a missing, unknown or revoked token', async () => {
    expect((await fetch(`${sim.url}/api/formation/v1/changes`)).status).toBe(401);
    expect((await changes('', 'not-a-token')).status).toBe(401);
    const bearer = await accessToken();
    expect((await changes('?limit=1', bearer)).status).toBe(200);
    sim.revokeTokens();
    const refused = await changes('?limit=1', bearer);
    expect(refused.status).toBe(401);
    expect(refused.xml).toContain('<code>invalid_token</code>');
  });
});

describe('the change feed', () => {
  let bearer: string;
  let records: XmlRecord[];

  beforeAll(async () => {
    bearer = await accessToken();
    records = await readAll(bearer, 37);
  });

  it('is GBK-encoded XML, and says so in the header and the declaration', async () => {
    const page = await changes('?limit=5', bearer);
    expect(page.headers.get('content-type')).toBe('application/xml;charset=GBK');
    expect(page.bytes.subarray(0, 40).toString('latin1')).toBe('<?xml version="1.0" encoding="GBK"?>\n<re');
    // Chinese text in GBK is not valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(page.bytes)).toThrow();
  });

  it('serves every Shaoxing row once, plus the created-then-deleted records twice (upsert, then delete)', () => {
    const upserts = records.filter((r) => r['@'].op === 'upsert');
    const deletes = records.filter((r) => r['@'].op === 'delete');
    const rows = ['unions', 'enterprises', 'members', 'stations', 'applications'].reduce((s, t) => s + countRows(t), 0);
    expect(rows).toBe(Object.values(truth.records['shaoxing-internet-plus']).reduce((s, n) => s + n, 0));
    expect(upserts.length).toBe(rows + deletes.length);
    expect(deletes.length).toBeGreaterThanOrEqual(3);
    for (const d of deletes) {
      expect(Object.keys(d).sort()).toEqual(['@', 'id']);
      const created = records.findIndex((r) => r.id === d.id && r['@'].op === 'upsert');
      expect(created).toBeGreaterThanOrEqual(0);
      expect(created).toBeLessThan(records.indexOf(d));
    }
    const types = new Set(records.map((r) => r['@'].type));
    expect([...types].sort()).toEqual(['application', 'enterprise', 'member', 'station', 'union']);
    const keys = upserts.map((r) => `${r['@'].type}:${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is in commit order: updatedAt never goes back for the records that carry it', () => {
    const stamps = records.map((r) => (typeof r.updatedAt === 'string' ? Date.parse(r.updatedAt) : null)).filter((t): t is number => t !== null);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThanOrEqual(stamps[i - 1]);
  });

  it('renders the contract\'s fields with Chinese code values, +08:00 timestamps and epoch-ms submittedAt', () => {
    const member = records.find((r) => r['@'].type === 'member' && r['@'].op === 'upsert') as XmlRecord;
    expect(Object.keys(member).filter((k) => k !== '@')).toEqual(
      ['id', 'name', 'idType', 'idNo', 'gender', 'mobile', 'unionId', 'joinedOn', 'occupation', 'status', 'updatedAt']);
    expect(member.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    expect(['在会', '转出', '退会']).toContain(member.status);
    const union = records.find((r) => r['@'].type === 'union') as XmlRecord;
    expect(Object.keys(union).filter((k) => k !== '@')).toEqual(
      ['id', 'name', 'creditCode', 'parentId', 'district', 'type', 'foundedOn', 'lastElectionOn', 'status']);
    expect(['基层工会', '联合基层工会', '区域/行业工会联合会', '县级以上总工会']).toContain(union.type);
    const application = records.find((r) => r['@'].type === 'application') as XmlRecord;
    expect(application.submittedAt).toMatch(/^\d{13}$/);
    expect(['已提交', '审核中', '已批准', '已成立', '已驳回']).toContain(application.stage);
    const enterprise = records.find((r) => r['@'].type === 'enterprise' && r.unionId === '');
    expect(enterprise).toBeDefined();
  });

  it('gives station coordinates in BD-09, within a metre of the stored WGS-84 point', () => {
    const stations = records.filter((r) => r['@'].type === 'station' && r['@'].op === 'upsert' && r.bdLng !== '');
    expect(stations.length).toBeGreaterThan(100);
    for (const s of stations) {
      const row = db.prepare('SELECT lng, lat FROM stations WHERE id = ?').get(s.id) as { lng: number; lat: number } | undefined;
      if (!row) continue; // a short-lived station
      const bd = { lng: Number(s.bdLng), lat: Number(s.bdLat) };
      expect(haversineMeters(bd, row)).toBeGreaterThan(500); // really BD-09, not WGS-84
      expect(haversineMeters(convertPoint(bd, 'BD09', 'WGS84'), row)).toBeLessThan(1);
    }
  });

  it('spells values the messy ways the contract allows, without changing a valid number into an invalid one', () => {
    const members = records.filter((r) => r['@'].type === 'member' && r['@'].op === 'upsert');
    const idNos = members.map((m) => String(m.idNo));
    expect(idNos.some((v) => /[０-９]/.test(v))).toBe(true);
    expect(idNos.some((v) => / /.test(v.trim()))).toBe(true);
    expect(idNos.some((v) => /^\d{15}$/.test(v))).toBe(true);
    const mobiles = members.map((m) => String(m.mobile));
    expect(mobiles.some((v) => v.startsWith('+86'))).toBe(true);
    expect(mobiles.some((v) => /\d-\d/.test(v))).toBe(true);
    const names = members.map((m) => String(m.name));
    expect(names.some((n) => /[喆堃燚昇玥珺璟犇翀赟祎琤旻镕]/.test(n))).toBe(true);
    expect(names.some((n) => /[陳劉張黃趙吳周鄭]/.test(n))).toBe(true);
  });
});

describe('parameters and cursors', () => {
  let bearer: string;
  beforeAll(async () => {
    bearer = await accessToken();
  });

  it.each(['?limit=201', '?limit=0', '?limit=lots'])('refuses %s with 400 INVALID_PARAMETER', async (query) => {
    const page = await changes(query, bearer);
    expect(page.status).toBe(400);
    expect(page.xml).toContain('<code>INVALID_PARAMETER</code>');
  });

  it('refuses a cursor it did not issue with 400 INVALID_CURSOR', async () => {
    const page = await changes('?cursor=bm90LWEtY3Vyc29y', bearer);
    expect(page.status).toBe(400);
    expect(page.xml).toContain('<code>INVALID_CURSOR</code>');
  });

  it('answers the same records again from an old cursor (at least once)', async () => {
    const first = parser.parse((await changes('?limit=3', bearer)).xml).response as { nextCursor: string };
    const again = await changes(`?limit=4&cursor=${encodeURIComponent(first.nextCursor)}`, bearer);
    const repeat = await changes(`?limit=4&cursor=${encodeURIComponent(first.nextCursor)}`, bearer);
    const ids = (xml: string) => (parser.parse(xml).response.records.record as XmlRecord[]).map((r) => r.id);
    expect(ids(repeat.xml)).toEqual(ids(again.xml));
  });

  it('expires cursors after their validity', async () => {
    const short = await startShaoxingSimulator({
      dataFile: join(dir, 'province.sqlite'), port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, cursorValidityMs: 50,
    });
    try {
      const grant = await fetch(`${short.url}/oauth/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
      });
      const bearerShort = ((await grant.json()) as { access_token: string }).access_token;
      const read = async (q: string) => {
        const res = await fetch(`${short.url}/api/formation/v1/changes${q}`, { headers: { authorization: `Bearer ${bearerShort}` } });
        return { status: res.status, xml: iconv.decode(Buffer.from(await res.arrayBuffer()), 'gbk') };
      };
      const cursor = (parser.parse((await read('?limit=2')).xml).response as { nextCursor: string }).nextCursor;
      await new Promise((r) => setTimeout(r, 120));
      const expired = await read(`?cursor=${encodeURIComponent(cursor)}`);
      expect(expired.status).toBe(400);
      expect(expired.xml).toContain('<code>CURSOR_EXPIRED</code>');
    } finally {
      await short.close();
    }
  });
});

describe('faults', () => {
  it('injects 429 with Retry-After, 500/502/503 with XML bodies, and a charset-mislabelled body when asked', async () => {
    const bearer = await accessToken();
    sim.setFaults({ rateLimitEvery: 2, retryAfterSeconds: 3, serverErrorEvery: 3, mislabelCharsetEvery: 5 });
    try {
      const statuses: number[] = [];
      let mislabelled = false;
      let retryAfter: string | null = null;
      // 30 requests in a row meet every residue of 2, 3 and 5: each fault shows up.
      for (let i = 0; i < 30; i++) {
        const page = await changes('?limit=2', bearer);
        statuses.push(page.status);
        if (page.status === 429) retryAfter = page.headers.get('retry-after');
        if (page.status >= 500) expect(page.xml).toMatch(/<error><code>[A-Z_]+<\/code>/);
        if (page.status === 200 && page.headers.get('content-type') === 'application/xml;charset=UTF-8') mislabelled = true;
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(retryAfter).toBe('3');
      expect(new Set(statuses.filter((s) => s >= 500))).toEqual(new Set([500, 502, 503]));
      expect(mislabelled).toBe(true);
    } finally {
      sim.setFaults({});
    }
  });

  it('enforces the contract\'s 5 requests per second when the limit is on', async () => {
    const limited = await startShaoxingSimulator({ dataFile: join(dir, 'province.sqlite'), port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    try {
      const statuses = await Promise.all(Array.from({ length: 8 }, () => fetch(`${limited.url}/api/formation/v1/changes`).then((r) => r.status)));
      // Unauthenticated requests are refused before they count; ask for tokens instead.
      expect(statuses.every((s) => s === 401)).toBe(true);
      const grants = await Promise.all(Array.from({ length: 8 }, () => fetch(`${limited.url}/oauth/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
      })));
      expect(grants.filter((g) => g.status === 200)).toHaveLength(5);
      const refused = grants.find((g) => g.status === 429);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});
