/**
 * Requests per token subject: a token bucket per subject holding up to `requests` requests,
 * refilled at `requests` per `windowSeconds`. A burst up to the bucket's size passes; past it
 * the caller is told how many seconds until the next request would pass (HTTP 429, Retry-After).
 * In-process: each gateway replica counts its own requests.
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Past this many subjects, buckets that have refilled completely are forgotten. */
const PRUNE_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(private readonly requests: number, windowSeconds: number) {
    this.refillPerMs = requests / (windowSeconds * 1000);
  }

  take(subject: string, nowMs = Date.now()): RateDecision {
    const bucket = this.buckets.get(subject) ?? { tokens: this.requests, updatedMs: nowMs };
    bucket.tokens = Math.min(this.requests, bucket.tokens + (nowMs - bucket.updatedMs) * this.refillPerMs);
    bucket.updatedMs = nowMs;
    if (!this.buckets.has(subject)) {
      if (this.buckets.size >= PRUNE_AT) this.prune(nowMs);
      this.buckets.set(subject, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  private prune(nowMs: number): void {
    for (const [subject, bucket] of this.buckets) {
      if (bucket.tokens + (nowMs - bucket.updatedMs) * this.refillPerMs >= this.requests) this.buckets.delete(subject);
    }
  }
}
