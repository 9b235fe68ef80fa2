import { buildSubgraphSchema } from '../../cli/services';
import { loadSubgraphKey } from '../../core/auth/keys';
import { startSubgraph } from '../../subgraphs/kit';
import { bearer, tokenFor } from '../support/auth';
import { post, startSecuredHub, type Reply, type SecuredHub } from '../support/secured-hub';
import { testPii } from '../support/pii';
import { sqliteVariant } from '../support/stores';

/**
 * Reliability drill 3: the stations subgraph stops while clients keep querying the gateway.
 * Queries that do not need it keep answering in full; those that do get the rest of their data
 * and an error naming the subgraph; /ready says which one is down; once it is back on its port,
 * everything answers in full again, without restarting the gateway.
 */
const NO_STATIONS = '{ union(id: "HZ-G1") { id name } unions { totalCount } }';
const WITH_STATIONS = '{ union(id: "HZ-G1") { id name } station(id: "S1") { id name } }';
/**
 * Each request is its own operation, as many different clients' queries are: a repeated one may be
 * answered whole from the gateway's response cache, which would hide the outage from this drill.
 */
let sent = 0;
const asNewOperation = (document: string) => `query Drill${++sent} ${document}`;
const CLIENTS = 4;

/** 'returning': the subgraph is starting again; replies then may or may not include it. */
type Phase = 'up' | 'down' | 'returning' | 'back';
/** 'straddling': sent in one phase, answered in another; counted for the status check only. */
interface Observed { phase: Phase | 'straddling'; query: 'noStations' | 'withStations'; reply: Reply }

let hub: SecuredHub;
let headers: Record<string, string>;
let origin: string;

beforeAll(async () => {
  hub = await startSecuredHub(await sqliteVariant.open());
  headers = bearer(await tokenFor('PROVINCE_ADMIN', { sub: 'outage-drill' }));
  origin = new URL(hub.gateway).origin;
}, 60_000);

afterAll(async () => {
  await hub?.stop();
});

async function ready(): Promise<{ status: number; body: { status: string; subgraphs: Record<string, string> } }> {
  const response = await fetch(`${origin}/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; subgraphs: Record<string, string> } };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Clients that query in a loop until stopped, each reply tagged with the phase it was sent in. */
function startClients(phase: () => Phase) {
  const observed: Observed[] = [];
  let running = true;
  const loops = Array.from({ length: CLIENTS }, async (_, i) => {
    while (running) {
      const query = i % 2 === 0 ? 'noStations' : 'withStations';
      const sentIn = phase();
      const reply = await post(hub.gateway, { query: asNewOperation(query === 'noStations' ? NO_STATIONS : WITH_STATIONS) }, headers);
      // A reply that straddles a phase change proves nothing about either phase.
      observed.push({ phase: phase() === sentIn ? sentIn : 'straddling', query, reply });
    }
  });
  return { observed, stop: async () => { running = false; await Promise.all(loops); } };
}

const union = { id: 'HZ-G1', name: '西湖区外卖骑手联合工会' };

it('keeps answering without the stations subgraph, names it, and recovers when it returns', async () => {
  let phase: Phase = 'up';
  const clients = startClients(() => phase);
  await until('some replies before the outage', async () => clients.observed.length >= 8);
  const { config, services, store } = hub;
  const stations = services.subgraphs.find((s) => s.name === 'stations')!;
  const port = stations.port;

  await stations.close();
  phase = 'down';
  await until('/ready names stations', async () => (await ready()).status === 503);
  expect(await ready()).toEqual({ status: 503, body: { status: 'not ready', subgraphs: { membership: 'up', organizations: 'up', stations: 'down', welfare: 'up' } } });
  await until('replies during the outage', async () => clients.observed.filter((o) => o.phase === 'down').length >= 24);

  phase = 'returning';
  const restarted = await startSubgraph({
    name: 'stations', schema: buildSubgraphSchema('stations', { config, store, pii: testPii(), close: async () => undefined }),
    store, port, host: '127.0.0.1', gatewayKey: loadSubgraphKey(config),
  });
  services.subgraphs[services.subgraphs.indexOf(stations)] = restarted;
  await until('/ready again', async () => (await ready()).status === 200);
  phase = 'back';
  await until('replies after the return', async () => clients.observed.filter((o) => o.phase === 'back').length >= 24);
  await clients.stop();

  const { observed } = clients;
  process.stderr.write(`subgraph outage drill: ${JSON.stringify(Object.fromEntries((['up', 'down', 'returning', 'back', 'straddling'] as const).map((p) => [p, observed.filter((o) => o.phase === p).length])))} replies by phase\n`);
  // No reply was a server error, in any phase.
  expect(observed.filter((o) => o.reply.status !== 200).map((o) => `${o.phase} ${o.reply.status} ${o.reply.text.slice(0, 100)}`)).toEqual([]);
  // Before and after: every query answered in full.
  for (const o of observed.filter((x) => x.phase === 'up' || x.phase === 'back')) {
    expect(o.reply.body.errors).toBeUndefined();
    expect(o.reply.body.data?.union).toEqual(union);
    if (o.query === 'withStations') expect(o.reply.body.data?.station).toEqual({ id: 'S1', name: 'S1' });
  }
  const down = observed.filter((o) => o.phase === 'down');
  expect(down.filter((o) => o.query === 'noStations').length).toBeGreaterThan(0);
  expect(down.filter((o) => o.query === 'withStations').length).toBeGreaterThan(0);
  for (const o of down) {
    // The organizations subgraph's part is always there…
    expect(o.reply.body.data?.union).toEqual(union);
    if (o.query === 'noStations') {
      expect(o.reply.body.errors).toBeUndefined();
      expect(o.reply.body.data?.unions).toEqual({ totalCount: expect.any(Number) });
    } else {
      // …and the stations part is null with an error that names the subgraph, nothing internal.
      expect(o.reply.body.data?.station).toBeNull();
      expect(o.reply.body.errors).toEqual([{ message: 'subgraph stations is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'stations' } }]);
      expect(o.reply.text).not.toContain(String(port));
    }
  }
}, 60_000);
