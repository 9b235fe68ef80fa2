import { Webhook } from 'standardwebhooks';
import { startIngestServer, type IngestServer } from '../../adapters/pipeline/ingest-server';
import { registerSources } from '../../adapters/pipeline/sources';
import { ProvincialPush } from '../../adapters/zhejiang-digital-union/push';
import { mapProvincialRecord } from '../../adapters/zhejiang-digital-union/map';
import type { Store } from '../../core/store/database';
import { STORE_VARIANTS } from '../support/stores';
import { testPii } from '../support/pii';
import { provincialMember, residentId } from '../support/provincial-records';

const SECRET = 'whsec_' + Buffer.alloc(24, 3).toString('base64');
const pii = testPii();

/** Signs with the Standard Webhooks reference library, so our verifier is checked against it. */
function signed(id: string, body: string, timestampSec = Math.floor(Date.now() / 1000), secret = SECRET) {
  const signature = new Webhook(secret).sign(id, new Date(timestampSec * 1000), body);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestampSec), 'webhook-signature': signature };
}

describe.each(STORE_VARIANTS)('provincial push endpoint on $name', (variant) => {
  let store: Store & { dispose(): Promise<void> };
  let ingest: IngestServer;
  const post = (headers: Record<string, string>, body: string) =>
    fetch(`${ingest.url}/ingest/zhejiang-digital-union/events`, { method: 'POST', headers, body });

  beforeEach(async () => {
    store = await variant.open();
    await registerSources(store, [{ id: 'province', adapter: 'zhejiang-digital-union', cities: ['HANGZHOU'], baseUrl: 'http://127.0.0.1:1' }]);
    ingest = await startIngestServer({
      store, pii, port: 0,
      routes: [{ sourceId: 'province', push: new ProvincialPush(SECRET), mapper: { map: mapProvincialRecord } }],
    });
  });
  afterEach(async () => {
    await ingest.close();
    await store.dispose();
  });

  it('stores a signed delivery before acknowledging it and applies it once, however often it comes', async () => {
    const body = JSON.stringify({ type: 'member.upserted', data: provincialMember('ZJHY0000100') });
    for (let i = 0; i < 3; i++) expect((await post(signed('msg-1', body), body)).status).toBe(204);
    await ingest.drained();
    expect(await store.db.selectFrom('inbox').select(['status']).execute()).toEqual([{ status: 'APPLIED' }]);
    expect(await store.db.selectFrom('members').select('id').execute()).toHaveLength(1);
    expect(await store.db.selectFrom('change_log').select('seq').execute()).toHaveLength(1);
  });

  it('never lets an older event overwrite a newer one when they arrive out of order', async () => {
    const newer = JSON.stringify({ type: 'member.upserted', data: provincialMember('ZJHY0000101', { status: 'LEFT', updatedAt: '2025-06-02T00:00:00.000Z' }) });
    const older = JSON.stringify({ type: 'member.upserted', data: provincialMember('ZJHY0000101', { status: 'ACTIVE', updatedAt: '2025-06-01T00:00:00.000Z' }) });
    await post(signed('n', newer), newer);
    await post(signed('o', older), older);
    await ingest.drained();
    const member = await store.db.selectFrom('members').select('status').executeTakeFirstOrThrow();
    expect(member.status).toBe('LEFT');
  });

  it('refuses a bad signature, a wrong key and a stale timestamp with 401, storing nothing', async () => {
    const body = JSON.stringify({ type: 'member.upserted', data: provincialMember('ZJHY0000102') });
    const tampered = body.replace('王芳', '李雷');
    const otherKey = 'whsec_' + Buffer.alloc(24, 9).toString('base64');
    const responses = await Promise.all([
      post(signed('a', body), tampered),
      post(signed('b', body, undefined, otherKey), body),
      post(signed('c', body, Math.floor(Date.now() / 1000) - 3600), body),
      post({ 'content-type': 'application/json' }, body),
    ]);
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(((await responses[0].json()) as { code: string }).code).toBe('SIGNATURE_INVALID');
    expect(await store.db.selectFrom('inbox').select('id').execute()).toHaveLength(0);
  });

  it('accepts a delivery signed with one of several rotating keys', async () => {
    const body = JSON.stringify({ type: 'member.upserted', data: provincialMember('ZJHY0000103') });
    const old = signed('rot', body, undefined, 'whsec_' + Buffer.alloc(24, 1).toString('base64'))['webhook-signature'];
    const headers = signed('rot', body);
    headers['webhook-signature'] = `${old} ${headers['webhook-signature']}`;
    expect((await post(headers, body)).status).toBe(204);
  });

  it('stores a signed delivery it cannot map and turns it into a dead letter', async () => {
    const good = residentId('330106', '19900101', '123');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const unmappable = JSON.stringify({ type: 'member.upserted', data: provincialMember('ZJHY0000104', { idNumber: bad }) });
    const unknownType = JSON.stringify({ type: 'member.exploded', data: {} });
    expect((await post(signed('x1', unmappable), unmappable)).status).toBe(204);
    expect((await post(signed('x2', unknownType), unknownType)).status).toBe(204);
    await ingest.drained();
    const letters = await store.db.selectFrom('dead_letters').select(['delivery_id', 'rule']).orderBy('delivery_id').execute();
    expect(letters).toEqual([{ delivery_id: 'x1', rule: 'RESIDENT_ID_CHECKSUM' }, { delivery_id: 'x2', rule: 'DECODE' }]);
    expect(await store.db.selectFrom('members').select('id').execute()).toHaveLength(0);
  });

  it('refuses a wrong content type with 415 and a body over 1 MB with 413', async () => {
    const body = JSON.stringify({ type: 'member.upserted', data: provincialMember('ZJHY0000105') });
    const text = await post({ ...signed('t', body), 'content-type': 'text/plain' }, body);
    expect(text.status).toBe(415);
    const huge = JSON.stringify({ type: 'member.upserted', data: { pad: 'x'.repeat(1024 * 1024 + 10) } });
    expect((await post(signed('h', huge), huge)).status).toBe(413);
    expect(await store.db.selectFrom('inbox').select('id').execute()).toHaveLength(0);
  });
});
