import type { HubConfig } from '../../core/config';
import { startDemoUpstreams } from '../demo';

/** `hub simulate`: the synthetic province behind the upstream simulators, until Ctrl-C. */
export async function simulate(config: HubConfig, options: { scale: number; seed: number }): Promise<void> {
  const upstreams = await startDemoUpstreams(config, {
    ...options, host: config.host,
    onProgress: (done, total, phase) => process.stdout.write(`\r  ${phase}: ${done}/${total}   `),
  });
  process.stdout.write('\nsimulators ready. A config that points the hub at them:\n\n');
  process.stdout.write(JSON.stringify({ sources: upstreams.sources }, null, 2) + '\n');
  const stop = () => upstreams.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
