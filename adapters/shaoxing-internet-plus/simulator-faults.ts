/**
 * Switchable faults of the Shaoxing simulator, each one the contract allows or the network does.
 * "Every N" counts change-feed requests (1, 2, 3 … since the simulator started): on the Nth, 2Nth …
 * request the fault is armed, and the request gets it, or, when an earlier fault in this list
 * answers that request first, the next request that gets that far does. So every armed fault is
 * really met, however the schedules line up.
 */
export interface ShaoxingFaults {
  /** Every change-feed request answers 503: the upstream is down (a sync gives up after its retries). */
  outage?: boolean;
  /** Revoke every issued token before answering: the client's token is refused with 401. */
  revokeTokensEvery?: number;
  /** Tokens die after this many ms although they say `expires_in: 7200`. */
  tokenLifetimeMs?: number;
  /** 429 with `Retry-After: retryAfterSeconds` (default 1). */
  rateLimitEvery?: number;
  retryAfterSeconds?: number;
  /** 500, 502, 503 in turn, with the contract's XML error body. */
  serverErrorEvery?: number;
  /** Hold the answer back for slowMs (default 2000) before sending it. */
  slowEvery?: number;
  slowMs?: number;
  /** Cut the answer off: alternately a connection closed mid-body, and a short but "complete" body. */
  truncateEvery?: number;
  /** Label the GBK body `charset=UTF-8` in the header (the declaration still says GBK). */
  mislabelCharsetEvery?: number;
  /** Change records around the client's position while it pages (simulator-churn.ts). */
  changeWhilePagingEvery?: number;
}

/** Names of the faults as counted in the simulator's stats (a short-lived token counts when it is refused). */
export type FaultName = Exclude<keyof ShaoxingFaults, 'retryAfterSeconds' | 'slowMs'>;

const SCHEDULED = [
  'revokeTokensEvery', 'rateLimitEvery', 'serverErrorEvery', 'changeWhilePagingEvery', 'mislabelCharsetEvery', 'slowEvery', 'truncateEvery',
] as const;
type ScheduledFault = (typeof SCHEDULED)[number];

export class FaultSchedule {
  private readonly armed = new Set<ScheduledFault>();

  constructor(private faults: ShaoxingFaults = {}) {}

  get current(): ShaoxingFaults {
    return this.faults;
  }

  /** New faults, from the next request on; nothing stays armed from the old ones. */
  switchTo(faults: ShaoxingFaults): void {
    this.faults = { ...faults };
    this.armed.clear();
  }

  /** Change-feed request number `n` has arrived: arm the faults whose turn it is. */
  arm(n: number): void {
    for (const fault of SCHEDULED) {
      const every = this.faults[fault];
      if (every !== undefined && every > 0 && n % every === 0) this.armed.add(fault);
    }
  }

  /** True (once) when the fault is armed: the request at hand gets it. */
  take(fault: ScheduledFault): boolean {
    return this.armed.delete(fault);
  }
}

/**
 * Every fault at once, at rates that make a sync of a dozen pages meet each of them: about two
 * requests in five fail, and as armed faults queue up, failures come in runs of two to four, well
 * inside a client's bounded retries.
 */
export const ALL_FAULTS: ShaoxingFaults = {
  changeWhilePagingEvery: 2,
  mislabelCharsetEvery: 3,
  rateLimitEvery: 7,
  retryAfterSeconds: 1,
  truncateEvery: 8,
  revokeTokensEvery: 9,
  serverErrorEvery: 11,
  slowEvery: 13,
  slowMs: 2000,
  tokenLifetimeMs: 3000,
};
