import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startHub } from '../cli/commands/start';
import { buildSubgraphSchema, SUBGRAPHS } from '../cli/services';
import { loadConfig } from '../core/config';
import { startSubgraph, type SubgraphServer } from '../subgraphs/kit/server';
import { seedWelfarePrograms } from '../subgraphs/welfare';
import { readSupergraph } from '../schema/supergraph-file';
import { OPERATIONS, type BenchOperation } from './gateway-operations';
import type { ChildConfig, ChildMessage, GatewayKind } from './gateway-child';

/**
 * The gateway comparison: the four real subgraphs over the demo province, then each gateway in
 * its own child process, alternated A/B/A/B, under autocannon at 50 connections.
 *   node dist/bench/gateway.js [--quick] [--scale 0.002]
 * Prints one JSON line (prefixed `gatewayBench: `) with every figure.
 *
 * The subgraphs run WITHOUT the gateway signing key: stock Apollo Gateway and Hive Gateway cannot
 * sign requests, and every gateway must reach the same subgraphs configured the same way. The
 * hub's gateway runs without token verification for the same reason (it would otherwise verify a
 * JWT per request that the peers do not).
 */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface RunFigures {
  kind: GatewayKind;
  round: number;
  operation: BenchOperation['name'];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  non2xx: number;
  errors: number;
}

export interface GatewayBenchResult {
  scale: number;
  connections: number;
  secondsPerRun: number;
  rounds: number;
  runs: RunFigures[];
  /** Mean requests/s over rounds, by gateway then operation. */
  requestsPerSecond: Record<string, Record<string, number>>;
  cpuMsPerRequest: Record<string, Record<string, number>>;
  p50Ms: Record<string, Record<string, number>>;
  p99Ms: Record<string, Record<string, number>>;
  peakRssMb: Record<string, number>;
  /** Subgraph HTTP requests one operation causes (counted at the subgraphs' servers, via the hub's gateway). */
  subgraphRequestsPerOperation: Record<string, number>;
  /** Whether each peer's answer equals the hub gateway's answer (data only). */
  sameAnswer: Record<string, Record<string, boolean>>;
  gatewayVsStock: number;
  gatewayVsHive: number;
  /** Every operation's ratio, for the report. */
  ratios: Record<string, { vsStock: number; vsHive: number; ofBare: number }>;
}

const KINDS: readonly GatewayKind[] = ['hub', 'stock', 'hive', 'bare'];
const CONNECTIONS = 50;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The committed supergraph with its subgraph URLs pointed at the running subgraphs. */
function pointSupergraph(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([a-z]+)", url: "[^"]*"\)/g, (_m, name: string) => `@join__graph(name: "${name}", url: "${urls[name]}")`);
}

interface Child { proc: ChildProcess; url: string; next(type: ChildMessage['type']): Promise<ChildMessage> }

async function startChild(kind: GatewayKind, configFile: string): Promise<Child> {
  const proc = fork(join(__dirname, 'gateway-child.js'), [kind, configFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: ((m: ChildMessage) => void)[] = [];
  proc.on('message', (m: ChildMessage) => waiting.shift()?.(m));
  const next = (type: ChildMessage['type']) => new Promise<ChildMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} gateway: no ${type} message`)), 60_000);
    waiting.push((m) => { clearTimeout(timer); resolve(m); });
  });
  const exited = new Promise<never>((_r, reject) => proc.once('exit', (code) => reject(new Error(`${kind} gateway exited with ${code}`))));
  const ready = await Promise.race([next('ready'), exited]);
  if (ready.type !== 'ready') throw new Error(`${kind} gateway: unexpected ${ready.type}`);
  return { proc, url: ready.url, next };
}

async function stopChild(child: Child): Promise<void> {
  const gone = new Promise<void>((r) => child.proc.once('exit', () => r()));
  child.proc.send({ type: 'stop' });
  await gone;
}

function body(op: BenchOperation, variables: Record<string, unknown>): string {
  return JSON.stringify({ query: op.query, variables });
}

async function post(url: string, payload: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

function opUrl(url: string, op: BenchOperation): string {
  return `${url}?op=${op.name}`;
}

export async function runGatewayBench(options: { quick: boolean; scale: number; kinds?: readonly GatewayKind[]; log?: (line: string) => void }): Promise<GatewayBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-gateway-'));
  const portBase = 20_000 + Math.floor(Math.random() * 400) * 100;
  const config = loadConfig({ dataDir, portBase, env: {} });
  const out = new PassThrough();
  out.resume();
  log(`gateway bench: demo province at scale ${options.scale} into ${dataDir}`);
  const hub = await startHub({ config, demo: true, scale: options.scale, seed: 2025, services: [], out });
  const subgraphs: SubgraphServer[] = [];
  let subgraphRequests = 0;
  const onRequest = () => { subgraphRequests++; };
  subscribe('http.server.request.start', onRequest);
  try {
    await seedWelfarePrograms(hub.runtime.store);
    for (const name of SUBGRAPHS) {
      subgraphs.push(await startSubgraph({ name, schema: buildSubgraphSchema(name, hub.runtime), store: hub.runtime.store, port: 0 }));
    }
    const urls = Object.fromEntries(subgraphs.map((s) => [s.name, s.url]));
    const childConfig: ChildConfig = { supergraphSdl: pointSupergraph(readSupergraph(), urls), subgraphUrls: urls };
    const configFile = join(dataDir, 'gateway-child.json');
    writeFileSync(configFile, JSON.stringify(childConfig));

    // Reference answers from the hub's gateway: variables, the bare limit's bodies, the subgraph counts.
    const variables: Record<string, Record<string, unknown>> = { overview: {}, analystPage: {}, memberById: {} };
    const reference: Record<string, string> = {};
    const subgraphRequestsPerOperation: Record<string, number> = {};
    const hubChild = await startChild('hub', configFile);
    try {
      for (const op of OPERATIONS) {
        if (op.name === 'memberById') {
          const page = JSON.parse(reference.analystPage) as { data: { members: { edges: { node: { id: string } }[] } } };
          variables.memberById = { id: page.data.members.edges[0].node.id };
        }
        const before = subgraphRequests;
        const answer = await post(hubChild.url, body(op, variables[op.name]));
        subgraphRequestsPerOperation[op.name] = subgraphRequests - before;
        if (answer.errors) throw new Error(`${op.name}: ${JSON.stringify(answer.errors).slice(0, 500)}`);
        reference[op.name] = JSON.stringify(answer);
      }
    } finally {
      await stopChild(hubChild);
    }
    writeFileSync(configFile, JSON.stringify({ ...childConfig, bareBodies: reference }));

    const rounds = 2;
    const seconds = options.quick ? 3 : 10;
    const warmSeconds = options.quick ? 0.5 : 2;
    const runs: RunFigures[] = [];
    const peakRss: Record<string, number> = {};
    const sameAnswer: Record<string, Record<string, boolean>> = {};
    for (let round = 1; round <= rounds; round++) {
      for (const kind of options.kinds ?? KINDS) {
        const child = await startChild(kind, configFile);
        try {
          for (const op of OPERATIONS) {
            const url = opUrl(child.url, op);
            const payload = body(op, variables[op.name]);
            const answer = await post(url, payload);
            const same = JSON.stringify(answer.data) === JSON.stringify((JSON.parse(reference[op.name]) as { data: unknown }).data);
            (sameAnswer[kind] ??= {})[op.name] = same;
            if (!same && round === 1) log(`  ${kind} ${op.name}: answer differs from the hub's: ${JSON.stringify(answer).slice(0, 400)}`);
            const request = { url, connections: CONNECTIONS, method: 'POST', headers: { 'content-type': 'application/json' }, body: payload };
            await autocannon({ ...request, duration: warmSeconds });
            child.proc.send({ type: 'mark' });
            const r = await autocannon({ ...request, duration: seconds });
            child.proc.send({ type: 'stats' });
            const stats = await child.next('stats');
            if (stats.type !== 'stats') throw new Error('expected stats');
            peakRss[kind] = Math.max(peakRss[kind] ?? 0, stats.peakRss);
            const figures: RunFigures = {
              kind, round, operation: op.name, requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99,
              cpuMsPerRequest: r.requests.total > 0 ? stats.cpuMs / r.requests.total : NaN, non2xx: r.non2xx, errors: r.errors,
            };
            runs.push(figures);
            log(`  round ${round} ${kind.padEnd(5)} ${op.name.padEnd(11)} ${Math.round(figures.requestsPerSecond)} req/s  p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  cpu ${figures.cpuMsPerRequest.toFixed(2)} ms/req${r.non2xx + r.errors > 0 ? `  non2xx ${r.non2xx} errors ${r.errors}` : ''}`);
          }
        } finally {
          await stopChild(child);
        }
      }
    }
    return summarize({ scale: options.scale, seconds, rounds, runs, peakRss, subgraphRequestsPerOperation, sameAnswer });
  } finally {
    for (const s of subgraphs) await s.close();
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

function byKindAndOp(runs: RunFigures[], pick: (r: RunFigures) => number): Record<string, Record<string, number>> {
  const table: Record<string, Record<string, number>> = {};
  for (const kind of KINDS) {
    for (const op of OPERATIONS) {
      (table[kind] ??= {})[op.name] = mean(runs.filter((r) => r.kind === kind && r.operation === op.name).map(pick));
    }
  }
  return table;
}

function summarize(input: {
  scale: number; seconds: number; rounds: number; runs: RunFigures[]; peakRss: Record<string, number>;
  subgraphRequestsPerOperation: Record<string, number>; sameAnswer: Record<string, Record<string, boolean>>;
}): GatewayBenchResult {
  const rps = byKindAndOp(input.runs, (r) => r.requestsPerSecond);
  const ratios: GatewayBenchResult['ratios'] = {};
  for (const op of OPERATIONS) {
    ratios[op.name] = { vsStock: rps.hub[op.name] / rps.stock[op.name], vsHive: rps.hub[op.name] / rps.hive[op.name], ofBare: rps.hub[op.name] / rps.bare[op.name] };
  }
  return {
    scale: input.scale, connections: CONNECTIONS, secondsPerRun: input.seconds, rounds: input.rounds, runs: input.runs,
    requestsPerSecond: rps,
    cpuMsPerRequest: byKindAndOp(input.runs, (r) => r.cpuMsPerRequest),
    p50Ms: byKindAndOp(input.runs, (r) => r.p50Ms),
    p99Ms: byKindAndOp(input.runs, (r) => r.p99Ms),
    peakRssMb: Object.fromEntries(Object.entries(input.peakRss).map(([k, v]) => [k, Math.round(v / 1048576)])),
    subgraphRequestsPerOperation: input.subgraphRequestsPerOperation,
    sameAnswer: input.sameAnswer,
    // The issue's targets are on the uncached cross-subgraph operation: the analyst's page.
    gatewayVsStock: ratios.analystPage.vsStock,
    gatewayVsHive: ratios.analystPage.vsHive,
    ratios,
  };
}

async function main() {
  const quick = process.argv.includes('--quick');
  const scale = Number(arg('scale', quick ? '0.002' : '0.01'));
  const kinds = process.argv.includes('--kinds') ? (arg('kinds', '').split(',') as GatewayKind[]) : undefined;
  const result = await runGatewayBench({ quick, scale, kinds });
  console.log(`gatewayBench: ${JSON.stringify(result)}`);
}

if (require.main === module) {
  main().then(() => process.exit(0), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
