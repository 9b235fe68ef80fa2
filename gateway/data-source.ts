import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { fetch, type Dispatcher } from 'undici';
import { isGatewayContext, type GatewayContext } from './context';
import type { GatewayMetrics } from './metrics';
import { REQUEST_ID_HEADER } from './request-id';
import { classifySubgraphFailure } from './subgraph-failure';

/** Named through the base class, not @apollo/server-gateway-interface, which is only a transitive dependency. */
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface SubgraphTransport {
  /** Connection pool shared by the gateway's subgraph calls; closed with the gateway. */
  dispatcher: Dispatcher;
  /** A call that has not been answered by then counts as the subgraph being unavailable. */
  timeoutMs: number;
}

/**
 * How the gateway talks to one subgraph: it passes the request id and the caller's credentials
 * along, gives up after a timeout (a hung subgraph must not hang every query), counts calls and
 * failures, and turns a failed call into an error that names the subgraph and nothing internal.
 *
 * Calls go through undici's fetch on our own pool rather than Apollo's default make-fetch-happen:
 * that one keeps idle sockets forever (no idle timeout), so a socket the subgraph has already
 * closed can be reused and fail as "socket hang up"; undici drops idle sockets after a few
 * seconds, honours the server's keep-alive hint, and its pool can be closed when the gateway stops.
 */
export class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly metrics: GatewayMetrics,
    transport: SubgraphTransport,
  ) {
    super({ url });
    this.fetcher = (input, init) =>
      fetch(input, { ...init, dispatcher: transport.dispatcher, signal: AbortSignal.timeout(transport.timeoutMs) });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers || !isGatewayContext(options.context)) return;
    headers.set(REQUEST_ID_HEADER, options.context.requestId);
    if (options.context.authorization !== undefined) {
      headers.set('authorization', options.context.authorization);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const record = isGatewayContext(options.context) ? options.context.record : undefined;
    this.metrics.subgraphFetch(this.subgraph);
    let response: GatewayGraphQLResponse;
    try {
      response = await super.process(options);
    } catch (cause) {
      const failure = classifySubgraphFailure(this.subgraph, cause);
      this.metrics.subgraphError(this.subgraph, failure.kind);
      record?.subgraphFailures.push({ subgraph: this.subgraph, code: failure.code });
      // Thrown errors reach the client as they are (the gateway collects them per fetch),
      // so this one must be the safe one, never the cause.
      throw failure.error;
    }
    if (response.errors && response.errors.length > 0) {
      this.metrics.subgraphError(this.subgraph, 'graphql');
      for (const error of response.errors) {
        const code = error.extensions?.code;
        record?.subgraphFailures.push({ subgraph: this.subgraph, code: typeof code === 'string' ? code : 'UNKNOWN' });
      }
    }
    return response;
  }
}
