import type { Dispatcher } from 'undici';
import type { City } from '../../schema/enums';
import type { MapResult } from '../../schema/model';
import type { RetryPolicy } from '../pipeline/retry';
import type { PullAdapter, PullOptions, PullPage, SourceConfig } from '../pipeline/source-adapter';
import { MAX_PAGE_SIZE, NingboClient } from './client';
import { ID_FIELD, mapNingboRecord, RESOURCES, SYSTEM, type NingboResource } from './map';
import { NingboPush } from './push';
import { walkFromWatermark } from './watermark';

export { SYSTEM as NINGBO_CONTRACT } from './map';

export interface NingboAdapterOptions {
  /** Records per page, capped at the contract's 500. */
  pageSize?: number;
  /** How far before the checkpoint a sync starts reading again (late commits upstream). */
  overlapSeconds?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  maxRequestsPerSecond?: number;
  dispatcher?: Dispatcher;
}

/** The 甬工惠 contract behind the pipeline's one small interface: five resources, one city. */
export class NingboAdapter implements PullAdapter {
  readonly contract = SYSTEM;
  readonly resources: readonly NingboResource[] = RESOURCES;
  private readonly client: NingboClient;
  private readonly city: City;
  private readonly pageSize: number;

  constructor(source: SourceConfig, private readonly options: NingboAdapterOptions = {}) {
    this.client = new NingboClient({
      baseUrl: source.baseUrl,
      appKey: String(source.appKey),
      appSecret: String(source.appSecret),
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      maxRequestsPerSecond: options.maxRequestsPerSecond,
      dispatcher: options.dispatcher,
    });
    this.city = source.cities[0] ?? 'NINGBO';
    this.pageSize = Math.max(1, Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE));
  }

  pull(resource: string, checkpoint: string | null, options: PullOptions = {}): AsyncIterable<PullPage> {
    const idField = ID_FIELD[resource as NingboResource];
    if (!idField) throw new Error(`${SYSTEM} has no resource "${resource}"`);
    return walkFromWatermark((query) => this.client.page(resource, query, options), idField, checkpoint, {
      pageSize: this.pageSize,
      overlapSeconds: this.options.overlapSeconds,
    });
  }

  map(resource: string, raw: unknown): MapResult {
    return mapNingboRecord(resource, raw, this.city);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** The member-event verifier: Ningbo signs its pushes with the same appKey and appSecret. */
export function ningboPush(source: SourceConfig): NingboPush {
  return new NingboPush(String(source.appKey), String(source.appSecret));
}
