import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * The `hub` command as a real child process, for drills that kill it. From the TypeScript sources
 * (jest) it runs cli/hub.ts through tests/support/ts-child.js; from a build (`npm run bench`) it
 * runs dist/cli/hub.js. Either way it is the same CLI an operator runs.
 */
export interface HubProcess {
  child: ChildProcess;
  /** What it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGKILL, as `kill -9`: no handler runs, nothing is flushed. */
  kill9(): Promise<void>;
}

function hubCommand(): string[] {
  const here = resolve(__dirname);
  if (__filename.endsWith('.ts')) {
    const root = resolve(here, '..', '..');
    return [join(root, 'tests', 'support', 'ts-child.js'), join(root, 'cli', 'hub.ts')];
  }
  const built = resolve(here, '..', '..', 'cli', 'hub.js');
  if (!existsSync(built)) throw new Error(`no built hub at ${built}: run npm run build first`);
  return [built];
}

export function spawnHub(args: string[], env: NodeJS.ProcessEnv): HubProcess {
  const child = spawn(process.execPath, [...hubCommand(), ...args], {
    env: { ...process.env, ...env, APOLLO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Kept short: a drill's child may log a line per delivery.
  const keep = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-20_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    output: () => output,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls until `ready` says yes, or fails with what the process printed. */
export async function waitFor(what: string, ready: () => Promise<boolean>, hub: HubProcess | null, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    if (hub && hub.child.exitCode !== null) throw new Error(`${what}: the hub exited with ${hub.child.exitCode}:\n${hub.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${hub ? `:\n${hub.output()}` : ''}`);
}

/** The ingest endpoint answers /health. */
export function ingestUp(url: string): () => Promise<boolean> {
  return async () => (await fetch(`${url}/health`)).status === 200;
}

/** `hub serve ingest`, resolved once it answers /health. */
export async function startedIngest(start: () => HubProcess, url: string): Promise<HubProcess> {
  const hub = start();
  await waitFor('ingest up', ingestUp(url), hub);
  return hub;
}

/** Offsets from the port base that a whole hub uses (DESIGN.md). */
const OFFSETS = [0, 1, 2, 3, 4, 10, 20, 21, 22];

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** A port base whose every service port is free right now, so drills can run beside other hubs. */
export async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 400) * 100;
    if ((await Promise.all(OFFSETS.map((o) => portFree(base + o)))).every(Boolean)) return base;
  }
  throw new Error('no free port base found');
}
