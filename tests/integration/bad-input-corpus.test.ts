import { createHmac } from 'node:crypto';
import iconv from 'iconv-lite';
import { NingboAdapter, ningboPush } from '../../adapters/ningbo-yonggonghui';
import { PUSH_PATH as NINGBO_PATH } from '../../adapters/ningbo-yonggonghui/push';
import { signedHeaders } from '../../adapters/ningbo-yonggonghui/simulator';
import { startIngestServer, type IngestServer } from '../../adapters/pipeline/ingest-server';
import { registerSources } from '../../adapters/pipeline/sources';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { ProvincialAdapter, provincialPush } from '../../adapters/zhejiang-digital-union';
import type { Store } from '../../core/store/database';
import { bearer, tokenFor } from '../support/auth';
import { testPii } from '../support/pii';
import { provincialMember } from '../support/provincial-records';
import { rowCounts, startSecuredHub, type SecuredHub } from '../support/secured-hub';
import { STORE_VARIANTS } from '../support/stores';

/**
 * Reliability drill 6: a corpus of broken requests against every push endpoint of the ingest
 * server and against the gateway — malformed JSON, invalid UTF-8, GBK labelled UTF-8, wrong
 * content types, huge bodies, NUL bytes, very long strings, empty bodies. Each is refused with a
 * status and a message naming what is wrong, the server keeps answering, and nothing is written.
 * (Hostile strings inside well-formed GraphQL are security-input.test.ts's.)
 */
const pii = testPii();
const SECRET = 'whsec_' + Buffer.alloc(24, 3).toString('base64');
const APP_KEY = 'corpus-app';
const APP_SECRET = 'corpus-secret-0123456789';
const PROVINCE_PATH = '/ingest/zhejiang-digital-union/events';

interface BadRequest {
  name: string;
  body: Buffer;
  /** null: no content-type header at all. */
  contentType?: string | null;
  status: number;
  /** What the message must name. */
  says: RegExp;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const event = (data: Record<string, unknown>) => ({ type: 'member.upserted', data: provincialMember('ZJHY7000001', data) });
const HUGE = Buffer.concat([Buffer.from('{"type":"member.upserted","data":{"name":"'), Buffer.alloc(2 * 1024 * 1024, 0x61), Buffer.from('"}}')]);

/** Broken at the transport: refused before anything is stored, whichever push endpoint gets it. */
const PUSH_CORPUS: BadRequest[] = [
  { name: 'malformed JSON', body: Buffer.from('{"type":"member.upserted","data":{"id":'), status: 400, says: /not JSON/ },
  { name: 'JSON with a trailing comma', body: Buffer.from('{"type":"member.upserted",}'), status: 400, says: /not JSON/ },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, says: /not valid UTF-8 \(first bad byte at offset 6\)/ },
  { name: 'GBK labelled UTF-8', body: iconv.encode(JSON.stringify(event({ name: '王芳' })), 'gbk'), contentType: 'application/json; charset=utf-8', status: 400, says: /not valid UTF-8.*GBK/ },
  { name: 'a raw NUL byte', body: Buffer.from('{"type":"member.upserted","data":{"name":"王\u0000芳"}}'), status: 400, says: /not JSON/ },
  { name: 'an escaped NUL character', body: json(event({ name: '王\u0000芳' })), status: 400, says: /NUL character .* in "name"/ },
  { name: 'an empty body', body: Buffer.alloc(0), status: 400, says: /body is empty/ },
  { name: 'a body over 1 MiB', body: HUGE, status: 413, says: /body over 1048576 bytes/ },
  { name: 'text/plain', body: json(event({})), contentType: 'text/plain', status: 415, says: /content-type must be application\/json, got "text\/plain"/ },
  { name: 'a form', body: Buffer.from('type=member.upserted'), contentType: 'application/x-www-form-urlencoded', status: 415, says: /content-type must be application\/json/ },
  { name: 'multipart', body: Buffer.from('--x\r\n\r\n{}\r\n--x--'), contentType: 'multipart/form-data; boundary=x', status: 415, says: /content-type must be application\/json/ },
  { name: 'no content-type', body: json(event({})), contentType: null, status: 415, says: /content-type must be application\/json, got ""/ },
];

function signProvincial(id: string, body: Buffer): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const mac = createHmac('sha256', Buffer.from(SECRET.slice('whsec_'.length), 'base64'))
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body])).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` };
}

function signNingbo(_id: string, body: Buffer): Record<string, string> {
  const { 'content-type': _type, ...headers } = signedHeaders(APP_KEY, APP_SECRET, body);
  return headers;
}

const ENDPOINTS = [
  { name: 'provincial', path: PROVINCE_PATH, sign: signProvincial },
  { name: 'ningbo', path: NINGBO_PATH, sign: signNingbo },
] as const;

async function send(url: string, request: BadRequest, headers: Record<string, string>): Promise<{ status: number; text: string; message: string }> {
  const contentType = request.contentType === undefined ? 'application/json' : request.contentType;
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, ...(contentType === null ? {} : { 'content-type': contentType }) },
    // fetch adds text/plain to a string body without a content-type; bytes go as they are.
    body: new Uint8Array(request.body),
  });
  const text = await response.text();
  let message = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; errors?: Array<{ message?: unknown }>; error?: unknown };
    message = String(parsed.message ?? parsed.errors?.map((e) => e.message).join('; ') ?? parsed.error ?? text);
  } catch { /* not JSON: the text is the message */ }
  return { status: response.status, text, message };
}

/** Everything a push or a query could write. */
async function written(store: Store): Promise<Record<string, number>> {
  const counts = await rowCounts(store);
  for (const table of ['inbox', 'dead_letters', 'change_log'] as const) {
    const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('bad input corpus (%s)', (_name, variant) => {
  let hub: SecuredHub;
  let ingest: IngestServer;
  let token: string;

  beforeAll(async () => {
    hub = await startSecuredHub(await variant.open());
    const province: SourceConfig = { id: 'corpus-province', adapter: 'zhejiang-digital-union', cities: ['HANGZHOU'], baseUrl: 'http://127.0.0.1:1', apiKey: 'k', webhookSecret: SECRET };
    const ningbo: SourceConfig = { id: 'corpus-ningbo', adapter: 'ningbo-yonggonghui', cities: ['NINGBO'], baseUrl: 'http://127.0.0.1:1', appKey: APP_KEY, appSecret: APP_SECRET };
    await registerSources(hub.store, [province, ningbo]);
    ingest = await startIngestServer({
      store: hub.store, pii, port: 0,
      routes: [
        { sourceId: province.id, push: provincialPush(province), mapper: new ProvincialAdapter(province) },
        { sourceId: ningbo.id, push: ningboPush(ningbo), mapper: new NingboAdapter(ningbo) },
      ],
    });
    token = await tokenFor('PROVINCE_ADMIN', { sub: 'corpus' });
  }, 60_000);

  afterAll(async () => {
    await ingest?.close();
    await hub?.stop();
  });

  it.each(ENDPOINTS)('the $name push endpoint refuses each broken delivery, signed as it is, and stores nothing', async ({ path, sign }) => {
    const before = await written(hub.store);
    const problems: string[] = [];
    for (const [i, request] of PUSH_CORPUS.entries()) {
      const reply = await send(ingest.url + path, request, sign(`corpus-${path.length}-${i}`, request.body));
      if (reply.status !== request.status || !request.says.test(reply.message)) problems.push(`${request.name}: ${reply.status} ${reply.text.slice(0, 200)}`);
      // Still answering after each one.
      if ((await fetch(`${ingest.url}/health`)).status !== 200) problems.push(`${request.name}: /health stopped answering`);
    }
    await ingest.drained();
    expect(problems).toEqual([]);
    expect(await written(hub.store)).toEqual(before);
  });

  it('keeps a very long string in a well-formed delivery as a dead letter naming the field, applying nothing', async () => {
    const before = await written(hub.store);
    const body = json(event({ id: 'ZJHY7000002', name: '王'.repeat(300_000) }));
    const reply = await send(ingest.url + PROVINCE_PATH, { name: 'long', body, status: 204, says: /^$/ }, signProvincial('corpus-long', body));
    expect(reply.status).toBe(204);
    await ingest.drained();
    const after = await written(hub.store);
    expect({ inbox: after.inbox - before.inbox, dead_letters: after.dead_letters - before.dead_letters, member_sources: after.member_sources - before.member_sources })
      .toEqual({ inbox: 1, dead_letters: 1, member_sources: 0 });
    const letter = await hub.store.db.selectFrom('dead_letters').select(['field', 'rule', 'reason']).where('delivery_id', '=', 'corpus-long').executeTakeFirstOrThrow();
    expect(letter).toMatchObject({ field: 'name' });
    expect(letter.reason.length).toBeLessThan(500);
  });

  /** The gateway's own refusals; nothing a query or a mutation could write may change. */
  const GATEWAY_CORPUS: BadRequest[] = [
    { name: 'malformed JSON', body: Buffer.from('{"query":"{ unions { totalCount } "'), status: 400, says: /not valid JSON/ },
    { name: 'invalid UTF-8', body: Buffer.concat([Buffer.from('{"query":"query($s: String!) { unions(filter: { nameContains: $s }) { totalCount } }","variables":{"s":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]), status: 400, says: /UTF-8/ },
    { name: 'GBK labelled UTF-8', body: iconv.encode(JSON.stringify({ query: 'query($s: String!) { unions(filter: { nameContains: $s }) { totalCount } }', variables: { s: '西湖区' } }), 'gbk'), contentType: 'application/json; charset=utf-8', status: 400, says: /UTF-8/ },
    { name: 'text/plain', body: json({ query: '{ unions { totalCount } }' }), contentType: 'text/plain', status: 400, says: /content-type|preflight|CSRF/i },
    { name: 'a form', body: Buffer.from('query=%7B%20unions%20%7B%20totalCount%20%7D%20%7D'), contentType: 'application/x-www-form-urlencoded', status: 400, says: /content-type|preflight|CSRF/i },
    { name: 'no content-type', body: json({ query: '{ unions { totalCount } }' }), contentType: null, status: 400, says: /content-type|preflight|CSRF/i },
    { name: 'a body over 1 MiB', body: HUGE, status: 413, says: /larger than 1048576 bytes/ },
    { name: 'a NUL character in a variable', body: json({ query: 'query($s: String!) { unions(filter: { nameContains: $s }) { totalCount } }', variables: { s: 'x\u0000y' } }), status: 400, says: /contains the character U\+0000/ },
    { name: 'a NUL character in a mutation', body: json({ query: 'mutation($p: ID!, $m: ID!) { enroll(programId: $p, memberId: $m) { id } }', variables: { p: 'P\u0000', m: 'M1' } }), status: 400, says: /contains the character U\+0000/ },
    { name: 'a very long string (unions)', body: json({ query: 'query($s: String!) { unions(filter: { nameContains: $s }) { totalCount } }', variables: { s: '王'.repeat(200_000) } }), status: 200, says: /nameContains must be at most 200 characters, got 200000/ },
    { name: 'a very long string (members)', body: json({ query: 'query($s: String!) { members(filter: { nameContains: $s }) { totalCount } }', variables: { s: '王'.repeat(200_000) } }), status: 200, says: /nameContains must be at most 64 characters/ },
    { name: 'an empty body', body: Buffer.alloc(0), status: 400, says: /query|body/i },
  ];

  it('the gateway refuses each broken request with a status and a message naming the problem, and writes nothing', async () => {
    const before = await written(hub.store);
    const origin = new URL(hub.gateway).origin;
    const problems: string[] = [];
    for (const request of GATEWAY_CORPUS) {
      const reply = await send(hub.gateway, request, bearer(token));
      if (reply.status !== request.status || !request.says.test(reply.message)) problems.push(`${request.name}: ${reply.status} ${reply.text.slice(0, 300)}`);
      if ((await fetch(`${origin}/health`)).status !== 200) problems.push(`${request.name}: /health stopped answering`);
    }
    expect(problems).toEqual([]);
    expect(await written(hub.store)).toEqual(before);
  });
});
