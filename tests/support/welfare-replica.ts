/**
 * One replica of the welfare subgraph in its own process, on a SQLite file another process also
 * writes: `node tests/support/ts-child.js tests/support/welfare-replica.ts <sqlite file>`.
 * Prints `READY <url>` when it listens; stops when its stdin closes (the parent exited or said so).
 */
import { openStore } from '../../core/store/database';
import { startSubgraph } from '../../subgraphs/kit';
import { buildWelfareSchema } from '../../subgraphs/welfare';
import { testPii } from './pii';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: welfare-replica.ts <sqlite file>');
  const store = openStore({ sqliteFile: file });
  const server = await startSubgraph({ name: 'welfare', schema: buildWelfareSchema({ pii: testPii() }), store, port: 0 });
  process.stdout.write(`READY ${server.url}\n`);
  const stop = async () => {
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
