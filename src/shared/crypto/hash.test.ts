import { describe, expect, it } from 'vitest';
import { fromHex, sha256, sm3, toHex } from './hash.ts';

describe('SM3 (GB/T 32905-2016 appendix A)', () => {
  it('example 1: "abc"', () => {
    expect(sm3(Buffer.from('abc')).toString('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });

  it('example 2: "abcd" × 16 (512 bits)', () => {
    expect(sm3(Buffer.from('abcd'.repeat(16))).toString('hex')).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });
});

describe('hex helpers', () => {
  it('SHA-256 and hex round trip', () => {
    expect(toHex(sha256(Buffer.from('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(fromHex('00ff10')).toEqual(Buffer.from([0, 255, 16]));
    expect(toHex(new Uint8Array([1, 2, 3]).subarray(1))).toBe('0203');
  });

  it('rejects what Buffer.from(…, "hex") would silently truncate', () => {
    expect(() => fromHex('abc')).toThrow();
    expect(() => fromHex('zz')).toThrow();
    expect(() => fromHex('00 1')).toThrow();
  });
});
