import 'reflect-metadata';
import { subscribe } from 'node:diagnostics_channel';
import { buildSubgraphSchema, type SubgraphName } from '../cli/services';
import { openRuntime } from '../cli/runtime';
import { loadConfig } from '../core/config';
import { startSubgraph } from '../subgraphs/kit/server';

/**
 * One subgraph of the gateway comparison, alone in its process, so the gateway under test and the
 * four subgraphs do not share one event loop (every gateway would otherwise wait on the same queue).
 *   node dist/bench/gateway-subgraph-child.js <name> <dataDir>
 * Opens the bench's store (the SQLite file in dataDir, read by every subgraph process as WAL allows),
 * sends { type: 'ready', url }, answers 'count' with the HTTP requests served so far, exits on 'stop'.
 */
export type SubgraphChildMessage = { type: 'ready'; url: string } | { type: 'count'; requests: number };

async function main() {
  const name = process.argv[2] as SubgraphName;
  const config = loadConfig({ dataDir: process.argv[3], env: {} });
  const runtime = await openRuntime(config);
  let requests = 0;
  subscribe('http.server.request.start', () => { requests++; });
  const server = await startSubgraph({ name, schema: buildSubgraphSchema(name, runtime), store: runtime.store, port: 0 });
  const send = (m: SubgraphChildMessage) => process.send?.(m);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'count') send({ type: 'count', requests });
    if (m.type === 'stop') {
      server.close().then(() => runtime.close()).finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 2_000).unref();
    }
  });
  send({ type: 'ready', url: server.url });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
