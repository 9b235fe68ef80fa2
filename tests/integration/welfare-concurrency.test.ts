import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openStore, type Store } from '../../core/store/database';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildWelfareSchema } from '../../subgraphs/welfare';
import { gql } from '../support/graphql';
import { testPii } from '../support/pii';
import { sqliteVariant, STORE_VARIANTS, type StoreVariant } from '../support/stores';
import { enrollmentsByStatus, insertEnrollments, insertMembers, programRow } from '../support/welfare-rows';

/**
 * Places are never over-allocated: 100 members asking at once for the last 10 places of a program
 * get exactly 10 enrollments and 90 NO_PLACES_LEFT, on every store. On SQLite the honest version
 * of that race runs across processes (one process's single connection would queue them anyway):
 * three replicas of the welfare subgraph, in three processes, on one SQLite file.
 */
const PLACES = 110;
const TAKEN = 100;
const CONTENDERS = 100;
const ENROLL = 'mutation($p: ID!, $m: ID!) { enroll(programId: $p, memberId: $m) { id status } }';

type Opened = Awaited<ReturnType<StoreVariant['open']>>;

async function prepare(store: Opened, programId: string): Promise<string[]> {
  await store.db.insertInto('welfare_programs').values(programRow(programId, { places: PLACES })).execute();
  const holders = await insertMembers(store, `${programId}-H`, TAKEN);
  await insertEnrollments(store, programId, holders);
  return insertMembers(store, `${programId}-C`, CONTENDERS);
}

/** Sends every contender's enroll at once, round-robin over the servers; returns the codes. */
async function race(urls: string[], programId: string, members: string[]): Promise<Record<string, number>> {
  const results = await Promise.all(members.map((m, i) => gql<{ enroll: { status: string } }>(urls[i % urls.length], ENROLL, { p: programId, m })));
  const tally: Record<string, number> = {};
  for (const r of results) {
    const code = r.errors ? String(r.errors[0].extensions?.code) : r.data!.enroll.status;
    tally[code] = (tally[code] ?? 0) + 1;
  }
  return tally;
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('welfare enrollment under concurrency on %s', (_name, variant) => {
  let store: Opened;
  let servers: SubgraphServer[] = [];

  let replicaStore: Store | null = null;

  beforeAll(async () => {
    store = await variant.open();
    // On PostgreSQL the second server gets its own pool on the same schema: two replicas, 20
    // connections racing. (On SQLite a second connection in this process would block the event loop
    // while it waits for the lock; the cross-process test below covers SQLite.)
    if (store.dialect === 'postgres') replicaStore = openStore({ databaseUrl: process.env.HUB_TEST_DATABASE_URL, pgSchema: store.pgSchema });
    servers = await Promise.all([store, replicaStore ?? store].map((s) => startSubgraph({ name: 'welfare', schema: buildWelfareSchema({ pii: testPii() }), store: s, port: 0 })));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await replicaStore?.close();
    await store?.dispose();
  });

  it('gives the last 10 places to exactly 10 of 100 concurrent HTTP enrollments', async () => {
    const contenders = await prepare(store, 'wp-race-http');
    const tally = await race(servers.map((s) => s.url), 'wp-race-http', contenders);
    expect(tally).toEqual({ ENROLLED: 10, NO_PLACES_LEFT: 90 });
    expect(await enrollmentsByStatus(store, 'wp-race-http')).toEqual({ ENROLLED: PLACES });
    const { data } = await gql<{ welfareProgram: { placesUsed: number; placesLeft: number } }>(servers[0].url, '{ welfareProgram(id: "wp-race-http") { placesUsed placesLeft } }');
    expect(data!.welfareProgram).toEqual({ placesUsed: PLACES, placesLeft: 0 });
  });
});

describe('welfare enrollment across processes on one SQLite file', () => {
  let store: Opened;
  const children: ChildProcessWithoutNullStreams[] = [];
  const urls: string[] = [];

  /** A welfare subgraph in its own process on the same file; resolves with its URL. */
  function startReplica(file: string): Promise<string> {
    const child = spawn(process.execPath, [join(__dirname, '..', 'support', 'ts-child.js'), join(__dirname, '..', 'support', 'welfare-replica.ts'), file]);
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => { if (line.startsWith('READY ')) resolve(line.slice(6)); });
      child.once('exit', (code) => reject(new Error(`replica exited with ${code}: ${stderr}`)));
    });
  }

  beforeAll(async () => {
    store = await sqliteVariant.open();
    // One after the other: the second reuses what the first transpiled (ts-child.js caches it).
    urls.push(await startReplica(store.location));
    urls.push(await startReplica(store.location));
    const local = await startSubgraph({ name: 'welfare', schema: buildWelfareSchema({ pii: testPii() }), store, port: 0 });
    urls.push(local.url);
    closeLocal = () => local.close();
  }, 60_000);

  let closeLocal: () => Promise<void> = async () => undefined;

  afterAll(async () => {
    for (const child of children) child.stdin.end();
    await Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))));
    await closeLocal();
    await store?.dispose();
  });

  it('runs three processes, each with its own connection to the file', () => {
    expect(new Set([process.pid, ...children.map((c) => c.pid)]).size).toBe(3);
    expect(children.every((c) => c.exitCode === null)).toBe(true);
    expect(new Set(urls).size).toBe(3);
  });

  it('gives the last 10 places to exactly 10 of 100 enrollments spread over the processes', async () => {
    const contenders = await prepare(store, 'wp-race-processes');
    const tally = await race(urls, 'wp-race-processes', contenders);
    expect(tally).toEqual({ ENROLLED: 10, NO_PLACES_LEFT: 90 });
    expect(await enrollmentsByStatus(store, 'wp-race-processes')).toEqual({ ENROLLED: PLACES });
    // Every process reads the same outcome from the file.
    const perProcess = await Promise.all(urls.map((u) => gql<{ welfareProgram: { placesLeft: number } }>(u, '{ welfareProgram(id: "wp-race-processes") { placesLeft } }')));
    expect(perProcess.map((r) => r.data!.welfareProgram.placesLeft)).toEqual([0, 0, 0]);
  });
});
