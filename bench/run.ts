import { spawn, execSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arg } from './cli-args';

/**
 * `npm run bench` (full) and `npm run bench -- --quick`: every benchmark, each in its own process,
 * and one object with every figure by name in bench/results/{quick,full}.json.
 * `--ingest-scale S` overrides the ingest's scale (full run: 1, the province as issue 9 sizes it,
 * 7.1 million records per store; quick run: 0.002).
 */
interface Step { command: string; seconds: number; stdout: string; ok: boolean; reason: string | null }

const quick = process.argv.includes('--quick');
const node = process.execPath;
const dist = __dirname;

function runStep(args: string[], timeoutSeconds: number): Promise<Step> {
  const command = `node ${args.map((a) => a.replace(dist, 'dist/bench')).join(' ')}`;
  process.stderr.write(`\n$ ${command}\n`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      const reason = code === 0 ? null : signal ? `killed after ${timeoutSeconds} s (${signal})` : `exited with ${code}`;
      resolve({ command, seconds, stdout, ok: code === 0, reason });
    });
  });
}

/** The multi-line JSON object a bench prints (the first `{` line to its closing `}` line). */
function jsonBlock(stdout: string): Record<string, unknown> | null {
  const lines = stdout.split('\n');
  const single = lines.find((l) => l.startsWith('{') && l.trimEnd().endsWith('}'));
  if (single) return JSON.parse(single) as Record<string, unknown>;
  const start = lines.indexOf('{');
  const end = lines.indexOf('}', start);
  return start >= 0 && end > start ? (JSON.parse(lines.slice(start, end + 1).join('\n')) as Record<string, unknown>) : null;
}

/** The JSON after `prefix: ` on the line a drill prints (load-drill.ts, crash-drill.ts). */
function prefixedLine(stdout: string, prefix: string): Record<string, unknown> | null {
  const line = stdout.split('\n').find((l) => l.startsWith(`${prefix}: `));
  return line ? (JSON.parse(line.slice(prefix.length + 2)) as Record<string, unknown>) : null;
}

/** A drill's summary, or why there is none (a failed drill still prints its summary, exit 1). */
function drillFigures(step: Step | null, prefix: string): { ok: boolean | null; summary: Record<string, unknown> | null; reason: string | null } {
  if (!step) return { ok: null, summary: null, reason: 'full run only' };
  return { ok: step.ok, summary: prefixedLine(step.stdout, prefix), reason: step.reason };
}

function gitCommit(): string | null {
  try {
    return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/**
 * Seconds per warm memberStats(groupBy: [CITY, OCCUPATION]) over 2 million members: measured when
 * the run loaded 2 million, else scaled linearly from the count it loaded (the query reads an index
 * entry per member), and said so.
 */
function memberStatsFigure(step: Step, members: number): { seconds2M: number | null; reason: string | null; raw: Record<string, unknown> | null } {
  const raw = step.ok ? jsonBlock(step.stdout) : null;
  const seconds = typeof raw?.memberStatsSeconds === 'number' ? raw.memberStatsSeconds : null;
  if (seconds === null) return { seconds2M: null, reason: step.reason ?? 'no memberStatsSeconds in the output', raw };
  const measured = `warm, median of ${String(raw?.runs)}, city × occupation, no filter, through the resolver (${String(raw?.store)})`;
  return members === 2_000_000
    ? { seconds2M: seconds, reason: `measured over 2,000,000 members; ${measured}`, raw }
    : { seconds2M: (seconds * 2_000_000) / members, reason: `extrapolated linearly from ${members.toLocaleString('en')} members (${seconds.toFixed(3)} s); ${measured}`, raw };
}

async function main() {
  const flag = quick ? ['--quick'] : [];
  const ingestScale = arg('ingest-scale', quick ? '0.002' : '1');
  // Scale 1 takes tens of minutes per store on two cores; the limit grows with the scale.
  const ingestTimeout = quick ? 180 : Math.max(3600, Number(ingestScale) * 4 * 3600);
  const monitoringScale = quick ? '0.01' : '1';
  const stations = quick ? '20000' : '180000';
  // 100,000 members in the quick run: memberStats is extrapolated linearly to 2 M either way, and
  // loading them is most of the step's time.
  const members = quick ? 100_000 : 2_000_000;

  // Five gateways (hub uncached and cached, stock, Hive, bare): the full run every operation, two
  // rounds and a fixed-rate run; the quick run only the operations its figures need (gateway-plan.ts).
  const gateway = await runStep([join(dist, 'gateway.js'), ...flag], quick ? 600 : 3000);
  const gatewayFigures = prefixedLine(gateway.stdout, 'gatewayBench');

  // No heap cap: peak RSS is measured as the hub runs by default (V8 sizes its heap from the
  // machine's memory). Without opencc-js's tries the uncapped peak stays under 512 MB (BENCHMARKS.md).
  const ingest = await runStep([join(dist, 'ingest.js'), '--scale', ingestScale], ingestTimeout);
  const ingestFigures = ingest.ok ? jsonBlock(ingest.stdout) : null;
  // The same ingest into PostgreSQL, reported beside SQLite (HUB_TEST_DATABASE_URL or the local test database).
  const ingestPg = await runStep([join(dist, 'ingest.js'), '--scale', ingestScale, '--store', 'postgres'], ingestTimeout);
  const ingestPgFigures = ingestPg.ok ? jsonBlock(ingestPg.stdout) : null;

  const near = await runStep([join(dist, 'stations-near.js'), '--stations', stations, '--queries', quick ? '150' : '2000'], quick ? 120 : 1800);
  const nearMatch = /nearVsScan: (\d+(\.\d+)?)/.exec(near.stdout);

  // memberStats city × occupation over the member view; PostgreSQL only in the full run (its load of
  // 2 million members takes minutes, the quick run must stay short).
  const stats = await runStep([join(dist, 'member-stats.js'), '--members', String(members)], quick ? 120 : 1800);
  const statsPg = quick ? null : await runStep([join(dist, 'member-stats.js'), '--members', String(members), '--store', 'postgres'], 3600);
  const statsFigures = memberStatsFigure(stats, members);
  const statsPgFigures = statsPg ? memberStatsFigure(statsPg, members) : { seconds2M: null, reason: 'full run only', raw: null };

  const monitoring = await runStep([join(dist, 'monitoring.js'), '--scale', monitoringScale], quick ? 120 : 3600);
  const monitoringFigures = monitoring.ok ? jsonBlock(monitoring.stdout) : null;
  const full = monitoringFigures?.full as { seconds?: number; cpuSeconds?: number; evaluated?: number } | undefined;
  const incremental = monitoringFigures?.incremental as { seconds?: number; cpuSeconds?: number } | undefined;
  // The target counts grassroots unions: the ones a full evaluation evaluates.
  const unions = Number(full?.evaluated ?? 0);

  // The reliability drills (issue 10) at full length, full run only: each prints its summary and
  // exits 1 when it fails (5xx under load, a push lost, a record applied twice).
  const loadDrill = quick ? null : await runStep([join(dist, 'load-drill.js'), '--seconds', '60'], 1200);
  const crashDrill = quick ? null : await runStep([join(dist, 'crash-drill.js')], 1800);
  const drills = [loadDrill, crashDrill].filter((s): s is Step => s !== null);

  const result = {
    run: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: { platform: platform(), release: release(), cpus: cpus().map((c) => c.model), cores: cpus().length, totalmemMB: Math.round(totalmem() / 1048576), loadavg: loadavg(), node: process.version },
    gatewayVsStock: gatewayFigures?.gatewayVsStock ?? null,
    gatewayVsHive: gatewayFigures?.gatewayVsHive ?? null,
    // The analyst's page when every request reads a different page (nothing for the gateways to share in flight).
    gatewayDistinctPagesVsStock: gatewayFigures?.distinctPagesVsStock ?? null,
    gatewayDistinctPagesVsHive: gatewayFigures?.distinctPagesVsHive ?? null,
    cachedVsStock: gatewayFigures?.cachedVsStock ?? null,
    cachedVsStockReason: gatewayFigures?.cachedVsStock != null
      ? 'repeated dashboard overview: the hub\'s gateway with its response cache ÷ stock Apollo Gateway (req/s, 50 connections)'
      : gateway.reason ?? 'the gateway bench ran without hubCached',
    ingestRecordsPerSecond: ingestFigures?.recordsPerSecond ?? null,
    ingestMemberRecordsPerSecond: ingestFigures?.memberRecordsPerSecond ?? null,
    ingestVsBareInsert: ingestFigures?.ingestVsBareInsert ?? null,
    ingestVsBareInsertCpu: ingestFigures?.ingestVsBareInsertCpu ?? null,
    ingestPeakRssMB: ingestFigures?.peakRssMB ?? null,
    ingestReason: ingest.ok ? `SQLite, three simulators over HTTP, scale ${ingestScale}` : ingest.reason,
    ingestPostgresRecordsPerSecond: ingestPgFigures?.recordsPerSecond ?? null,
    ingestPostgresMemberRecordsPerSecond: ingestPgFigures?.memberRecordsPerSecond ?? null,
    ingestPostgresVsBareInsert: ingestPgFigures?.ingestVsBareInsert ?? null,
    ingestPostgresReason: ingestPg.ok ? `PostgreSQL, same run, scale ${ingestScale}` : ingestPg.reason,
    // Linear extrapolation from the measured scale to 150,000 grassroots unions (marked as such).
    monitoringSeconds150k: full?.seconds !== undefined && unions > 0 ? (full.seconds * 150_000) / unions : null,
    monitoringSeconds150kReason: monitoring.ok
      ? (unions >= 150_000 ? `measured: ${unions} grassroots unions at scale ${monitoringScale}` : `extrapolated linearly from ${unions} grassroots unions evaluated at scale ${monitoringScale}`)
      : monitoring.reason,
    // The bench process's CPU seconds (SQLite's work included): steadier than wall time on a shared machine.
    monitoringCpuSeconds150k: full?.cpuSeconds !== undefined && unions > 0 ? (full.cpuSeconds * 150_000) / unions : null,
    monitoringIncrementalSeconds: incremental?.seconds ?? null,
    monitoringIncrementalCpuSeconds: incremental?.cpuSeconds ?? null,
    nearVsScan: nearMatch ? Number(nearMatch[1]) : null,
    nearVsScanReason: nearMatch ? `${stations} stations` : near.reason,
    memberStatsSeconds2M: statsFigures.seconds2M,
    memberStatsSeconds2MReason: statsFigures.reason,
    memberStatsPostgresSeconds2M: statsPgFigures.seconds2M,
    memberStatsPostgresSeconds2MReason: statsPgFigures.reason,
    loadDrill: drillFigures(loadDrill, 'loadDrill'),
    crashDrill: drillFigures(crashDrill, 'crashDrill'),
    raw: { gateway: gatewayFigures, ingest: ingestFigures, ingestPostgres: ingestPgFigures, monitoring: monitoringFigures, stationsNear: near.stdout.slice(-3000), memberStats: statsFigures.raw, memberStatsPostgres: statsPgFigures.raw },
    steps: [gateway, ingest, ingestPg, near, stats, ...(statsPg ? [statsPg] : []), monitoring, ...drills].map(({ command, seconds, ok, reason }) => ({ command, seconds, ok, reason })),
    commands: [`npm run bench -- ${process.argv.slice(2).join(' ')}`.trim().replace(/ --$/, ''), ...[gateway, ingest, ingestPg, near, stats, ...(statsPg ? [statsPg] : []), monitoring, ...drills].map((s) => s.command)],
  };
  const dir = join(dist, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.run}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`\nwrote ${file}\n`);
  console.log(JSON.stringify({ gatewayVsStock: result.gatewayVsStock, gatewayVsHive: result.gatewayVsHive, cachedVsStock: result.cachedVsStock, ingestRecordsPerSecond: result.ingestRecordsPerSecond, ingestMemberRecordsPerSecond: result.ingestMemberRecordsPerSecond, ingestVsBareInsert: result.ingestVsBareInsert, ingestPostgresRecordsPerSecond: result.ingestPostgresRecordsPerSecond, monitoringSeconds150k: result.monitoringSeconds150k, nearVsScan: result.nearVsScan, memberStatsSeconds2M: result.memberStatsSeconds2M }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
