import { describe, expect, it } from 'vitest';
import { ed25519Generate, ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.ts';

describe('Ed25519', () => {
  it('RFC 8032 §7.1 test 1', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pub = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
    const sig =
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
    expect(ed25519PublicKey(seed)).toEqual(pub);
    expect(ed25519Sign(seed, Buffer.alloc(0)).toString('hex')).toBe(sig);
    expect(ed25519Verify(pub, Buffer.alloc(0), Buffer.from(sig, 'hex'))).toBe(true);
    expect(ed25519Verify(pub, Buffer.from([0]), Buffer.from(sig, 'hex'))).toBe(false);
  });

  it('round trip; malformed inputs are invalid, never thrown', () => {
    const { publicKey, privateKey } = ed25519Generate();
    expect(publicKey.length).toBe(32);
    expect(privateKey.length).toBe(32);
    const sig = ed25519Sign(privateKey, Buffer.from('信用'));
    expect(ed25519Verify(publicKey, Buffer.from('信用'), sig)).toBe(true);
    expect(ed25519Verify(publicKey, Buffer.from('信用'), sig.subarray(1))).toBe(false);
    expect(ed25519Verify(publicKey.subarray(1), Buffer.from('信用'), sig)).toBe(false);
    expect(ed25519Verify(Buffer.alloc(0), Buffer.from('信用'), sig)).toBe(false);
  });
});
