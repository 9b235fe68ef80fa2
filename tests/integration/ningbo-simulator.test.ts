import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NingboAdapter } from '../../adapters/ningbo-yonggonghui';
import { newNonce, signQuery } from '../../adapters/ningbo-yonggonghui/signing';
import { startNingboSimulator, type NingboSimulator } from '../../adapters/ningbo-yonggonghui/simulator';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import type { StationRow, UnionRow } from '../../adapters/synthetic-province/store';
import { haversineMeters } from '../../core/geo';

/**
 * The 甬工惠 simulator speaks the contract: signed requests checked as written, the `code`
 * envelope inside HTTP 200, page-based paging over (gxsj, id), Ningbo's own record format, and
 * faults that bite: a client that walks page numbers while records move really does miss some.
 */
const APP_KEY = 'nb-sim-app';
const APP_SECRET = 'nb-sim-secret-0123456789';

let dir: string;
let dataFile: string;
let truth: GroundTruth;
let data: Database.Database;
let sim: NingboSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ningbo-sim-'));
  truth = await generateProvince({ scale: 0.002, seed: 11, outDir: dir });
  dataFile = join(dir, 'province.sqlite');
  data = new Database(dataFile, { readonly: true });
  sim = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET, requestsPerSecond: 0 });
});

afterAll(async () => {
  await sim?.close();
  data?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Envelope {
  code: number;
  msg: string;
  data: { total: number; pageNo: number; pageSize: number; list: Array<Record<string, unknown>>; retryAfter?: number } | null;
}

/** A request signed as the contract says; `override` replaces parameters after signing. */
async function get(base: string, resource: string, query: Record<string, string>, override: Record<string, string> = {}, secret = APP_SECRET) {
  const params: Record<string, string> = { appKey: APP_KEY, timestamp: String(Date.now()), nonce: newNonce(), ...query };
  params.sign = signQuery(secret, params);
  const search = new URLSearchParams({ ...params, ...override });
  const response = await fetch(`${base}/${resource}?${search}`);
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: (text.startsWith('{') ? JSON.parse(text) : null) as Envelope | null };
}

async function all(base: string, resource: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let pageNo = 1; ; pageNo++) {
    const { body } = await get(base, resource, { pageNo: String(pageNo), pageSize: '500', gxsjStart: '1970-01-01 00:00:00' });
    out.push(...(body?.data?.list ?? []));
    if ((body?.data?.list.length ?? 0) < 500) return out;
  }
}

describe('signed requests, checked as the contract says', () => {
  const page = { pageNo: '1', pageSize: '5', gxsjStart: '2025-01-01 00:00:00' };

  it('answers a well-signed request with code 0 inside HTTP 200', async () => {
    const r = await get(sim.url, 'unions', page);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ code: 0, msg: '成功', data: { pageNo: 1, pageSize: 5, total: expect.any(Number) } });
    expect(r.body?.data?.list).toHaveLength(5);
  });

  it('refuses a wrong signature or a wrong secret with 40101', async () => {
    expect((await get(sim.url, 'unions', page, { pageSize: '6' })).body?.code).toBe(40101);
    expect((await get(sim.url, 'unions', page, {}, 'another-secret')).body?.code).toBe(40101);
    expect((await get(sim.url, 'unions', page, { appKey: 'someone-else' })).body?.code).toBe(40101);
  });

  it('refuses a timestamp more than 300 s off with 40102, however well signed', async () => {
    expect((await get(sim.url, 'unions', { ...page, timestamp: String(Date.now() - 301_000) })).body?.code).toBe(40102);
    expect((await get(sim.url, 'unions', { ...page, timestamp: String(Date.now() + 301_000) })).body?.code).toBe(40102);
    expect((await get(sim.url, 'unions', { ...page, timestamp: String(Date.now() - 290_000) })).body?.code).toBe(0);
  });

  it('refuses a nonce seen in the last 10 minutes with 40103', async () => {
    const nonce = newNonce();
    expect((await get(sim.url, 'unions', { ...page, nonce })).body?.code).toBe(0);
    expect((await get(sim.url, 'unions', { ...page, nonce })).body?.code).toBe(40103);
  });

  it('signs the values unencoded: a gxsjStart with a space verifies', async () => {
    const r = await get(sim.url, 'members', { pageNo: '1', pageSize: '3', gxsjStart: '2025-06-01 12:00:00' });
    expect(r.body?.code).toBe(0);
    expect(r.body?.data?.list.every((m) => String(m.gxsj) >= '2025-06-01 12:00:00')).toBe(true);
  });

  it('keeps to 10 requests per second per appKey: the 11th gets 42901 with retryAfter', async () => {
    const limited = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET });
    try {
      const answers = await Promise.all(Array.from({ length: 11 }, () => get(limited.url, 'unions', page)));
      const codes = answers.map((a) => a.body?.code);
      expect(codes.filter((c) => c === 0)).toHaveLength(10);
      expect(answers.find((a) => a.body?.code === 42901)?.body?.data).toEqual({ retryAfter: 1 });
    } finally {
      await limited.close();
    }
  });
});

describe('paging and format', () => {
  it('serves every Ningbo record of each resource once, ordered by (gxsj, id)', async () => {
    const expected = { unions: 'unions', members: 'members', stations: 'stations' } as const;
    for (const resource of Object.keys(expected) as Array<keyof typeof expected>) {
      const items = await all(sim.url, resource);
      const idField = { unions: 'ghid', members: 'hyid', stations: 'zdid' }[resource];
      const keys = items.map((i) => `${i.gxsj}|${i[idField]}`);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(items.map((i) => i[idField])).size).toBe(truth.records['ningbo-yonggonghui'][resource]);
    }
    const activities = await all(sim.url, 'activities');
    const dues = await all(sim.url, 'dues');
    expect(activities.length + dues.length).toBe(truth.records['ningbo-yonggonghui'].activities);
    expect(dues.length).toBe(truth.records['ningbo-yonggonghui'].dues);
  });

  it('renders unions with pinyin fields, codes, yyyyMMdd dates and the local gxsj', async () => {
    const unions = await all(sim.url, 'unions');
    const federation = unions.find((u) => u.ghid === 'NBGH0000001') as Record<string, unknown>;
    const row = data.prepare('SELECT * FROM unions WHERE id = ?').get('NBGH0000001') as UnionRow;
    // Shanghai is UTC+8 all year: the stored UTC instant plus eight hours, to the second.
    const local = new Date(Date.parse(row.updated_at) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(federation).toEqual({
      ghid: row.id, ghmc: '宁波市总工会', xydm: row.credit_code, sjghid: '', xzqh: '330200', ghlx: '9',
      clrq: row.founded_on?.replace(/-/g, ''), hjrq: row.last_election_on?.replace(/-/g, ''), gxsj: local, sfsc: '0',
    });
    expect(new Set(unions.map((u) => u.ghlx))).toEqual(new Set(['1', '2', '3', '9']));
  });

  it('renders stations in GCJ-02 (about half a kilometre from the stored WGS-84), "" where there are no coordinates', async () => {
    const stations = await all(sim.url, 'stations');
    const rows = new Map((data.prepare("SELECT * FROM stations WHERE system = 'ningbo-yonggonghui'").all() as StationRow[]).map((r) => [r.id, r]));
    for (const s of stations.slice(0, 50)) {
      const row = rows.get(String(s.zdid)) as StationRow;
      if (row.lng === null || row.lat === null) continue;
      expect(typeof s.jd).toBe('string');
      const offset = haversineMeters({ lng: Number(s.jd), lat: Number(s.wd) }, { lng: row.lng, lat: row.lat });
      expect(offset).toBeGreaterThan(300);
      expect(offset).toBeLessThan(800);
    }
    const missing = truth.missingCoordinateStationIds.filter((id) => id.startsWith('NBZD'));
    for (const id of missing) expect(stations.find((s) => s.zdid === id)).toMatchObject({ jd: '', wd: '' });
    expect(stations.every((s) => /^(GHYZ|SJZJ|AXYJ)$/.test(String(s.zdlx)) && /^[0-3]$/.test(String(s.tszt)))).toBe(true);
  });

  it('sends messy member values the contract allows', async () => {
    const members = await all(sim.url, 'members');
    const ids = members.map((m) => String(m.zjhm ?? ''));
    expect(ids.some((z) => /^\d{15}$/.test(z))).toBe(true);
    expect(ids.some((z) => /[０-９]/.test(z))).toBe(true);
    expect(ids.some((z) => /x$/.test(z))).toBe(true);
    expect(ids.some((z) => z !== z.trim())).toBe(true);
    const phones = members.map((m) => m.sjhm);
    expect(phones.some((p) => typeof p === 'string' && p.startsWith('+86'))).toBe(true);
    expect(phones.some((p) => typeof p === 'string' && /^\d{3}-\d{4}-\d{4}$/.test(p))).toBe(true);
    expect(phones.some((p) => p === '')).toBe(true);
    expect(members.some((m) => /[陳張趙劉黃吳孫鄭馬許韓馮鄧蕭葉蘇盧陸錢龔]/.test(String(m.xm)))).toBe(true);
    expect(members.every((m) => /^\d{8}$/.test(String(m.rhrq)) && /^[1-4]$/.test(String(m.rhqd)) && /^[1-3]$/.test(String(m.hyzt)))).toBe(true);
  });
});

describe('faults', () => {
  it('answers the maintenance window with HTTP 503 and an HTML page', async () => {
    const faulty = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET, faults: { maintenanceEvery: 1 } });
    try {
      const r = await get(faulty.url, 'unions', { pageNo: '1', pageSize: '5', gxsjStart: '2025-01-01 00:00:00' });
      expect(r.status).toBe(503);
      expect(r.contentType).toMatch(/^text\/html/);
      expect(r.text).toContain('系统维护中');
    } finally {
      await faulty.close();
    }
  });

  it('moves records while a client pages: walking page numbers misses some, the hub\'s watermark walk none', async () => {
    const faults = { changeWhilePagingEvery: 2 };
    const moving = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET, faults, requestsPerSecond: 0 });
    const total = truth.records['ningbo-yonggonghui'].dues;
    try {
      // A plain walk: pages 1, 2, 3… from one gxsjStart.
      const seen = new Set<unknown>();
      for (let pageNo = 1; ; pageNo++) {
        const { body } = await get(moving.url, 'dues', { pageNo: String(pageNo), pageSize: '50', gxsjStart: '1970-01-01 00:00:00' });
        for (const d of body?.data?.list ?? []) seen.add(d.jfid);
        if ((body?.data?.list.length ?? 0) < 50) break;
      }
      expect(seen.size).toBeLessThan(total);
      // The hub's walk over the same moving upstream.
      const source = { id: 'nb', adapter: 'ningbo-yonggonghui', cities: ['NINGBO' as const], baseUrl: moving.url, appKey: APP_KEY, appSecret: APP_SECRET };
      const adapter = new NingboAdapter(source, { pageSize: 50, maxRequestsPerSecond: 100 });
      const got = new Set<unknown>();
      const movedBefore = moving.stats().moved;
      for await (const page of adapter.pull('dues', null)) for (const d of page.records) got.add((d as { jfid: string }).jfid);
      await adapter.close();
      expect(moving.stats().moved - movedBefore).toBeGreaterThan(5);
      expect(got.size).toBe(total);
    } finally {
      await moving.close();
    }
  });

  it('walks a bulk import stamped with one second, larger than a page, while records leave it', async () => {
    const moving = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET, requestsPerSecond: 0 });
    const total = truth.records['ningbo-yonggonghui'].dues;
    try {
      const dues = (data.prepare("SELECT id FROM activities WHERE system = 'ningbo-yonggonghui' AND kind = 'DUES' ORDER BY id LIMIT 60").all() as Array<{ id: string }>).map((r) => r.id);
      const stamped = moving.mutateMany({ resource: 'dues', ids: dues });
      expect(new Set(stamped.map((d) => d.gxsj)).size).toBe(1);
      // From now on every other request first moves the group's first record out of it.
      moving.setFaults({ changeWhilePagingEvery: 2 });
      const source = { id: 'nb', adapter: 'ningbo-yonggonghui', cities: ['NINGBO' as const], baseUrl: moving.url, appKey: APP_KEY, appSecret: APP_SECRET };
      const adapter = new NingboAdapter(source, { pageSize: 20, maxRequestsPerSecond: 100 });
      const got = new Set<unknown>();
      const checkpoints: string[] = [];
      for await (const page of adapter.pull('dues', null)) {
        for (const d of page.records) got.add((d as { jfid: string }).jfid);
        checkpoints.push(page.checkpoint);
      }
      await adapter.close();
      const groupPages = moving.requestLog().filter((r) => r.gxsjStart === stamped[0].gxsj && (r.pageNo ?? 1) > 1);
      expect(groupPages.length).toBeGreaterThan(0);
      expect(moving.stats().moved).toBeGreaterThan(3);
      expect(got.size).toBe(total);
      // The checkpoint never goes back and never passes a second whose records were not all read.
      expect(checkpoints).toEqual([...checkpoints].sort());
    } finally {
      await moving.close();
    }
  });
});
