import { readFileSync, writeFileSync } from 'node:fs';
import { composeCommittedSupergraph } from '../../schema/compose';
import { apiSchemaOfSupergraph, checkAgainstContract } from '../../schema/contract-check';
import { SUPERGRAPH_PATH } from '../../schema/supergraph-file';
import { projectRoot } from '../../core/project-root';
import { join } from 'node:path';

/**
 * `hub compose [--check]`: composes the four subgraphs and holds the result against the public
 * contract. Without --check it writes schema/supergraph.graphql; with it, it fails (exit 1) when
 * the committed file is stale. Returns the exit code.
 */
export function compose(options: { check: boolean }, out: NodeJS.WritableStream = process.stdout): number {
  const fresh = composeCommittedSupergraph();
  const contract = readFileSync(join(projectRoot(), 'schema', 'contract.graphql'), 'utf8');
  const gaps = checkAgainstContract(apiSchemaOfSupergraph(fresh), contract);
  if (gaps.length > 0) {
    out.write(`the composed API breaks the public contract (schema/contract.graphql):\n${gaps.map((g) => `  - ${g}`).join('\n')}\n`);
    return 1;
  }
  if (options.check) {
    const committed = readFileSync(SUPERGRAPH_PATH, 'utf8');
    if (committed !== fresh) {
      out.write(`${SUPERGRAPH_PATH} is stale: run \`hub compose\` (or \`npm run compose\`) and commit it\n`);
      return 1;
    }
    out.write('supergraph is up to date and holds the contract\n');
    return 0;
  }
  writeFileSync(SUPERGRAPH_PATH, fresh);
  out.write(`wrote ${SUPERGRAPH_PATH}\n`);
  return 0;
}
