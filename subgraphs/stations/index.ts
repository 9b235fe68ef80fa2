import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, type ReferenceResolvers, type SubgraphSchema } from '../kit';
import { resolveOverviewReference } from './references/overview.reference';
import { resolveStationReference } from './references/station.reference';
import { resolveUnionReference } from './references/union.reference';
import { StationCoverageResolver } from './resolvers/coverage.resolver';
import { OverviewStationsResolver } from './resolvers/overview.resolver';
import { StationResolver } from './resolvers/station.resolver';
import { StationStatsResolver } from './resolvers/station-stats.resolver';
import { UnionStationsResolver } from './resolvers/union.resolver';
import { Overview } from './schema/overview';
import { Union } from './schema/union';

/**
 * Stations: union stations, drivers' homes and love stations, located in WGS-84 and converted on
 * request. Owns Station; adds Union.stations and the station figures to Overview.
 */
export const STATIONS = 'stations';

const references = {
  Station: { __resolveReference: resolveStationReference },
  Union: { __resolveReference: resolveUnionReference },
  Overview: { __resolveReference: resolveOverviewReference },
} satisfies ReferenceResolvers;

export function stationsSubgraph(): SubgraphSchema {
  return buildFederatedSchema({
    resolvers: [StationResolver, StationStatsResolver, StationCoverageResolver, UnionStationsResolver, OverviewStationsResolver],
    orphanedTypes: [Union, Overview],
    referenceResolvers: references,
  });
}

/** The executable subgraph schema, for startSubgraph. */
export function buildStationsSchema(): GraphQLSchema {
  return stationsSubgraph().schema;
}

/** The subgraph SDL, for composition. */
export function stationsSdl(): string {
  return stationsSubgraph().sdl;
}
