import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Outcome } from './context';

/** Past this many distinct operation names, further names are counted as 'other'. */
const MAX_OPERATION_LABELS = 200;

/** Why a subgraph call counted as an error. */
export type SubgraphErrorKind = 'unavailable' | 'http' | 'invalid_response' | 'graphql';

/** hit: answered from the response cache; miss: a cacheable query that was not there; skip: not cacheable. */
export type CacheResult = 'hit' | 'miss' | 'skip';

/**
 * The gateway's Prometheus metrics. Each gateway owns its Registry (not prom-client's global
 * one), so two gateways in one process, as in the tests, don't clash over metric names.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly subgraphFetches: Counter<'subgraph'>;
  private readonly subgraphErrors: Counter<'subgraph' | 'kind'>;
  private readonly cacheLookups: Counter<'result'>;
  private readonly cacheBytes: Gauge;
  private readonly operationLabels = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'gateway_graphql_requests_total',
      help: 'GraphQL requests answered by the gateway, by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'gateway_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to the end of its response',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.subgraphFetches = new Counter({
      name: 'gateway_subgraph_fetches_total',
      help: 'Requests the gateway sent to each subgraph',
      labelNames: ['subgraph'],
      registers: [this.registry],
    });
    this.subgraphErrors = new Counter({
      name: 'gateway_subgraph_errors_total',
      help: 'Subgraph requests that failed or answered with GraphQL errors, by subgraph and kind',
      labelNames: ['subgraph', 'kind'],
      registers: [this.registry],
    });
    this.cacheLookups = new Counter({
      name: 'gateway_response_cache_requests_total',
      help: 'GraphQL requests by response cache result: hit, miss (cacheable, not there), skip (mutation, disclosure, not a query)',
      labelNames: ['result'],
      registers: [this.registry],
    });
    this.cacheBytes = new Gauge({
      name: 'gateway_response_cache_bytes',
      help: 'Bytes of answers held by the response cache',
      registers: [this.registry],
    });
  }

  responseCache(result: CacheResult, bytes: number): void {
    this.cacheLookups.inc({ result });
    this.cacheBytes.set(bytes);
  }

  observeRequest(operationName: string, outcome: Outcome, seconds: number): void {
    const labels = { operation: this.operationLabel(operationName), outcome };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  subgraphFetch(subgraph: string): void {
    this.subgraphFetches.inc({ subgraph });
  }

  subgraphError(subgraph: string, kind: SubgraphErrorKind): void {
    this.subgraphErrors.inc({ subgraph, kind });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Operation names come from clients: cap how many become label values (Prometheus cardinality). */
  private operationLabel(name: string): string {
    if (this.operationLabels.has(name)) return name;
    if (this.operationLabels.size >= MAX_OPERATION_LABELS) return 'other';
    this.operationLabels.add(name);
    return name;
  }
}
