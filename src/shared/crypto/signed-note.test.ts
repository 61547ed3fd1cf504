import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ed25519Generate } from './ed25519.ts';
import {
  computeKeyId,
  cosign,
  cosignatureSigner,
  cosignatureVerifier,
  ed25519Signer,
  ed25519Verifier,
  formatCheckpoint,
  keyIdHex,
  type NoteVerifier,
  openNote,
  parseCheckpoint,
  SIGNATURE_TYPE_SM2,
  signNote,
  sm2Signer,
  sm2Verifier,
} from './signed-note.ts';
import { generateSm2KeyPair, sm2PublicKeyToPem } from './sm2.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code ?? 'NO_CODE';
  }
  return undefined;
};

// golang.org/x/mod/sumdb/note note_test.go (TestSign, TestOpen).
describe('signed note: Go sumdb/note known answers', () => {
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const peterSeed = b64('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz').subarray(1); // PRIVATE+KEY+PeterNeumann+c74f20a3+…
  const peterPub = b64('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW').subarray(1); // PeterNeumann+c74f20a3+…
  const enochPub = b64('ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop').subarray(1); // EnochRoot+af0cfe78+…
  const peter = ed25519Verifier('PeterNeumann', peterPub);
  const enoch = ed25519Verifier('EnochRoot', enochPub);
  const text =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  const peterSig =
    '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
  const enochSig =
    '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

  it('key ids and signing match', () => {
    expect(keyIdHex(peter.keyId)).toBe('c74f20a3');
    expect(keyIdHex(enoch.keyId)).toBe('af0cfe78');
    expect(signNote(text, [ed25519Signer('PeterNeumann', peterSeed)])).toBe(`${text}\n${peterSig}`);
  });

  it('opens: known keys verified, unknown keys listed', () => {
    const one = openNote(`${text}\n${peterSig}${enochSig}`, [peter]);
    expect(one.text).toBe(text);
    expect(one.verified).toEqual([{ name: 'PeterNeumann', keyId: peter.keyId, algorithm: 'Ed25519' }]);
    expect(one.unverified).toEqual([{ name: 'EnochRoot', keyId: enoch.keyId }]);
    const both = openNote(`${text}\n${peterSig}${enochSig}`, [peter, enoch]);
    expect(both.verified.map((v) => v.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);
    // Duplicates are listed once.
    const dup = openNote(`${text}\n${peterSig}${peterSig}${enochSig}${enochSig}`, [peter]);
    expect(dup.verified.length).toBe(1);
    expect(dup.unverified.length).toBe(1);
  });

  it('rejects: no known signer, one changed character, a bad signature, ambiguity, malformed notes', () => {
    expect(codeOf(() => openNote(`${text}\n${peterSig}${enochSig}`, []))).toBe('NOTE_NO_VERIFIED_SIGNATURE');
    expect(codeOf(() => openNote(`${text.replace('problem,', 'problem;')}\n${peterSig}`, [peter]))).toBe(
      'NOTE_BAD_SIGNATURE',
    );
    expect(
      codeOf(() => openNote(`${text}\n${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`, [peter])),
    ).toBe('NOTE_BAD_SIGNATURE');
    expect(codeOf(() => openNote(`${text}\n${enochSig}`, [enoch, peter, enoch]))).toBe('NOTE_AMBIGUOUS_KEY');
    expect(codeOf(() => openNote(`${text}\n${peterSig.repeat(101)}`, [peter]))).toBe('NOTE_MALFORMED');
    const bad: (string | Uint8Array)[] = [
      text,
      `${text}\n`,
      `${text}\n${peterSig.slice(0, -1)}`,
      `\x01${text}\n${peterSig}`,
      Buffer.concat([Buffer.from([0xff]), Buffer.from(`${text}\n${peterSig}`)]),
      `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${text}\n${peterSig}Unexpected line.\n`,
    ];
    for (const note of bad) expect(codeOf(() => openNote(note, [peter]))).toBe('NOTE_MALFORMED');
  });
});

describe('checkpoints', () => {
  const root = crypto.createHash('sha256').update('root').digest();

  it('formats and parses (tlog-checkpoint example)', () => {
    const example = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const cp = parseCheckpoint(example);
    expect(cp).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      rootHash: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'),
      extensions: [],
    });
    expect(formatCheckpoint(cp)).toBe(example);
    const withExt = formatCheckpoint({
      origin: 'xinyong.example/log',
      size: 0,
      rootHash: root,
      extensions: ['ext 1'],
    });
    expect(parseCheckpoint(withExt)).toEqual({
      origin: 'xinyong.example/log',
      size: 0,
      rootHash: root,
      extensions: ['ext 1'],
    });
  });

  it('parsing is strict', () => {
    const r = root.toString('base64');
    const bad = [
      `o\n5\n${r}`, // no final newline
      `o\n5\n`,
      `\n5\n${r}\n`,
      `o\n05\n${r}\n`,
      `o\n-1\n${r}\n`,
      `o\n+5\n${r}\n`,
      `o\n1.0\n${r}\n`,
      `o\n 5\n${r}\n`,
      `o\n99999999999999999999\n${r}\n`,
      `o\n5\n${r.replace(/=$/, '')}\n`, // unpadded
      `o\n5\n${root.subarray(1).toString('base64')}\n`, // 31 bytes
      `o\n5\n${r}\n\n`, // empty extension line
      `o\t\n5\n${r}\n`,
    ];
    for (const text of bad)
      expect(
        codeOf(() => parseCheckpoint(text)),
        JSON.stringify(text),
      ).toBe('CHECKPOINT_MALFORMED');
    expect(
      parseCheckpoint(`o\n5\n${crypto.createHash('sha384').update('').digest('base64')}\n`, 48).size,
    ).toBe(5);
    expect(codeOf(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: root }))).toBe(
      'CHECKPOINT_MALFORMED',
    );
    expect(codeOf(() => formatCheckpoint({ origin: 'a', size: -1, rootHash: root }))).toBe(
      'CHECKPOINT_MALFORMED',
    );
  });

  const origin = 'xinyong.example/credit-log';
  const ed = ed25519Generate();
  const sm = generateSm2KeyPair();
  const text = formatCheckpoint({ origin, size: 1234, rootHash: root });
  const note = signNote(text, [ed25519Signer(origin, ed.privateKey), sm2Signer(origin, sm.privateKey)]);
  const verifiers = [ed25519Verifier(origin, ed.publicKey), sm2Verifier(origin, sm.publicKey)];

  it('round trip with Ed25519 and SM2 signatures', () => {
    const opened = openNote(note, verifiers);
    expect(opened.text).toBe(text);
    expect(opened.verified.map((v) => v.algorithm)).toEqual(['Ed25519', 'SM2']);
    expect(parseCheckpoint(opened.text).size).toBe(1234);
    // Either key alone suffices; the other signature is then unknown, not an error.
    expect(openNote(note, [verifiers[1]]).unverified).toEqual([{ name: origin, keyId: verifiers[0].keyId }]);
    expect(openNote(Buffer.from(note), [verifiers[0]]).verified.length).toBe(1);
  });

  it('SM2 key id and signature as docs/ledger.md specifies; OpenSSL verifies the note signature', () => {
    const expected = crypto
      .createHash('sha256')
      .update(
        Buffer.concat([
          Buffer.from(`${origin}\n`),
          Buffer.from([0xff]),
          Buffer.from('1.2.156.10197.1.501'),
          sm.publicKey,
        ]),
      )
      .digest()
      .subarray(0, 4);
    expect(SIGNATURE_TYPE_SM2).toEqual(
      Buffer.concat([Buffer.from([0xff]), Buffer.from('1.2.156.10197.1.501')]),
    );
    expect(verifiers[1].keyId).toEqual(expected);
    expect(computeKeyId(origin, SIGNATURE_TYPE_SM2, sm.publicKey)).toEqual(expected);
    const line = note.trimEnd().split('\n').at(-1)!;
    const raw = Buffer.from(line.split(' ')[2], 'base64');
    expect(raw.subarray(0, 4)).toEqual(expected);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-'));
    try {
      fs.writeFileSync(path.join(dir, 'pub.pem'), sm2PublicKeyToPem(sm.publicKey));
      fs.writeFileSync(path.join(dir, 'text'), text);
      fs.writeFileSync(path.join(dir, 'sig'), raw.subarray(4));
      // biome-ignore format: one command
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'text', '-sigfile', 'sig', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'], { cwd: dir });
      expect(out.toString()).toMatch(/Signature Verified Successfully/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signatures by unknown keys are listed, not errors (same name other key, other name same key)', () => {
    const other = ed25519Generate();
    const extra = signNote(text, [
      ed25519Signer(origin, other.privateKey),
      ed25519Signer('mirror.example/x', ed.privateKey),
    ]);
    const combined = note + extra.slice(text.length + 1);
    const opened = openNote(combined, verifiers);
    expect(opened.verified.length).toBe(2);
    expect(opened.unverified.map((u) => u.name)).toEqual([origin, 'mirror.example/x']);
  });

  it('a forged signature by a known key is rejected', () => {
    // A valid SM2 signature over another text, under the known key id.
    const otherText = formatCheckpoint({ origin, size: 1235, rootHash: root });
    const forgedLine = signNote(otherText, [sm2Signer(origin, sm.privateKey)]).slice(otherText.length + 1);
    const edLine = note.slice(text.length + 1).split('\n')[0];
    const forged = `${text}\n${edLine}\n${forgedLine}`;
    expect(codeOf(() => openNote(forged, verifiers))).toBe('NOTE_BAD_SIGNATURE');
    // Flipping one bit of the Ed25519 signature, keeping the key id.
    const raw = Buffer.from(edLine.split(' ')[2], 'base64');
    raw[10] ^= 1;
    const flipped = `${text}\n— ${origin} ${raw.toString('base64')}\n`;
    expect(codeOf(() => openNote(flipped, verifiers))).toBe('NOTE_BAD_SIGNATURE');
    expect(() => openNote(flipped, verifiers)).toThrow(/签名验证失败/);
  });

  it('malformed notes are rejected', () => {
    const sigs = note.slice(text.length + 1);
    const bad = [
      `${text}${sigs}`, // no blank line
      `${text}\n${sigs.replaceAll('— ', '- ')}`,
      `${text}\n${sigs.replace(`— ${origin} `, `— ${origin}+x `)}`,
      `${text}\n${sigs.replace(/ ([A-Za-z0-9+/]{8})/, ' !$1')}`,
      `${text}\n${sigs.trimEnd()}`,
      `${text}\n— ${origin} AAAAAA==\n`, // 4 bytes: key id without signature
      `${text}\n— ${origin}\n`,
      `${text}\n— ${origin}  ${sigs.split(' ')[2]}`,
      `${text}\r\n${sigs}`,
    ];
    for (const n of bad)
      expect(
        codeOf(() => openNote(n, verifiers)),
        JSON.stringify(n),
      ).toBe('NOTE_MALFORMED');
  });

  it('signing checks its inputs', () => {
    expect(() => signNote('no newline', [ed25519Signer(origin, ed.privateKey)])).toThrow();
    expect(() => signNote(text, [])).toThrow();
    expect(() => ed25519Signer('bad name', ed.privateKey)).toThrow();
    expect(() => ed25519Signer('a+b', ed.privateKey)).toThrow();
    expect(() => ed25519Verifier(origin, ed.publicKey.subarray(1))).toThrow();
    expect(() => sm2Verifier(origin, sm.publicKey.subarray(1))).toThrow();
    expect(keyIdHex(Buffer.from([0, 1, 2, 255]))).toBe('000102ff');
    expect(() => keyIdHex(Buffer.alloc(5))).toThrow();
  });
});

describe('witness cosignatures (tlog-cosignature, cosignature/v1)', () => {
  const origin = 'xinyong.example/credit-log';
  const log = ed25519Generate();
  const witness = ed25519Generate();
  const text = formatCheckpoint({
    origin,
    size: 7,
    rootHash: crypto.createHash('sha256').update('x').digest(),
  });
  const note = signNote(text, [ed25519Signer(origin, log.privateKey)]);
  const w = cosignatureVerifier('witness.example/w1', witness.publicKey);
  const time = 1679315147;

  it('round trip, with the timestamp', () => {
    const cosigned = cosign(note, 'witness.example/w1', witness.privateKey, time);
    expect(cosigned.startsWith(note)).toBe(true);
    const opened = openNote(cosigned, [ed25519Verifier(origin, log.publicKey), w]);
    expect(opened.verified).toEqual([
      { name: origin, keyId: expect.any(Buffer), algorithm: 'Ed25519' },
      { name: 'witness.example/w1', keyId: w.keyId, algorithm: 'cosignature/v1', timestamp: time },
    ]);
    // Bare checkpoint text, and a Date.
    const bare = openNote(
      cosign(text, 'witness.example/w1', witness.privateKey, new Date(time * 1000 + 999)),
      [w],
    );
    expect(bare.verified[0].timestamp).toBe(time);
  });

  it('signs exactly "cosignature/v1\\ntime <t>\\n" ‖ checkpoint, with key id type 0x04', () => {
    const line = cosign(note, 'witness.example/w1', witness.privateKey, time).slice(note.length);
    const raw = Buffer.from(line.trim().split(' ')[2], 'base64');
    expect(raw.length).toBe(4 + 8 + 64);
    const keyId = crypto
      .createHash('sha256')
      .update(Buffer.concat([Buffer.from('witness.example/w1\n'), Buffer.from([0x04]), witness.publicKey]))
      .digest()
      .subarray(0, 4);
    expect(raw.subarray(0, 4)).toEqual(keyId);
    expect(raw.readBigUInt64BE(4)).toBe(BigInt(time));
    const pub = crypto.createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), witness.publicKey]),
      format: 'der',
      type: 'spki',
    });
    const message = Buffer.from(`cosignature/v1\ntime ${time}\n${text}`);
    expect(crypto.verify(null, message, pub, raw.subarray(12))).toBe(true);
  });

  it('the spec example line carries the timestamp of its example message', () => {
    const raw = Buffer.from(
      'jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==',
      'base64',
    );
    expect(raw.readBigUInt64BE(4)).toBe(1679315147n);
  });

  it('a cosignature is not a plain Ed25519 note signature, and tampering fails', () => {
    const cosigned = cosign(note, 'witness.example/w1', witness.privateKey, time);
    // Same key as a plain Ed25519 verifier: different key id, so merely unknown.
    const plain: NoteVerifier = ed25519Verifier('witness.example/w1', witness.publicKey);
    expect(openNote(cosigned, [ed25519Verifier(origin, log.publicKey), plain]).unverified.length).toBe(1);
    // Changing the timestamp breaks the signature.
    const line = cosigned.slice(note.length).trim();
    const raw = Buffer.from(line.split(' ')[2], 'base64');
    raw.writeBigUInt64BE(BigInt(time + 1), 4);
    const tampered = `${note}— witness.example/w1 ${raw.toString('base64')}\n`;
    expect(codeOf(() => openNote(tampered, [w]))).toBe('NOTE_BAD_SIGNATURE');
    expect(() => cosign('not a checkpoint\n', 'w', witness.privateKey, time)).toThrow();
    expect(() => cosignatureSigner('w', witness.privateKey, -1)).toThrow();
  });
});
