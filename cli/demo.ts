import { join } from 'node:path';
import { CITIES } from '../schema/enums';
import type { SourceConfig } from '../adapters/pipeline/source-adapter';
import { generateProvince } from '../adapters/synthetic-province/generate';
import { startProvinceSimulator } from '../adapters/zhejiang-digital-union/simulator';
import { startNingboSimulator } from '../adapters/ningbo-yonggonghui/simulator';
import { startShaoxingSimulator } from '../adapters/shaoxing-internet-plus/simulator';
import type { HubConfig } from '../core/config';
import { servicePorts } from '../core/config';

/**
 * Demo mode (`hub start` without a config): a synthetic province, a simulator of the provincial
 * platform serving it over real HTTP, and a config whose one source points at that simulator.
 * Ningbo's and Shaoxing's slices come from simulators of 甬工惠 and 互联网+ in their own formats,
 * the rest from the provincial platform: three systems, all 11 cities.
 */
export const DEMO_SCALE = 0.01;
export const DEMO_SEED = 2025;
export const DEMO_API_KEY = 'demo-province-api-key';
export const DEMO_NINGBO_APP_KEY = 'demo-ningbo-app';
export const DEMO_NINGBO_APP_SECRET = 'demo-ningbo-app-secret';
export const DEMO_SHAOXING_CLIENT_ID = 'demo-shaoxing-client';
export const DEMO_SHAOXING_CLIENT_SECRET = 'demo-shaoxing-client-secret';
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
  const dataFile = join(outDir, 'province.sqlite');
  const ports = servicePorts(config.portBase);
  await generateProvince({ scale: options.scale, seed: options.seed, outDir, onProgress: options.onProgress });
  // Each city system serves its own slice in its own format; the provincial platform serves the
  // rest (Ningbo's enterprises, Shaoxing's activities and dues: what those contracts lack).
  const province = await startProvinceSimulator({
    dataFile, port: ports.provinceSimulator, host: options.host, apiKey: DEMO_API_KEY, cities: [...CITIES],
  });
  const ningbo = await startNingboSimulator({
    dataFile, port: ports.ningboSimulator, host: options.host, appKey: DEMO_NINGBO_APP_KEY, appSecret: DEMO_NINGBO_APP_SECRET,
    pushTo: `http://127.0.0.1:${ports.ingest}`,
  });
  const shaoxing = await startShaoxingSimulator({
    dataFile, port: ports.shaoxingSimulator, host: options.host, clientId: DEMO_SHAOXING_CLIENT_ID, clientSecret: DEMO_SHAOXING_CLIENT_SECRET,
  });
  return {
    sources: [
      {
        id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: province.url,
        apiKey: DEMO_API_KEY, webhookSecret: DEMO_WEBHOOK_SECRET,
      },
      { id: 'ningbo', adapter: 'ningbo-yonggonghui', cities: ['NINGBO'], baseUrl: ningbo.url, appKey: DEMO_NINGBO_APP_KEY, appSecret: DEMO_NINGBO_APP_SECRET },
      {
        id: 'shaoxing', adapter: 'shaoxing-internet-plus', cities: ['SHAOXING'], baseUrl: shaoxing.url,
        clientId: DEMO_SHAOXING_CLIENT_ID, clientSecret: DEMO_SHAOXING_CLIENT_SECRET,
      },
    ],
    close: async () => {
      await shaoxing.close();
      await ningbo.close();
      await province.close();
    },
  };
}
