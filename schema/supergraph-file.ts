import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../core/project-root';

/** The committed, composed supergraph the gateway serves (written by `hub compose`). */
export const SUPERGRAPH_PATH = join(projectRoot(), 'schema', 'supergraph.graphql');

export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}
