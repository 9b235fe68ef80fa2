import { parse } from 'graphql';
import pino from 'pino';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { compose, startCatalog, startFakeSubgraph, type TinySubgraph } from '../support/tiny-subgraphs';

/**
 * Identical subgraph queries in flight at once are sent once (gateway/inflight-fetches.ts); what
 * differs in who asks, and every mutation, still gets its own call. The "counter" subgraph is a
 * plain HTTP server that answers slowly and counts what it receives.
 */
const COUNTER_TYPE_DEFS = parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { hello: String }
  type Mutation { bump: Int }
`);
const SLOW_MS = 200;

describe('gateway: identical subgraph queries in flight', () => {
  let catalog: TinySubgraph;
  let counter: Awaited<ReturnType<typeof startFakeSubgraph>>;
  const received: { body: string; authorization: string | undefined }[] = [];
  let bumps = 0;

  const start = async (dedupeSubgraphFetches?: boolean): Promise<RunningGateway> => startGateway({
    supergraphSdl: compose([catalog, { name: 'counter', typeDefs: COUNTER_TYPE_DEFS, url: counter.url }]),
    subgraphUrls: { counter: counter.url },
    port: 0,
    logger: pino({ level: 'silent' }),
    dedupeSubgraphFetches,
  });
  const ask = async (gateway: RunningGateway, query: string, authorization = 'Bearer a') => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query }) });
    return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  };

  beforeAll(async () => {
    catalog = await startCatalog();
    counter = await startFakeSubgraph((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => {
        received.push({ body, authorization: req.headers.authorization });
        const data = body.includes('bump') ? { bump: ++bumps } : { hello: 'hi' };
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data }));
        }, SLOW_MS);
      });
    });
  });

  afterAll(async () => {
    await counter?.stop();
    await catalog?.stop();
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('sends ten identical queries from the same caller once, and answers all ten', async () => {
    const gateway = await start();
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => ask(gateway, '{ hello }')));
      expect(answers).toEqual(Array.from({ length: 10 }, () => ({ data: { hello: 'hi' } })));
      expect(received).toHaveLength(1);
      // Once answered, the next one is a new call: only calls in flight are shared.
      await ask(gateway, '{ hello }');
      expect(received).toHaveLength(2);
    } finally {
      await gateway.close();
    }
  });

  it('does not share a call between callers who differ', async () => {
    const gateway = await start();
    try {
      await Promise.all([...Array.from({ length: 3 }, () => ask(gateway, '{ hello }', 'Bearer a')), ...Array.from({ length: 3 }, () => ask(gateway, '{ hello }', 'Bearer b'))]);
      expect(received.map((r) => r.authorization).sort()).toEqual(['Bearer a', 'Bearer b']);
    } finally {
      await gateway.close();
    }
  });

  it('sends every mutation', async () => {
    const gateway = await start();
    try {
      const answers = await Promise.all(Array.from({ length: 3 }, () => ask(gateway, 'mutation { bump }')));
      expect(received).toHaveLength(3);
      expect(answers.map((a) => (a.data as { bump: number }).bump).sort()).toEqual([bumps - 2, bumps - 1, bumps]);
    } finally {
      await gateway.close();
    }
  });

  it('sends every query when deduplication is off', async () => {
    const gateway = await start(false);
    try {
      await Promise.all(Array.from({ length: 4 }, () => ask(gateway, '{ hello }')));
      expect(received).toHaveLength(4);
    } finally {
      await gateway.close();
    }
  });
});
