import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiVault } from './pii.ts';

describe('PiiVault', () => {
  const vault = new PiiVault(crypto.randomBytes(32));

  it('encrypts with a fresh IV each time, also past one pool of IVs', () => {
    const sealed = Array.from({ length: 600 }, () => vault.encrypt('220102199001011234'));
    expect(new Set(sealed.map((s) => s.subarray(0, 12).toString('hex'))).size).toBe(600);
    for (const s of sealed.slice(250, 260)) expect(vault.decrypt(s)).toBe('220102199001011234');
  });

  it('gives a worker thread the same encryption and lookup hash', () => {
    const copy = PiiVault.fromKeys(structuredClone(vault.workerKeys()));
    expect(copy.decrypt(vault.encrypt('甲'))).toBe('甲');
    expect(vault.decrypt(copy.encrypt('乙'))).toBe('乙');
    expect(copy.lookupHash('x').equals(vault.lookupHash('x'))).toBe(true);
    expect(new PiiVault(crypto.randomBytes(32)).lookupHash('x').equals(vault.lookupHash('x'))).toBe(false);
  });
});
