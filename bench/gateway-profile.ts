import { readFileSync } from 'node:fs';

/**
 * Where a gateway's CPU time goes, from a V8 CPU profile written by `node dist/bench/gateway.js
 * --profile DIR` (node --cpu-prof in every gateway child):
 *   node dist/bench/gateway-profile.js DIR/hub-….cpuprofile [top]
 * Prints self time by package (node_modules/<name>, the project's own folders, node internals,
 * garbage collection) and the top functions, as shares of all sampled time.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] }

/** node_modules/@scope/name or node_modules/name; the project's top folder; node: internals. */
export function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const project = /\/dist\/([^/]+)\//.exec(url);
  return project ? `union-hub ${project[1]}/` : url;
}

function summarize(profile: CpuProfile, top: number): void {
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url, functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + hits);
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const idle = byPlace.get('(idle)') ?? 0;
  console.log(`${seconds.toFixed(1)} s profiled, ${total} samples, busy ${(100 * (1 - idle / total)).toFixed(1)} %`);
  const print = (title: string, table: Map<string, number>) => {
    console.log(`\n${title} (share of busy samples)`);
    const busy = total - idle;
    for (const [name, hits] of [...table].filter(([n]) => !n.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * hits) / busy).toFixed(1).padStart(6)} %  ${name}`);
    }
  };
  print('self time by package', byPlace);
  print('self time by function', byFunction);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node dist/bench/gateway-profile.js FILE.cpuprofile [top]');
    process.exit(2);
  }
  summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 25));
}
