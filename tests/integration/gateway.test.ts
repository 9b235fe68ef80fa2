import pino from 'pino';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { compose, startCatalog, startExtras, startFakeSubgraph, THINGS, type TinySubgraph } from '../support/tiny-subgraphs';

/** A pino logger whose JSON lines the test can read. */
function memoryLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

interface GraphQLReply {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function query(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as GraphQLReply['body'] };
}

function origin(gateway: RunningGateway): string {
  return new URL(gateway.url).origin;
}

const JOINED = 'query Joined { things { id name extra } hello }';

describe('gateway over live subgraphs', () => {
  let catalog: TinySubgraph;
  let extras: TinySubgraph;
  let gateway: RunningGateway;
  const { logger, lines } = memoryLogger();

  beforeAll(async () => {
    [catalog, extras] = await Promise.all([startCatalog(), startExtras()]);
    // The supergraph names a dead loopback port for catalog: only the override can make it work.
    const supergraphSdl = compose([{ ...catalog, url: 'http://127.0.0.1:9/graphql' }, extras]);
    gateway = await startGateway({
      supergraphSdl,
      subgraphUrls: { catalog: catalog.url, extras: extras.url },
      port: 0,
      logger,
      demoToken: 'demo-token',
      exampleQuery: '{ things { id name } }',
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([catalog?.stop(), extras?.stop()]);
  });

  it('joins fields from both subgraphs', async () => {
    const reply = await query(gateway.url, { query: JOINED });
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data).toEqual({
      things: THINGS.map((t) => ({ ...t, extra: `extra-${t.id}` })),
      hello: 'hello from extras',
    });
  });

  it("passes the client's request id and authorization to every subgraph and echoes the id", async () => {
    const requestId = 'test-req-0001';
    const reply = await query(gateway.url, { query: JOINED }, { 'x-request-id': requestId, authorization: 'Bearer abc' });
    expect(reply.headers.get('x-request-id')).toBe(requestId);
    for (const subgraph of [catalog, extras]) {
      const seen = subgraph.received.filter((h) => h['x-request-id'] === requestId);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((h) => h.authorization === 'Bearer abc')).toBe(true);
    }
  });

  it('makes a request id when the client sends none (or an unusable one) and uses it downstream', async () => {
    const reply = await query(gateway.url, { query: '{ hello }' }, { 'x-request-id': 'bad id\twith spaces' });
    const requestId = reply.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(extras.received.some((h) => h['x-request-id'] === requestId)).toBe(true);
  });

  it('logs one JSON line per GraphQL request with id, operation, duration and outcome, and no variables', async () => {
    const secret = '330102199001011234';
    const reply = await query(
      gateway.url,
      { query: 'query OneThing($id: ID!) { thing(id: $id) { name } }', variables: { id: secret } },
      { 'x-request-id': 'log-check-1' },
    );
    expect(reply.body.errors).toBeUndefined();
    const mine = lines.filter((l) => l.requestId === 'log-check-1');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ msg: 'graphql request', operation: 'OneThing', outcome: 'success', status: 200, subgraphErrors: [] });
    expect(typeof mine[0]!.durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('answers /health', async () => {
    const response = await fetch(`${origin(gateway)}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready when every subgraph answers', async () => {
    const response = await fetch(`${origin(gateway)}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', subgraphs: { catalog: 'up', extras: 'up' } });
  });

  it('exposes Prometheus metrics', async () => {
    await query(gateway.url, { query: JOINED });
    const response = await fetch(`${origin(gateway)}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/gateway_graphql_requests_total\{operation="Joined",outcome="success"\} [1-9]/);
    expect(text).toMatch(/gateway_graphql_request_duration_seconds_count\{operation="Joined",outcome="success"\} [1-9]/);
    expect(text).toMatch(/gateway_subgraph_fetches_total\{subgraph="catalog"\} [1-9]/);
    expect(text).toMatch(/gateway_subgraph_fetches_total\{subgraph="extras"\} [1-9]/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the offline GraphiQL page to browsers, with nothing loaded from elsewhere', async () => {
    const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain('<title>union-hub</title>');
    expect(html).toContain('Bearer demo-token');
    expect(html).toContain('{ things { id name } }');
    // Nothing is referenced by URL: scripts, styles, fonts and icons are inline or data: URLs.
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href="(?!data:)/i);
  });

  it('still answers GraphQL GET requests from non-browsers', async () => {
    const response = await fetch(`${gateway.url}?query=${encodeURIComponent('{ hello }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { hello: 'hello from extras' } });
  });

  it('answers 404 for unknown paths', async () => {
    const response = await fetch(`${origin(gateway)}/nope`);
    expect(response.status).toBe(404);
  });
});

describe('gateway when a subgraph is down', () => {
  let catalog: TinySubgraph;
  let extras: TinySubgraph;
  let gateway: RunningGateway;
  const { logger, lines } = memoryLogger();

  beforeAll(async () => {
    [catalog, extras] = await Promise.all([startCatalog(), startExtras()]);
    gateway = await startGateway({
      supergraphSdl: compose([catalog, extras]),
      subgraphUrls: {},
      port: 0,
      logger,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await catalog?.stop();
  });

  it('is ready, then not ready naming the subgraph once it stops', async () => {
    expect((await fetch(`${origin(gateway)}/ready`)).status).toBe(200);
    await query(gateway.url, { query: JOINED }); // leaves a pooled connection to extras
    await extras.stop();
    const response = await fetch(`${origin(gateway)}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', subgraphs: { catalog: 'up', extras: 'down' } });
  });

  it("returns the other subgraph's fields with an error naming the missing one and nothing internal", async () => {
    const reply = await query(gateway.url, { query: JOINED }, { 'x-request-id': 'down-1' });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({
      things: THINGS.map((t) => ({ ...t, extra: null })),
      hello: null,
    });
    expect(reply.body.errors?.length).toBeGreaterThan(0);
    for (const error of reply.body.errors ?? []) {
      expect(error.message).toBe('subgraph extras is unavailable');
      expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'extras' });
    }
    for (const leak of ['127.0.0.1', 'localhost', 'ECONNREFUSED', 'ECONNRESET', 'stacktrace', String(extras.port)]) {
      expect(reply.text).not.toContain(leak);
    }
    const line = lines.find((l) => l.requestId === 'down-1');
    expect(line).toMatchObject({ outcome: 'partial' });
    // One entry per failed fetch: Query.hello and the Thing.extra entity fetch both went to extras.
    expect(line?.subgraphErrors).toEqual(expect.arrayContaining([{ subgraph: 'extras', code: 'SUBGRAPH_UNAVAILABLE' }]));
    expect(new Set((line?.subgraphErrors as unknown[]).map((e) => JSON.stringify(e))).size).toBe(1);
  });

  it('counts the failures by subgraph', async () => {
    const text = await (await fetch(`${origin(gateway)}/metrics`)).text();
    expect(text).toMatch(/gateway_subgraph_errors_total\{subgraph="extras",kind="unavailable"\} [1-9]/);
    expect(text).toMatch(/gateway_graphql_requests_total\{operation="Joined",outcome="partial"\} [1-9]/);
  });
});

describe('gateway when a subgraph misbehaves', () => {
  let catalog: TinySubgraph;
  let extras: TinySubgraph;

  beforeAll(async () => {
    [catalog, extras] = await Promise.all([startCatalog(), startExtras()]);
  });

  afterAll(async () => {
    await Promise.all([catalog?.stop(), extras?.stop()]);
  });

  /** A gateway whose extras subgraph is the given stand-in. */
  async function withBrokenExtras(
    stand: Awaited<ReturnType<typeof startFakeSubgraph>>,
    check: (gateway: RunningGateway) => Promise<void>,
  ): Promise<void> {
    const gateway = await startGateway({
      supergraphSdl: compose([catalog, extras]),
      subgraphUrls: { extras: stand.url },
      port: 0,
      logger: memoryLogger().logger,
      subgraphTimeoutMs: 300,
    });
    try {
      await check(gateway);
    } finally {
      await gateway.close();
      await stand.stop();
    }
  }

  it('gives up on a hung subgraph after the timeout and still returns the other fields', async () => {
    await withBrokenExtras(await startFakeSubgraph(), async (gateway) => {
      const started = Date.now();
      const reply = await query(gateway.url, { query: '{ things { id name } hello }' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(reply.body.data).toEqual({ things: THINGS, hello: null });
      expect(reply.body.errors).toEqual([
        expect.objectContaining({ message: 'subgraph extras is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'extras' } }),
      ]);
    });
  });

  it("reports an HTTP 500 by status only, without the subgraph's URL or body", async () => {
    const failing = await startFakeSubgraph((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('db at 10.20.30.40:5432 refused: password authentication failed');
    });
    await withBrokenExtras(failing, async (gateway) => {
      const reply = await query(gateway.url, { query: '{ things { id } hello }' });
      expect(reply.body.data).toEqual({ things: THINGS.map(({ id }) => ({ id })), hello: null });
      expect(reply.body.errors).toEqual([
        expect.objectContaining({
          message: 'subgraph extras answered HTTP 500',
          extensions: { code: 'SUBGRAPH_ERROR', subgraph: 'extras', status: 500 },
        }),
      ]);
      for (const leak of ['10.20.30.40', 'password', '127.0.0.1', new URL(failing.url).port]) {
        expect(reply.text).not.toContain(leak);
      }
    });
  });
});

describe('gateway configuration', () => {
  it('refuses subgraph URLs for subgraphs the supergraph does not have', async () => {
    const catalog = await startCatalog();
    try {
      await expect(
        startGateway({
          supergraphSdl: compose([catalog]),
          subgraphUrls: { catalogue: catalog.url },
          port: 0,
          logger: memoryLogger().logger,
        }),
      ).rejects.toThrow('catalogue');
    } finally {
      await catalog.stop();
    }
  });
});
