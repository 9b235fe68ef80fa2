import { join } from 'node:path';
import { CITIES } from '../schema/enums';
import type { SourceConfig } from '../adapters/pipeline/source-adapter';
import { generateProvince } from '../adapters/synthetic-province/generate';
import { startProvinceSimulator } from '../adapters/zhejiang-digital-union/simulator';
import type { HubConfig } from '../core/config';
import { servicePorts } from '../core/config';

/**
 * Demo mode (`hub start` without a config): a synthetic province, a simulator of the provincial
 * platform serving it over real HTTP, and a config whose one source points at that simulator.
 * The Ningbo and Shaoxing slices are served by the provincial simulator until their own
 * adapters exist, so the figures are whole for all 11 cities.
 */
export const DEMO_SCALE = 0.01;
export const DEMO_SEED = 2025;
export const DEMO_API_KEY = 'demo-province-api-key';
/** A fixed demo secret: the demo is on loopback with synthetic people; real deployments set their own. */
export const DEMO_WEBHOOK_SECRET = 'whsec_' + Buffer.from('union-hub demo webhook secret!!').toString('base64');

export interface DemoUpstreams {
  sources: SourceConfig[];
  close(): Promise<void>;
}

export async function startDemoUpstreams(
  config: HubConfig,
  options: { scale: number; seed: number; host: string; onProgress?: (done: number, total: number, phase: string) => void },
): Promise<DemoUpstreams> {
  const outDir = join(config.dataDir, 'sim');
  await generateProvince({ scale: options.scale, seed: options.seed, outDir, onProgress: options.onProgress });
  const simulator = await startProvinceSimulator({
    dataFile: join(outDir, 'province.sqlite'),
    port: servicePorts(config.portBase).provinceSimulator,
    host: options.host,
    apiKey: DEMO_API_KEY,
    cities: [...CITIES],
    includeAllSystems: true,
  });
  return {
    sources: [{
      id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: simulator.url,
      apiKey: DEMO_API_KEY, webhookSecret: DEMO_WEBHOOK_SECRET,
    }],
    close: () => simulator.close(),
  };
}
