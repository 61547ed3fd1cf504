import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows the burst, refuses the next, and refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('a', 3)).toBe(0);
    expect(limiter.take('a', 3)).toBe(20);
    expect(limiter.take('b', 3)).toBe(0);
    now += 20_000;
    expect(limiter.take('a', 3)).toBe(0);
    expect(limiter.take('a', 3)).toBeGreaterThan(0);
  });
});
