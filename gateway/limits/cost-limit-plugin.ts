import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';
import { estimateCost, type CostSettings } from './cost';
import { limitExceeded } from './limit-error';

/**
 * Refuses an operation whose estimated cost (./cost.ts) is over `maxCost`, or that asks for a
 * page larger than `maxPageSize`, before the gateway plans it. It runs once the operation is
 * known and with the request's variables, which validation rules never see.
 */
export function costLimitPlugin(settings: CostSettings & { maxCost: number }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return; // Apollo has already refused a document without the named operation
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = estimateCost(schema, operation, fragments, request.variables, settings);
          contextValue.record.cost = cost;
          if (cost > settings.maxCost) {
            throw limitExceeded(
              'maxCost', settings.maxCost, cost,
              `the operation is too expensive: estimated cost ${cost}; ask for smaller pages (first) or fewer nested lists`,
            );
          }
        },
      };
    },
  };
}
