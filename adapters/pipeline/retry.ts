import { setTimeout as sleep } from 'node:timers/promises';
import { HubError } from '../../core/errors';

/**
 * Bounded retries for upstream calls. The adapter classifies each failure (it knows its
 * contract's codes); this loop only waits and counts. A give-up says why and how often it tried.
 */
export class Transient extends Error {
  constructor(message: string, readonly waitMs?: number) {
    super(message);
  }
}

export interface RetryPolicy {
  attempts: number;
  /** First back-off; doubles each time, with jitter, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 };

export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  call: () => Promise<T>,
  onRetry?: (attempt: number, reason: string, waitMs: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof Transient)) throw e;
      if (attempt >= policy.attempts) {
        throw new HubError('UPSTREAM_ERROR', `${what} failed ${attempt} times; last: ${e.message}`, { attempts: attempt });
      }
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      const waitMs = Math.min(e.waitMs ?? backoff, 60_000);
      onRetry?.(attempt, e.message, waitMs);
      await sleep(waitMs, undefined, { signal });
    }
  }
}
