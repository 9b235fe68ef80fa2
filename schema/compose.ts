import { composeServices } from '@apollo/composition';
import type { DocumentNode } from 'graphql';
import { membershipSubgraph } from '../subgraphs/membership';
import { organizationsSubgraph } from '../subgraphs/organizations';
import { stationsSubgraph } from '../subgraphs/stations';
import { welfareSubgraph } from '../subgraphs/welfare';

/**
 * Composition of the four subgraphs into the supergraph the gateway serves. The committed
 * schema/supergraph.graphql carries placeholder URLs (localhost:4001…4004, DESIGN.md's default
 * ports); the gateway replaces them with the real ones at run time.
 */
export interface SubgraphDefinition {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

export const PLACEHOLDER_URLS: Readonly<Record<string, string>> = {
  membership: 'http://localhost:4001/graphql',
  organizations: 'http://localhost:4002/graphql',
  stations: 'http://localhost:4003/graphql',
  welfare: 'http://localhost:4004/graphql',
};

/** The four subgraphs' SDL, built from code without a store or a server. */
export function subgraphDefinitions(): Array<{ name: string; typeDefs: DocumentNode }> {
  return [
    { name: 'membership', typeDefs: membershipSubgraph().typeDefs },
    { name: 'organizations', typeDefs: organizationsSubgraph().typeDefs },
    { name: 'stations', typeDefs: stationsSubgraph().typeDefs },
    { name: 'welfare', typeDefs: welfareSubgraph().typeDefs },
  ];
}

export class CompositionError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`composition failed with ${errors.length} error(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/** The supergraph SDL; throws CompositionError listing every composition error. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
  if (result.errors) {
    throw new CompositionError(result.errors.map((e) => {
      const code = e.extensions?.code;
      return typeof code === 'string' ? `[${code}] ${e.message}` : e.message;
    }));
  }
  return result.supergraphSdl;
}

/** What schema/supergraph.graphql must hold: the four subgraphs at their placeholder URLs. */
export function composeCommittedSupergraph(): string {
  return composeSupergraph(subgraphDefinitions().map((s) => ({ ...s, url: PLACEHOLDER_URLS[s.name] })));
}
