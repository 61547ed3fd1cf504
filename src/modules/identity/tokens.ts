import crypto from 'node:crypto';

/** Random URL-safe secret. */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/** API keys look like `xy_<8-char prefix>_<secret>`: the prefix finds the row, the hash proves the key. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = crypto.randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const key = `xy_${prefix}_${randomToken(24)}`;
  return { key, prefix, hash: sha256(key) };
}

export function apiKeyPrefix(key: string): string | null {
  const m = /^xy_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{20,}$/.exec(key);
  return m ? m[1] : null;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
