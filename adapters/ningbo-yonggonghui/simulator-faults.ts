/**
 * The faults the simulator can raise, each on every Nth resource request (counted from 1 across
 * all resources), so a run is repeatable. When several are due on one request the first in
 * FAULT_KINDS wins. All but `changeWhilePaging` and `slow` make the request fail; those two make
 * it awkward: a record moves to the end of the order just before the page is read, or the answer
 * takes `slowMs`.
 */
export const FAULT_KINDS = [
  'maintenance', 'timestamp', 'nonce', 'rateLimit', 'internalError', 'truncate', 'slow', 'changeWhilePaging',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface NingboFaults {
  /** HTTP 503 with the gateway's HTML maintenance page. */
  maintenanceEvery?: number;
  /** Code 40102 although the timestamp was fine (the server's clock jumped). */
  timestampEvery?: number;
  /** Code 40103 although the nonce was fresh. */
  nonceEvery?: number;
  /** Code 42901 with `data.retryAfter` = retryAfterSeconds (default 1). */
  rateLimitEvery?: number;
  retryAfterSeconds?: number;
  /** Code 50001. */
  internalErrorEvery?: number;
  /** The answer stops half-way and the connection closes. */
  truncateEvery?: number;
  /** The answer waits slowMs (default 1500) before it is sent. */
  slowEvery?: number;
  slowMs?: number;
  /** The first record of the answer's range is changed (moves to the end) just before the page is read. */
  changeWhilePagingEvery?: number;
}

const EVERY: Record<FaultKind, keyof NingboFaults> = {
  maintenance: 'maintenanceEvery',
  timestamp: 'timestampEvery',
  nonce: 'nonceEvery',
  rateLimit: 'rateLimitEvery',
  internalError: 'internalErrorEvery',
  truncate: 'truncateEvery',
  slow: 'slowEvery',
  changeWhilePaging: 'changeWhilePagingEvery',
};

export class FaultSchedule {
  private readonly raised = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

  constructor(private faults: NingboFaults = {}) {}

  get settings(): NingboFaults {
    return this.faults;
  }

  set(faults: NingboFaults): void {
    this.faults = faults;
  }

  /** The fault due on the nth request, if any (counted as raised). */
  due(n: number): FaultKind | null {
    for (const kind of FAULT_KINDS) {
      const every = this.faults[EVERY[kind]];
      if (typeof every === 'number' && every > 0 && n % every === 0) {
        this.raised[kind]++;
        return kind;
      }
    }
    return null;
  }

  counts(): Record<FaultKind, number> {
    return { ...this.raised };
  }
}
