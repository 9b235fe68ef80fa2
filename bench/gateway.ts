import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startHub } from '../cli/commands/start';
import type { Runtime } from '../cli/runtime';
import { SUBGRAPHS } from '../cli/services';
import { loadConfig } from '../core/config';
import { seedWelfarePrograms } from '../subgraphs/welfare';
import { readSupergraph } from '../schema/supergraph-file';
import { ANALYST_PAGES, OPERATIONS, type BenchOperation } from './gateway-operations';
import { gatewayPlan } from './gateway-plan';
import type { ChildConfig, ChildMessage, GatewayKind } from './gateway-child';
import type { SubgraphChildMessage } from './gateway-subgraph-child';
import { arg } from './cli-args';

/**
 * The gateway comparison: the four real subgraphs over the demo province, each in its own process,
 * then each gateway in its own child process, alternated A/B/A/B, under autocannon at 50
 * connections (maximum requests/s), then once more at a fixed rate (p50/p99 latency).
 *   node dist/bench/gateway.js [--quick] [--scale 0.002] [--kinds hub,stock,hive,bare,hubCached,hubBase]
 * `hub` is the hub's gateway without its response cache (the uncached figures), `hubCached` the
 * same with the cache on (repeated operations: cachedVsStock), `hubBase` the hub's gateway with
 * its transport optimizations off (only with --kinds, for A/B). `--profile DIR` writes each
 * gateway child's CPU profile (node --cpu-prof) into DIR. Prints one JSON line (prefixed
 * `gatewayBench: `) with every figure.
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
  /** 0: the fixed-rate run. */
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
  /** Requests/s of the fixed-rate run, by operation (the same for every gateway). */
  fixedRate: Record<string, number>;
  fixedRateConnections: number;
  /** p50/p99 at the fixed rate, by gateway then operation. */
  fixedP50Ms: Record<string, Record<string, number>>;
  fixedP99Ms: Record<string, Record<string, number>>;
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
  /** analystPages (every request a different page: no sharing in flight): hub ÷ stock and hub ÷ Hive. */
  distinctPagesVsStock: number;
  distinctPagesVsHive: number;
  /** Repeated dashboard overview, hub's gateway with its response cache ÷ stock Apollo Gateway (null without hubCached). */
  cachedVsStock: number | null;
  /** Every operation's ratio, for the report. */
  ratios: Record<string, { vsStock: number; vsHive: number; ofBare: number }>;
}

const KINDS: readonly GatewayKind[] = ['hub', 'hubCached', 'stock', 'hive', 'bare'];
const CONNECTIONS = 50;
/** Fewer connections at the fixed rate: latency, not queueing, is what it measures. */
const FIXED_RATE_CONNECTIONS = 10;
/** analystPages cycles through this many pages (fewer when the province has fewer). */
const DISTINCT_PAGES = 50;
/** The fixed rate is this share of the median real gateway's maximum. */
const FIXED_RATE_SHARE = 0.5;

/** The committed supergraph with its subgraph URLs pointed at the running subgraphs. */
function pointSupergraph(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([a-z]+)", url: "[^"]*"\)/g, (_m, name: string) => `@join__graph(name: "${name}", url: "${urls[name]}")`);
}

interface Child { proc: ChildProcess; url: string; next(type: ChildMessage['type']): Promise<ChildMessage> }

/** `--profile DIR`: every gateway child writes a V8 CPU profile there when it stops (node --cpu-prof). */
const profileDir = process.argv.includes('--profile') ? arg('profile', '') : null;

async function startChild(kind: GatewayKind, configFile: string): Promise<Child> {
  const execArgv = profileDir ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`] : process.execArgv;
  const proc = fork(join(__dirname, 'gateway-child.js'), [kind, configFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
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

interface SubgraphChild { proc: ChildProcess; name: string; url: string; count(): Promise<number> }

async function startSubgraphChild(name: string, dataDir: string): Promise<SubgraphChild> {
  const proc = fork(join(__dirname, 'gateway-subgraph-child.js'), [name, dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: ((m: SubgraphChildMessage) => void)[] = [];
  proc.on('message', (m: SubgraphChildMessage) => waiting.shift()?.(m));
  const next = () => new Promise<SubgraphChildMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subgraph ${name}: no answer`)), 60_000);
    waiting.push((m) => { clearTimeout(timer); resolve(m); });
  });
  const exited = new Promise<never>((_r, reject) => proc.once('exit', (code) => reject(new Error(`subgraph ${name} exited with ${code}`))));
  const ready = await Promise.race([next(), exited]);
  if (ready.type !== 'ready') throw new Error(`subgraph ${name}: unexpected ${ready.type}`);
  const count = async () => {
    const answer = next();
    proc.send({ type: 'count' });
    const m = await answer;
    return m.type === 'count' ? m.requests : NaN;
  };
  return { proc, name, url: ready.url, count };
}

async function stopChild(child: { proc: ChildProcess }): Promise<void> {
  const gone = new Promise<void>((r) => child.proc.once('exit', () => r()));
  child.proc.send({ type: 'stop' });
  await gone;
}

/** analystPages: each request, across all connections, takes the next page in turn. */
function distinctBodies(op: BenchOperation, pages: Record<string, unknown>[]): Record<string, unknown> {
  if (op.name !== 'analystPages') return {};
  const bodies = pages.map((v) => body(op, v));
  let next = 0;
  return { requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] }) }] };
}

/** The analyst pages' cursors alone (membership only): the set-up walks them before the runs. */
const CURSORS: BenchOperation = { ...ANALYST_PAGES, query: 'query Cursors($after: String) { members(first: 100, after: $after) { pageInfo { endCursor hasNextPage } } }' };

/** A member's resident ID number, as an analyst would type it: memberByIdNumber looks it up by the blind index. */
async function someResidentIdNumber(runtime: Runtime): Promise<string> {
  const row = await runtime.store.db.selectFrom('members').select('id_number_enc')
    .where('id_type', '=', 'RESIDENT_ID').where('status', '=', 'ACTIVE').orderBy('id').limit(1).executeTakeFirstOrThrow();
  return runtime.pii.decrypt(row.id_number_enc);
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
  const began = Date.now();
  const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-gateway-'));
  const portBase = 20_000 + Math.floor(Math.random() * 400) * 100;
  const config = loadConfig({ dataDir, portBase, env: {} });
  const out = new PassThrough();
  out.resume();
  log(`gateway bench: demo province at scale ${options.scale} into ${dataDir}`);
  const hub = await startHub({ config, demo: true, scale: options.scale, seed: 2025, services: [], out });
  let hubStopped: Promise<void> | undefined;
  const stopHub = () => (hubStopped ??= hub.stop());
  const subgraphs: SubgraphChild[] = [];
  // Each gateway's process is started once and serves every round and the fixed-rate run: its
  // CPU time is counted from a mark per window, so sharing the process changes no figure, and
  // the run no longer pays a gateway start-up (seconds under load) per window.
  const started = new Map<GatewayKind, Promise<Child>>();
  let configFile = '';
  const childFor = (kind: GatewayKind) => {
    let child = started.get(kind);
    if (!child) started.set(kind, (child = startChild(kind, configFile)));
    return child;
  };
  const subgraphRequests = async () => (await Promise.all(subgraphs.map((s) => s.count()))).reduce((a, b) => a + b, 0);
  try {
    await seedWelfarePrograms(hub.runtime.store);
    const idNumber = await someResidentIdNumber(hub.runtime);
    // The store stays in dataDir; the subgraph processes open it themselves.
    await stopHub();
    log(`  province ready (${elapsed()})`);
    subgraphs.push(...(await Promise.all(SUBGRAPHS.map((name) => startSubgraphChild(name, dataDir)))));
    log(`  subgraphs up (${elapsed()})`);
    const urls = Object.fromEntries(subgraphs.map((s) => [s.name, s.url]));
    const childConfig: ChildConfig = { supergraphSdl: pointSupergraph(readSupergraph(), urls), subgraphUrls: urls, dataDir };
    configFile = join(dataDir, 'gateway-child.json');
    writeFileSync(configFile, JSON.stringify(childConfig));
    const kinds = options.kinds ?? KINDS;
    const plan = gatewayPlan(options.quick, kinds);
    // Every gateway starts now, side by side, while the reference answers are taken: start-ups are
    // seconds of CPU each on a loaded machine, and started one after another they left a core idle.
    // (bare waits: it serves the reference answers, and starts in milliseconds.)
    for (const kind of kinds) if (kind !== 'bare' && (plan.maximal[kind]?.length ?? 0) > 0) void childFor(kind).catch(() => undefined);

    // Reference answers from the hub's gateway: variables, the bare limit's bodies, the subgraph counts.
    const variables: Record<string, Record<string, unknown>> = { overview: {}, analystPage: {}, analystPages: { after: null }, memberByIdNumber: { idNumber } };
    /** analystPages: the variables of each distinct page, walked by cursor through the hub's gateway. */
    const pages: Record<string, unknown>[] = [{ after: null }];
    const reference: Record<string, string> = {};
    const subgraphRequestsPerOperation: Record<string, number> = {};
    // The reference gateway stays up: it is the `hub` gateway measured below.
    const hubChild = await childFor('hub');
    for (const op of OPERATIONS) {
      const before = await subgraphRequests();
      const answer = await post(hubChild.url, body(op, variables[op.name]));
      subgraphRequestsPerOperation[op.name] = (await subgraphRequests()) - before;
      if (answer.errors) throw new Error(`${op.name}: ${JSON.stringify(answer.errors).slice(0, 500)}`);
      reference[op.name] = JSON.stringify(answer);
    }
    let page = JSON.parse(reference.analystPages) as { data: { members: { pageInfo: { endCursor: string | null; hasNextPage: boolean } } } };
    while (pages.length < DISTINCT_PAGES && page.data.members.pageInfo.hasNextPage) {
      const next = { after: page.data.members.pageInfo.endCursor };
      pages.push(next);
      // Only the cursors: the whole page through four subgraphs, 50 times in a row, was most of the set-up.
      page = (await post(hubChild.url, body(CURSORS, next))) as typeof page;
    }
    log(`  analystPages: ${pages.length} distinct pages (${elapsed()})`);
    writeFileSync(configFile, JSON.stringify({ ...childConfig, bareBodies: reference }));

    const { rounds, seconds, warmSeconds } = plan;
    const runs: RunFigures[] = [];
    const peakRss: Record<string, number> = {};
    const sameAnswer: Record<string, Record<string, boolean>> = {};
    const measure = async (kind: GatewayKind, round: number, load: (op: BenchOperation) => Record<string, unknown>, seconds: number, opNames: readonly string[]) => {
      const ops = OPERATIONS.filter((o) => opNames.includes(o.name));
      if (ops.length === 0) return;
      const child = await childFor(kind);
      for (const op of ops) {
        const url = opUrl(child.url, op);
        const payload = body(op, variables[op.name]);
        const answer = await post(url, payload);
        const same = JSON.stringify(answer.data) === JSON.stringify((JSON.parse(reference[op.name]) as { data: unknown }).data);
        (sameAnswer[kind] ??= {})[op.name] = same;
        if (!same && round === 1) log(`  ${kind} ${op.name}: answer differs from the hub's: ${JSON.stringify(answer).slice(0, 400)}`);
        const request = { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, ...load(op), ...distinctBodies(op, pages) };
        // autocannon walks away from requests still in flight when its time is up; the gateway and
        // the subgraphs keep working on them. One more request waits behind that backlog, so the
        // next window starts on idle subgraphs and is not charged for the previous one's queue.
        await autocannon({ ...request, duration: warmSeconds });
        await post(url, payload);
        child.proc.send({ type: 'mark' });
        const r = await autocannon({ ...request, duration: seconds });
        child.proc.send({ type: 'stats' });
        const stats = await child.next('stats');
        await post(url, payload);
        if (stats.type !== 'stats') throw new Error('expected stats');
        peakRss[kind] = Math.max(peakRss[kind] ?? 0, stats.peakRss);
        const figures: RunFigures = {
          kind, round, operation: op.name, requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99,
          cpuMsPerRequest: r.requests.total > 0 ? stats.cpuMs / r.requests.total : NaN, non2xx: r.non2xx, errors: r.errors,
        };
        runs.push(figures);
        log(`  ${round === 0 ? 'fixed rate' : `round ${round}`} ${kind.padEnd(9)} ${op.name.padEnd(11)} ${Math.round(figures.requestsPerSecond)} req/s  p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  cpu ${figures.cpuMsPerRequest.toFixed(2)} ms/req${r.non2xx + r.errors > 0 ? `  non2xx ${r.non2xx} errors ${r.errors}` : ''}`);
      }
    };
    for (let round = 1; round <= rounds; round++) {
      for (const kind of kinds) await measure(kind, round, () => ({ connections: CONNECTIONS }), seconds, plan.maximal[kind] ?? []);
    }
    // Latency at one rate for every gateway: half the median real gateway's maximum (the slowest
    // one's maximum is too often a starved window on a loaded machine); a gateway that cannot keep
    // up shows it in its p99.
    const fixedRate: Record<string, number> = {};
    const fixedOps = new Set(Object.values(plan.fixed).flat());
    for (const op of OPERATIONS.filter((o) => fixedOps.has(o.name))) {
      const maxima = kinds.filter((k) => k !== 'bare' && k !== 'hubCached')
        .map((k) => runs.filter((r) => r.kind === k && r.operation === op.name && r.round > 0).map((r) => r.requestsPerSecond))
        .filter((values) => values.length > 0).map(mean);
      if (maxima.length > 0) fixedRate[op.name] = Math.max(1, Math.floor(median(maxima) * FIXED_RATE_SHARE));
    }
    log(`  fixed rates (req/s, ${FIXED_RATE_CONNECTIONS} connections): ${JSON.stringify(fixedRate)}`);
    for (const kind of kinds) {
      const opNames = (plan.fixed[kind] ?? []).filter((name) => fixedRate[name] !== undefined);
      await measure(kind, 0, (op) => ({ connections: FIXED_RATE_CONNECTIONS, overallRate: fixedRate[op.name] }), plan.fixedSeconds, opNames);
    }
    log(`  gateway bench done (${elapsed()})`);
    return summarize({ scale: options.scale, seconds, rounds, runs, peakRss, subgraphRequestsPerOperation, sameAnswer, fixedRate });
  } finally {
    for (const child of started.values()) {
      const running = await child.catch(() => null);
      if (running) await stopChild(running);
    }
    for (const s of subgraphs) await stopChild(s);
    await stopHub();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

function byKindAndOp(runs: RunFigures[], pick: (r: RunFigures) => number): Record<string, Record<string, number>> {
  const table: Record<string, Record<string, number>> = {};
  for (const kind of new Set(runs.map((r) => r.kind))) {
    for (const op of OPERATIONS) {
      const measured = runs.filter((r) => r.kind === kind && r.operation === op.name);
      // The quick run measures some operations on some gateways only: an absent one is absent, not 0.
      if (measured.length > 0) (table[kind] ??= {})[op.name] = mean(measured.map(pick));
    }
  }
  return table;
}

function summarize(input: {
  scale: number; seconds: number; rounds: number; runs: RunFigures[]; peakRss: Record<string, number>;
  subgraphRequestsPerOperation: Record<string, number>; sameAnswer: Record<string, Record<string, boolean>>; fixedRate: Record<string, number>;
}): GatewayBenchResult {
  const maximal = input.runs.filter((r) => r.round > 0);
  const fixed = input.runs.filter((r) => r.round === 0);
  const rps = byKindAndOp(maximal, (r) => r.requestsPerSecond);
  const ratio = (a: string, b: string, op: string) => (rps[a]?.[op] ?? NaN) / (rps[b]?.[op] ?? NaN);
  const ratios: GatewayBenchResult['ratios'] = {};
  for (const op of OPERATIONS) {
    ratios[op.name] = { vsStock: ratio('hub', 'stock', op.name), vsHive: ratio('hub', 'hive', op.name), ofBare: ratio('hub', 'bare', op.name) };
  }
  const cached = ratio('hubCached', 'stock', 'overview');
  return {
    scale: input.scale, connections: CONNECTIONS, secondsPerRun: input.seconds, rounds: input.rounds, runs: input.runs,
    requestsPerSecond: rps,
    fixedRate: input.fixedRate,
    fixedRateConnections: FIXED_RATE_CONNECTIONS,
    fixedP50Ms: byKindAndOp(fixed, (r) => r.p50Ms),
    fixedP99Ms: byKindAndOp(fixed, (r) => r.p99Ms),
    cpuMsPerRequest: byKindAndOp(maximal, (r) => r.cpuMsPerRequest),
    p50Ms: byKindAndOp(maximal, (r) => r.p50Ms),
    p99Ms: byKindAndOp(maximal, (r) => r.p99Ms),
    peakRssMb: Object.fromEntries(Object.entries(input.peakRss).map(([k, v]) => [k, Math.round(v / 1048576)])),
    subgraphRequestsPerOperation: input.subgraphRequestsPerOperation,
    sameAnswer: input.sameAnswer,
    // The issue's targets are on the uncached cross-subgraph operation: the analyst's page.
    gatewayVsStock: ratios.analystPage.vsStock,
    gatewayVsHive: ratios.analystPage.vsHive,
    distinctPagesVsStock: ratios.analystPages.vsStock,
    distinctPagesVsHive: ratios.analystPages.vsHive,
    cachedVsStock: Number.isFinite(cached) ? cached : null,
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
