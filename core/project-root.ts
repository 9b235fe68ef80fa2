import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding package.json, whether code runs compiled from dist/ or from source under
 * ts-jest: files such as schema/supergraph.graphql are read from there, never copied.
 */
let cached: string | null = null;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (no package.json above ' + __dirname + ')');
    dir = parent;
  }
  cached = dir;
  return dir;
}
