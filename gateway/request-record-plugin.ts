import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext, Outcome } from './context';

/**
 * Fills the request's record (operation name, outcome) as Apollo runs the operation, so the
 * request log line and the metrics, written when the HTTP response ends, can say what it was.
 * Also the one place where unexpected gateway errors are logged in full, since formatError
 * replaces their message for the client.
 */
export function requestRecordPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          contextValue.record.operationName = operationName ?? 'anonymous';
          contextValue.record.operationType = operation?.operation;
        },
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            const code = error.extensions.code;
            const unexpected = error.extensions.serviceName === undefined && (code === undefined || code === 'INTERNAL_SERVER_ERROR');
            if (unexpected) {
              // Internal log only: the message may name an address; it never holds variables.
              logger.error({ requestId: contextValue.requestId, err: error.originalError ?? error }, 'unexpected error');
            }
          }
        },
        async willSendResponse({ contextValue, response }) {
          contextValue.record.outcome = outcomeOf(response.body);
        },
      };
    },
  };
}

function outcomeOf(body: GraphQLResponse['body']): Outcome {
  const result = body.kind === 'single' ? body.singleResult : body.initialResult;
  const failed = result.errors !== undefined && result.errors.length > 0;
  if (!failed) return 'success';
  return result.data !== undefined && result.data !== null ? 'partial' : 'error';
}
