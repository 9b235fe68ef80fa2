/**
 * Remembers the nonces of signed requests for as long as their timestamps are acceptable, so a
 * captured request replayed inside the freshness window is refused too. Memory is bounded: past
 * `maxEntries` the oldest nonces are forgotten first (they are the closest to expiring anyway).
 */
export class ReplayGuard {
  /** nonce → time (ms) after which its timestamp is stale and it can no longer be replayed. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** True the first time a nonce is offered before its expiry; false for a replay. */
  firstUse(nonce: string, expiresAtMs: number, nowMs: number): boolean {
    this.prune(nowMs);
    const known = this.seen.get(nonce);
    if (known !== undefined && known >= nowMs) return false;
    this.seen.set(nonce, expiresAtMs);
    if (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Entries arrive in roughly expiry order: drop expired ones from the front. */
  private prune(nowMs: number): void {
    for (const [nonce, expiresAt] of this.seen) {
      if (expiresAt >= nowMs) return;
      this.seen.delete(nonce);
    }
  }
}
