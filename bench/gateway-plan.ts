import type { GatewayKind } from './gateway-child';
import type { BenchOperation } from './gateway-operations';

/**
 * How much of the gateway comparison a run measures. The full run measures every operation on
 * every gateway, twice, in 10 s windows. The quick run (`npm run bench -- --quick`, under two
 * minutes on a loaded 2-core machine, issue 9) measures only what its named figures need, once,
 * in short windows: gatewayVsStock/gatewayVsHive (analystPage), the distinct-pages ratio to stock
 * (analystPages), cachedVsStock (overview, hubCached and stock) and the share of the bare limit.
 */
type OpName = BenchOperation['name'];

export interface GatewayPlan {
  rounds: number;
  seconds: number;
  warmSeconds: number;
  fixedSeconds: number;
  /** Operations measured at 50 connections, by gateway (a gateway not listed measures none). */
  maximal: Partial<Record<GatewayKind, readonly OpName[]>>;
  /** Operations measured at the fixed rate, by gateway. */
  fixed: Partial<Record<GatewayKind, readonly OpName[]>>;
}

const ALL: readonly OpName[] = ['overview', 'analystPage', 'analystPages', 'memberByIdNumber'];

function everyOperation(kinds: readonly GatewayKind[]): Partial<Record<GatewayKind, readonly OpName[]>> {
  return Object.fromEntries(kinds.map((k) => [k, ALL]));
}

export function gatewayPlan(quick: boolean, kinds: readonly GatewayKind[]): GatewayPlan {
  if (!quick) {
    return { rounds: 2, seconds: 10, warmSeconds: 2, fixedSeconds: 10, maximal: everyOperation(kinds), fixed: everyOperation(kinds) };
  }
  const quickMaximal: Partial<Record<GatewayKind, readonly OpName[]>> = {
    hub: ['analystPage', 'analystPages'],
    stock: ['overview', 'analystPage', 'analystPages'],
    // Hive's distinct pages is its slowest window by far (1-4 req/s under load) for a figure no target names.
    hive: ['analystPage'],
    hubCached: ['overview'],
    bare: ['analystPage'],
    hubBase: ['analystPage', 'analystPages'],
  };
  // No fixed-rate latency in the quick run: at a rate of ~10 req/s a 2 s window holds too few
  // requests for a p99, and the run has no time for longer ones (the full run measures it).
  const quickFixed: Partial<Record<GatewayKind, readonly OpName[]>> = {};
  const pick = (table: Partial<Record<GatewayKind, readonly OpName[]>>) => Object.fromEntries(kinds.filter((k) => table[k]).map((k) => [k, table[k]]));
  return { rounds: 1, seconds: 2, warmSeconds: 0.5, fixedSeconds: 2, maximal: pick(quickMaximal), fixed: pick(quickFixed) };
}
