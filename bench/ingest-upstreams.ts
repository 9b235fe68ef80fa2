import { fork } from 'node:child_process';
import { CITIES } from '../schema/enums';
import type { SourceConfig } from '../adapters/pipeline/source-adapter';
import { startProvinceSimulator } from '../adapters/zhejiang-digital-union/simulator';
import { startNingboSimulator } from '../adapters/ningbo-yonggonghui/simulator';
import { startShaoxingSimulator } from '../adapters/shaoxing-internet-plus/simulator';

/**
 * The three upstream simulators of the ingest bench, as the demo wires them (cli/demo.ts): the
 * provincial platform for every city it serves, 甬工惠 for Ningbo, 互联网+ for Shaoxing. They run
 * in a child process, as real upstreams would, so the hub's process is measured alone.
 *
 * The contracts' request-rate limits (Ningbo 10/s, Shaoxing 5/s) are turned off on both sides:
 * they would make the bench measure the limits, not the hub.
 */
export const SERVE_FLAG = '--serve-upstreams';

interface UpstreamUrls { province: string; ningbo: string; shaoxing: string }

const API_KEY = 'k';
const NINGBO = { appKey: 'bench-ningbo', appSecret: 'bench-ningbo-secret' };
const SHAOXING = { clientId: 'bench-shaoxing', clientSecret: 'bench-shaoxing-secret' };
const UNLIMITED = 1_000_000;

export interface Upstreams {
  sources: SourceConfig[];
  close(): Promise<void>;
}

/** Forks `script` with SERVE_FLAG (the script calls serveUpstreams) and resolves with the three sources. */
export function startUpstreams(script: string, dataFile: string): Promise<Upstreams> {
  // execArgv: [] keeps the hub's flags (heap cap, --cpu-prof) off the upstreams' process.
  const child = fork(script, [SERVE_FLAG, dataFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  process.once('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({
      sources: sourcesFor(message as UpstreamUrls),
      close: () => new Promise((done) => { child.once('exit', () => done()); child.kill(); }),
    }));
    child.once('exit', (code) => reject(new Error(`upstream simulators exited with ${code}`)));
  });
}

function sourcesFor(urls: UpstreamUrls): SourceConfig[] {
  return [
    { id: 'province', adapter: 'zhejiang-digital-union', cities: [...CITIES], baseUrl: urls.province, apiKey: API_KEY, webhookSecret: 'whsec_AAAA' },
    { id: 'ningbo', adapter: 'ningbo-yonggonghui', cities: ['NINGBO'], baseUrl: urls.ningbo, ...NINGBO },
    { id: 'shaoxing', adapter: 'shaoxing-internet-plus', cities: ['SHAOXING'], baseUrl: urls.shaoxing, ...SHAOXING },
  ];
}

/** Adapter options that lift the client-side request pacing (see above) and use the largest pages. */
export function adapterOptions(pageSize: number) {
  return { pageSize, maxRequestsPerSecond: UNLIMITED, requestsPerSecond: 0 };
}

/** In the child: starts the three simulators over `dataFile` and tells the parent their URLs. */
export async function serveUpstreams(dataFile: string): Promise<void> {
  const province = await startProvinceSimulator({ dataFile, port: 0, apiKey: API_KEY, cities: [...CITIES] });
  const ningbo = await startNingboSimulator({ dataFile, port: 0, ...NINGBO, requestsPerSecond: UNLIMITED });
  const shaoxing = await startShaoxingSimulator({ dataFile, port: 0, ...SHAOXING, rateLimitPerSecond: 0 });
  const urls: UpstreamUrls = { province: province.url, ningbo: ningbo.url, shaoxing: shaoxing.url };
  process.send?.(urls);
  process.once('disconnect', () => process.exit(0)); // the parent is gone
}
