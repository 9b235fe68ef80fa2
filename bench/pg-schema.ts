import { Client } from 'pg';

/**
 * A PostgreSQL schema of a benchmark's own, so a run never touches another's tables; named by
 * the benchmark and the process, emptied first when a killed run left it behind.
 */
export async function freshSchema(url: string, prefix: string): Promise<string> {
  const schema = `${prefix}_${process.pid}`;
  await withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`));
  return schema;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (c) => c.query(`DROP SCHEMA "${schema}" CASCADE`));
}

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}
