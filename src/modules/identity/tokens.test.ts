import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password.ts';
import { apiKeyPrefix, newApiKey, safeEqual, sha256 } from './tokens.ts';

describe('API keys', () => {
  it('carry their prefix and are stored only as a hash', () => {
    const { key, prefix, hash } = newApiKey();
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(hash).toBe(sha256(key));
    expect(hash).not.toContain(key.slice(12));
  });

  it('rejects malformed keys', () => {
    expect(apiKeyPrefix('xy_short_abc')).toBeNull();
    expect(apiKeyPrefix('Bearer xy_abcdefgh_0123456789012345678901')).toBeNull();
  });

  it('compares in constant time and exactly', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('password policy', () => {
  it('needs 10 characters with letters and digits', () => {
    expect(passwordProblem('short1')).toBe('密码至少 10 位');
    expect(passwordProblem('onlyletterss')).toBe('密码须同时包含字母和数字');
    expect(passwordProblem('Xinyong2026!')).toBeNull();
  });
});
