import type { City } from '../../schema/enums';
import type { MapResult } from '../../schema/model';

/**
 * The one small interface every upstream contract implements. An adapter knows only its upstream:
 * how to fetch a page, how to verify a push, how to map a record to the canonical model.
 * Retry policy inside a request is the adapter's (it knows its error codes); checkpoints,
 * idempotency, dead letters, progress and metrics live once, in the pipeline.
 */

/** One configured upstream, as in the `sources` part of the config file. */
export interface SourceConfig {
  id: string;
  adapter: string;
  cities: City[];
  baseUrl: string;
  /** Contract-specific credentials and options (appKey, clientSecret, apiKey, webhookSecret…). */
  [option: string]: unknown;
}

/** A page of upstream records and the checkpoint that is safe to store once they are applied. */
export interface PullPage {
  records: unknown[];
  checkpoint: string;
}

export interface RetryNotice {
  resource: string;
  attempt: number;
  reason: string;
  waitMs: number;
}

export interface PullOptions {
  /** Called before each retry the adapter makes, so the pipeline can count and show them. */
  onRetry?: (notice: RetryNotice) => void;
  signal?: AbortSignal;
}

export interface PullAdapter {
  readonly contract: string;
  /** Resources in the order they should be synced (unions before members, etc.). */
  readonly resources: readonly string[];
  /** Yields pages after `checkpoint` (null = from the beginning) until caught up. */
  pull(resource: string, checkpoint: string | null, options?: PullOptions): AsyncIterable<PullPage>;
  /** Maps one upstream record of `resource` to a canonical change, or rejects it with a reason. */
  map(resource: string, raw: unknown): MapResult;
  close?(): Promise<void>;
}

/** A push delivery whose signature verified: what the pipeline stores in the inbox. */
export interface VerifiedDelivery {
  deliveryId: string;
}

export interface PushRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** Epoch milliseconds, injectable for tests. */
  now: number;
}

export interface PushAdapter {
  readonly contract: string;
  /** The ingest path, e.g. `/ingest/zhejiang-digital-union/events`. */
  readonly path: string;
  /** Throws a HubError with code SIGNATURE_INVALID (→ 401) when the delivery is not authentic. */
  verify(request: PushRequest): VerifiedDelivery;
  /** Turns a stored body into the upstream records it carries, each with its resource name. */
  decode(body: string): Array<{ resource: string; raw: unknown }>;
  /** The body that acknowledges a delivery, as the upstream expects it. */
  acknowledgement(): { status: number; body: string; contentType: string };
}
