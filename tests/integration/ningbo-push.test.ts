import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NingboAdapter, ningboPush } from '../../adapters/ningbo-yonggonghui';
import { parseLocalTimestamp } from '../../adapters/ningbo-yonggonghui/local-time';
import { PUSH_PATH } from '../../adapters/ningbo-yonggonghui/push';
import { signedHeaders, startNingboSimulator, type NingboSimulator } from '../../adapters/ningbo-yonggonghui/simulator';
import { startIngestServer, type IngestServer } from '../../adapters/pipeline/ingest-server';
import { registerSources } from '../../adapters/pipeline/sources';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import type { MemberRow } from '../../adapters/synthetic-province/store';
import type { Store } from '../../core/store/database';
import { testPii } from '../support/pii';
import { STORE_VARIANTS } from '../support/stores';

/**
 * 甬工惠's member events through the hub's ingest endpoint: signed with X-Ygh-*, acknowledged with
 * {"code": 0} once stored, applied once per eventId however often they come, safe against
 * out-of-order delivery, and refused with 401 (nothing stored) when they do not verify.
 */
const pii = testPii();
/** Unique per test file: PostgreSQL tests share one database, and a sync locks its source id there. */
const SOURCE_ID = 'ningbo-push';
const APP_KEY = 'nb-push-app';
const APP_SECRET = 'nb-push-secret-0123456789';

let dir: string;
let truth: GroundTruth;
let dataFile: string;
let people: MemberRow[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ningbo-push-'));
  truth = await generateProvince({ scale: 0.002, seed: 11, outDir: dir });
  dataFile = join(dir, 'province.sqlite');
  const data = new Database(dataFile, { readonly: true });
  const invalid = new Set(truth.invalidIdSourceIds);
  people = (data.prepare("SELECT * FROM members WHERE system = 'ningbo-yonggonghui' AND status = 'ACTIVE' AND mobile IS NOT NULL ORDER BY id LIMIT 20").all() as MemberRow[])
    .filter((m) => !invalid.has(m.id) && m.id_type === 'RESIDENT_ID');
  data.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(STORE_VARIANTS)('甬工惠 member events on $name', (variant) => {
  let store: Store & { dispose(): Promise<void> };
  let ingest: IngestServer;
  let sim: NingboSimulator;
  let endpoint: string;

  beforeEach(async () => {
    store = await variant.open();
    const source: SourceConfig = { id: SOURCE_ID, adapter: 'ningbo-yonggonghui', cities: ['NINGBO'], baseUrl: 'http://127.0.0.1:1/ygh/open/v2', appKey: APP_KEY, appSecret: APP_SECRET };
    await registerSources(store, [source]);
    ingest = await startIngestServer({ store, pii, port: 0, routes: [{ sourceId: SOURCE_ID, push: ningboPush(source), mapper: new NingboAdapter(source) }] });
    endpoint = ingest.url + PUSH_PATH;
    sim = await startNingboSimulator({ dataFile, port: 0, appKey: APP_KEY, appSecret: APP_SECRET, pushTo: ingest.url });
  });

  afterEach(async () => {
    await sim.close();
    await ingest.close();
    await store.dispose();
  });

  const post = (headers: Record<string, string>, body: Buffer | string) => fetch(endpoint, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

  it('applies each event once however often it comes, and an older gxsj never overwrites a newer one', async () => {
    const [a, b] = people;
    const { events, deliveries } = await sim.pushMemberEvents([
      { id: a.id, eventType: 'MEMBER_UPDATE', set: { mobile: '13900000001' } },
      { id: a.id, eventType: 'MEMBER_TRANSFER_OUT', set: { status: 'TRANSFERRED_OUT' } },
      { id: b.id, eventType: 'MEMBER_UPDATE', set: { mobile: '13900000002' } },
      { id: b.id, eventType: 'MEMBER_QUIT', set: { status: 'LEFT' } },
    ]);
    // Each event went out twice, the newest first: every delivery was acknowledged at once.
    expect(deliveries).toHaveLength(8);
    expect(deliveries.slice(0, 4).map((d) => d.eventId)).toEqual(events.map((e) => e.eventId).reverse());
    expect(deliveries.every((d) => d.acknowledged && d.status === 200 && d.attempts === 1)).toBe(true);
    await ingest.drained();

    const inbox = await store.db.selectFrom('inbox').select(['delivery_id', 'status']).orderBy('delivery_id').execute();
    expect(inbox).toEqual(events.map((e) => ({ delivery_id: e.eventId, status: 'APPLIED' })).sort((x, y) => x.delivery_id.localeCompare(y.delivery_id)));
    const sources = await store.db.selectFrom('member_sources').selectAll().orderBy('source_id').execute();
    expect(sources.map((s) => ({ id: s.source_id, status: s.status, mobile: s.mobile_enc && pii.decrypt(s.mobile_enc), version: Number(s.version) }))).toEqual([
      { id: a.id, status: 'TRANSFERRED_OUT', mobile: '13900000001', version: parseLocalTimestamp(String(events[1].data.gxsj)) },
      { id: b.id, status: 'LEFT', mobile: '13900000002', version: parseLocalTimestamp(String(events[3].data.gxsj)) },
    ].sort((x, y) => x.id.localeCompare(y.id)));
    // The older events arrived after the newer ones and changed nothing.
    const log = await store.db.selectFrom('change_log').select(['entity_id']).where('entity', '=', 'member').execute();
    expect(log).toHaveLength(2);
    const members = await store.db.selectFrom('members').select(['status']).orderBy('status').execute();
    expect(members).toEqual([{ status: 'LEFT' }, { status: 'TRANSFERRED_OUT' }]);
  });

  it('acknowledges with {"code": 0} as JSON, and a repeated eventId is stored once', async () => {
    const record = sim.mutate({ resource: 'members', id: people[2].id });
    const body = Buffer.from(JSON.stringify({ eventId: 'e-repeat-1', eventType: 'MEMBER_UPDATE', occurTime: record.gxsj, data: record }));
    for (let i = 0; i < 3; i++) {
      const response = await post({ ...signedHeaders(APP_KEY, APP_SECRET, body) }, body);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ code: 0 });
    }
    await ingest.drained();
    expect(await store.db.selectFrom('inbox').select('delivery_id').execute()).toEqual([{ delivery_id: 'e-repeat-1' }]);
    expect(await store.db.selectFrom('member_sources').select('source_id').execute()).toEqual([{ source_id: people[2].id }]);
  });

  it('refuses a bad signature, another appKey and a stale timestamp with 401, storing nothing', async () => {
    const record = sim.mutate({ resource: 'members', id: people[3].id });
    const body = Buffer.from(JSON.stringify({ eventId: 'e-refused', eventType: 'MEMBER_UPDATE', occurTime: record.gxsj, data: record }));
    const good = signedHeaders(APP_KEY, APP_SECRET, body);
    const tampered = Buffer.from(body.toString('utf8').replace(String(record.hyid), 'NB99999999'));
    const responses = await Promise.all([
      post({ ...good }, tampered),
      post({ ...signedHeaders(APP_KEY, 'not-the-secret', body) }, body),
      post({ ...signedHeaders('another-app', APP_SECRET, body) }, body),
      post({ ...signedHeaders(APP_KEY, APP_SECRET, body, Date.now() - 301_000) }, body),
      post({ ...good, 'x-ygh-sign': good['x-ygh-sign'].slice(0, 63) }, body),
      post({ 'content-type': 'application/json' }, body),
    ]);
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(await responses[3].json()).toMatchObject({ code: 'SIGNATURE_INVALID', message: expect.stringMatching(/X-Ygh-Timestamp/) });
    await ingest.drained();
    expect(await store.db.selectFrom('inbox').select('id').execute()).toHaveLength(0);
    expect(await store.db.selectFrom('member_sources').select('source_id').execute()).toHaveLength(0);
  });

  it('keeps a signed event it cannot apply as a dead letter naming the field and rule', async () => {
    const record = sim.mutate({ resource: 'members', id: people[4].id });
    const zjhm = String(record.zjhm).trim();
    const badId = { ...record, zjhm: zjhm.slice(0, 17) + (zjhm.endsWith('0') ? '1' : '0') };
    const events = [
      { eventId: 'e-bad-id', eventType: 'MEMBER_JOIN', occurTime: record.gxsj, data: badId },
      { eventId: 'e-bad-type', eventType: 'MEMBER_EXPLODED', occurTime: record.gxsj, data: record },
    ];
    for (const event of events) {
      const body = Buffer.from(JSON.stringify(event));
      expect((await post({ ...signedHeaders(APP_KEY, APP_SECRET, body) }, body)).status).toBe(200);
    }
    await ingest.drained();
    const letters = await store.db.selectFrom('dead_letters').select(['delivery_id', 'field', 'rule', 'raw']).orderBy('delivery_id').execute();
    expect(letters.map(({ raw: _raw, ...l }) => l)).toEqual([
      { delivery_id: 'e-bad-id', field: 'zjhm', rule: 'RESIDENT_ID_CHECKSUM' },
      { delivery_id: 'e-bad-type', field: 'body', rule: 'DECODE' },
    ]);
    expect(letters[0].raw).not.toContain(badId.zjhm);
    expect(await store.db.selectFrom('member_sources').select('source_id').execute()).toHaveLength(0);
  });
});
