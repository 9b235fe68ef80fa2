import { spawn, execSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run bench` (full) and `npm run bench -- --quick`: every benchmark, each in its own process,
 * and one object with every figure by name in bench/results/{quick,full}.json.
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

function gitCommit(): string | null {
  try {
    return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const flag = quick ? ['--quick'] : [];
  const ingestScale = quick ? '0.002' : '0.1';
  const monitoringScale = quick ? '0.01' : '1';
  const stations = quick ? '20000' : '180000';

  const gateway = await runStep([join(dist, 'gateway.js'), ...flag], quick ? 240 : 1800);
  const gatewayLine = gateway.stdout.split('\n').find((l) => l.startsWith('gatewayBench: '));
  const gatewayFigures = gatewayLine ? (JSON.parse(gatewayLine.slice('gatewayBench: '.length)) as Record<string, unknown>) : null;

  const ingest = await runStep([join(dist, 'ingest.js'), '--scale', ingestScale], quick ? 120 : 3600);
  const ingestFigures = ingest.ok ? jsonBlock(ingest.stdout) : null;

  const near = await runStep([join(dist, 'stations-near.js'), '--stations', stations, '--queries', quick ? '300' : '2000'], quick ? 120 : 1800);
  const nearMatch = /nearVsScan: (\d+(\.\d+)?)/.exec(near.stdout);

  const monitoring = await runStep([join(dist, 'monitoring.js'), '--scale', monitoringScale], quick ? 120 : 3600);
  const monitoringFigures = monitoring.ok ? jsonBlock(monitoring.stdout) : null;
  const full = monitoringFigures?.full as { seconds?: number; evaluated?: number } | undefined;
  // The target counts grassroots unions: the ones a full evaluation evaluates.
  const unions = Number(full?.evaluated ?? 0);

  const result = {
    run: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: { platform: platform(), release: release(), cpus: cpus().map((c) => c.model), cores: cpus().length, totalmemMB: Math.round(totalmem() / 1048576), loadavg: loadavg(), node: process.version },
    gatewayVsStock: gatewayFigures?.gatewayVsStock ?? null,
    gatewayVsHive: gatewayFigures?.gatewayVsHive ?? null,
    cachedVsStock: null,
    cachedVsStockReason: 'not measured: no response cache built yet (gateway/response-cache.ts keyed by operation + variables + role, invalidated by max change_log seq, is the planned design)',
    ingestRecordsPerSecond: ingestFigures?.recordsPerSecond ?? null,
    ingestVsBareInsert: null,
    ingestVsBareInsertReason: 'not measured: bench/ingest.ts has no bare batched insert of the same canonical rows yet',
    // Linear extrapolation from the measured scale to 150,000 grassroots unions (marked as such).
    monitoringSeconds150k: full?.seconds !== undefined && unions > 0 ? (full.seconds * 150_000) / unions : null,
    monitoringSeconds150kReason: monitoring.ok ? `extrapolated linearly from ${unions} grassroots unions evaluated at scale ${monitoringScale}` : monitoring.reason,
    nearVsScan: nearMatch ? Number(nearMatch[1]) : null,
    nearVsScanReason: nearMatch ? `${stations} stations` : near.reason,
    raw: { gateway: gatewayFigures, ingest: ingestFigures, monitoring: monitoringFigures, stationsNear: near.stdout.slice(-3000) },
    steps: [gateway, ingest, near, monitoring].map(({ command, seconds, ok, reason }) => ({ command, seconds, ok, reason })),
    commands: [`npm run bench${quick ? ' -- --quick' : ''}`, ...[gateway, ingest, near, monitoring].map((s) => s.command)],
  };
  const dir = join(dist, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.run}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`\nwrote ${file}\n`);
  console.log(JSON.stringify({ gatewayVsStock: result.gatewayVsStock, gatewayVsHive: result.gatewayVsHive, cachedVsStock: null, ingestRecordsPerSecond: result.ingestRecordsPerSecond, ingestVsBareInsert: null, monitoringSeconds150k: result.monitoringSeconds150k, nearVsScan: result.nearVsScan }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
