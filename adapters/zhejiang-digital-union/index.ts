import type { MapResult } from '../../schema/model';
import type { PullAdapter, PullOptions, PullPage, SourceConfig } from '../pipeline/source-adapter';
import { ProvincialClient, type ProvincialClientOptions } from './client';
import { mapProvincialRecord, SYSTEM } from './map';
import { ProvincialPush } from './push';

/** The 浙江数字工会 contract behind the pipeline's one small interface. */
export class ProvincialAdapter implements PullAdapter {
  readonly contract = SYSTEM;
  readonly resources: readonly string[];
  private readonly client: ProvincialClient;

  constructor(source: SourceConfig, options: Pick<ProvincialClientOptions, 'pageSize' | 'retry' | 'timeoutMs'> = {}) {
    this.client = new ProvincialClient({ ...options, baseUrl: source.baseUrl, apiKey: String(source.apiKey) });
    this.resources = ProvincialClient.streams(source.cities);
  }

  pull(resource: string, checkpoint: string | null, options?: PullOptions): AsyncIterable<PullPage> {
    return this.client.pages(resource, checkpoint, options);
  }

  map(resource: string, raw: unknown): MapResult {
    return mapProvincialRecord(resource, raw);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function provincialPush(source: SourceConfig): ProvincialPush {
  return new ProvincialPush(String(source.webhookSecret));
}
