import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/crypto/jcs.ts';
import { encodeEntry, encodeEntryText, flatCanonicalJson } from './entry.ts';

describe('flatCanonicalJson', () => {
  it('gives exactly what canonicalJson gives', () => {
    const values: unknown[] = [
      { b: 'x', a: 1, c: null, d: true, e: false, f: undefined, 名称: '信用', '\u20ac': 'é', aa: -0 },
      {
        item: 'ADMIN_PENALTY',
        decisionNo: '吉市监罚〔2024〕1号',
        authority: '11220000MB0012345H',
        status: 'ACTIVE',
      },
      { nested: { b: 1, a: 2 }, list: [3, 'x'] },
      { text: 'line\nbreak "quoted" \\ \u001e \u0000' },
      {},
      'plain',
      42,
      null,
      [1, 2],
    ];
    for (const v of values) expect(flatCanonicalJson(v)).toBe(canonicalJson(v));
  });

  it('refuses what canonicalJson refuses', () => {
    for (const v of [{ a: 1.5 }, { a: '\uD800' }, { '\uDC00': 1 }, { d: new Date(0) }, { n: Number.NaN }])
      expect(() => flatCanonicalJson(v)).toThrow(/JCS/);
  });

  it('encodes an entry as its text, byte for byte', () => {
    const ev = {
      type: 'record.published',
      subject: null,
      objectType: 'credit_record',
      objectId: 'R0123456789abcde',
      version: 1,
      content: { item: 'ADMIN_PENALTY', recordHash: 'ab', status: 'ACTIVE' },
      actor: 'system:intake',
    };
    const time = new Date('2026-11-29T00:00:00Z');
    const text = encodeEntryText('SM3', ev, time.toISOString());
    const bytes = encodeEntry('SM3', ev, time);
    expect(Buffer.from(text.text, 'utf8')).toEqual(bytes.entry);
    expect(text.contentHash).toBe(bytes.contentHash);
    expect(bytes.entry.toString('utf8')).toBe(
      canonicalJson({
        v: 1,
        type: ev.type,
        subject: null,
        objectType: ev.objectType,
        objectId: ev.objectId,
        version: 1,
        contentHash: bytes.contentHash,
        time: time.toISOString(),
        actor: ev.actor,
      }),
    );
  });
});
