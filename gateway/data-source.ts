import { randomUUID } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherRequestInit } from '@apollo/utils.fetcher';
import type { Dispatcher } from 'undici';
import { encodeIdentity } from '../core/auth/identity';
import { IDENTITY_HEADER, signSubgraphRequest } from '../core/auth/subgraph-signature';
import { isGatewayContext, type GatewayContext } from './context';
import type { GatewayMetrics } from './metrics';
import type { InflightFetches } from './inflight-fetches';
import { REQUEST_ID_HEADER } from './request-id';
import { exchange, fetcherResponse, type SubgraphAnswer } from './subgraph-exchange';
import { classifySubgraphFailure } from './subgraph-failure';

/** Named through the base class, not @apollo/server-gateway-interface, which is only a transitive dependency. */
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface SubgraphTransport {
  /** Connection pool shared by the gateway's subgraph calls; closed with the gateway. */
  dispatcher: Dispatcher;
  /** A call that has not been answered by then counts as the subgraph being unavailable. */
  timeoutMs: number;
  /** The HMAC key every subgraph request is signed with (core/auth/subgraph-signature.ts); absent: unsigned. */
  signingKey?: Uint8Array;
  /** Shares identical queries in flight (gateway/inflight-fetches.ts); absent: every call is sent. */
  inflight?: InflightFetches<SubgraphAnswer>;
}

/**
 * How the gateway talks to one subgraph: it passes the request id and the verified caller along
 * in a signed request (so the subgraph serves the gateway only, and knows who is asking), gives
 * up after a timeout (a hung subgraph must not hang every query), counts calls and failures, and
 * turns a failed call into an error that names the subgraph and nothing internal.
 *
 * Calls go through undici's `request` on our own pool rather than Apollo's default make-fetch-happen:
 * that one keeps idle sockets forever (no idle timeout), so a socket the subgraph has already
 * closed can be reused and fail as "socket hang up"; undici drops idle sockets after a few
 * seconds, honours the server's keep-alive hint, and its pool can be closed when the gateway stops.
 * Identical queries in flight are sent once (before signing: the shared call is signed once).
 */
export class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly metrics: GatewayMetrics,
    transport: SubgraphTransport,
  ) {
    super({ url });
    // Signed here, not in willSendRequest: only the fetcher sees the body bytes as they are sent.
    // Counted here, where a call is really sent: calls shared by identical queries count once.
    const send = (input: string, init: FetcherRequestInit): Promise<SubgraphAnswer> => {
      metrics.subgraphFetch(subgraph);
      const headers: Record<string, string> = { ...init.headers };
      if (transport.signingKey) {
        const target = new URL(input);
        Object.assign(headers, signSubgraphRequest(transport.signingKey, {
          method: init.method ?? 'GET',
          target: target.pathname + target.search,
          body: init.body ?? '',
          requestId: headers[REQUEST_ID_HEADER] ?? randomUUID(),
          identity: headers[IDENTITY_HEADER] ?? '',
        }));
      }
      return exchange(transport.dispatcher, input, { ...init, headers }, transport.timeoutMs);
    };
    this.fetcher = async (input, init = {}) => {
      const answer = transport.inflight ? await transport.inflight.share(input, init, () => send(input, init)) : await send(input, init);
      return fetcherResponse(answer);
    };
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers || !isGatewayContext(options.context)) return;
    headers.set(REQUEST_ID_HEADER, options.context.requestId);
    if (options.context.identity) headers.set(IDENTITY_HEADER, encodeIdentity(options.context.identity));
    if (options.context.authorization !== undefined) {
      headers.set('authorization', options.context.authorization);
    }
  }

  /**
   * A subgraph's unexpected error (code INTERNAL_SERVER_ERROR or none) carries whatever the
   * failing library said: a database error, a host name, a file path. The subgraph has logged it
   * under the request id; the client gets that id and the subgraph's name instead. Errors the
   * hub raised on purpose keep their code and message.
   */
  private withoutInternals<E extends { message: string; extensions?: Record<string, unknown> }>(error: E, context: unknown): E {
    const code = error.extensions?.code;
    if (code !== undefined && code !== 'INTERNAL_SERVER_ERROR') return error;
    const requestId = isGatewayContext(context) ? ` (request id ${context.requestId})` : '';
    return { ...error, message: `internal error in subgraph ${this.subgraph}${requestId}` };
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const record = isGatewayContext(options.context) ? options.context.record : undefined;
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
      return { ...response, errors: response.errors.map((error) => this.withoutInternals(error, options.context)) };
    }
    return response;
  }
}
