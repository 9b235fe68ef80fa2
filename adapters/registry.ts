import { HubError } from '../core/errors';
import type { PullAdapter, PushAdapter, SourceConfig } from './pipeline/source-adapter';
import { ProvincialAdapter, provincialPush } from './zhejiang-digital-union';
import { NingboAdapter, ningboPush } from './ningbo-yonggonghui';
import { ShaoxingAdapter } from './shaoxing-internet-plus';

/**
 * One entry per upstream contract. Adding a city system = one folder under adapters/ with a
 * client, a mapper, optionally a push verifier and a simulator, and one line here.
 */
export function createPullAdapter(source: SourceConfig, options: { pageSize?: number } = {}): PullAdapter {
  switch (source.adapter) {
    case 'zhejiang-digital-union':
      return new ProvincialAdapter(source, options);
    case 'ningbo-yonggonghui':
      return new NingboAdapter(source, options);
    case 'shaoxing-internet-plus':
      return new ShaoxingAdapter(source, options);
    default:
      throw new HubError('CONFIG_INVALID', `sources "${source.id}": unknown adapter ${source.adapter}`);
  }
}

/** The push verifier of a source, or null when its contract does not push. */
export function createPushAdapter(source: SourceConfig): PushAdapter | null {
  switch (source.adapter) {
    case 'zhejiang-digital-union':
      return provincialPush(source);
    case 'ningbo-yonggonghui':
      return ningboPush(source);
    default:
      return null;
  }
}
