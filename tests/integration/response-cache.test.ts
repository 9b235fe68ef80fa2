import { createHash } from 'node:crypto';
import { applyBatch } from '../../adapters/pipeline/apply-batch';
import { mapProvincialRecord } from '../../adapters/zhejiang-digital-union/map';
import { markSyncFinished, markSyncStarted, registerSources } from '../../adapters/pipeline/sources';
import { runMonitoring } from '../../core/monitoring/run';
import { readDataVersion } from '../../gateway/data-version';
import { cancelEnrollment, enroll } from '../../subgraphs/welfare/store/enrollments';
import { setWelfareAttributes } from '../../subgraphs/welfare/store/member-attributes';
import { updateProgram } from '../../subgraphs/welfare/store/program-writes';
import { bearer, tokenFor } from '../support/auth';
import { testPii } from '../support/pii';
import { provincialMember, residentId } from '../support/provincial-records';
import { post, startSecuredHub, type Reply, type SecuredHub } from '../support/secured-hub';
import { STORE_VARIANTS } from '../support/stores';

/**
 * The gateway's response cache as a client sees it, on a hub wired as `hub start` wires it (the
 * cache on, its defaults): the `x-hub-cache` header, the data in the answers, the /metrics counters.
 */
const OVERVIEW = 'query Dashboard { overview { members grassrootsUnions welfarePlacesUsed } }';
/** The same document written differently: whitespace and commas do not make another entry. */
const OVERVIEW_REFORMATTED = 'query Dashboard {\n  overview { members, grassrootsUnions, welfarePlacesUsed }\n}';
const STALE_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('the response cache (%s)', (_name, variant) => {
  let hub: SecuredHub;
  let analyst: Record<string, string>;

  const ask = async (query: string, headers: Record<string, string>, variables?: Record<string, unknown>): Promise<Reply> => {
    const reply = await post(hub.gateway, { query, variables }, headers);
    expect(reply.status).toBe(200);
    return reply;
  };
  const cacheOf = (reply: Reply) => reply.headers.get('x-hub-cache');
  const overviewOf = (reply: Reply) => (reply.body.data as { overview: { members: number; welfarePlacesUsed: number } }).overview;
  const counter = async (result: string): Promise<number> => {
    const text = await (await fetch(hub.gateway.replace(/\/graphql$/, '/metrics'))).text();
    return Number(new RegExp(`^gateway_response_cache_requests_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    hub = await startSecuredHub(await variant.open());
    expect(hub.config.gateway.responseCache).toEqual({ enabled: true, maxMegabytes: 64, staleMs: STALE_MS });
    await registerSources(hub.store, [{ id: 'province', adapter: 'zhejiang-digital-union', cities: ['HANGZHOU'], baseUrl: 'http://127.0.0.1:1' }]);
    analyst = bearer(await tokenFor('ANALYST', { sub: 'analyst-1' }));
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('answers a repeated overview from the cache with identical data, and counts it', async () => {
    const hitsBefore = await counter('hit');
    const first = await ask(OVERVIEW, analyst);
    expect(first.body.errors).toBeUndefined();
    expect(cacheOf(first)).toBe('miss');
    const second = await ask(OVERVIEW_REFORMATTED, analyst);
    expect(cacheOf(second)).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await counter('hit')).toBe(hitsBefore + 1);
    // Another analyst asks the same: role and city are the key, not the account.
    const other = await ask(OVERVIEW, bearer(await tokenFor('ANALYST', { sub: 'analyst-2' })));
    expect(cacheOf(other)).toBe('hit');
  });

  it('after an ingest apply, answers with the new figure once the data version is read again', async () => {
    const before = overviewOf(await ask(OVERVIEW, analyst));
    const counts = await applyBatch(hub.store, testPii(), {
      sourceId: 'province', system: 'zhejiang-digital-union', map: mapProvincialRecord,
      records: [{
        resource: 'members/330100', deliveryId: '',
        raw: provincialMember('ZJHY0000777', { idNumber: residentId('330106', '19950505', '777'), name: '缓存测试', unionId: 'HZ-G2', updatedAt: new Date().toISOString() }),
      }],
    });
    expect(counts.applied).toBe(1);
    // Within staleMs the cache may still answer; after it, it must not.
    await sleep(STALE_MS + 100);
    const after = await ask(OVERVIEW, analyst);
    expect(cacheOf(after)).toBe('miss');
    expect(overviewOf(after).members).toBe(before.members + 1);
    const again = await ask(OVERVIEW, analyst);
    expect(cacheOf(again)).toBe('hit');
    expect(overviewOf(again).members).toBe(before.members + 1);
  });

  it('never shares an entry between roles or cities', async () => {
    const query = 'query Scoped { overview { members stations } }';
    expect(cacheOf(await ask(query, analyst))).toBe('miss');
    expect(cacheOf(await ask(query, analyst))).toBe('hit');
    const callers = [
      bearer(await tokenFor('PROVINCE_ADMIN', { sub: 'province-1' })),
      bearer(await tokenFor('CITY_ADMIN', { sub: 'hz-1', city: 'HANGZHOU' })),
      bearer(await tokenFor('CITY_ADMIN', { sub: 'nb-1', city: 'NINGBO' })),
    ];
    for (const caller of callers) {
      const first = await ask(query, caller);
      expect(cacheOf(first)).toBe('miss');
      const second = await ask(query, caller);
      expect(cacheOf(second)).toBe('hit');
      expect(second.text).toBe(first.text);
    }
  });

  it('never caches a mutation, and a mutation through the gateway empties the cache at once', async () => {
    const admin = bearer(await tokenFor('PROVINCE_ADMIN', { sub: 'province-1' }));
    const before = overviewOf(await ask(OVERVIEW, admin));
    expect(cacheOf(await ask(OVERVIEW, admin))).toBe('hit');
    const enroll = 'mutation Enroll { enroll(programId: "wp-2025-checkup-national", memberId: "M2") { id status } }';
    const first = await ask(enroll, admin);
    expect(first.body.errors).toBeUndefined();
    expect(cacheOf(first)).toBe('miss');
    // Executed again, not replayed: the member holds the place already.
    const second = await ask(enroll, admin);
    expect(cacheOf(second)).toBe('miss');
    expect(second.body.errors?.[0]?.extensions?.code).toBeDefined();
    // No waiting for staleMs: the client reads its own write.
    const after = await ask(OVERVIEW, admin);
    expect(cacheOf(after)).toBe('miss');
    expect(overviewOf(after).welfarePlacesUsed).toBe(before.welfarePlacesUsed + 1);
  });

  it('empties the cache after a mutation sent as a persisted-query hash, without its text', async () => {
    const admin = bearer(await tokenFor('PROVINCE_ADMIN', { sub: 'province-1' }));
    const mutation = 'mutation Hashed($m: ID!) { enroll(programId: "wp-2025-checkup-national", memberId: $m) { id } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(mutation).digest('hex') };
    const registered = await post(hub.gateway, { query: mutation, variables: { m: 'M5' }, extensions: { persistedQuery } }, admin);
    expect(registered.body.errors).toBeUndefined();
    await ask(OVERVIEW, admin);
    expect(cacheOf(await ask(OVERVIEW, admin))).toBe('hit');
    // Only the hash this time: the gateway cannot read the document, Apollo still runs the mutation.
    const again = await post(hub.gateway, { variables: { m: 'M5' }, extensions: { persistedQuery } }, admin);
    expect(again.body.errors?.[0]?.extensions?.code).toBeDefined(); // M5 holds the place already
    expect(again.body.errors?.[0]?.message).not.toMatch(/PersistedQueryNotFound/);
    expect(cacheOf(await ask(OVERVIEW, admin))).toBe('miss');
  });

  it('never caches a document that discloses an ID number or a mobile on purpose', async () => {
    const admin = bearer(await tokenFor('PROVINCE_ADMIN', { sub: 'province-1' }));
    // Not even when the disclosure is skipped: the decision is made on the document.
    const disclosing = [
      'query Disclose($show: Boolean!) { member(id: "M1") { name idNumber(purpose: "家访核实") @include(if: $show) } }',
      'query DiscloseMobile($show: Boolean!) { member(id: "M1") { ...Contact } } fragment Contact on Member { name mobile(purpose: "家访核实") @include(if: $show) }',
    ];
    const skipsBefore = await counter('skip');
    for (const query of disclosing) {
      for (let i = 0; i < 2; i++) {
        const reply = await ask(query, admin, { show: false });
        expect(reply.body.errors).toBeUndefined();
        expect(reply.body.data).toEqual({ member: { name: '王芳' } });
        expect(cacheOf(reply)).toBe('miss');
      }
    }
    expect(await counter('skip')).toBe(skipsBefore + 4);
    // The same member without the disclosing field is cached as usual.
    const plain = 'query Plain { member(id: "M1") { name } }';
    expect(cacheOf(await ask(plain, admin))).toBe('miss');
    expect(cacheOf(await ask(plain, admin))).toBe('hit');
  });

  it('reads a new data version after every write path that changes served data', async () => {
    const store = hub.store;
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['ingest apply', () => applyBatch(store, testPii(), {
        sourceId: 'province', system: 'zhejiang-digital-union', map: mapProvincialRecord,
        records: [{ resource: 'members/330100', deliveryId: '', raw: provincialMember('ZJHY0000778', { idNumber: residentId('330106', '19960606', '778'), name: '版本测试', unionId: 'HZ-G2', updatedAt: new Date().toISOString() }) }],
      })],
      ['sync started', () => markSyncStarted(store, 'province')],
      ['sync finished', () => markSyncFinished(store, 'province', null)],
      ['monitoring run', () => runMonitoring(store, { asOf: '2025-12-31' })],
      ['monitoring run again, nothing new', () => runMonitoring(store, { asOf: '2025-12-31' })],
      ['enroll', () => enroll(store, { programId: 'wp-2025-checkup-national', memberId: 'M1', child: null }, new Date().toISOString())],
      ['cancel enrollment', async () => {
        const row = await store.db.selectFrom('enrollments').select('id').where('member_id', '=', 'M1').executeTakeFirstOrThrow();
        return cancelEnrollment(store, row.id, new Date().toISOString());
      }],
      ['welfare program update', () => updateProgram(store, 'wp-2025-checkup-national', { places: 100_000 }, '', { by: 'test', now: new Date() })],
      ['welfare attributes', () => setWelfareAttributes(store, 'M1', { hardship: true, recordedBy: 'test' }, 'req-1', new Date())],
    ];
    for (const [what, write] of writes) {
      const before = await readDataVersion(store);
      await write();
      expect({ what, moved: (await readDataVersion(store)) !== before }).toEqual({ what, moved: true });
    }
  });
});
