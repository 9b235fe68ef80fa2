import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, type ReferenceResolvers, type SubgraphSchema } from '../kit';
import { resolveEnterpriseReference } from './references/enterprise.reference';
import { resolveOverviewReference } from './references/overview.reference';
import { resolveUnionReference } from './references/union.reference';
import { DataIssuesResolver } from './resolvers/data-issues.resolver';
import { EnterpriseResolver } from './resolvers/enterprise.resolver';
import { FormationResolver } from './resolvers/formation.resolver';
import { MonitoringResolver } from './resolvers/monitoring.resolver';
import { OverviewResolver } from './resolvers/overview.resolver';
import { SourcesResolver } from './resolvers/sources.resolver';
import { UnionResolver } from './resolvers/union.resolver';
import { Enterprise } from './schema/enterprise';
import { Union } from './schema/union';

/**
 * Organizations: unions, enterprises and their formation, passive monitoring's verdicts, the
 * sources' sync status and the stored data issues. Owns Union and Enterprise; serves Overview.
 * The schema reads the store from the request context, so building it needs no store.
 */
export const ORGANIZATIONS = 'organizations';

const references = {
  Union: { __resolveReference: resolveUnionReference },
  Enterprise: { __resolveReference: resolveEnterpriseReference },
  Overview: { __resolveReference: resolveOverviewReference },
} satisfies ReferenceResolvers;

/** The executable subgraph schema, for startSubgraph. */
export function buildOrganizationsSchema(): GraphQLSchema {
  return organizationsSubgraph().schema;
}

/** The subgraph SDL, for composition. */
export function organizationsSdl(): string {
  return organizationsSubgraph().sdl;
}

export function organizationsSubgraph(): SubgraphSchema {
  return buildFederatedSchema({
    resolvers: [
      OverviewResolver, UnionResolver, EnterpriseResolver, FormationResolver, MonitoringResolver,
      SourcesResolver, DataIssuesResolver,
    ],
    orphanedTypes: [Union, Enterprise],
    referenceResolvers: references,
  });
}
