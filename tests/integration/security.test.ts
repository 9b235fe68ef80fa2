import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT } from 'jose';
import { decodeIdentity } from '../../core/auth/identity';
import { loadSubgraphKey } from '../../core/auth/keys';
import { IDENTITY_HEADER, signSubgraphRequest } from '../../core/auth/subgraph-signature';
import { createTokenVerifier } from '../../core/auth/token-verifier';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { startSubgraph, type SubgraphContext } from '../../subgraphs/kit';
import { compose } from '../support/tiny-subgraphs';
import { readSupergraph } from '../../schema/supergraph-file';
import { bearer, OTHER_JWT_SECRET, secretBytes, TEST_JWT_SECRET, tokenFor } from '../support/auth';
import { memoryLogger, post, rowCounts, startSecuredHub, type Reply, type SecuredHub } from '../support/secured-hub';
import { sqliteVariant } from '../support/stores';

/**
 * The abuse suite: a real hub (the four subgraphs and the gateway, wired by startServices as
 * `hub start` wires them, with HUB_JWT_SECRET set and signed subgraph requests) on a real store,
 * attacked over loopback HTTP. Every attack gets a clear error, writes nothing, and leaves no
 * token or personal data in the logs. Hostile strings in every input: security-input.test.ts.
 */
const OVERVIEW = '{ overview { members grassrootsUnions stations } }';
/** Would succeed if executed: M1 is an active new-employment member and the program is open. */
const ENROLL = 'mutation { enroll(programId: "wp-2025-checkup-national", memberId: "M1") { id } }';

describe('security: the hub under attack (sqlite)', () => {
  let hub: SecuredHub;
  let before: Record<string, number>;
  let analyst: string;
  /** Every token used in this suite: none may appear in a log line. */
  const tokens: string[] = [];

  beforeAll(async () => {
    hub = await startSecuredHub(await sqliteVariant.open());
    analyst = await tokenFor('ANALYST', { sub: 'analyst-1' });
    tokens.push(analyst);
    before = await rowCounts(hub.store);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  /** The 401 a refused token gets, with its reason. */
  async function refusedWith(token: string | null, reason: string): Promise<void> {
    if (token) tokens.push(token);
    const reply = await post(hub.gateway, { query: OVERVIEW }, token === null ? {} : bearer(token));
    expect(reply.status).toBe(401);
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors).toEqual([{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason } }]);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="union-hub"/);
  }

  describe('authentication', () => {
    it('answers a valid token', async () => {
      const reply = await post(hub.gateway, { query: OVERVIEW }, bearer(analyst));
      expect(reply.status).toBe(200);
      expect(reply.body.errors).toBeUndefined();
      expect(reply.body.data?.overview).toMatchObject({ members: expect.any(Number), grassrootsUnions: expect.any(Number) });
    });

    it('refuses a request without a token', () => refusedWith(null, 'missing'));
    it('refuses an expired token', async () => refusedWith(await tokenFor('ANALYST', { ttlSeconds: 60, now: new Date(Date.now() - 7200_000) }), 'expired'));
    it('refuses a token signed with the wrong secret', async () => refusedWith(await tokenFor('PROVINCE_ADMIN', { secret: OTHER_JWT_SECRET }), 'bad_signature'));
    it('refuses alg: none', async () => refusedWith(new UnsecuredJWT({ role: 'PROVINCE_ADMIN' }).setSubject('mallory').setExpirationTime('1h').encode(), 'algorithm_not_allowed'));
    it('refuses a role the gateway does not know', async () => {
      const token = await new SignJWT({ role: 'SUPERUSER' }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setExpirationTime('1h').sign(secretBytes(TEST_JWT_SECRET));
      await refusedWith(token, 'unknown_role');
    });
    it('refuses a city admin without a city', async () => {
      const token = await new SignJWT({ role: 'CITY_ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setExpirationTime('1h').sign(secretBytes(TEST_JWT_SECRET));
      await refusedWith(token, 'city_required');
    });
    it('refuses a header that is not a bearer token', async () => {
      const reply = await post(hub.gateway, { query: OVERVIEW }, { authorization: 'Basic YWRtaW46YWRtaW4=' });
      expect(reply.status).toBe(401);
      expect(reply.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'malformed' });
    });

    it('refuses introspection and GET queries without a token, and runs no mutation', async () => {
      expect((await post(hub.gateway, { query: '{ __schema { types { name } } }' })).status).toBe(401);
      const get = await fetch(`${hub.gateway}?query=${encodeURIComponent('{ sources { id } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(get.status).toBe(401);
      expect((await post(hub.gateway, { query: ENROLL })).status).toBe(401);
    });

    it('keeps /health, /ready (with signed probes) and the GraphiQL page open', async () => {
      const origin = new URL(hub.gateway).origin;
      expect((await fetch(`${origin}/health`)).status).toBe(200);
      const ready = await fetch(`${origin}/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { membership: 'up', organizations: 'up', stations: 'up', welfare: 'up' } });
      const page = await fetch(hub.gateway, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      await page.arrayBuffer();
    });

    it('lets authenticated callers introspect', async () => {
      const reply = await post(hub.gateway, { query: '{ __schema { queryType { name } } }' }, bearer(analyst));
      expect(reply.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });
  });

  describe('operation limits', () => {
    /** A 400 naming the limit. */
    async function overLimit(body: unknown, limit: string): Promise<Reply> {
      const reply = await post(hub.gateway, body, bearer(analyst));
      expect(reply.status).toBe(400);
      expect(reply.body.data).toBeUndefined();
      expect(reply.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit }) })]);
      return reply;
    }

    it('refuses a depth bomb', async () => {
      await overLimit({ query: `{ union(id: "ZJ") ${'{ parent '.repeat(40)}{ id }${' }'.repeat(40)} }` }, 'maxDepth');
    });

    it('refuses an alias bomb', async () => {
      await overLimit({ query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: sources { id }`).join(' ')} }` }, 'maxAliases');
    });

    it('refuses a directive flood', async () => {
      await overLimit({ query: `{ ${'... @include(if: true) { __typename } '.repeat(60)}}` }, 'maxDirectives');
      // Repeating one directive on one field is already refused by graphql-js, with at most 100 errors.
      const repeated = await post(hub.gateway, { query: `{ sources ${'@include(if: true) '.repeat(300)}{ id } }` }, bearer(analyst));
      expect(repeated.status).toBe(400);
      expect(repeated.body.errors!.length).toBeLessThanOrEqual(101);
    });

    it('refuses a query built to be expensive within the depth limit, before calling any subgraph', async () => {
      const query = 'query Expensive($n: Int) { unions(first: $n) { edges { node { children(first: $n) { edges { node { children(first: $n) { edges { node { id stations { id } } } } } } } } } } }';
      const reply = await overLimit({ query, variables: { n: 500 }, operationName: 'Expensive' }, 'maxCost');
      expect(reply.body.errors?.[0]?.message).toContain('too expensive');
      const line = hub.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.operation === 'Expensive');
      expect(line).toMatchObject({ status: 400, outcome: 'error', subgraphErrors: [] });
      expect(Number(line!.cost)).toBeGreaterThan(100_000);
    });

    it('refuses a page over 500 with the same error the subgraphs give', async () => {
      const reply = await post(hub.gateway, { query: '{ members(first: 501) { totalCount } }' }, bearer(analyst));
      expect(reply.status).toBe(400);
      expect(reply.body.errors?.[0]).toMatchObject({ message: 'first must be at most 500, got 501', extensions: { code: 'BAD_USER_INPUT', field: 'first', rule: 'MAX' } });
    });

    it('refuses a document with too many tokens', async () => {
      const reply = await post(hub.gateway, { query: `{ ${'__typename '.repeat(5000)}}` }, bearer(analyst));
      expect(reply.status).toBe(400);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('refuses a 10 MB query with 413', async () => {
      const reply = await post(hub.gateway, { query: `{ sources { id } } # ${'x'.repeat(10 * 1024 * 1024)}` }, bearer(analyst));
      expect(reply.status).toBe(413);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('refuses batched operations', async () => {
      const reply = await post(hub.gateway, [{ query: '{ sources { id } }' }, { query: '{ sources { id } }' }], bearer(analyst));
      expect(reply.status).toBe(400);
      expect(reply.text).toContain('batching');
    });

    it('suggests no field names', async () => {
      const reply = await post(hub.gateway, { query: '{ overveiw { members } }' }, bearer(analyst));
      expect(reply.status).toBe(400);
      expect(reply.text).toContain('Cannot query field');
      expect(reply.text).not.toMatch(/Did you mean/i);
      expect(reply.text).not.toContain('overview');
    });

    it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
      const response = await fetch(`${hub.gateway}?query=${encodeURIComponent('{ sources { id } }')}`, { headers: { ...bearer(analyst) } });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('CSRF');
    });
  });

  describe('direct calls to the subgraphs', () => {
    let proxy: { url: string; captured: Array<{ headers: IncomingHttpHeaders; body: Buffer }>; close(): Promise<void> };
    let gateway: RunningGateway;
    const target = () => hub.subgraph('organizations');

    beforeAll(async () => {
      // A second gateway whose organizations subgraph sits behind a recording proxy, to capture genuine signed requests.
      proxy = await recordingProxy(target());
      gateway = await startGateway({
        supergraphSdl: readSupergraph(),
        subgraphUrls: { ...Object.fromEntries(hub.services.subgraphs.map((s) => [s.name, s.url])), organizations: proxy.url },
        port: 0,
        logger: memoryLogger().logger,
        tokens: createTokenVerifier({ kind: 'secret', secret: secretBytes(TEST_JWT_SECRET) }),
        subgraphKey: loadSubgraphKey(hub.config),
      });
    });

    afterAll(async () => {
      await gateway?.close();
      await proxy?.close();
    });

    it('sends each subgraph the verified identity, inside the signature', async () => {
      const admin = await tokenFor('CITY_ADMIN', { city: 'NINGBO', sub: 'nb-admin' });
      tokens.push(admin);
      const reply = await post(gateway.url, { query: '{ unions(first: 1) { totalCount } }' }, bearer(admin));
      expect(reply.body.errors).toBeUndefined();
      const sent = proxy.captured.at(-1)!;
      expect(decodeIdentity(String(sent.headers[IDENTITY_HEADER]))).toEqual({ subject: 'nb-admin', role: 'CITY_ADMIN', city: 'NINGBO' });
      // The bearer token itself stays at the gateway.
      expect(sent.headers.authorization).toBeUndefined();
    });

    it.each([
      ['a query', '{ unions(first: 5) { edges { node { name } } } }'],
      ['_service', '{ _service { sdl } }'],
      ['_entities', '{ _entities(representations: [{ __typename: "Union", id: "ZJ" }]) { ... on Union { name } } }'],
    ])('refuses %s without a signature', async (_what, query) => {
      const reply = await post(target(), { query });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ errors: [{ message: expect.stringContaining('answers the gateway only'), extensions: { code: 'UNAUTHENTICATED', reason: 'signature_missing' } }] });
    });

    it('runs no mutation that reaches a subgraph directly', async () => {
      const reply = await post(hub.subgraph('welfare'), { query: ENROLL });
      expect(reply.status).toBe(401);
      expect(await hub.store.db.selectFrom('enrollments').selectAll().execute()).toEqual([]);
    });

    it('refuses a request signed with a forged key, or with an old timestamp', async () => {
      const body = JSON.stringify({ query: '{ _service { sdl } }' });
      const parts = { method: 'POST', target: '/graphql', body, requestId: 'forged-1', identity: '' };
      const forged = await post(target(), body, signSubgraphRequest(secretBytes(OTHER_JWT_SECRET), parts));
      expect(forged.status).toBe(401);
      expect(forged.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'signature_mismatch' });
      const old = await post(target(), body, signSubgraphRequest(loadSubgraphKey(hub.config), parts, Date.now() - 5 * 60_000));
      expect(old.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'timestamp_stale' });
    });

    it('refuses a captured gateway request replayed, or replayed with a changed body', async () => {
      await post(gateway.url, { query: '{ unions(first: 1) { totalCount } }' }, bearer(analyst));
      const genuine = proxy.captured.at(-1)!;
      const headers = Object.fromEntries(Object.entries(genuine.headers).filter(([name]) => name.startsWith('x-') || name === 'content-type')) as Record<string, string>;
      const replayed = await post(target(), genuine.body.toString('utf8'), headers);
      expect(replayed.status).toBe(401);
      expect(replayed.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'replayed' });
      const changed = await post(target(), genuine.body.toString('utf8').replace('first', 'last'), headers);
      expect(changed.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'signature_mismatch' });
    });

    it('tells the operator when the gateway and the subgraphs do not share the secret', async () => {
      const misconfigured = await startGateway({
        supergraphSdl: readSupergraph(),
        subgraphUrls: Object.fromEntries(hub.services.subgraphs.map((s) => [s.name, s.url])),
        port: 0,
        logger: memoryLogger().logger,
        tokens: createTokenVerifier({ kind: 'secret', secret: secretBytes(TEST_JWT_SECRET) }),
        subgraphKey: secretBytes('not the secret the subgraphs were started with'),
      });
      try {
        const ready = await fetch(`${new URL(misconfigured.url).origin}/ready`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toEqual({ status: 'not ready', subgraphs: { membership: 'refused', organizations: 'refused', stations: 'refused', welfare: 'refused' } });
        const reply = await post(misconfigured.url, { query: '{ sources { id } }' }, bearer(analyst));
        expect(reply.body.errors?.[0]).toMatchObject({ message: 'subgraph organizations did not accept the credentials', extensions: { code: 'UNAUTHENTICATED', subgraph: 'organizations' } });
      } finally {
        await misconfigured.close();
      }
    });

    it('logs each refusal with its reason and nothing of the request', () => {
      const refusals = hub.lines.filter((l) => l.includes('gateway signature refused')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(refusals.map((r) => r.reason)).toEqual(expect.arrayContaining(['signature_missing', 'signature_mismatch', 'timestamp_stale', 'replayed']));
      for (const line of refusals) expect(Object.keys(line).sort()).toEqual(['hostname', 'level', 'msg', 'pid', 'reason', 'requestId', 'subgraph', 'time']);
    });
  });

  describe('a subgraph built with the kit, behind a signing gateway', () => {
    const typeDefs = parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Caller { subject: String! role: String! city: String }
      type Query { whoami: Caller broken: String echo(text: String): String }`);
    const resolvers = {
      Query: {
        whoami: (_p: unknown, _a: unknown, context: SubgraphContext) => context.identity,
        broken: () => { throw new Error('connect ECONNREFUSED 10.1.2.3:5432 (password authentication failed for user "hub")'); },
        echo: (_p: unknown, args: { text: string | null }) => args.text,
      },
    };
    let gateway: RunningGateway;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const subgraph = await startSubgraph({
        name: 'probe', schema: buildSubgraphSchema([{ typeDefs, resolvers }]), store: hub.store, port: 0,
        gatewayKey: loadSubgraphKey(hub.config), logger: memoryLogger().logger,
      });
      gateway = await startGateway({
        supergraphSdl: compose([{ name: 'probe', typeDefs, url: subgraph.url }]),
        subgraphUrls: {}, port: 0, logger: memoryLogger().logger,
        tokens: createTokenVerifier({ kind: 'secret', secret: secretBytes(TEST_JWT_SECRET) }),
        subgraphKey: loadSubgraphKey(hub.config),
      });
      stop = async () => { await gateway.close(); await subgraph.close(); };
    });

    afterAll(() => stop?.());

    it("puts the token's identity into the resolvers' context", async () => {
      const admin = await tokenFor('CITY_ADMIN', { city: 'SHAOXING', sub: 'sx-admin' });
      tokens.push(admin);
      const reply = await post(gateway.url, { query: '{ whoami { subject role city } }' }, bearer(admin));
      expect(reply.body).toEqual({ data: { whoami: { subject: 'sx-admin', role: 'CITY_ADMIN', city: 'SHAOXING' } } });
    });

    it("names the subgraph and the request id instead of a subgraph's internal error", async () => {
      const reply = await post(gateway.url, { query: '{ broken }' }, { ...bearer(analyst), 'x-request-id': 'broken-1' });
      expect(reply.body.errors).toEqual([expect.objectContaining({ message: 'internal error in subgraph probe (request id broken-1)' })]);
      for (const leak of ['10.1.2.3', 'ECONNREFUSED', 'password']) expect(reply.text).not.toContain(leak);
    });

    it('refuses the NUL character in any string before it reaches a subgraph, and passes every other character', async () => {
      const viaVariable = await post(gateway.url, { query: 'query($s: String) { echo(text: $s) }', variables: { s: 'a\u0000b' } }, bearer(analyst));
      expect(viaVariable.status).toBe(400);
      expect(viaVariable.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$s', rule: 'NUL_CHARACTER' });
      const inline = await post(gateway.url, { query: '{ echo(text: "a\\u0000b") }' }, bearer(analyst));
      expect(inline.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'NUL_CHARACTER' });
      const other = "' OR 1=1 --\u001b[31m\r\n\u0007";
      expect((await post(gateway.url, { query: 'query($s: String) { echo(text: $s) }', variables: { s: other } }, bearer(analyst))).body).toEqual({ data: { echo: other } });
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After past the limit, per token subject', async () => {
      const limited = await startGateway({
        supergraphSdl: readSupergraph(),
        subgraphUrls: Object.fromEntries(hub.services.subgraphs.map((s) => [s.name, s.url])),
        port: 0,
        logger: memoryLogger().logger,
        tokens: createTokenVerifier({ kind: 'secret', secret: secretBytes(TEST_JWT_SECRET) }),
        subgraphKey: loadSubgraphKey(hub.config),
        limits: { rateLimitRequests: 3, rateLimitWindowSeconds: 60 },
      });
      try {
        const busy = await tokenFor('ANALYST', { sub: 'busy-script' });
        const calm = await tokenFor('ANALYST', { sub: 'calm-analyst' });
        tokens.push(busy, calm);
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await post(limited.url, { query: '{ sources { id } }' }, bearer(busy))).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const refused = await post(limited.url, { query: '{ sources { id } }' }, bearer(busy));
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
        // Another subject is not affected; a fresh token for the same subject is.
        expect((await post(limited.url, { query: '{ sources { id } }' }, bearer(calm))).status).toBe(200);
        const again = await tokenFor('ANALYST', { sub: 'busy-script', ttlSeconds: 900 });
        tokens.push(again);
        expect((await post(limited.url, { query: '{ sources { id } }' }, bearer(again))).status).toBe(429);
      } finally {
        await limited.close();
      }
    });
  });

  describe('what the attacks left behind', () => {
    it('changed no row', async () => {
      expect(await rowCounts(hub.store)).toEqual(before);
    });

    it('logged no token and no personal data, and every refusal with its reason', () => {
      const log = hub.lines.join('\n');
      for (const token of tokens) {
        expect(log).not.toContain(token);
        const signature = token.split('.')[2]!;
        if (signature !== '') expect(log).not.toContain(signature);
      }
      for (const personal of ['王芳', '330106********1234', '138****5678']) expect(log).not.toContain(personal);
      const refused = hub.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.refused !== undefined).map((l) => l.refused);
      expect(refused).toEqual(expect.arrayContaining(['missing', 'expired', 'bad_signature', 'algorithm_not_allowed', 'unknown_role', 'city_required', 'malformed']));
    });
  });
});

/** An HTTP proxy that records each request (headers and body) before forwarding it unchanged. */
async function recordingProxy(upstream: string): Promise<{ url: string; captured: Array<{ headers: IncomingHttpHeaders; body: Buffer }>; close(): Promise<void> }> {
  const captured: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      captured.push({ headers: req.headers, body });
      const forward = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    captured,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
