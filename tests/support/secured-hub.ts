import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Runtime } from '../../cli/runtime';
import { startServices, type RunningServices } from '../../cli/services';
import { loadConfig, type HubConfig } from '../../core/config';
import type { Store } from '../../core/store/database';
import { TEST_JWT_SECRET } from './auth';
import { testPii } from './pii';
import { freePortBase } from './ports';
import { insertProvince } from './subgraph-rows';

/**
 * A hub secured as `hub start` secures it (HUB_JWT_SECRET set, subgraphs that serve signed
 * requests only, the default limits), on a real store with the small province of
 * subgraph-rows.ts, for the security tests. Its log lines are kept for the tests to read.
 */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Reply['body'] = {};
  try { parsed = JSON.parse(text) as Reply['body']; } catch { /* not JSON: the assertions on status say enough */ }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

export function memoryLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }), lines };
}

/** Rows per table that an attack could change. */
export const WATCHED_TABLES = ['members', 'member_sources', 'unions', 'enterprises', 'stations', 'welfare_programs', 'enrollments', 'data_issues', 'sources'] as const;
export async function rowCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of WATCHED_TABLES) {
    const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

export interface SecuredHub {
  config: HubConfig;
  store: Store & { dispose(): Promise<void> };
  services: RunningServices;
  gateway: string;
  subgraph(name: string): string;
  lines: string[];
  stop(): Promise<void>;
}

export async function startSecuredHub(store: Store & { dispose(): Promise<void> }): Promise<SecuredHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-security-'));
  const config = loadConfig({ dataDir, portBase: await freePortBase(), env: { HUB_JWT_SECRET: TEST_JWT_SECRET } });
  await insertProvince(store);
  const runtime: Runtime = { config, store, pii: testPii(), close: async () => undefined };
  const { logger, lines } = memoryLogger();
  const services = await startServices({
    runtime, logger, host: '127.0.0.1', demo: false,
    services: ['membership', 'organizations', 'stations', 'welfare', 'gateway'],
  });
  return {
    config, store, services, lines,
    gateway: services.gateway!.url,
    subgraph: (name) => services.subgraphs.find((s) => s.name === name)!.url,
    async stop() {
      await services.close();
      await store.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

