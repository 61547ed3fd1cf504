/**
 * Per-client token bucket: `limitPerMinute` requests a minute with bursts up to that many.
 * In memory per process: with N API nodes a client gets at most N× its limit (documented).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Returns 0 when allowed, else the seconds to wait. */
  take(key: string, limitPerMinute: number): number {
    const t = this.now();
    const ratePerMs = limitPerMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limitPerMinute, at: t };
    bucket.tokens = Math.min(limitPerMinute, bucket.tokens + (t - bucket.at) * ratePerMs);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / ratePerMs / 1000);
  }
}
