// SM2 interop with the OpenSSL 3 CLI. OpenSSL is required (CI installs it): a missing binary fails
// these tests rather than skipping them. OpenSSL's default SM2 id is empty, hence distid everywhere.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSm2KeyPair,
  isSm2PublicKey,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromPem,
  sm2PublicKeyFromPrivate,
  sm2PublicKeyToPem,
  sm2Sign,
  sm2SignerFor,
  sm2Verify,
} from './sm2.ts';

const DISTID = 'distid:1234567812345678';
let dir: string;
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();

/** `openssl pkeyutl -verify`: exit status 0 iff the signature verifies. */
function opensslVerifies(pubPem: string, message: Uint8Array, signature: Uint8Array): boolean {
  fs.writeFileSync(file('v.pem'), pubPem);
  fs.writeFileSync(file('v.msg'), message);
  fs.writeFileSync(file('v.sig'), signature);
  try {
    // biome-ignore format: one command
    openssl('pkeyutl', '-verify', '-pubin', '-inkey', 'v.pem', '-rawin', '-in', 'v.msg', '-sigfile', 'v.sig', '-digest', 'sm3', '-pkeyopt', DISTID);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    return false;
  }
}

function opensslSign(keyPem: string, message: Uint8Array): Buffer {
  fs.writeFileSync(file('s.pem'), keyPem);
  fs.writeFileSync(file('s.msg'), message);
  // biome-ignore format: one command
  openssl('pkeyutl', '-sign', '-inkey', 's.pem', '-rawin', '-in', 's.msg', '-digest', 'sm3', '-pkeyopt', DISTID, '-out', 's.sig');
  return fs.readFileSync(file('s.sig'));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm2-'));
  expect(openssl('version')).toMatch(/^OpenSSL 3\./);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SM2 with OpenSSL', () => {
  const message = Buffer.from('example.com/log\n42\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n信用\n');

  it('OpenSSL verifies our signatures (pkeyutl and dgst), and rejects a flipped byte', () => {
    const kp = generateSm2KeyPair();
    expect(kp.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(kp.publicKey.length).toBe(65);
    const pem = sm2PublicKeyToPem(kp.publicKey);
    for (let i = 0; i < 3; i++) {
      const sig = sm2Sign(kp.privateKey, message);
      expect(opensslVerifies(pem, message, sig)).toBe(true);
    }
    const sig = sm2Sign(kp.privateKey, message);
    fs.writeFileSync(file('d.sig'), sig);
    fs.writeFileSync(file('d.msg'), message);
    // The other OpenSSL spelling works too.
    // biome-ignore format: one command
    expect(openssl('dgst', '-sm3', '-verify', 'v.pem', '-signature', 'd.sig', '-sigopt', DISTID, 'd.msg')).toMatch(/Verified OK/);
    const flipped = Buffer.from(message);
    flipped[3] ^= 1;
    expect(opensslVerifies(pem, flipped, sig)).toBe(false);
  });

  it('we verify signatures OpenSSL makes with a key we export; a flipped byte fails', () => {
    const kp = generateSm2KeyPair();
    const sig = opensslSign(sm2PrivateKeyToPem(kp.privateKey), message);
    expect(sm2Verify(kp.publicKey, message, sig)).toBe(true);
    const badSig = Buffer.from(sig);
    badSig[badSig.length - 1] ^= 1;
    expect(sm2Verify(kp.publicKey, message, badSig)).toBe(false);
    const badMsg = Buffer.from(message);
    badMsg[0] ^= 1;
    expect(sm2Verify(kp.publicKey, badMsg, sig)).toBe(false);
    expect(sm2Verify(generateSm2KeyPair().publicKey, message, sig)).toBe(false);
  });

  it('PEM export is byte-identical to what OpenSSL writes; OpenSSL-generated keys import', () => {
    openssl('genpkey', '-algorithm', 'SM2', '-out', 'gen.pem');
    const keyPem = fs.readFileSync(file('gen.pem'), 'utf8');
    const pubPem = openssl('pkey', '-in', 'gen.pem', '-pubout');
    const d = sm2PrivateKeyFromPem(keyPem);
    const pub = sm2PublicKeyFromPem(pubPem);
    expect(sm2PublicKeyFromPrivate(d)).toEqual(pub);
    expect(sm2PrivateKeyToPem(d)).toBe(keyPem);
    expect(sm2PublicKeyToPem(pub)).toBe(pubPem);
    expect(openssl('pkey', '-in', 'gen.pem')).toBe(keyPem);
    expect(opensslVerifies(pubPem, message, sm2SignerFor(d)(message))).toBe(true);
  });
});

describe('SM2 verification is strict and never throws', () => {
  const kp = generateSm2KeyPair();
  const msg = Buffer.from('abc');
  const sig = sm2Sign(kp.privateKey, msg);
  const N = Buffer.from('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123', 'hex');
  const der = (r: Buffer, s: Buffer) => {
    const int = (v: Buffer) => Buffer.concat([Buffer.from([2, v.length]), v]);
    const body = Buffer.concat([int(r), int(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  };

  it('verifies repeatedly (the precomputed-key path) with the same result', () => {
    for (let i = 0; i < 4; i++) expect(sm2Verify(kp.publicKey, msg, sig)).toBe(true);
    for (let i = 0; i < 2; i++) expect(sm2Verify(kp.publicKey, Buffer.from('abd'), sig)).toBe(false);
  });

  it('the user id is part of the signature', () => {
    expect(
      sm2Verify(kp.publicKey, msg, sm2Sign(kp.privateKey, msg, 'ALICE123@YAHOO.COM'), 'ALICE123@YAHOO.COM'),
    ).toBe(true);
    expect(sm2Verify(kp.publicKey, msg, sm2Sign(kp.privateKey, msg, 'ALICE123@YAHOO.COM'))).toBe(false);
  });

  it('rejects malformed keys and encodings', () => {
    const offCurve = Buffer.from(kp.publicKey);
    offCurve[64] ^= 1;
    const cases: [Uint8Array, Uint8Array][] = [
      [kp.publicKey, Buffer.alloc(0)],
      [kp.publicKey, Buffer.from('garbage')],
      [kp.publicKey, Buffer.concat([sig, Buffer.from([0])])], // trailing byte
      [
        kp.publicKey,
        Buffer.concat([Buffer.from([0x30, sig.length - 2 + 1]), sig.subarray(2), Buffer.from([0])]),
      ],
      [kp.publicKey, der(Buffer.from([0]), Buffer.from([1]))], // r = 0
      [kp.publicKey, der(Buffer.concat([Buffer.from([0]), N]), Buffer.from([1]))], // r = n
      [kp.publicKey, der(Buffer.from([0, 1]), Buffer.from([1]))], // non-minimal INTEGER
      [kp.publicKey, der(Buffer.from([0x81]), Buffer.from([1]))], // negative INTEGER
      [kp.publicKey.subarray(1), sig],
      [Buffer.concat([Buffer.from([2]), kp.publicKey.subarray(1, 33)]), sig], // compressed
      [offCurve, sig],
      [Buffer.alloc(65), sig],
    ];
    for (const [pub, s] of cases) expect(sm2Verify(pub, msg, s)).toBe(false);
    expect(isSm2PublicKey(kp.publicKey)).toBe(true);
    expect(isSm2PublicKey(offCurve)).toBe(false);
  });

  it('re-encoding with a redundant leading zero is refused (one encoding per signature)', () => {
    // Rebuild sig's r with a leading 0x00 when it did not need one.
    const rLen = sig[3];
    const r = sig.subarray(4, 4 + rLen);
    const s = sig.subarray(4 + rLen + 2);
    if (r[0] < 0x80)
      expect(sm2Verify(kp.publicKey, msg, der(Buffer.concat([Buffer.from([0]), r]), s))).toBe(false);
    expect(sm2Verify(kp.publicKey, msg, der(r, s))).toBe(true);
  });

  it('rejects bad private keys', () => {
    expect(() => sm2Sign('00'.repeat(32), msg)).toThrow();
    expect(() => sm2Sign('abc', msg)).toThrow();
    expect(() => sm2Sign(`${N.toString('hex').slice(0, -1)}2`, msg)).toThrow(); // n − 1
  });
});
