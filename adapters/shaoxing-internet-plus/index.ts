import type { Dispatcher } from 'undici';
import { ConfigError } from '../../core/errors';
import { createLogger } from '../../core/logger';
import type { City } from '../../schema/enums';
import type { MapResult } from '../../schema/model';
import type { RetryPolicy } from '../pipeline/retry';
import type { PullAdapter, PullOptions, PullPage, SourceConfig } from '../pipeline/source-adapter';
import { CHANGES, FeedClient } from './feed-client';
import { mapShaoxingRecord, SYSTEM } from './map';

/**
 * Shaoxing's "互联网+" 工会组建系统 behind the pipeline's one small interface. Pull only; one
 * resource, the mixed change feed, whose records the mapper dispatches by type.
 */
export interface ShaoxingAdapterOptions {
  pageSize?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  requestsPerSecond?: number;
  dispatcher?: Dispatcher;
  onMislabeledBody?: (label: string, actual: string) => void;
}

export class ShaoxingAdapter implements PullAdapter {
  readonly contract = SYSTEM;
  readonly resources = [CHANGES] as const;
  readonly client: FeedClient;
  /** The city every record is reported under: Shaoxing's system serves one city. */
  private readonly city: City | null;

  constructor(source: SourceConfig, options: ShaoxingAdapterOptions = {}) {
    this.client = new FeedClient({
      baseUrl: source.baseUrl, clientId: credential(source, 'clientId'), clientSecret: credential(source, 'clientSecret'),
      onMislabeledBody: warnOnce(source.id), ...options,
    });
    this.city = source.cities.length === 1 ? source.cities[0] : null;
  }

  pull(resource: string, checkpoint: string | null, options?: PullOptions): AsyncIterable<PullPage> {
    if (resource !== CHANGES) throw new Error(`the Shaoxing feed has one resource, "${CHANGES}", not "${resource}"`);
    return this.client.pages(checkpoint, options);
  }

  map(_resource: string, raw: unknown): MapResult {
    return mapShaoxingRecord(raw, this.city);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** A body under the wrong charset label is read anyway; the operator hears about it once per adapter. */
function warnOnce(sourceId: string): (label: string, actual: string) => void {
  let warned = false;
  return (label, actual) => {
    if (warned) return;
    warned = true;
    createLogger({ name: SYSTEM }).warn({ sourceId, label, actual }, `Shaoxing sent a ${actual} body labelled ${label}; it was read as ${actual}`);
  };
}

function credential(source: SourceConfig, key: 'clientId' | 'clientSecret'): string {
  const value = source[key];
  if (typeof value !== 'string' || value === '') throw new ConfigError(`sources "${source.id}".${key}`, 'expected a non-empty string');
  return value;
}

export { SYSTEM } from './map';
export { CHANGES } from './feed-client';
